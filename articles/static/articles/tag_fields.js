// The article's tag pickers (people, works, topics), and the people and
// works its text names.
//
// The pickers are Django's own autocomplete (Select2). With results from the
// server, Select2 4.0 neither gives the highlighted option an id nor points
// the search box's aria-activedescendant at it, so a screen reader does not
// hear what ArrowUp/ArrowDown highlight (and Enter picks); describeHighlight
// adds both.
//
// The server renders the panel for the saved text (a box to tick per
// suggestion, which works without this script). Here the panel follows the
// text as it is typed: two seconds after the reporter stops, the headline,
// standfirst and body go to the suggestions endpoint (articles.suggestions,
// the importer's linker), and each answer is listed with "Add" (puts it in
// the tag picker, saved with the form as "suggested while writing"), "Add
// all" and "Not this" (hidden for this article until the tab is closed).
"use strict";

(() => {
  const DELAY_MS = 2000;
  const FIELD = { person: "accepted_people", work: "accepted_works" };
  const PICKER = { person: "id_tagged_people", work: "id_tagged_works" };

  function describe(item) {
    const parts = [item.label];
    if (item.disambiguation) parts.push(item.disambiguation);
    if (item.year) parts.push(String(item.year));
    const mentions = `${item.mentions} mention${item.mentions === 1 ? "" : "s"}`;
    return { what: parts.join(", "), mentions };
  }

  // The picker's own label for a work is Work.__str__: "Title (film, 2009)".
  function optionText(item) {
    if (item.kind === "person") return item.name;
    return `${item.name} (${describe(item).what})`;
  }

  function button(text, label) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "button";
    element.textContent = text;
    if (label) element.setAttribute("aria-label", label);
    return element;
  }

  function start(panel) {
    const form = panel.closest("form");
    const list = panel.querySelector(".tag-suggestions-list");
    const status = panel.querySelector(".tag-suggestions-status");
    const accepted = panel.querySelector(".tag-suggestions-accepted");
    const pickers = {
      person: document.getElementById(PICKER.person),
      work: document.getElementById(PICKER.work),
    };
    const storageKey = `tag-suggestions-hidden:${panel.dataset.article || "new"}`;
    const hidden = new Set(JSON.parse(sessionStorage.getItem(storageKey) || "[]"));
    const addAll = button("Add all");
    addAll.classList.add("tag-suggestions-add-all");
    addAll.hidden = true;
    list.after(addAll);
    let results = [];
    let timer = null;
    let controller = null;

    const key = (item) => `${item.kind}:${item.id}`;
    const picked = (kind) =>
      new Set(Array.from(pickers[kind]?.selectedOptions || [], (o) => o.value));
    const open = () =>
      results.filter(
        (item) =>
          !item.tagged &&
          !hidden.has(key(item)) &&
          pickers[item.kind] &&
          !picked(item.kind).has(String(item.id)),
      );

    function render(focusIndex) {
      const items = open();
      list.replaceChildren(
        ...items.map((item) => {
          const li = document.createElement("li");
          li.dataset.kind = item.kind;
          li.dataset.id = item.id;
          const name = document.createElement("strong");
          name.textContent = item.name;
          const { what, mentions } = describe(item);
          const add = button("Add", `Add ${item.name} (${what})`);
          add.addEventListener("click", () => {
            accept(item);
            render(items.indexOf(item));
          });
          const notThis = button("Not this", `Not ${item.name} (${what})`);
          notThis.addEventListener("click", () => {
            hidden.add(key(item));
            sessionStorage.setItem(storageKey, JSON.stringify([...hidden]));
            render(items.indexOf(item));
          });
          li.append(name, ` (${what}, ${mentions}) `, add, " ", notThis);
          return li;
        }),
      );
      const passedOver = results.filter((item) => hidden.has(key(item))).length;
      if (items.length) {
        status.textContent = "Known people and works this text names:";
      } else if (passedOver) {
        status.textContent = `Nothing more to suggest (${passedOver} passed over with “Not this”).`;
      } else {
        status.textContent = "No known person or work in the text that is not tagged yet.";
      }
      addAll.hidden = items.length === 0;
      if (focusIndex !== undefined) {
        // Keep the keyboard where it was: on the next suggestion, or on the
        // panel's status once none is left.
        const buttons = list.querySelectorAll("li > button:first-of-type");
        const next = buttons[Math.min(focusIndex, buttons.length - 1)];
        if (next) {
          next.focus();
        } else {
          status.tabIndex = -1;
          status.focus();
        }
      }
    }

    function accept(item) {
      const select = pickers[item.kind];
      const value = String(item.id);
      let option = Array.from(select.options).find((o) => o.value === value);
      if (!option) {
        option = new Option(optionText(item), value, true, true);
        select.append(option);
      }
      option.selected = true;
      if (!accepted.querySelector(`input[name="${FIELD[item.kind]}"][value="${value}"]`)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = FIELD[item.kind];
        input.value = value;
        accepted.append(input);
      }
      // Select2 draws its chips again on jQuery's change event.
      window.django.jQuery(select).trigger("change");
    }

    // A suggestion taken out of the picker again is no longer accepted.
    function forgetUnpicked() {
      for (const kind of Object.keys(FIELD)) {
        const still = picked(kind);
        for (const input of accepted.querySelectorAll(`input[name="${FIELD[kind]}"]`)) {
          if (!still.has(input.value)) input.remove();
        }
      }
    }

    async function refresh() {
      controller?.abort();
      controller = new AbortController();
      const data = new FormData();
      for (const name of ["headline", "dek", "body"]) {
        const field = form.elements.namedItem(name);
        data.append(name, field ? field.value : "");
      }
      data.append("article", panel.dataset.article || "");
      const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
      try {
        const response = await fetch(panel.dataset.url, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": token, Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        const answer = await response.json().catch(() => null);
        if (!response.ok || answer === null) {
          status.textContent =
            answer?.error || "Suggestions are not available right now; save to see them.";
          return;
        }
        results = answer.results;
        render();
      } catch (error) {
        if (error.name !== "AbortError") {
          status.textContent = "Suggestions are not available right now; save to see them.";
        }
      }
    }

    function typed(event) {
      const target = event.target;
      if (
        target.id === "id_headline" ||
        target.id === "id_dek" ||
        (target.closest && target.closest(".ProseMirror"))
      ) {
        clearTimeout(timer);
        timer = setTimeout(refresh, DELAY_MS);
      }
    }

    addAll.addEventListener("click", () => {
      for (const item of open()) accept(item);
      render(0);
    });
    form.addEventListener("input", typed);
    form.addEventListener("keyup", typed);
    for (const select of Object.values(pickers)) {
      if (select) {
        window.django.jQuery(select).on("change", () => {
          forgetUnpicked();
          render();
        });
      }
    }
    // The server's list (boxes to tick) gives way to this one (buttons).
    refresh();
  }

  function describeHighlight(select) {
    const $ = window.django.jQuery;
    let observer = null;
    $(select).on("select2:open", () => {
      const results = document.getElementById(`select2-${select.id}-results`);
      const search = select.nextElementSibling?.querySelector(".select2-search__field");
      if (!results || !search) return;
      const point = () => {
        const option = results.querySelector(".select2-results__option--highlighted");
        if (!option) {
          search.removeAttribute("aria-activedescendant");
          return;
        }
        if (!option.id) {
          const index = Array.prototype.indexOf.call(results.children, option);
          option.id = `${results.id}-option-${index}`;
        }
        search.setAttribute("aria-activedescendant", option.id);
      };
      observer?.disconnect();
      observer = new MutationObserver(point);
      observer.observe(results, { subtree: true, childList: true, attributeFilter: ["class"] });
      point();
    });
    $(select).on("select2:close", () => {
      observer?.disconnect();
      select.nextElementSibling
        ?.querySelector(".select2-search__field")
        ?.removeAttribute("aria-activedescendant");
    });
  }

  function init() {
    // The topics picker is a search of the same kind (without suggestions).
    for (const id of [...Object.values(PICKER), "id_topics"]) {
      const select = document.getElementById(id);
      if (select && window.django?.jQuery) describeHighlight(select);
    }
    const panel = document.querySelector(".tag-suggestions");
    if (panel) start(panel);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
