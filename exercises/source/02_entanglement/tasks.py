"""Tasks of module 02 (entanglement): Bell-state correlations, the CHSH game, noise thresholds.

References call the library (``qie.chsh_score``, ``qie.werner_parameter_to_fidelity``) and
``qiskit.quantum_info`` (imported inside the functions, so that loading the task list stays
light).
"""

from __future__ import annotations

import math

import numpy as np

from qinternet_edu.entanglement import chsh_score
from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    compare_sampled,
    named,
    register,
    register_module,
)
from qinternet_edu.states import werner_parameter_to_fidelity

register_module("02", "Entanglement")

_S = 1 / math.sqrt(2)


# 02.1 -----------------------------------------------------------------------------------------
def _correlators(amplitudes):
    """[E_ZZ, E_XX]: expectation values of Z(x)Z and X(x)X in the two-qubit state."""
    from qiskit.quantum_info import Pauli, Statevector

    state = Statevector(np.asarray(amplitudes, dtype=complex))
    return np.array([state.expectation_value(Pauli(label)).real for label in ("ZZ", "XX")])


def _correlator_cases(rng, n_random):
    named = [
        ((_S, 0, 0, _S), "phi+ = (|00> + |11>)/sqrt2"),
        ((_S, 0, 0, -_S), "phi- = (|00> - |11>)/sqrt2"),
        ((0, _S, _S, 0), "psi+ = (|01> + |10>)/sqrt2"),
        ((0, _S, -_S, 0), "psi- = (|01> - |10>)/sqrt2"),
        ((0.5, 0.5, 0.5, 0.5), "|++> = (|00> + |01> + |10> + |11>)/2"),
        ((1, 0, 0, 0), "|00>"),
        ((math.sqrt(0.8), 0, 0, 1j * math.sqrt(0.2)), "sqrt(0.8)|00> + i sqrt(0.2)|11>"),
    ]
    cases = [Case({"amplitudes": [complex(a) for a in amps]}, label=label) for amps, label in named]
    for _ in range(n_random):
        v = rng.normal(size=4) + 1j * rng.normal(size=4)
        v = v / np.linalg.norm(v)
        cases.append(Case({"amplitudes": [complex(a) for a in v]}))
    return cases


register(
    Task(
        task_id="02.1",
        title="Bell-state correlations from amplitudes",
        skill="implement",
        kind="function",
        reference=_correlators,
        cases=lambda rng: _correlator_cases(rng, 2),
        hidden_cases=lambda rng: _correlator_cases(rng, 4)[7:],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "A correlator is P(outcomes equal) - P(outcomes differ). In the Z basis the "
            "outcomes of |b1 b0> are the bits themselves.",
            "E_ZZ = |a00|^2 - |a01|^2 - |a10|^2 + |a11|^2. For X(x)X, first rewrite the state "
            "in the X basis of both qubits (H on each qubit), then do the same.",
            "With qiskit: Statevector(amplitudes).expectation_value(Pauli('XX')).real; or apply "
            "np.kron(H, H) to the amplitude vector and use the Z-basis formula.",
        ),
        points=1,
    )
)


# 02.2 -----------------------------------------------------------------------------------------
def _chsh(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility):
    score = chsh_score(
        alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility=visibility
    )
    return np.array([score.chsh_value, score.win_probability])


_Q = math.pi / 4


def _angles_case(a0, a1, b0, b1, p, label=""):
    return Case(
        {
            "alice_angle_0": a0,
            "alice_angle_1": a1,
            "bob_angle_0": b0,
            "bob_angle_1": b1,
            "visibility": p,
        },
        label=label,
    )


def _chsh_cases(rng):
    cases = [
        _angles_case(0.0, 2 * _Q, _Q, -_Q, 1.0, "optimal angles (0, 90 deg; 45, -45 deg), p = 1"),
        _angles_case(0.0, 0.0, 0.0, 0.0, 1.0, "all axes equal (a classical strategy), p = 1"),
        _angles_case(0.0, 2 * _Q, _Q, -_Q, 0.6, "optimal angles, visibility p = 0.6"),
        _angles_case(0.3, 1.2, 0.9, -0.1, 1.0, "angles 0.3, 1.2; 0.9, -0.1 rad, p = 1"),
        _angles_case(0.0, 2 * _Q, -_Q, _Q, 0.9, "Bob's questions swapped, p = 0.9"),
    ]
    for _ in range(2):
        a = rng.uniform(-math.pi, math.pi, size=4).round(3)
        cases.append(_angles_case(*(float(x) for x in a), round(float(rng.uniform(0.5, 1)), 2)))
    return cases


def _chsh_hidden(rng):
    return [
        _angles_case(*(float(x) for x in rng.uniform(-math.pi, math.pi, 4).round(3)), float(p))
        for p in rng.uniform(0, 1, 3).round(2)
    ]


register(
    Task(
        task_id="02.2",
        title="CHSH value and winning probability of given angles",
        skill="implement",
        kind="function",
        reference=_chsh,
        cases=_chsh_cases,
        hidden_cases=_chsh_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "For the pair p|phi+><phi+| + (1 - p) I/4 and axes at angles a and b in the X-Z plane, "
            "the correlator is E(a, b) = p cos(a - b).",
            "S = E(a0, b0) + E(a0, b1) + E(a1, b0) - E(a1, b1): only the question pair (1, 1) "
            "enters with a minus sign.",
            "The game is won with probability 1/2 + S/8; return [S, 1/2 + S/8]. "
            "qie.chsh_score does it all, if you want to check yourself.",
        ),
        switched_off=("chsh_score",),
        points=1,
    )
)


# 02.3 -----------------------------------------------------------------------------------------
def _threshold_fidelity(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1):
    ideal = chsh_score(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1).chsh_value
    if ideal <= 2.0 + 1e-12:
        return None  # no visibility p <= 1 lifts these angles above the classical bound
    return werner_parameter_to_fidelity(2.0 / ideal)  # S scales as p: S(p) = p S(1)


def _threshold_cases(rng):
    return [
        Case(
            {"alice_angle_0": 0.0, "alice_angle_1": 2 * _Q, "bob_angle_0": _Q, "bob_angle_1": -_Q},
            label="optimal angles (0, 90 deg; 45, -45 deg)",
        ),
        Case(
            {"alice_angle_0": 0.0, "alice_angle_1": 1.4, "bob_angle_0": 0.8, "bob_angle_1": -0.7},
            label="angles 0, 1.4; 0.8, -0.7 rad",
        ),
        Case(
            {"alice_angle_0": 0.0, "alice_angle_1": 0.0, "bob_angle_0": 0.0, "bob_angle_1": 0.0},
            label="all axes equal: S = 2 at best",
        ),
        Case(
            {"alice_angle_0": 0.0, "alice_angle_1": 2 * _Q, "bob_angle_0": -_Q, "bob_angle_1": _Q},
            label="Bob's questions swapped: S = 0",
        ),
        Case(
            {
                "alice_angle_0": 0.0,
                "alice_angle_1": 2 * _Q,
                "bob_angle_0": 5 * _Q,
                "bob_angle_1": 3 * _Q,
            },
            label="Bob's axes turned by 180 deg (225, 135 deg): S = -2 sqrt2, the game is lost",
        ),
        Case(
            {"alice_angle_0": 0.2, "alice_angle_1": 1.5, "bob_angle_0": 0.9, "bob_angle_1": -0.5},
            label="angles 0.2, 1.5; 0.9, -0.5 rad",
        ),
    ]


def _threshold_hidden(rng):
    cases = []
    for _ in range(4):
        # Near-optimal angles with a random offset: most violate, some do not.
        a0 = round(float(rng.uniform(-1, 1)), 3)
        jitter = rng.normal(scale=0.3, size=3).round(3)
        a1, b0, b1 = a0 + 2 * _Q + jitter[0], a0 + _Q + jitter[1], a0 - _Q + jitter[2]
        cases.append(
            Case(
                {
                    "alice_angle_0": a0,
                    "alice_angle_1": float(a1),
                    "bob_angle_0": float(b0),
                    "bob_angle_1": float(b1),
                }
            )
        )
    return cases


register(
    Task(
        task_id="02.3",
        title="The noise a Bell violation tolerates",
        skill="implement",
        kind="function",
        reference=_threshold_fidelity,
        cases=_threshold_cases,
        hidden_cases=_threshold_hidden,
        compare=named(
            "optional",
            none_reason="these angles never beat the classical bound, whatever the pair",
            what="the fidelity ",
            rtol=1e-6,
            atol=1e-9,
        ),
        hints=(
            "White noise scales every correlator by the visibility p, so S(p) = p S(1): find S "
            "for a perfect pair first.",
            "The angles win more than 3/4 of the games when S(p) > 2, i.e. p > 2 / S(1). If "
            "S(1) <= 2 (including negative S), no p <= 1 helps: return None.",
            "Convert the threshold visibility to the Werner fidelity with F = (1 + 3p)/4 "
            "(qie.werner_parameter_to_fidelity). For the optimal angles F = 0.78.",
        ),
        uses=("chsh",),
        points=2,
    )
)


# 02.4 -----------------------------------------------------------------------------------------
def _game_win_probability(alice_angles, bob_angles, shots, seed):
    """An honest simulation: ``shots`` rounds per question pair on phi+, seeded per pair."""
    from qinternet_edu.circuits import bell_pair_circuit, measure_in_basis, sample_counts

    fractions = []
    for x in (0, 1):
        for y in (0, 1):
            qc = bell_pair_circuit("phi+")
            qc.ry(-alice_angles[x], 0)
            qc.ry(-bob_angles[y], 1)
            counts = sample_counts(measure_in_basis(qc, "Z"), shots=shots, seed=seed + 2 * x + y)
            won = sum(n for key, n in counts.items() if int(key[1]) ^ int(key[0]) == x & y)
            fractions.append(won / shots)
    return float(np.mean(fractions))


def _game_exact(alice_angles, bob_angles, shots, seed):
    """The winning probability and the standard error of the average of four binomial
    fractions: sqrt(sum_xy p_xy (1 - p_xy) / shots) / 4, with p_xy = (1 + E_xy) / 2 for
    (x, y) != (1, 1) and (1 - E_11) / 2 (the rounds won)."""
    score = chsh_score(*alice_angles, *bob_angles)
    e00, e01, e10, e11 = (float(e) for e in score.correlators)
    wins = [(1 + e00) / 2, (1 + e01) / 2, (1 + e10) / 2, (1 - e11) / 2]
    spread = math.sqrt(sum(p * (1 - p) for p in wins) / shots) / 4
    return float(score.win_probability), spread


def _game_setting(alice, bob, seed, label):
    return Case(
        {"alice_angles": alice, "bob_angles": bob, "shots": 2000, "seed": seed},
        label=f"{label}, 2000 shots per question pair",
    )


def _game_cases(rng):
    # Winning probabilities 0.85, 0.5 and 0.79, no question pair won always or never: every
    # setting's estimates have a spread, which the check compares with sampling's.
    rows = [
        ((0.0, 2 * _Q), (_Q, -_Q), "optimal angles (0, 90 deg; 45, -45 deg)"),
        ((0.0, 2 * _Q), (-_Q, _Q), "Bob's questions swapped"),
        ((0.4, 1.5), (-0.3, 1.1), "angles 0.4, 1.5; -0.3, 1.1 rad"),
    ]
    return [_game_setting(a, b, 20 + k, label) for k, (a, b, label) in enumerate(rows)]


def _game_hidden(rng):
    a = rng.uniform(-math.pi, math.pi, 4).round(3)
    alice, bob = (float(a[0]), float(a[1])), (float(a[2]), float(a[3]))
    return [_game_setting(alice, bob, int(rng.integers(1000)), f"angles {alice}; {bob} rad")]


register(
    Task(
        task_id="02.4",
        title="Play the CHSH game on a simulated Bell pair",
        skill="implement",
        kind="function",
        reference=_game_win_probability,
        exact=_game_exact,
        cases=_game_cases,
        hidden_cases=_game_hidden,
        # A simulation: 6 seeds per setting. An honest sampler fails with probability
        # 5.3e-7 (3 public settings) or 1.6e-7 (with the hidden one), see
        # qinternet_edu.exercises.sampling.honest_failure_probability.
        compare=compare_sampled(seeds=6),
        hints=(
            "For each question pair (x, y): prepare phi+ (qie.circuits.bell_pair_circuit()), "
            "turn each qubit's measurement axis, measure both, and count the rounds won.",
            "Measuring along the axis at angle t in the X-Z plane is qc.ry(-t, qubit) followed "
            "by a Z measurement. Alice is qubit 0 (rightmost bit in the count keys), Bob qubit 1.",
            "A round with outputs a, b is won when (a XOR b) == (x AND y). Average the four "
            "winning fractions (the questions are equally likely).",
        ),
        switched_off=("chsh_score",),
        points=2,
    )
)
