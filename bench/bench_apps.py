"""Throughput of the vectorized application simulations and cost of the circuit-level checks.

Targets: the Monte Carlo simulations handle over a million events per second
(no Python loop per event); a circuit-level nonlocal-CNOT fidelity (six-qubit
density matrix) and a three-qubit-code check stay well under 0.1 s, so
explorers respond at once. Memory of the chunked code simulation stays flat.
"""

from __future__ import annotations

from bench._core import Row, median_seconds, peak_memory_mb

TARGET_EVENTS_PER_S = 1e6
TARGET_CIRCUIT_S = 0.1
TARGET_MEMORY_MB = 200.0


def run(quick: bool) -> list[Row]:
    import qinternet_edu as qie

    n = 200_000 if quick else 2_000_000
    repeats = 3 if quick else 5
    rows = []
    cases = {
        "clock sync, singlet pairs": lambda: qie.simulate_clock_sync(
            1e-10, n_pairs=n, frequency_hz=1e9, seed=1
        ),
        "three-qubit code, transfers": lambda: qie.simulate_three_qubit_transfer(
            0.1, n_trials=n, seed=1
        ),
        "blind computing, rounds": lambda: qie.server_view_statistics(0.0, n_rounds=n, seed=1),
    }
    for name, func in cases.items():
        rate = n / median_seconds(func, repeats=repeats)
        rows.append(
            Row(
                "apps",
                f"{name} per second (N = {n:,})",
                rate,
                "1/s",
                f"> {TARGET_EVENTS_PER_S:.0e}",
                rate > TARGET_EVENTS_PER_S,
            )
        )
    circuits = {
        "nonlocal CNOT fidelity (6-qubit density matrix)": lambda: qie.nonlocal_cnot_fidelity(0.9),
        "three-qubit code, density-matrix check": (
            lambda: qie.three_qubit_code_logical_error_circuit(0.1)
        ),
    }
    for name, func in circuits.items():
        seconds = median_seconds(func, repeats=repeats)
        rows.append(
            Row("apps", name, seconds, "s", f"< {TARGET_CIRCUIT_S:g} s", seconds < TARGET_CIRCUIT_S)
        )
    big = 5_000_000 if quick else 20_000_000
    memory = peak_memory_mb(lambda: qie.simulate_three_qubit_transfer(0.1, n_trials=big, seed=2))
    rows.append(
        Row(
            "apps",
            f"three-qubit code peak memory (N = {big:,})",
            memory,
            "MB",
            f"< {TARGET_MEMORY_MB:g} MB",
            memory < TARGET_MEMORY_MB,
        )
    )
    return rows
