"""CPU time per request of a few pages of any Django site, in process.

For a machine too loaded for wrk to say anything (other jobs on the same
cores): the CPU a page costs does not depend on how long it waited for a
core. Run with the site's own Python, from its directory, with its settings::

    python benchmarks/cpu_per_request.py --requests 200 / /some/page/

It warms each path, then prints the median over ``--rounds`` of the CPU
time (``time.process_time``) per request through Django's test client
(middleware, view, template, database driver; no HTTP server), in ms.
``bench_peer.py --cpu`` runs it for newsroom and for the Wagtail peer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from statistics import median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for path in args.paths:
        for _ in range(3):
            status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{path} answered {status}")
        rounds = []
        for _ in range(args.rounds):
            started = time.process_time()
            for _ in range(args.requests):
                client.get(path)
            rounds.append((time.process_time() - started) / args.requests * 1000)
        result[path] = round(median(rounds), 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
