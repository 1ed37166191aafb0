"""Run the benchmarks and print one table: ``python -m bench [--quick] [area ...]``.

``QIE_SEQUENCE_PYTHON=/path/to/side-venv/bin/python`` makes ``netsim`` run SeQUeNCe beside
the event-level network (see bench/bench_netsim.py for how to install it).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import sys
from pathlib import Path

from bench._core import Row


def _areas() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )


def _print_table(rows: list[Row]) -> None:
    header = ["area", "benchmark", "measured", "unit", "target", "met"]
    table = [header] + [r.cells() for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for k, line in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "areas", nargs="*", help=f"areas to run (default all): {', '.join(_areas())}"
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    areas = args.areas or _areas()
    unknown = sorted(set(areas) - set(_areas()))
    if unknown:
        parser.error(f"unknown area(s) {unknown}; known: {_areas()}")
    print(
        f"qinternet-edu benchmarks: Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.machine()}; medians of repeats"
    )
    rows: list[Row] = []
    for area in areas:
        module = importlib.import_module(f"bench.bench_{area}")
        rows.extend(module.run(quick=args.quick))
    _print_table(rows)
    failed = [r for r in rows if r.ok is False]
    if failed:
        print(f"{len(failed)} target(s) not met: " + ", ".join(r.name for r in failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
