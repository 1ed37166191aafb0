"""Speed and memory of the repeater-chain Monte Carlo (target >= 1e5 8-link chains per second).

Three 8-segment chains over 800 km: ideal (deterministic swaps, perfect
memories), realistic (1 s memories, linear-optics swaps with p = 1/2) and
with a cut-off and one purification round. Peak memory (tracemalloc) is
reported for 1e6 realizations of the realistic chain; the simulation works
in chunks, so it should stay flat as the number of realizations grows.
``--quick`` uses fewer realizations.
"""

from __future__ import annotations

from bench._core import Row, median_seconds, peak_memory_mb
from qinternet_edu import RepeaterChain, simulate_repeater_chain

TARGET_PER_S = 1e5

CHAINS = {
    "ideal": RepeaterChain(total_length_km=800.0, n_segments=8),
    "memories+p_swap=1/2": RepeaterChain(
        total_length_km=800.0, n_segments=8, coherence_time_s=1.0, swap_success_probability=0.5
    ),
    "cutoff+purification": RepeaterChain(
        total_length_km=800.0,
        n_segments=8,
        link_fidelity=0.95,
        coherence_time_s=1.0,
        cutoff_time_s=0.5,
        purification_rounds=1,
    ),
}


def run(quick: bool) -> list[Row]:
    n = 20_000 if quick else 200_000
    rows = []
    for name, chain in CHAINS.items():
        seconds = median_seconds(
            lambda chain=chain: simulate_repeater_chain(chain, n, seed=1), repeats=3
        )
        rate = n / seconds
        rows.append(
            Row(
                "repeaters",
                f"8-link chains/s ({name})",
                rate,
                "chains/s",
                f">= {TARGET_PER_S:.0e}",
                rate >= TARGET_PER_S,
            )
        )
    n_mem = 100_000 if quick else 1_000_000
    chain = CHAINS["memories+p_swap=1/2"]
    peak = peak_memory_mb(lambda: simulate_repeater_chain(chain, n_mem, seed=1))
    rows.append(Row("repeaters", f"peak memory, {n_mem:.0e} chains", peak, "MB"))
    return rows
