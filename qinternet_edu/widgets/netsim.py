"""Explorers of modules 15 and 16: the network stack at event level, and node programs.

* :func:`network_stack_explorer`: a chain of repeaters delivering pairs with a
  swap schedule (ASAP or nested) and memories that decay; it prints what was
  delivered, how fast and how good, and the stage the run needed.
* :func:`node_program_explorer`: an application written as node programs
  (a key at stage 2 or, rewritten, at stage 1; teleportation; a leader
  election; a blind-computing round), run on two nodes a chosen distance
  apart, with the stage each run needed.

Each explorer is ``ipywidgets.interactive`` over a pure ``*_data(...)`` function
(tested without a browser) that runs :mod:`qinternet_edu.netsim` with a seed.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .._validation import check_choice, check_int, check_positive
from ._controls import dropdown, float_slider, int_slider

__all__ = [
    "APPLICATIONS",
    "NetworkStackData",
    "NodeProgramData",
    "network_stack_data",
    "network_stack_explorer",
    "node_program_data",
    "node_program_explorer",
]


# --- module 15: a repeater chain at event level ------------------------------------------------
@dataclass(frozen=True)
class NetworkStackData:
    """Pairs delivered along a chain by node programs.

    Attributes:
        path: the chain's nodes, end to end.
        delivered: pairs delivered.
        mean_fidelity: their mean fidelity when used.
        mean_time_per_pair_s: simulated time per delivered pair.
        stage: the lowest stage the run needed.
        attempts: heralding attempts the links made.
    """

    path: tuple
    delivered: int
    mean_fidelity: float
    mean_time_per_pair_s: float
    stage: object
    attempts: int


def network_stack_data(
    *,
    n_repeaters=1,
    total_length_km=40.0,
    schedule="asap",
    coherence_time_s=0.1,
    n_pairs=20,
    emission_efficiency=0.5,
    seed=1,
) -> NetworkStackData:
    """Deliver ``n_pairs`` pairs over a chain of equally spaced repeaters (event level).

    Args:
        n_repeaters: repeaters between the two ends (int >= 0).
        total_length_km: fiber length end to end, > 0.
        schedule: ``"asap"`` or ``"nested"`` (see :func:`qinternet_edu.netsim.chain_programs`).
        coherence_time_s: memory coherence time, > 0.
        n_pairs: pairs to deliver (int >= 1).
        emission_efficiency: of every node, in (0, 1].
        seed: seed of the run.

    Example:
        >>> d = network_stack_data(n_repeaters=1, n_pairs=5, seed=2)
        >>> d.path, d.delivered, int(d.stage)
        (('A', 'R1', 'B'), 5, 3)
    """
    from .. import netsim
    from ..network import QuantumNetwork

    count = check_int("n_repeaters", n_repeaters, low=0)
    length = check_positive("total_length_km", total_length_km)
    n = check_int("n_pairs", n_pairs, low=1)
    names = ["A", *[f"R{i}" for i in range(1, count + 1)], "B"]
    net = QuantumNetwork("chain")
    for name in names:
        net.add_node(name, kind="repeater")
    for a, b in itertools.pairwise(names):
        net.add_fiber(a, b, length_km=length / (count + 1))
    programs = netsim.chain_programs(names, n_pairs=n, schedule=schedule)
    res = netsim.run(
        net,
        programs,
        seed=seed,
        coherence_time_s=check_positive("coherence_time_s", coherence_time_s),
        emission_efficiency=emission_efficiency,
    )
    records = res.returns["A"]
    return NetworkStackData(
        path=tuple(names),
        delivered=len(records),
        mean_fidelity=float(np.mean([f for _, f in records])),
        mean_time_per_pair_s=float(records[-1][0] / len(records)),
        stage=res.stage,
        attempts=res.attempts,
    )


def network_stack_explorer():
    """Sliders for the repeaters, the length, the memories and the schedule of a chain.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a :class:`NetworkStackData`.
    """

    def show(n_repeaters, total_length_km, schedule, coherence_time_ms, emission_efficiency):
        data = network_stack_data(
            n_repeaters=n_repeaters,
            total_length_km=total_length_km,
            schedule=schedule,
            coherence_time_s=coherence_time_ms / 1000.0,
            emission_efficiency=emission_efficiency,
        )
        print(f"route: {' - '.join(data.path)}")
        print(f"{data.delivered} pairs, mean fidelity {data.mean_fidelity:.3f}")
        print(
            f"time per pair: {data.mean_time_per_pair_s * 1000:.2f} ms "
            f"({data.attempts} heralding attempts)"
        )
        print(f"stage needed: {int(data.stage)} ({data.stage.title.lower()})")
        return data

    return widgets.interactive(
        show,
        n_repeaters=int_slider(value=1, min=0, max=7, description="repeaters"),
        total_length_km=float_slider(
            value=40.0, min=5.0, max=200.0, step=5.0, description="length (km)"
        ),
        schedule=dropdown(options=["asap", "nested"], value="asap", description="swap schedule"),
        coherence_time_ms=float_slider(
            value=100.0, min=1.0, max=1000.0, step=1.0, description="memory coherence (ms)"
        ),
        emission_efficiency=float_slider(
            value=0.5, min=0.05, max=1.0, step=0.05, description="emission efficiency"
        ),
    )


# --- module 16: applications as node programs ---------------------------------------------------
#: The applications :func:`node_program_data` can run.
APPLICATIONS = (
    "key, create and measure (BBM92 in one basis)",
    "key, prepare and measure (rewritten one stage lower)",
    "teleportation of |+>",
    "leader election",
    "blind computing round",
)


@dataclass(frozen=True)
class NodeProgramData:
    """One application run as node programs on two nodes.

    Attributes:
        application: which one (one of :data:`APPLICATIONS`).
        stage: the lowest stage the run needed.
        summary: one line on what it delivered.
        value: its main number (key bits that agree, the fraction of correct
            outcomes, the fraction of rounds Alice leads, P(result 0)).
    """

    application: str
    stage: object
    summary: str
    value: float


def _ms(time_s: float) -> str:
    return f"{time_s * 1e3:.3g} ms"


def _two(length_km, kind):
    from ..network import QuantumNetwork

    net = QuantumNetwork("two nodes").add_node("Alice", kind=kind).add_node("Bob", kind=kind)
    return net.add_fiber("Alice", "Bob", length_km=length_km)


def _rounds(n, step):
    """A node program that runs ``step(node)`` (a generator) n times and returns the values."""

    def program(node):
        out = []
        for _ in range(n):
            out.append((yield from step(node)))
        return out

    return program


def node_program_data(*, application, length_km=10.0, n_rounds=50, seed=1) -> NodeProgramData:
    """Run one of :data:`APPLICATIONS` for ``n_rounds`` rounds between Alice and Bob.

    Example:
        >>> d = node_program_data(application="leader election", n_rounds=20, seed=3)
        >>> int(d.stage), 0.0 <= d.value <= 1.0
        (2, True)
    """
    from .. import netsim

    app = check_choice("application", application, APPLICATIONS)
    length = check_positive("length_km", length_km)
    n = check_int("n_rounds", n_rounds, low=1)
    if app == APPLICATIONS[4]:
        from ..apps.blind_programs import blind_round_on_network

        rng = np.random.default_rng(seed)
        phis = [int(k) * math.pi / 4 for k in rng.integers(8, size=min(n, 8))]
        rounds = [
            blind_round_on_network(phi, length_km=length, seed=seed + i)
            for i, phi in enumerate(phis)
        ]
        exact = max(abs(r.p_result_0 - math.cos(r.phi_rad / 2) ** 2) for r in rounds)
        agree = "to within 1e-9" if exact < 1e-9 else f"off by {exact:.2g}"
        summary = (
            f"{len(rounds)} rounds; P(result 0) = cos^2(phi/2) in each, {agree}; "
            "the server saw only delta and its bit"
        )
        return NodeProgramData(app, rounds[0].stage, summary, rounds[0].p_result_0)
    if app == APPLICATIONS[0]:

        def step(other):
            def s(node):
                return (yield node.entangle(other, keep=False, basis="Z"))

            return s

        res = netsim.run(
            _two(length, "end node"),
            {"Alice": _rounds(n, step("Bob")), "Bob": _rounds(n, step("Alice"))},
            seed=seed,
        )
        a, b = res.returns["Alice"], res.returns["Bob"]
        agree = sum(x == y for x, y in zip(a, b, strict=True))
        summary = (
            f"{agree} of {n} key bits agree after {res.attempts} heralding attempts, "
            f"{_ms(res.end_time_s)} of simulated time"
        )
        return NodeProgramData(app, res.stage, summary, float(agree))
    if app == APPLICATIONS[1]:
        bits = [int(x) for x in np.random.default_rng(seed).integers(0, 2, size=n)]

        def alice(node):
            for bit in bits:
                yield node.send_qubit("Bob", bit=bit, basis="Z")

        def bob(node):
            return (yield from _rounds(n, lambda nd: (yield nd.receive_qubit("Alice")))(node))

        res = netsim.run(_two(length, "end node"), {"Alice": alice, "Bob": bob}, seed=seed)
        got = res.returns["Bob"]
        kept = [(x, y) for x, y in zip(bits, got, strict=True) if y is not None]
        agree = sum(x == y for x, y in kept)
        return NodeProgramData(
            app,
            res.stage,
            f"{len(kept)} of {n} photons arrived; {agree} key bits agree",
            float(agree),
        )
    if app == APPLICATIONS[2]:

        def alice_step(node):
            q = node.new_qubit()
            node.apply("h", q)  # |+>
            pair = yield node.entangle("Bob")
            node.apply("cnot", q, pair)
            node.apply("h", q)
            yield node.send("Bob", (node.measure(q), node.measure(pair)))

        def bob_step(node):
            pair = yield node.entangle("Alice")
            m_z, m_x = yield node.receive("Alice")
            node.correct(pair, m_z, m_x)
            return node.measure(pair, "X")

        res = netsim.run(
            _two(length, "repeater"),
            {"Alice": _rounds(n, alice_step), "Bob": _rounds(n, bob_step)},
            seed=seed,
            backend="circuit",
        )
        right = sum(x == 0 for x in res.returns["Bob"]) / n
        summary = (
            f"Bob finds |+> in {right:.0%} of the rounds, after {_ms(res.end_time_s)} of "
            "simulated time"
        )
        return NodeProgramData(app, res.stage, summary, right)

    def leader(other):
        def s(node):
            return (yield node.entangle(other, keep=False, basis="Z"))

        return s

    res = netsim.run(
        _two(length, "end node"),
        {"Alice": _rounds(n, leader("Bob")), "Bob": _rounds(n, leader("Alice"))},
        seed=seed,
    )
    a, b = res.returns["Alice"], res.returns["Bob"]
    same = all(x == y for x, y in zip(a, b, strict=True))
    alice_leads = sum(x == 0 for x in a) / n
    return NodeProgramData(
        app,
        res.stage,
        f"both agree in {'every' if same else 'not every'} round; Alice leads {alice_leads:.0%}",
        alice_leads,
    )


def node_program_explorer():
    """A dropdown of applications, sliders for the distance and the rounds; prints the stage.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a :class:`NodeProgramData`.
    """

    def show(application, length_km, n_rounds):
        data = node_program_data(application=application, length_km=length_km, n_rounds=n_rounds)
        print(data.summary)
        print(f"stage needed: {int(data.stage)} ({data.stage.title.lower()})")
        return data

    return widgets.interactive(
        show,
        application=dropdown(
            options=list(APPLICATIONS), value=APPLICATIONS[0], description="application"
        ),
        length_km=float_slider(
            value=10.0, min=1.0, max=100.0, step=1.0, description="distance (km)"
        ),
        n_rounds=int_slider(value=50, min=5, max=200, step=5, description="rounds"),
    )
