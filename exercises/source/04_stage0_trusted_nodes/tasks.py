"""Tasks of module 04 (stage 0, trusted nodes): relay a key by XOR, who learns it, chain rates.

References call the library: ``qie.trusted_node_relay``, ``QuantumNetwork.nodes_learning_key``,
``qie.decoy_bb84_key_rate`` and ``qie.trusted_relay_key_rate`` (the network module and the
QKD package are imported inside the functions, so that loading the task list stays light).
"""

from __future__ import annotations

import numpy as np

from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    compare_bits,
    compare_equal,
    named,
    register,
    register_module,
)
from qinternet_edu.relay import trusted_node_relay, trusted_relay_key_rate

register_module("04", "Stage 0: trusted nodes")


# 04.1 -----------------------------------------------------------------------------------------
def _published(key, link_keys):
    result = trusted_node_relay([np.asarray(k) for k in link_keys], end_key=np.asarray(key))
    return result.published_messages


def _bits(rng, n):
    return [int(b) for b in rng.integers(0, 2, size=n)]


def _relay_cases(rng):
    cases = [
        Case(
            {"key": [1, 0, 1, 1], "link_keys": [[0, 1, 1, 0]]},
            label="one link: the one-time pad K xor k1",
        ),
        Case(
            {"key": [1, 1, 0, 0], "link_keys": [[1, 0, 1, 0], [0, 1, 1, 0]]},
            label="two links, 4 bits",
        ),
        Case(
            {"key": [0, 0, 0, 0, 0, 0], "link_keys": [[1, 0, 1, 1, 0, 1]] * 3},
            label="a key of zeros over three links with equal link keys",
        ),
    ]
    for n_links, n_bits in ((3, 8), (5, 16)):
        cases.append(
            Case(
                {
                    "key": _bits(rng, n_bits),
                    "link_keys": [_bits(rng, n_bits) for _ in range(n_links)],
                },
                label=f"{n_links} links, {n_bits} random bits",
            )
        )
    return cases


def _relay_hidden(rng):
    return [
        Case({"key": _bits(rng, 32), "link_keys": [_bits(rng, 32) for _ in range(n)]})
        for n in (2, 7)
    ]


register(
    Task(
        task_id="04.1",
        title="Relay a key hop by hop",
        skill="implement",
        kind="function",
        reference=_published,
        cases=_relay_cases,
        hidden_cases=_relay_hidden,
        compare=compare_bits(),
        hints=(
            "On link i the sender one-time-pads the final key K with that link's key: the "
            "published message is K xor k_i. The next node removes k_i and finds K again.",
            "So every published message uses the same K, and only its own link key; it does not "
            "depend on the other links' keys.",
            "With numpy: np.bitwise_xor(np.asarray(link_keys), np.asarray(key)) broadcasts K "
            "over the rows (one row per link).",
        ),
        points=1,
    )
)


# 04.2 -----------------------------------------------------------------------------------------
def _build(links):
    from qinternet_edu.network import QuantumNetwork

    net = QuantumNetwork("exercise 04.2")
    for name in dict.fromkeys(n for a, b, _ in links for n in (a, b)):
        net.add_node(name, kind="trusted relay")
    for a, b, length in links:
        net.add_fiber(a, b, length_km=length)
    return net


def _who_learns(links, a, b):
    return sorted(_build(links).nodes_learning_key(a, b))


_TRIANGLE = [
    ("Alice", "Bob", 150.0),
    ("Alice", "Relay 1", 30.0),
    ("Relay 1", "Relay 2", 30.0),
    ("Relay 2", "Bob", 30.0),
]
_RING = [
    ("Alice", "North", 40.0),
    ("North", "Bob", 45.0),
    ("Alice", "South", 20.0),
    ("South", "Bob", 20.0),
    ("North", "Spare", 10.0),
]
_GRID = [
    ("Alice", "R1", 50.0),
    ("R1", "R2", 50.0),
    ("R2", "Bob", 50.0),
    ("Alice", "R3", 60.0),
    ("R3", "R4", 60.0),
    ("R4", "Bob", 60.0),
    ("R1", "R4", 20.0),
    ("R3", "Eve's building", 5.0),
]


def _who_cases(rng):
    cases = [
        Case(
            {"links": [("Alice", "Bob", 80.0)], "a": "Alice", "b": "Bob"}, label="one direct link"
        ),
        Case(
            {"links": _TRIANGLE, "a": "Alice", "b": "Bob"},
            label="a 150 km direct fiber or three 30 km hops",
        ),
        Case({"links": _RING, "a": "Alice", "b": "Bob"}, label="a ring with a spur"),
        Case({"links": _GRID, "a": "Alice", "b": "Bob"}, label="two routes with a cross link"),
        Case({"links": _GRID, "a": "R3", "b": "R2"}, label="between two relays of the grid"),
    ]
    return cases


def _who_hidden(rng):
    lengths = np.round(rng.uniform(10, 90, size=6), 1)
    links = [
        ("A", "P", float(lengths[0])),
        ("P", "Q", float(lengths[1])),
        ("Q", "B", float(lengths[2])),
        ("A", "S", float(lengths[3])),
        ("S", "B", float(lengths[4]) + 60.0),
        ("S", "Q", float(lengths[5])),
    ]
    return [Case({"links": links, "a": "A", "b": "B"}, label="a random small network")]


register(
    Task(
        task_id="04.2",
        title="Who learns the key",
        skill="use",
        kind="function",
        reference=_who_learns,
        cases=_who_cases,
        hidden_cases=_who_hidden,
        compare=named("names"),
        hints=(
            "The key travels along one route, and every node on it decrypts the key to "
            "re-encrypt it for the next link. Nodes off the route learn nothing.",
            "The route is the one with the least total loss (all fibers at 0.2 dB/km, so the "
            "shortest total length), not the one with the fewest hops. And the two ends know "
            "the key too.",
            "Build it: net = qie.network.QuantumNetwork(); add_node each name (kind='trusted "
            "relay'); add_fiber(a, b, length_km=...); then net.lowest_loss_path(a, b).",
        ),
        points=2,
    )
)


# 04.3 -----------------------------------------------------------------------------------------
def _link_rates(link_lengths_km, repetition_rate_hz):
    from qinternet_edu.qkd import decoy_bb84_key_rate

    lengths = np.asarray(link_lengths_km, dtype=float)
    return repetition_rate_hz * np.asarray(decoy_bb84_key_rate(lengths), dtype=float)


def _chain_rate(link_lengths_km, repetition_rate_hz):
    return trusted_relay_key_rate(_link_rates(link_lengths_km, repetition_rate_hz))


def _chain_cases(rng):
    rows = [
        ([50.0], 1e9, "a single 50 km link at 1 GHz"),
        ([40.0, 75.0, 55.0, 95.0, 30.0], 1e9, "five uneven links at 1 GHz"),
        ([60.0] * 33, 1e9, "33 hops of 60 km (a 2,000 km backbone)"),
        ([20.0, 20.0, 10.0], 1e8, "three short links at 100 MHz"),
        ([80.0, 160.0, 40.0], 1e9, "one link of 160 km, too long for decoy BB84 here"),
    ]
    cases = [
        Case({"link_lengths_km": L, "repetition_rate_hz": f}, label=label) for L, f, label in rows
    ]
    lengths = [round(float(x), 1) for x in rng.uniform(10, 130, size=4)]
    cases.append(Case({"link_lengths_km": lengths, "repetition_rate_hz": 5e8}))
    return cases


def _chain_hidden(rng):
    return [
        Case(
            {
                "link_lengths_km": [round(float(x), 1) for x in rng.uniform(5, 140, size=n)],
                "repetition_rate_hz": float(rng.choice([1e8, 1e9, 2.5e9])),
            }
        )
        for n in (2, 6, 9)
    ]


register(
    Task(
        task_id="04.3",
        title="The key rate of a trusted-node chain",
        skill="implement",
        kind="function",
        reference=_chain_rate,
        cases=_chain_cases,
        hidden_cases=_chain_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-6),
        hints=(
            "First find each link's own key rate in bit/s: secret bits per pulse on that link "
            "times the pulses per second.",
            "qie.decoy_bb84_key_rate(length_km) gives the secret bits per pulse of one fiber "
            "link (it accepts an array of lengths).",
            "Every relayed key bit uses one key bit on every link, so the chain delivers the "
            "rate of its slowest link: the minimum, not the product or the mean.",
        ),
        points=2,
    )
)


# 04.4 -----------------------------------------------------------------------------------------
def _relays_needed(total_km, target_rate_bps, repetition_rate_hz):
    n_relays = 0
    while n_relays < 100_000:
        hop = total_km / (n_relays + 1)
        rate = _chain_rate([hop] * (n_relays + 1), repetition_rate_hz)
        if rate >= target_rate_bps:
            return n_relays
        n_relays += 1
    raise ValueError("target rate out of reach")


def _relays_cases(rng):
    rows = [
        (100.0, 1e3, 1e9, "100 km, 1 kbit/s: no relay needed"),
        (300.0, 1e3, 1e9, "300 km, 1 kbit/s at 1 GHz"),
        (2000.0, 1e5, 1e9, "2,000 km, 100 kbit/s at 1 GHz"),
        (2000.0, 1e4, 1e9, "2,000 km, 10 kbit/s at 1 GHz"),
        (600.0, 5e4, 1e8, "600 km, 50 kbit/s at 100 MHz"),
    ]
    return [
        Case(
            {"total_km": d, "target_rate_bps": r, "repetition_rate_hz": f},
            label=label,
        )
        for d, r, f, label in rows
    ]


def _relays_hidden(rng):
    return [
        Case(
            {
                "total_km": round(float(rng.uniform(150, 3000)), 0),
                "target_rate_bps": round(float(rng.uniform(1e3, 2e5)), 0),
                "repetition_rate_hz": 1e9,
            }
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="04.4",
        title="How many trusted relays for a target key rate",
        skill="implement",
        kind="function",
        reference=_relays_needed,
        cases=_relays_cases,
        hidden_cases=_relays_hidden,
        compare=compare_equal(),
        hints=(
            "With n relays equally spaced, the chain has n + 1 links of total_km / (n + 1) each, "
            "and its rate is the rate of one such link.",
            "Start with n = 0 (a direct link) and add relays one at a time until the chain's rate "
            "reaches the target; your function from 04.3 gives the rate.",
            "Return the number of relays (intermediate nodes), not the number of links: a chain "
            "with 3 links has 2 relays.",
        ),
        points=2,
    )
)
