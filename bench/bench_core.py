"""Core benchmarks: import time of the package, and throughput of the vectorized formulas."""

from __future__ import annotations

import statistics
import subprocess
import sys

import numpy as np

from bench._core import Row, median_seconds

AREA = "core"
IMPORT_TARGET_S = 0.3
THROUGHPUT_TARGET = 1e7  # elements per second (a 10^6 array in under 0.1 s)


def _import_seconds(repeats: int) -> float:
    """Median wall time of ``import qinternet_edu`` in fresh interpreters (minus bare startup)."""
    code = (
        "import time; t = time.perf_counter(); import qinternet_edu; print(time.perf_counter() - t)"
    )
    times = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def run(quick: bool = False) -> list[Row]:
    import qinternet_edu as qie

    rows = []
    t_import = _import_seconds(3 if quick else 11)
    rows.append(
        Row(AREA, "import qinternet_edu (fresh process)", t_import, "s",
            f"< {IMPORT_TARGET_S}", t_import < IMPORT_TARGET_S)
    )  # fmt: skip

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
