"""Print which openday apps import which, drawn from the code (grimp, import-linter's graph).

    .venv/bin/python scripts/app-graph.py          # one line per app: what it imports
    .venv/bin/python scripts/app-graph.py --dot    # Graphviz, for `dot -Tsvg`

It reads the source without running it, so it shows the structure as it is, to set beside
the contract in docs/architecture.md (which `lint-imports` checks).
"""

import sys
from collections import defaultdict
from pathlib import Path

import grimp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TOP_LEVEL = {"settings", "urls", "cli", "wsgi", "asgi"}


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def main() -> None:
    graph = grimp.build_graph("openday", cache_dir=None)
    edges: dict[str, set[str]] = defaultdict(set)
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            source, target = app_of(importer), app_of(imported)
            if source != target and target != "openday" and source not in TOP_LEVEL:
                edges[source].add(target)
    if "--dot" in sys.argv:
        print("digraph openday {\n  rankdir=BT;")
        for source in sorted(edges):
            for target in sorted(edges[source]):
                print(f'  "{source}" -> "{target}";')
        print("}")
        return
    for source in sorted(edges, key=lambda app: (-len(edges[app]), app)):
        print(f"{source:13} → {', '.join(sorted(edges[source]))}")


if __name__ == "__main__":
    main()
