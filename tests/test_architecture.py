"""The layout is the design: apps depend on each other one way, and no module
imports itself back through others.

The layers, lowest first (an app may import only the apps before it):

    newsroom  ->  images, people  ->  articles  ->  importer, public,
                                                   notifications  ->  api

``newsroom`` is the project package (settings, the page cache, validators);
``images`` and ``people`` import no other app; ``articles`` owns the articles
and their workflow; ``importer`` and ``public`` are the two ways content comes
in and goes out, and never import each other; ``api`` serves what ``public``
shows, by the same rules, so it reads public's querysets. Only imports count here: the
project's settings and root URLs name the apps' URLs and addresses by string.

``notifications`` tells people what happened to their articles: it hears
``articles.signals``, and articles never imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "newsroom",
    "images",
    "people",
    "articles",
    "importer",
    "public",
    "notifications",
    "api",
)
ALLOWED = {
    "newsroom": set(),
    "images": {"newsroom"},
    "people": {"newsroom"},
    "articles": {"newsroom", "images", "people"},
    "importer": {"newsroom", "people", "articles"},
    "public": {"newsroom", "images", "people", "articles"},
    "notifications": {"newsroom", "articles"},
    "api": {"newsroom", "images", "people", "articles", "public"},
}


def project_modules() -> dict[str, Path]:
    """Every module of the project's apps, by dotted name."""
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports, at any depth of its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from package import module" imports the module.
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {
        name: imported_modules(name, path, modules) for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_apps_import_only_the_apps_below_them():
    crossings = sorted(
        (name, target)
        for name, targets in import_graph().items()
        for target in targets
        if (app := name.split(".")[0]) != (other := target.split(".")[0])
        and other not in ALLOWED[app]
    )

    assert crossings == []


def test_people_imports_no_other_app_of_the_project():
    # The project package (settings, the page cache, validators) is not an app.
    others = sorted(
        (name, target)
        for name, targets in import_graph().items()
        if name.split(".")[0] == "people"
        for target in targets
        if target.split(".")[0] not in ("people", "newsroom")
    )

    assert others == []


def test_no_module_imports_itself_back_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    # The check above would pass with a finder that finds nothing.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(graph) == [["a", "b", "c"]]


def test_the_import_reader_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "from people import models\n"
        "def later():\n"
        "    from articles.workflow import checks\n"
    )
    modules = {
        "people.models": source,
        "articles.workflow": source,
        "articles.workflow.checks": source,
        "module": source,
    }

    assert imported_modules("module", source, modules) == {
        "people.models",
        "articles.workflow",
        "articles.workflow.checks",
    }


def test_images_app_imports_neither_articles_nor_people():
    imported = set()
    for path in (ROOT / "images").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])

    assert imported & {"articles", "people"} == set()
