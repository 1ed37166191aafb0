"""Execution time of each course notebook (target < 30 s each, < 5 min together).

Each notebook runs once, from a fresh kernel, with nbclient, in the notebooks/
folder (as nbval and nbconvert run it); the kernel start is included. Nothing
is written back. ``--quick`` runs only the first two notebooks.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench._core import Row

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TARGET_EACH_S = 30.0
TARGET_TOTAL_S = 300.0


def execute_seconds(path: Path) -> float:
    """Wall time to execute ``path`` top to bottom in a fresh python3 kernel."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def run(quick: bool) -> list[Row]:
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if quick:
        paths = paths[:2]
    rows = []
    total = 0.0
    for path in paths:
        seconds = execute_seconds(path)
        total += seconds
        rows.append(
            Row(
                "notebooks",
                path.stem,
                seconds,
                "s",
                f"< {TARGET_EACH_S:g} s",
                seconds < TARGET_EACH_S,
            )
        )
    name = f"all {len(paths)} notebooks" + (" (quick: first two)" if quick else "")
    rows.append(
        Row("notebooks", name, total, "s", f"< {TARGET_TOTAL_S:g} s", total < TARGET_TOTAL_S)
    )
    return rows
