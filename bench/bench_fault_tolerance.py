"""Throughput of the fault-tolerance and agreement simulations, beside their limits.

Targets: the repetition-code memory decodes at least 20,000 distance-5 shots
(5 noisy rounds each, optimal decoder over 32 patterns) per second, so a
threshold sweep in a notebook takes seconds; leader election samples over a
million attempts per second (no Python loop per attempt); the memory of a long
decoding run stays flat (chunks); the fake-terminal attack with quantum
memory (64 candidates, 256 qubits) takes under 0.1 s per run.
"""

from __future__ import annotations

from bench._core import Row, median_seconds, peak_memory_mb

TARGET_SHOTS_PER_S = 2e4
TARGET_ATTEMPTS_PER_S = 1e6
TARGET_MEMORY_MB = 200.0
TARGET_ATTACK_S = 0.1


def run(quick: bool) -> list[Row]:
    import qinternet_edu as qie

    shots = 20_000 if quick else 100_000
    repeats = 3 if quick else 5
    rows = []
    seconds = median_seconds(
        lambda: qie.simulate_repetition_memory(
            distance=5, n_rounds=5, data_error_probability=0.05, n_shots=shots, seed=1
        ),
        repeats=repeats,
    )
    rate = shots / seconds
    rows.append(
        Row(
            "fault tolerance",
            f"repetition memory d = 5, 5 rounds, shots per second (N = {shots:,})",
            rate,
            "1/s",
            f"> {TARGET_SHOTS_PER_S:.0e}",
            rate > TARGET_SHOTS_PER_S,
        )
    )
    elections = 200_000 if quick else 1_000_000
    seconds = median_seconds(
        lambda: qie.simulate_leader_election(
            n_parties=8, n_elections=elections, depolarizing_probability=0.05, seed=1
        ),
        repeats=repeats,
    )
    rate = elections / seconds
    rows.append(
        Row(
            "fault tolerance",
            f"W-state leader election, elections per second (N = {elections:,})",
            rate,
            "1/s",
            f"> {TARGET_ATTEMPTS_PER_S:.0e}",
            rate > TARGET_ATTEMPTS_PER_S,
        )
    )
    big = 200_000 if quick else 1_000_000
    memory = peak_memory_mb(
        lambda: qie.simulate_repetition_memory(
            distance=7, n_rounds=3, data_error_probability=0.05, n_shots=big, seed=2
        )
    )
    rows.append(
        Row(
            "fault tolerance",
            f"repetition memory d = 7 peak memory (N = {big:,})",
            memory,
            "MB",
            f"< {TARGET_MEMORY_MB:g} MB",
            memory < TARGET_MEMORY_MB,
        )
    )
    seconds = median_seconds(
        lambda: qie.memory_terminal_attack(5, memory_qubits=200, guess=9, seed=3),
        repeats=repeats,
    )
    rows.append(
        Row(
            "fault tolerance",
            "fake terminal with 200 qubits of memory, one run (64 candidates)",
            seconds,
            "s",
            f"< {TARGET_ATTACK_S:g} s",
            seconds < TARGET_ATTACK_S,
        )
    )
    return rows
