"""QKD benchmarks: BB84 photons per second, long-run memory, Cascade, privacy amplification."""

from __future__ import annotations

import numpy as np

from bench._core import Row, median_seconds, peak_memory_mb
from qinternet_edu.qkd.amplification import toeplitz_hash
from qinternet_edu.qkd.bb84 import simulate_bb84
from qinternet_edu.qkd.reconciliation import cascade

AREA = "qkd"


def run(quick: bool) -> list[Row]:
    rows = []
    n = 2_000_000 if quick else 10_000_000
    repeats = 2 if quick else 3

    t = median_seconds(lambda: simulate_bb84(n, length_km=10.0, seed=1), repeats=repeats)
    rate = n / t
    rows.append(Row(AREA, "BB84 10 km, no Eve", rate, "photons/s", ">= 2e7", rate >= 2e7))

    t = median_seconds(
        lambda: simulate_bb84(n, length_km=10.0, eve_fraction=1.0, seed=2), repeats=repeats
    )
    rate = n / t
    rows.append(
        Row(AREA, "BB84 10 km, full intercept-resend", rate, "photons/s", ">= 1e7", rate >= 1e7)
    )

    big = 10_000_000 if quick else 100_000_000
    mem = peak_memory_mb(lambda: simulate_bb84(big, length_km=10.0, seed=3))
    rows.append(
        Row(AREA, f"BB84 {big:.0e} pulses in one call, peak", mem, "MB", "< 300", mem < 300)
    )

    n_bits = 200_000 if quick else 1_000_000
    rng = np.random.default_rng(4)
    alice = rng.integers(0, 2, n_bits).astype(np.uint8)
    bob = alice ^ (rng.random(n_bits) < 0.02).astype(np.uint8)
    result = cascade(alice, bob, qber=0.02, seed=5)
    rows.append(
        Row(
            AREA,
            f"Cascade efficiency f at QBER 2 % ({n_bits:.0e} bits)",
            result.efficiency,
            "f",
            "<= 1.2",
            result.efficiency <= 1.2 and result.errors_remaining == 0,
        )
    )
    t = median_seconds(lambda: cascade(alice, bob, qber=0.02, seed=5), repeats=repeats)
    rate = n_bits / t
    rows.append(Row(AREA, "Cascade at QBER 2 %", rate, "bits/s", ">= 1e5", rate >= 1e5))

    key = rng.integers(0, 2, 1_000_000).astype(np.uint8)
    t = median_seconds(lambda: toeplitz_hash(key, 800_000, seed=6), repeats=repeats)
    rows.append(Row(AREA, "Toeplitz hash 1e6 -> 8e5 bits", t, "s", "< 1", t < 1.0))
    return rows
