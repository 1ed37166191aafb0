"""Speed of the stage checker on a 1,000-node network (target: under 0.5 s per call).

A 25 x 40 grid of optical switches (nodes that pass photons on without
measuring them, no memory, no entanglement source), 10 km of fiber between
neighbours, with end nodes at two opposite corners. The corner-to-corner
route crosses 63 links, 126 dB, beyond the 100 dB a memoryless stretch may
lose, so stage 1 is out of reach and the answer is stage 0. The row prints
``network_stage`` (which rules out stage 1 before enumerating routes) beside
the unpruned search, which tries 25 candidate routes first; both must give
the same result. The unpruned search (several seconds) runs once, also with
``--quick``.
"""

from __future__ import annotations

import itertools
import time

from bench._core import Row, median_seconds
from qinternet_edu import stages
from qinternet_edu.network import QuantumNetwork

TARGET_S = 0.5


def switch_grid(rows: int = 25, cols: int = 40, *, hop_km: float = 10.0) -> QuantumNetwork:
    """The benchmark's grid: end nodes at two corners, optical switches elsewhere."""
    net = QuantumNetwork("grid of optical switches")
    corners = ((0, 0), (rows - 1, cols - 1))
    for r, c in itertools.product(range(rows), range(cols)):
        options = {} if (r, c) in corners else {"forwards_qubits": True}
        net.add_node(f"{r},{c}", **options)
    for r, c in itertools.product(range(rows), range(cols)):
        if c + 1 < cols:
            net.add_fiber(f"{r},{c}", f"{r},{c + 1}", length_km=hop_km)
        if r + 1 < rows:
            net.add_fiber(f"{r},{c}", f"{r + 1},{c}", length_km=hop_km)
    return net


def run(quick: bool) -> list[Row]:
    net = switch_grid()
    a, b = "0,0", "24,39"
    pruned = median_seconds(lambda: stages.network_stage(net, a, b), repeats=5)
    start = time.perf_counter()
    reference = stages._network_stage(net, a, b, 100.0, prune=False)
    unpruned = time.perf_counter() - start
    same = stages.network_stage(net, a, b) == reference
    return [
        Row(
            "stages",
            "network_stage, 1,000-node switch grid",
            pruned,
            "s",
            f"< {TARGET_S} s",
            pruned < TARGET_S and same,
        ),
        Row("stages", "unpruned search (earlier algorithm), same grid", unpruned, "s"),
        Row("stages", "speed-up of the pruned search", unpruned / pruned, "x"),
        Row("stages", "same result as the unpruned search (1 = yes)", float(same), "", "1", same),
    ]
