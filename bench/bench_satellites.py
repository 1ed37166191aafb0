"""Memory of the satellite key per pass (target: under 200 MB at a 0.01 s step).

``micius_downlink_key_per_pass`` over the Liao et al. (2017) pass, 276 s
sampled every 0.01 s (27,649 samples), for the Micius-calibrated model and
for the idealized one, whose key rate optimizes the signal intensity at every
sample (a samples x intensities grid, now taken in chunks). Peak heap memory
by tracemalloc, and the time of one call.
"""

from __future__ import annotations

from bench._core import Row, median_seconds, peak_memory_mb
from qinternet_edu import micius_downlink_key_per_pass

TARGET_MB = 200.0


def run(quick: bool) -> list[Row]:
    rows = []
    for model in ("micius", "ideal"):
        peak = peak_memory_mb(
            lambda model=model: micius_downlink_key_per_pass(model=model, time_step_s=0.01)
        )
        rows.append(
            Row(
                "satellites",
                f"key per pass at a 0.01 s step, peak memory ({model})",
                peak,
                "MB",
                f"< {TARGET_MB:g} MB",
                peak < TARGET_MB,
            )
        )
        seconds = median_seconds(
            lambda model=model: micius_downlink_key_per_pass(model=model, time_step_s=0.01),
            repeats=1 if quick else 3,
        )
        rows.append(
            Row("satellites", f"key per pass at a 0.01 s step, time ({model})", seconds, "s")
        )
    return rows
