"""Core benchmarks: start-up (imports, grading a submission) and the vectorized formulas.

Grading: ``nbgrader autograde`` runs each submitted notebook in a fresh kernel.
The time per submission is the difference between autograding three
submissions and one, halved, so nbgrader's own start-up is not counted; the
kernel start and the imports a notebook costs are shown beside it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench._core import Row, median_seconds

AREA = "core"
IMPORT_TARGET_S = 0.3
AUTOGRADE_TARGET_S = 3.0
THROUGHPUT_TARGET = 1e7  # elements per second (a 10^6 array in under 0.1 s)
ROOT = Path(__file__).resolve().parent.parent
GRADED_MODULE = "05_stage1_bb84"


def _import_seconds(repeats: int, module: str = "qinternet_edu") -> float:
    """Median wall time of ``import module`` in fresh interpreters (minus bare startup)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def _loads_qiskit(module: str) -> bool:
    code = f"import sys, {module}; print('qiskit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


def _autograde_seconds(n_submissions: int, assignment: str = GRADED_MODULE) -> float:
    """Wall time of ``nbgrader autograde`` on ``n_submissions`` copies of a solved notebook."""
    with tempfile.TemporaryDirectory() as scratch:
        course = Path(scratch)
        shutil.copytree(ROOT / "exercises" / "source" / assignment, course / "source" / assignment)
        shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course / "nbgrader_config.py")
        env = dict(os.environ, QINTERNET_EDU_DATA_DIR=str(course / "progress"))
        # nbgrader runs `alembic` by name, and the kernel must import this tree.
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        nbgrader = [sys.executable, "-m", "nbgrader"]
        run = {"cwd": course, "env": env, "capture_output": True, "check": True, "timeout": 900}
        subprocess.run([*nbgrader, "generate_assignment", assignment, "--force"], **run)
        solved = course / "source" / assignment / f"{assignment}_exercises.ipynb"
        for k in range(n_submissions):
            folder = course / "submitted" / f"learner{k}" / assignment
            folder.mkdir(parents=True)
            shutil.copy(solved, folder / solved.name)
        start = time.perf_counter()
        subprocess.run([*nbgrader, "autograde", assignment, "--force"], **run)
        return time.perf_counter() - start


def _kernel_start_seconds() -> tuple[float, float]:
    """Seconds to start a python3 kernel, and then to import what an exercise notebook uses."""
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3", stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    try:
        client.execute_interactive(
            "import numpy as np\nimport qinternet_edu as qie\nqie.exercises",
            timeout=120,
            output_hook=lambda msg: None,
        )
        return started - start, time.perf_counter() - started
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def startup_rows(quick: bool) -> list[Row]:
    """Import times of the explorers and plots, and the cost of grading one submission."""
    rows = []
    for module in ("qinternet_edu.widgets", "qinternet_edu.plots"):
        t = _import_seconds(1 if quick else 3, module)
        rows.append(Row(AREA, f"import {module} (fresh process)", t, "s"))
        qiskit = _loads_qiskit(module)
        rows.append(Row(AREA, f"  {module} loads qiskit", float(qiskit), "0/1", "0", not qiskit))
    kernel, imports = _kernel_start_seconds()
    rows.append(Row(AREA, "kernel start (python3)", kernel, "s"))
    rows.append(Row(AREA, "  then import numpy, qinternet_edu, qie.exercises", imports, "s"))
    try:
        one = _autograde_seconds(1)
        three = _autograde_seconds(3)
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        print(f"nbgrader autograde could not run: {error}", file=sys.stderr)
        return rows
    per = (three - one) / 2
    rows.append(Row(AREA, f"nbgrader autograde {GRADED_MODULE}, 1 submission", one, "s"))
    rows.append(
        Row(AREA, "  autograde time per submission", per, "s",
            f"< {AUTOGRADE_TARGET_S:g}", per < AUTOGRADE_TARGET_S)
    )  # fmt: skip
    return rows


def run(quick: bool = False) -> list[Row]:
    import qinternet_edu as qie

    rows = []
    t_import = _import_seconds(3 if quick else 11)
    rows.append(
        Row(AREA, "import qinternet_edu (fresh process)", t_import, "s",
            f"< {IMPORT_TARGET_S}", t_import < IMPORT_TARGET_S)
    )  # fmt: skip
    rows.extend(startup_rows(quick))

    n = 100_000 if quick else 1_000_000
    rng = np.random.default_rng(0)
    lengths = rng.uniform(0.0, 500.0, n)
    etas = rng.uniform(0.0, 0.999, n)
    probs = rng.uniform(0.0, 1.0, n)
    fidelities = rng.uniform(0.25, 1.0, n)
    times = rng.uniform(0.0, 1.0, n)
    losses = rng.uniform(0.0, 100.0, n)
    cases = {
        "fiber_transmissivity": lambda: qie.fiber_transmissivity(lengths),
        "plob_bound": lambda: qie.plob_bound(etas),
        "binary_entropy": lambda: qie.binary_entropy(probs),
        "memory_decay": lambda: qie.memory_decay(fidelities, times, 0.1),
        "db_to_transmissivity": lambda: qie.db_to_transmissivity(losses),
    }
    for name, func in cases.items():
        seconds = median_seconds(func, repeats=3 if quick else 7)
        rate = n / seconds
        rows.append(
            Row(AREA, f"{name} on 10^{int(np.log10(n))} elements", rate, "elements/s",
                f">= {THROUGHPUT_TARGET:.0e}", rate >= THROUGHPUT_TARGET)
        )  # fmt: skip
    return rows
