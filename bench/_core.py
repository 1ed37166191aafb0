"""Shared pieces of the benchmarks: a row of the table and a timer."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the benchmark table."""

    area: str
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None

    def cells(self) -> list[str]:
        verdict = {True: "yes", False: "NO", None: "-"}[self.ok]
        return [self.area, self.name, f"{self.value:.4g}", self.unit, self.target, verdict]


def median_seconds(func: Callable[[], object], *, repeats: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``func()`` over ``repeats`` runs, after ``warmup`` runs."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mb(func: Callable[[], object]) -> float:
    """Peak Python/numpy heap allocation of ``func()`` in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6
