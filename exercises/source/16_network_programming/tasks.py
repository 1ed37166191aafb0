"""Tasks of module 16 (programming quantum network applications): BB84 and BBM92 as node
programs, teleportation, a leader election, and a design task (the longest BB84 link).

Program tasks are judged on what the checker can verify from plain data the programs
return: Bob's sifted bits against Alice's secret bits (BB84), Bob's decoded bits against a
secret message (BBM92), Bob's measured outcomes against the states the checker chose and
kept secret (teleportation), and both nodes' lists of leaders (they must agree, and be
fair). The reference of a secret-judged task is what the checker knows; the instructor
notebook beside this file holds the node programs themselves.
"""

from __future__ import annotations

from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    named,
    register,
    register_module,
)

register_module("16", "Programming quantum network applications")


def _bits(rng, n):
    return [int(b) for b in rng.integers(0, 2, size=n)]


def _bases(rng, n, choices=("Z", "X")):
    return [str(b) for b in rng.choice(list(choices), size=n)]


# 16.1 -----------------------------------------------------------------------------------------
def _bb84_expected(length_km, alice_bits, alice_bases, bob_bases, seed):
    """What the checker knows: Alice's bit where the bases agree, None (discard) elsewhere."""
    return [
        b if x == y else None for b, x, y in zip(alice_bits, alice_bases, bob_bases, strict=True)
    ]


def _bb84_case(rng, length_km, n, seed, label=""):
    return Case(
        {
            "length_km": length_km,
            "alice_bits": _bits(rng, n),
            "alice_bases": _bases(rng, n),
            "bob_bases": _bases(rng, n),
            "seed": seed,
        },
        label=label,
    )


def _bb84_cases(rng):
    return [
        _bb84_case(rng, 5.0, 200, 1, "5 km, 200 photons"),
        _bb84_case(rng, 20.0, 200, 2, "20 km, 200 photons"),
    ]


def _bb84_hidden(rng):
    return [
        _bb84_case(rng, round(float(rng.uniform(2, 20)), 1), 200, int(rng.integers(1000)))
        for _ in range(2)
    ]


register(
    Task(
        task_id="16.1",
        title="BB84 as node programs (stage 1)",
        skill="program",
        kind="function",
        reference=_bb84_expected,
        cases=_bb84_cases,
        hidden_cases=_bb84_hidden,
        # 20 km keeps about 0.4 of 100 matching slots: far above 15 (the line)
        compare=named("secret_agreement", min_fraction=1.0, min_kept=15),
        hints=(
            "Alice sends one photon per slot: yield node.send_qubit('Bob', bit=b, basis=x); "
            "Bob measures each: bit = yield node.receive_qubit('Alice', basis=y) (None: lost).",
            "Sifting is classical: Alice sends her list of bases with node.send, Bob receives "
            "it and keeps only the slots where the bases agree and a photon arrived.",
            "Return Bob's list with one entry per slot: his bit where he keeps it, None elsewhere.",
        ),
        points=3,
    )
)


# 16.2 -----------------------------------------------------------------------------------------
def _bbm92_expected(length_km, secret, alice_bases, bob_bases, seed):
    """What the checker knows: the secret bit where the bases agree, None elsewhere."""
    return [s if x == y else None for s, x, y in zip(secret, alice_bases, bob_bases, strict=True)]


def _bbm92_case(rng, length_km, n, seed, label=""):
    return Case(
        {
            "length_km": length_km,
            "secret": _bits(rng, n),
            "alice_bases": _bases(rng, n),
            "bob_bases": _bases(rng, n),
            "seed": seed,
        },
        label=label,
    )


def _bbm92_cases(rng):
    return [
        _bbm92_case(rng, 10.0, 64, 3, "10 km, 64 pairs"),
        _bbm92_case(rng, 40.0, 64, 4, "40 km, 64 pairs"),
    ]


def _bbm92_hidden(rng):
    return [_bbm92_case(rng, round(float(rng.uniform(2, 50)), 1), 64, int(rng.integers(1000)))]


register(
    Task(
        task_id="16.2",
        title="BBM92 as node programs, and a padded message (stage 2)",
        skill="program",
        kind="function",
        reference=_bbm92_expected,
        cases=_bbm92_cases,
        hidden_cases=_bbm92_hidden,
        compare=named("secret_agreement", min_fraction=1.0, min_kept=16),
        hints=(
            "Each node measures its half at once in its own basis: "
            "bit = yield node.entangle(other, keep=False, basis=x).",
            "They swap their lists of bases (node.send, then node.receive) and keep the slots "
            "where the bases agree.",
            "Alice sends secret[i] ^ key[i] for each kept slot i; Bob XORs with his bit. "
            "Return one entry per slot (None where the bases differ).",
        ),
        points=3,
    )
)


# 16.3 -----------------------------------------------------------------------------------------
def _teleport_expected(length_km, link_fidelity, states, seed):
    """What the checker knows: the bit each secret state gives when measured in its basis."""
    return [int(bit) for _, bit in states]


def _states(rng, n):
    return [
        [str(b), int(x)]
        for b, x in zip(_bases(rng, n, ("Z", "X", "Y")), _bits(rng, n), strict=True)
    ]


def _teleport_cases(rng):
    return [
        Case(
            {"length_km": 5.0, "link_fidelity": 1.0, "states": _states(rng, 12), "seed": 5},
            label="ideal pairs, 12 states",
        ),
        Case(
            {"length_km": 10.0, "link_fidelity": 0.97, "states": _states(rng, 12), "seed": 6},
            label="pairs of fidelity 0.97",
        ),
    ]


def _teleport_hidden(rng):
    return [
        Case(
            {
                "length_km": round(float(rng.uniform(2, 20)), 1),
                "link_fidelity": 1.0,
                "states": _states(rng, 12),
                "seed": int(rng.integers(1000)),
            }
        )
    ]


register(
    Task(
        task_id="16.3",
        title="Teleportation as node programs",
        skill="program",
        kind="function",
        reference=_teleport_expected,
        cases=_teleport_cases,
        hidden_cases=_teleport_hidden,
        compare=named("secret_agreement", min_fraction=0.8, min_kept=12),
        hints=(
            "State [basis, bit]: Alice makes q = node.new_qubit() (|0>), applies 'x' if bit, "
            "then 'h' for basis X, or 'h' then 's' for basis Y.",
            "Teleport: pair = yield node.entangle('Bob'); node.apply('cnot', q, pair); "
            "node.apply('h', q); m_z = node.measure(q), m_x = node.measure(pair); send both.",
            "Bob: pair = yield node.entangle('Alice'); m_z, m_x = yield node.receive('Alice'); "
            "node.correct(pair, m_z, m_x); return node.measure(pair, basis) for each state. "
            "Run with backend='circuit'.",
        ),
        points=3,
    )
)


# 16.4 -----------------------------------------------------------------------------------------
def _elect(length_km, n_rounds, seed):
    from qinternet_edu import netsim
    from qinternet_edu.network import QuantumNetwork

    net = QuantumNetwork().add_node("Alice").add_node("Bob")
    net.add_fiber("Alice", "Bob", length_km=length_km)

    def program(other):
        def run(node):
            leaders = []
            for _ in range(n_rounds):
                leaders.append((yield node.entangle(other, keep=False, basis="Z")))
            return leaders

        return run

    result = netsim.run(net, {"Alice": program("Bob"), "Bob": program("Alice")}, seed=seed)
    return [result.returns["Alice"], result.returns["Bob"]]


def _elect_cases(rng):
    return [
        Case({"length_km": 10.0, "n_rounds": 100, "seed": 8}, label="10 km, 100 rounds"),
        Case({"length_km": 50.0, "n_rounds": 100, "seed": 9}, label="50 km, 100 rounds"),
    ]


def _elect_hidden(rng):
    return [
        Case(
            {
                "length_km": round(float(rng.uniform(2, 60)), 1),
                "n_rounds": 100,
                "seed": int(rng.integers(1000)),
            }
        )
    ]


register(
    Task(
        task_id="16.4",
        title="A fair leader election with no one to trust",
        skill="program",
        kind="function",
        reference=_elect,
        cases=_elect_cases,
        hidden_cases=_elect_hidden,
        # a fair coin gives a fraction of ones outside [0.3, 0.7] in 100 rounds with
        # probability below 1e-4
        compare=named("agreed_coin", low=0.3, high=0.7),
        hints=(
            "Two nodes that share a pair and both measure it in Z get the same random bit: "
            "neither chose it, so neither can bias it.",
            "Each round: leader = yield node.entangle(other, keep=False, basis='Z') "
            "(0: Alice leads, 1: Bob leads). No message is needed.",
            "Return [alice's list, bob's list] from result.returns.",
        ),
        points=2,
    )
)


# 16.5 -----------------------------------------------------------------------------------------
def _longest(n_photons, n_bits, detector_efficiency):
    from qinternet_edu.channels import fiber_transmissivity

    length = 0
    while n_photons / 2 * fiber_transmissivity(length + 1) * detector_efficiency >= (n_bits):
        length += 1
    return length


def _longest_cases(rng):
    rows = [
        (1000, 64, 1.0, "64 bits from 1,000 photons"),
        (10_000, 64, 0.8, "64 bits from 10,000 photons"),
        (100, 64, 0.9, "64 bits from 100 photons"),
    ]
    return [
        Case({"n_photons": n, "n_bits": k, "detector_efficiency": e}, label=label)
        for n, k, e, label in rows
    ]


def _longest_hidden(rng):
    return [
        Case(
            {
                "n_photons": int(rng.integers(500, 100_000)),
                "n_bits": 64,
                "detector_efficiency": round(float(rng.uniform(0.5, 1.0)), 2),
            }
        )
    ]


register(
    Task(
        task_id="16.5",
        title="Design: the longest fiber for a BB84 key",
        skill="design",
        kind="function",
        reference=_longest,
        cases=_longest_cases,
        hidden_cases=_longest_hidden,
        compare=compare_allclose(rtol=0.0, atol=0.0),
        hints=(
            "Half the detected photons survive sifting. A photon reaches Bob's detector with "
            "probability 10^(-0.2 L / 10) x detector_efficiency (0.2 dB/km).",
            "The expected sifted key is n_photons / 2 x that probability; it falls as L grows.",
            "Return the largest whole number of km at which the expected key is still at least "
            "n_bits (0 if even 1 km is too far).",
        ),
        points=2,
    )
)
