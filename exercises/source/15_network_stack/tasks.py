"""Tasks of module 15 (the quantum network stack): node programs on the link layer, a
repeater's swap, chains of any length, a purification schedule, a routing choice, and a
design task (the fewest repeaters for a key before a deadline).

Program tasks are judged on what the checker can verify from plain data: the checker picks
a secret message, the learner's programs make a key with entanglement and Alice sends the
message one-time padded with it; Bob's decoded bits are compared with the secret
(``named("secret_agreement")``). The reference of such a task is what the checker knows
(the secret); the instructor notebook beside this file holds the node programs themselves.
"""

from __future__ import annotations

import itertools

from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_equal,
    named,
    register,
    register_module,
)

register_module("15", "The quantum network stack")


def _bits(rng, n):
    return [int(b) for b in rng.integers(0, 2, size=n)]


def _secret(secret, **_):
    """What the checker knows: the secret bits Bob must recover."""
    return list(secret)


# 15.1 -----------------------------------------------------------------------------------------
def _link_cases(rng):
    rows = [(5.0, 1.0, "5 km, ideal pairs"), (20.0, 0.95, "20 km, pairs of fidelity 0.95")]
    return [
        Case(
            {"length_km": km, "link_fidelity": f, "secret": _bits(rng, 48), "seed": 11 + i},
            label=label,
        )
        for i, (km, f, label) in enumerate(rows)
    ]


def _link_hidden(rng):
    return [
        Case(
            {
                "length_km": round(float(rng.uniform(2, 40)), 1),
                "link_fidelity": round(float(rng.uniform(0.95, 1.0)), 3),
                "secret": _bits(rng, 48),
                "seed": int(rng.integers(1000)),
            }
        )
        for _ in range(2)
    ]


register(
    Task(
        task_id="15.1",
        title="A one-time pad from the link layer (stage 2)",
        skill="program",
        kind="function",
        reference=_secret,
        cases=_link_cases,
        hidden_cases=_link_hidden,
        compare=named("secret_agreement", min_fraction=0.85, min_kept=48),
        hints=(
            "Both programs ask for one pair per secret bit with create and measure: "
            "bit = yield node.entangle(other, keep=False, basis='Z').",
            "Alice sends [s ^ k for s, k in zip(secret, key)] with node.send; Bob receives it "
            "and XORs it with his own key bits.",
            "Run with qie.netsim.run(net, {'Alice': alice, 'Bob': bob}, seed=seed, "
            "link_fidelity=link_fidelity) and return result.returns['Bob'].",
        ),
        points=2,
    )
)


# 15.2 -----------------------------------------------------------------------------------------
def _swap_cases(rng):
    rows = [([10.0, 10.0], "2 x 10 km"), ([25.0, 5.0], "25 km and 5 km")]
    return [
        Case({"lengths_km": km, "secret": _bits(rng, 24), "seed": 3 + i}, label=label)
        for i, (km, label) in enumerate(rows)
    ]


def _swap_hidden(rng):
    return [
        Case(
            {
                "lengths_km": [round(float(x), 1) for x in rng.uniform(2, 30, size=2)],
                "secret": _bits(rng, 24),
                "seed": int(rng.integers(1000)),
            }
        )
        for _ in range(2)
    ]


register(
    Task(
        task_id="15.2",
        title="The repeater node's swap",
        skill="program",
        kind="function",
        reference=_secret,
        cases=_swap_cases,
        hidden_cases=_swap_hidden,
        compare=named("secret_agreement", min_fraction=0.99, min_kept=24),
        hints=(
            "The repeater asks both neighbours for a pair at once: "
            "q1, q2 = yield node.all(node.entangle('Alice'), node.entangle('Bob')); then "
            "bits = node.swap(q1, q2) and it sends the bits to both ends.",
            "The ends keep their halves (keep=True), wait for the repeater's message, and only "
            "then measure: a half measured before the swap cannot be swapped.",
            "Bob calls node.correct(q, m_z, m_x) with the repeater's bits before measuring in Z.",
        ),
        points=3,
    )
)


# 15.3 -----------------------------------------------------------------------------------------
def _chain_cases(rng):
    rows = [([8.0, 8.0, 8.0], "two repeaters"), ([5.0, 10.0, 5.0, 10.0], "three repeaters")]
    return [
        Case({"lengths_km": km, "secret": _bits(rng, 16), "seed": 5 + i}, label=label)
        for i, (km, label) in enumerate(rows)
    ]


def _chain_hidden(rng):
    return [
        Case(
            {
                "lengths_km": [round(float(x), 1) for x in rng.uniform(2, 15, size=n)],
                "secret": _bits(rng, 16),
                "seed": int(rng.integers(1000)),
            }
        )
        for n in (2, 5)
    ]


register(
    Task(
        task_id="15.3",
        title="One program for a chain of any length",
        skill="program",
        kind="function",
        reference=_secret,
        cases=_chain_cases,
        hidden_cases=_chain_hidden,
        compare=named("secret_agreement", min_fraction=0.99, min_kept=16),
        hints=(
            "Write the repeater program once, as a function of its two neighbours' names, and "
            "give each repeater its own copy (functools.partial or a small closure).",
            "Each repeater swaps as soon as it holds both pairs (ASAP) and tells both ends. "
            "The ends wait for one message from every repeater before measuring.",
            "Bob applies every repeater's correction: node.correct(q, m_z, m_x) once per message.",
        ),
        points=3,
    )
)


# 15.4 -----------------------------------------------------------------------------------------
def _purify_cases(rng):
    rows = [(5.0, "5 km"), (20.0, "20 km")]
    return [
        Case(
            {
                "length_km": km,
                "link_fidelity": 0.8,
                "target_agreement": 0.93,
                "secret": _bits(rng, 500),
                "seed": 7 + i,
            },
            label=label,
        )
        for i, (km, label) in enumerate(rows)
    ]


def _purify_hidden(rng):
    return [
        Case(
            {
                "length_km": round(float(rng.uniform(2, 20)), 1),
                "link_fidelity": 0.8,
                "target_agreement": 0.93,
                "secret": _bits(rng, 500),
                "seed": int(rng.integers(1000)),
            }
        )
    ]


register(
    Task(
        task_id="15.4",
        title="A purification schedule for a target agreement",
        skill="program",
        kind="function",
        reference=_secret,
        cases=_purify_cases,
        hidden_cases=_purify_hidden,
        # raw pairs of fidelity 0.8 agree in 0.867 of the rounds, three BBPSSW rounds in
        # 0.936: 500 bits put the line 2.5 and 2.8 standard deviations from each
        compare=named("secret_agreement", min_fraction=0.905, min_kept=500),
        hints=(
            "Pairs of fidelity F agree in Z with probability (1 + w)/2, w = (4F - 1)/3. Solve "
            "for the fidelity that gives target_agreement.",
            "Ask the link layer for it: node.entangle(other, keep=False, min_fidelity=F); it "
            "runs as many BBPSSW rounds as that needs (two memories at each end).",
            "Aim a little above the target: the check allows sampling noise, not a mean below it.",
        ),
        points=2,
    )
)


# 15.5 -----------------------------------------------------------------------------------------
def _route(nodes, links, a, b, emission_efficiency):
    from qinternet_edu import netsim
    from qinternet_edu.network import QuantumNetwork

    net = QuantumNetwork()
    for name, kind in nodes.items():
        net.add_node(name, kind=kind)
    for u, v, km in links:
        net.add_fiber(u, v, length_km=km)
    route = netsim.find_route(net, a, b, metric="rate", emission_efficiency=emission_efficiency)
    return list(route.path)


def _graph(rng, n_middle):
    names = [f"R{i}" for i in range(1, n_middle + 1)]
    nodes = {"A": "repeater", "B": "repeater", **dict.fromkeys(names, "repeater")}
    nodes["T"] = "trusted relay"
    links = [["A", "T", 5.0], ["T", "B", 5.0]]
    for u, v in itertools.combinations(["A", *names, "B"], 2):
        if {u, v} != {"A", "B"} and rng.random() < 0.6:
            links.append([u, v, round(float(rng.uniform(5, 60)), 1)])
    links.append(["A", names[0], round(float(rng.uniform(5, 60)), 1)])
    links.append([names[-1], "B", round(float(rng.uniform(5, 60)), 1)])
    seen, unique = set(), []
    for u, v, km in links:
        if frozenset((u, v)) not in seen:
            seen.add(frozenset((u, v)))
            unique.append([u, v, km])
    return nodes, unique


def _route_cases(rng):
    square = {"A": "repeater", "B": "repeater", "R1": "repeater", "R2": "repeater"}
    rows = [
        (
            square,
            [["A", "R1", 30.0], ["R1", "B", 30.0], ["A", "R2", 10.0], ["R2", "B", 55.0]],
            0.5,
            "a square: two routes",
        ),
        (
            square,
            [["A", "R1", 30.0], ["R1", "B", 30.0], ["A", "R2", 10.0], ["R2", "B", 45.0]],
            0.5,
            "a square: lowest loss is not fastest",
        ),
    ]
    cases = [
        Case({"nodes": n, "links": lk, "a": "A", "b": "B", "emission_efficiency": e}, label=label)
        for n, lk, e, label in rows
    ]
    nodes, links = _graph(rng, 3)
    cases.append(
        Case(
            {"nodes": nodes, "links": links, "a": "A", "b": "B", "emission_efficiency": 0.3},
            label="a mesh with a trusted relay",
        )
    )
    return cases


def _route_hidden(rng):
    out = []
    for n in (3, 4):
        nodes, links = _graph(rng, n)
        out.append(
            Case(
                {
                    "nodes": nodes,
                    "links": links,
                    "a": "A",
                    "b": "B",
                    "emission_efficiency": round(float(rng.uniform(0.1, 0.9)), 2),
                }
            )
        )
    return out


register(
    Task(
        task_id="15.5",
        title="A routing choice: the fastest route for entanglement",
        skill="implement",
        kind="function",
        reference=_route,
        cases=_route_cases,
        hidden_cases=_route_hidden,
        compare=compare_equal(),
        hints=(
            "Only nodes that can swap (memory and Bell measurement: kind 'repeater' here) may "
            "sit inside the route; a trusted relay cannot.",
            "Give each link the weight qie.heralded_link(length_km=..., emission_efficiency=...)"
            ".mean_waiting_time_s and find the path of least total weight (networkx's "
            "shortest_path with a weight, or your own Dijkstra).",
            "Return the path as a list of names from a to b. (This task asks you to write the "
            "choice yourself; qie.netsim.find_route is how you can check it afterwards.)",
        ),
        points=2,
    )
)


# 15.6 -----------------------------------------------------------------------------------------
def _fewest(total_length_km, n_bits, deadline_s, emission_efficiency):
    from qinternet_edu.repeaters import RepeaterChain, analytic_delivery_time

    for n in range(0, 31):
        chain = RepeaterChain(
            total_length_km=total_length_km,
            n_segments=n + 1,
            emission_efficiency=emission_efficiency,
        )
        if n_bits * analytic_delivery_time(chain, method="exact") <= deadline_s:
            return n
    return -1


def _fewest_cases(rng):
    rows = [
        (15.0, 64, 3600.0, 0.01, "Delft - The Hague, poor emitters"),
        (100.0, 64, 3600.0, 0.01, "100 km, poor emitters"),
        (100.0, 1000, 3600.0, 0.1, "1,000 bits over 100 km"),
        (300.0, 64, 60.0, 0.5, "300 km in a minute"),
    ]
    return [
        Case(
            {"total_length_km": km, "n_bits": n, "deadline_s": t, "emission_efficiency": e},
            label=label,
        )
        for km, n, t, e, label in rows
    ]


def _fewest_hidden(rng):
    return [
        Case(
            {
                "total_length_km": round(float(rng.uniform(50, 400)), 0),
                "n_bits": 64,
                "deadline_s": 3600.0,
                "emission_efficiency": round(float(rng.uniform(0.05, 0.5)), 2),
            }
        )
        for _ in range(2)
    ]


register(
    Task(
        task_id="15.6",
        title="Design: the fewest repeaters for a key before a deadline",
        skill="design",
        kind="function",
        reference=_fewest,
        cases=_fewest_cases,
        hidden_cases=_fewest_hidden,
        compare=compare_equal(),
        hints=(
            "One secret bit per delivered pair: n_bits pairs must arrive, on average, within "
            "deadline_s. n repeaters, equally spaced, make n + 1 links.",
            "qie.repeaters.analytic_delivery_time(qie.RepeaterChain(total_length_km=..., "
            "n_segments=n + 1, emission_efficiency=...), method='exact') is the mean time per "
            "pair with deterministic swaps.",
            "Try n = 0, 1, 2, ... and return the first that meets the deadline (-1 if none up "
            "to 30 does).",
        ),
        points=2,
    )
)
