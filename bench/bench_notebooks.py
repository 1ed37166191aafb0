"""Execution time of each course notebook (target < 30 s each, < 5 min together).

Each notebook runs once, top to bottom, in a fresh python3 kernel started in the
notebooks/ folder (as nbval and nbconvert run it); the kernel start is included
and nothing is written back. ``--quick`` runs only the first two notebooks.

The cells are sent with jupyter_client's blocking client, as nbval does, not with
nbclient: nbclient 0.11 with ipykernel 7 often does not see a cell's reply until
its timeout expires when an ipywidgets explorer displays a large figure
(jupyter/nbclient#312), which would time the timeout instead of the notebook.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench._core import Row

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TARGET_EACH_S = 30.0
TARGET_TOTAL_S = 300.0


def execute_seconds(path: Path, *, cell_timeout_s: float = 120.0) -> float:
    """Seconds to run ``path`` top to bottom in a fresh python3 kernel, kernel start included.

    Exercise progress goes to a temporary folder. Raises RuntimeError naming the
    cell if a cell fails or times out.
    """
    import nbformat
    from jupyter_client.manager import start_new_kernel

    nb = nbformat.read(path, as_version=4)
    scratch = tempfile.TemporaryDirectory()
    env = {**os.environ, "QINTERNET_EDU_DATA_DIR": scratch.name}
    start = time.perf_counter()
    # The kernel's own start-up notices (stderr) would clutter the table.
    manager, client = start_new_kernel(
        kernel_name="python3", cwd=str(path.parent), env=env, stderr=subprocess.DEVNULL
    )
    try:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            reply = client.execute_interactive(
                cell.source, timeout=cell_timeout_s, output_hook=lambda msg: None
            )
            if reply["content"]["status"] != "ok":
                content = reply["content"]
                raise RuntimeError(
                    f"{path.name} cell {index}: {content.get('ename')}: {content.get('evalue')}"
                )
        return time.perf_counter() - start
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        scratch.cleanup()


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
