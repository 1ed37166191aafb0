"""Tasks of module 00 (welcome): checking answers, fiber loss at a glance, the stage ladder."""

from __future__ import annotations

import math

import numpy as np

from qinternet_edu.channels import fiber_transmissivity
from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    compare_equal,
    named,
    register,
    register_module,
)

register_module("00", "Welcome")


# 00.1 -----------------------------------------------------------------------------------------
def _xor_bits(a, b):
    return (a + b) % 2


register(
    Task(
        task_id="00.1",
        title="XOR two bits",
        skill="implement",
        kind="function",
        reference=_xor_bits,
        cases=lambda rng: [Case({"a": a, "b": b}) for a in (0, 1) for b in (0, 1)],
        compare=compare_equal(),
        hints=(
            "XOR (exclusive or) is 1 when exactly one of the two bits is 1, and 0 otherwise.",
            "Adding the bits almost works: only the case a = 1, b = 1 needs care.",
            "Take the sum modulo 2: (a + b) % 2; Python's a ^ b does the same for 0 and 1.",
        ),
        points=1,
    )
)


# 00.2 -----------------------------------------------------------------------------------------
def _surviving_fraction(length_km):
    return fiber_transmissivity(length_km)


def _fiber_cases(rng):
    lengths = [0.0, 10.0, 50.0, 100.0, 250.0]
    return [Case({"length_km": x}, label=f"length_km = {x:g}") for x in lengths]


def _fiber_hidden(rng):
    return [
        Case({"length_km": float(x)}, label=f"length_km = {x:.1f}")
        for x in np.round(rng.uniform(1.0, 400.0, 3), 1)
    ]


register(
    Task(
        task_id="00.2",
        title="Photons surviving a fiber",
        skill="implement",
        kind="function",
        reference=_surviving_fraction,
        cases=_fiber_cases,
        hidden_cases=_fiber_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-12),
        hints=(
            "The fiber loses 0.2 dB per km, so L km lose 0.2 * L decibels in total.",
            "A loss of D decibels keeps the fraction 10 ** (-D / 10) of the photons.",
            "Return 10 ** (-0.2 * length_km / 10); 100 km should give 0.01.",
        ),
        switched_off=("fiber_transmissivity",),
        points=1,
    )
)


# 00.3 -----------------------------------------------------------------------------------------
def _relays_needed(total_km, max_hop_km):
    return max(math.ceil(total_km / max_hop_km) - 1, 0)


def _relay_cases(rng):
    pairs = [(50, 100), (100, 100), (250, 100), (300, 100), (2000, 80), (1, 60), (601, 100)]
    return [
        Case({"total_km": t, "max_hop_km": h}, label=f"total_km = {t}, max_hop_km = {h}")
        for t, h in pairs
    ]


def _relay_hidden(rng):
    out = []
    for _ in range(4):
        hop = int(rng.integers(40, 150))
        total = hop * int(rng.integers(2, 30)) + int(rng.integers(0, 2)) * int(rng.integers(1, hop))
        out.append(Case({"total_km": total, "max_hop_km": hop}))
    return out


register(
    Task(
        task_id="00.3",
        title="Trusted relays on a backbone",
        skill="implement",
        kind="function",
        reference=_relays_needed,
        cases=_relay_cases,
        hidden_cases=_relay_hidden,
        compare=compare_equal(),
        hints=(
            "Draw it: a link of 250 km with hops of at most 100 km needs 3 hops. How many nodes "
            "sit between 3 hops?",
            "The number of hops is total / max_hop rounded up (math.ceil); the relays are the "
            "nodes between consecutive hops.",
            "relays = math.ceil(total_km / max_hop_km) - 1; a link of exactly 100 km with "
            "100 km hops needs no relay.",
        ),
        points=2,
    )
)


# 00.4 -----------------------------------------------------------------------------------------
#: The lowest stage that provides each capability (Wehner, Elkouss and Hanson, Science 2018).
STAGE_OF_CAPABILITY = {
    "end_to_end_qubit": 1,
    "entanglement": 2,
    "memory": 3,
    "few_qubit_fault_tolerance": 4,
    "quantum_computing": 5,
}


def _lowest_stage(needs):
    return max((STAGE_OF_CAPABILITY[n] for n in needs), default=0)


def _stage_cases(rng):
    names = list(STAGE_OF_CAPABILITY)
    cases = [Case({"needs": set()}, label="needs = set()")]
    cases += [Case({"needs": {n}}, label=f"needs = {{{n!r}}}") for n in names]
    for _ in range(6):
        chosen = {n for n in names if rng.random() < 0.5} or {names[0]}
        label = "needs = {" + ", ".join(repr(n) for n in sorted(chosen)) + "}"
        cases.append(Case({"needs": chosen}, label=label))
    return cases


register(
    Task(
        task_id="00.4",
        title="The lowest stage an application needs",
        skill="implement",
        kind="function",
        reference=_lowest_stage,
        cases=_stage_cases,
        compare=compare_equal(),
        hints=(
            "Each stage of the ladder adds one capability and keeps all those below it.",
            "Find the stage of each needed capability in the table, then take the highest one.",
            "With no quantum capability at all, trusted relays (stage 0) suffice: "
            "max(..., default=0).",
        ),
        points=2,
    )
)


# 00.5 -----------------------------------------------------------------------------------------
#: The applications placed in task 00.5 (names as ``qie.required_stage`` knows them).
LADDER_APPLICATIONS = (
    "QKD with trusted nodes",
    "secure identification",
    "device-independent QKD",
    "blind quantum computing",
    "clock synchronization",
    "distributed quantum computing",
)


def _ladder_placement():
    from qinternet_edu.stages import required_stage

    return {name: int(required_stage(name).stage) for name in LADDER_APPLICATIONS}


register(
    Task(
        task_id="00.5",
        title="Place applications on the ladder",
        skill="implement",
        kind="value",
        reference=_ladder_placement,
        compare=named("placement"),
        hints=(
            "For each application ask: does it need entanglement? Must anything be stored? "
            "Must the nodes compute fault-tolerantly?",
            "Blind quantum computing needs the server to store the client's qubits; QKD with "
            "trusted nodes needs nothing quantum end to end.",
            "Clock synchronization of Komar et al. needs multi-node entangled states kept "
            "fault-tolerantly; so does distributed quantum computing on a few qubits per "
            "node, which the roadmap's Table 1 places at few-qubit fault-tolerant networks.",
        ),
        points=1,
    )
)
