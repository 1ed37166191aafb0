"""QKD benchmarks: BB84 photons per second, long-run memory, Cascade, privacy amplification.

BB84 is measured against a reference: the shortest numpy loop of the same law
(single photons through a channel of transmissivity eta, ideal detectors,
optionally a random-basis intercept-resend on every photon). It reuses one
float buffer for the loss draw, draws bits and bases only for the detected
pulses, eight to a byte, and counts with ``np.bitwise_count``. The table
prints the library's rate as a multiple of that loop's, run in the same
process on the same sizes.
"""

from __future__ import annotations

import numpy as np
from scipy.fft import next_fast_len

from bench._core import Row, median_seconds, peak_memory_mb
from qinternet_edu.channels import fiber_transmissivity
from qinternet_edu.qkd.amplification import toeplitz_hash
from qinternet_edu.qkd.bb84 import simulate_bb84
from qinternet_edu.qkd.reconciliation import _permutation, cascade

AREA = "qkd"
RATIO_TARGET = 0.5  # the library's BB84 rate over the reference loop's


def reference_bb84(n: int, eta: float, *, eve: bool, seed: int, chunk: int = 1 << 20):
    """(detected, sifted, errors) of ``n`` BB84 pulses: the reference loop described above."""
    rng = np.random.default_rng(seed)
    buffer = np.empty(chunk)
    detected = sifted = errors = 0
    done = 0
    while done < n:
        m = min(chunk, n - done)
        loss = buffer[:m]
        rng.random(out=loss)
        k = int(np.count_nonzero(loss < eta))
        n_bytes = (k + 7) // 8

        def draw(n_bytes=n_bytes):
            return np.frombuffer(rng.bytes(n_bytes), dtype=np.uint8)

        bit, basis_a, basis_b = draw(), draw(), draw()
        same = ~(basis_a ^ basis_b)
        if k % 8:
            same[-1] &= np.uint8((0xFF << (8 - k % 8)) & 0xFF)
        if eve:
            basis_e, coin_e, coin_b = draw(), draw(), draw()
            wrong_e = basis_e ^ basis_a
            eve_bit = (bit & ~wrong_e) | (coin_e & wrong_e)
            wrong_b = basis_e ^ basis_b
            bob = (eve_bit & ~wrong_b) | (coin_b & wrong_b)
            errors += int(np.bitwise_count(same & (bit ^ bob)).sum())
        sifted += int(np.bitwise_count(same).sum())
        detected += k
        done += m
    return detected, sifted, errors


def run(quick: bool) -> list[Row]:
    rows = []
    n = 2_000_000 if quick else 10_000_000
    repeats = 3 if quick else 5
    eta = fiber_transmissivity(10.0)

    for eve, label, floor in ((False, "no Eve", 2e7), (True, "full intercept-resend", 1e7)):
        fraction = 1.0 if eve else 0.0
        t_lib = median_seconds(
            lambda f=fraction: simulate_bb84(n, length_km=10.0, eve_fraction=f, seed=1),
            repeats=repeats,
        )
        t_ref = median_seconds(lambda e=eve: reference_bb84(n, eta, eve=e, seed=1), repeats=repeats)
        rate = n / t_lib
        rows.append(
            Row(AREA, f"BB84 10 km, {label}", rate, "photons/s", f">= {floor:.0e}", rate >= floor)
        )
        rows.append(Row(AREA, f"  reference loop, {label}", n / t_ref, "photons/s"))
        ratio = t_ref / t_lib
        rows.append(
            Row(AREA, f"  BB84 / reference, {label}", ratio, "x",
                f">= {RATIO_TARGET}", ratio >= RATIO_TARGET)
        )  # fmt: skip

    small = 1_000
    t = median_seconds(lambda: simulate_bb84(small, length_km=10.0, seed=1), repeats=200)
    # 153 us before validation took a scalar fast path (issue 16's measurement).
    rows.append(Row(AREA, "BB84 call of 1e3 pulses", t * 1e6, "us", "< 153", t < 153e-6))

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

    def setup(new: bool):
        # One later pass's permutation, its inverse and the permuted error pattern.
        generator = np.random.default_rng(7)
        perm = _permutation(generator, n_bits) if new else generator.permutation(n_bits)
        inv = np.empty(n_bits, dtype=perm.dtype)
        inv[perm] = np.arange(n_bits, dtype=perm.dtype)
        return alice[perm]

    t_new = median_seconds(lambda: setup(True), repeats=7)
    t_old = median_seconds(lambda: setup(False), repeats=7)
    rows.append(Row(AREA, "  Cascade pass permutation, time / int64 one", t_new / t_old, "x"))
    mem = peak_memory_mb(lambda: setup(True)) / peak_memory_mb(lambda: setup(False))
    rows.append(
        Row(AREA, "  Cascade pass permutation, memory / int64 one", mem, "x", "< 1", mem < 1)
    )

    key = rng.integers(0, 2, 1_000_000).astype(np.uint8)
    t = median_seconds(lambda: toeplitz_hash(key, 800_000, seed=6), repeats=repeats)
    rows.append(Row(AREA, "Toeplitz hash 1e6 -> 8e5 bits", t, "s", "< 1", t < 1.0))
    n_fft = next_fast_len(key.size + 800_000 - 1, real=True)
    full = next_fast_len(2 * key.size + 800_000 - 2, real=True)
    rows.append(
        Row(AREA, "  Toeplitz FFT points / full convolution's", n_fft / full, "x",
            "n+m-1 of 2n+m-2", n_fft < full)
    )  # fmt: skip
    return rows
