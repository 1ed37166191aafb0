"""Tasks of module 01 (qubits): the Born rule in two bases, a Qiskit circuit, polarization.

References use ``qiskit.quantum_info.Statevector`` (imported inside the functions, so
that loading the task list stays light) and Qiskit's ``StatevectorSampler``.
"""

from __future__ import annotations

import math

import numpy as np

from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    compare_sampled,
    named,
    register,
    register_module,
)

register_module("01", "Qubits")


def _probabilities(alpha, beta, *, basis):
    """Born-rule probabilities of the state alpha|0> + beta|1> in the Z or X basis."""
    from qiskit.quantum_info import Statevector

    state = Statevector(np.array([alpha, beta], dtype=complex))
    if basis == "X":
        from qiskit.circuit.library import HGate

        state = state.evolve(HGate())  # H maps |+> to |0> and |-> to |1>
    return np.asarray(state.probabilities(), dtype=float)


def _amplitude_cases(rng, n_random):
    s = 1 / math.sqrt(2)
    named = [
        ((1.0, 0.0), "|0>"),
        ((0.0, 1.0), "|1>"),
        ((s, s), "|+>"),
        ((s, -s), "|->"),
        ((s, 1j * s), "(|0> + i|1>)/sqrt(2)"),
        ((math.sqrt(0.2), math.sqrt(0.8)), "sqrt(0.2)|0> + sqrt(0.8)|1>"),
    ]
    cases = [Case({"alpha": complex(a), "beta": complex(b)}, label=lbl) for (a, b), lbl in named]
    for _ in range(n_random):
        v = rng.normal(size=2) + 1j * rng.normal(size=2)
        v = v / np.linalg.norm(v)
        cases.append(Case({"alpha": complex(v[0]), "beta": complex(v[1])}))
    return cases


# 01.1 -----------------------------------------------------------------------------------------
register(
    Task(
        task_id="01.1",
        title="Born rule in the Z basis",
        skill="implement",
        kind="function",
        reference=lambda alpha, beta: _probabilities(alpha, beta, basis="Z"),
        cases=lambda rng: _amplitude_cases(rng, 2),
        hidden_cases=lambda rng: _amplitude_cases(rng, 4)[6:],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "The Born rule: the probability of an outcome is the squared magnitude of its "
            "amplitude.",
            "Amplitudes may be complex: use abs(alpha) ** 2, not alpha ** 2.",
            "Return [abs(alpha) ** 2, abs(beta) ** 2]; the two numbers add up to 1.",
        ),
        points=1,
    )
)


# 01.2 -----------------------------------------------------------------------------------------
register(
    Task(
        task_id="01.2",
        title="Measuring in the X basis",
        skill="implement",
        kind="function",
        reference=lambda alpha, beta: _probabilities(alpha, beta, basis="X"),
        cases=lambda rng: _amplitude_cases(rng, 2),
        hidden_cases=lambda rng: _amplitude_cases(rng, 4)[6:],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "Write the state in the X basis: alpha|0> + beta|1> = a_plus|+> + a_minus|->.",
            "Since |0> = (|+> + |->)/sqrt(2) and |1> = (|+> - |->)/sqrt(2), "
            "a_plus = (alpha + beta)/sqrt(2).",
            "p_plus = abs(alpha + beta) ** 2 / 2 and p_minus = abs(alpha - beta) ** 2 / 2; "
            "the relative phase matters.",
        ),
        points=1,
    )
)


# 01.3 -----------------------------------------------------------------------------------------
def _minus_circuit():
    from qiskit import QuantumCircuit

    circuit = QuantumCircuit(1)
    circuit.x(0)
    circuit.h(0)
    return circuit


register(
    Task(
        task_id="01.3",
        title="A circuit that prepares |->",
        skill="implement",
        kind="value",
        reference=_minus_circuit,
        compare=named("circuit_state", name="|->"),
        hints=(
            "A circuit starts in |0>. Which gate makes a superposition, and which flips a bit or "
            "a sign?",
            "H|0> = |+> and H|1> = |->; Z|+> = |->.",
            "Two gates suffice: X then H (or H then Z).",
        ),
        points=1,
    )
)


# 01.4 -----------------------------------------------------------------------------------------
def _plus_fraction(circuit, shots, seed):
    from qiskit.primitives import StatevectorSampler

    measured = circuit.copy()
    measured.h(0)  # rotate the X basis onto the Z basis: |+> -> |0>
    measured.measure_all()
    result = StatevectorSampler(seed=seed).run([measured], shots=shots).result()[0]
    return result.data.meas.get_counts().get("0", 0) / shots


def _prepared(theta_deg, phi_deg):
    from qiskit import QuantumCircuit

    circuit = QuantumCircuit(1)
    circuit.ry(math.radians(theta_deg), 0)
    circuit.p(math.radians(phi_deg), 0)
    return circuit


def _plus_exact(circuit, shots, seed):
    """P(+) of the circuit's state and the binomial standard error sqrt(p (1 - p) / shots) of
    one estimate from ``shots`` shots."""
    from qiskit.quantum_info import Statevector

    alpha, beta = Statevector(circuit).data
    p = float(_probabilities(alpha, beta, basis="X")[0])
    return p, math.sqrt(p * (1 - p) / shots)


def _setting(theta_deg, phi_deg, seed):
    return Case(
        {"circuit": _prepared(theta_deg, phi_deg), "shots": 4000, "seed": seed},
        label=f"Ry({theta_deg} deg) then P({phi_deg} deg) on |0>, 4000 shots",
    )


def _sampling_cases(rng):
    # P(+) = (1 + sin(theta) cos(phi)) / 2 lies in [0.25, 0.75] and differs from P(0), P(1)
    # and P(-) by at least 0.25, so that measuring in the wrong basis fails while the mean
    # of 8 estimates is within 5.5 * 0.0079 / sqrt(8) = 0.015 of the exact value.
    angles = [(90, 60), (90, 120), (20, 0), (160, 180)]
    return [_setting(t, p, 11 + i) for i, (t, p) in enumerate(angles)]


def _sampling_hidden(rng):
    return [_setting(t, p, int(rng.integers(1000))) for t, p in [(-25, 200), (90, -130)]]


register(
    Task(
        task_id="01.4",
        title="Estimate P(+) from measurement counts",
        skill="implement",
        kind="function",
        reference=_plus_fraction,
        exact=_plus_exact,
        cases=_sampling_cases,
        hidden_cases=_sampling_hidden,
        # A simulation: 8 seeds per setting. An honest sampler fails with probability
        # 1.5e-7 (4 public settings) or 2.3e-7 (with the 2 hidden ones), see
        # qinternet_edu.exercises.sampling.honest_failure_probability.
        compare=compare_sampled(seeds=8),
        hints=(
            "A measurement in Qiskit is always in the Z basis; rotate the X basis onto it first.",
            "Copy the circuit, apply H (it maps |+> to |0>), then measure_all().",
            "Run StatevectorSampler(seed=seed).run([qc], shots=shots).result()[0]."
            "data.meas.get_counts(), and divide the count of '0' by shots.",
        ),
        switched_off=("circuits.measure_in_basis",),
        points=2,
    )
)


# 01.5 -----------------------------------------------------------------------------------------
def _polarization_probabilities(polarization_deg, basis):
    theta = math.radians(polarization_deg)
    # Linear polarization at angle theta: cos(theta)|H> + sin(theta)|V>, with H = |0>, V = |1>,
    # D (+45 deg) = |+> and A (-45 deg) = |->.
    return _probabilities(
        math.cos(theta), math.sin(theta), basis="Z" if basis == "rectilinear" else "X"
    )


def _polarization_cases(rng):
    pairs = [(0, "rectilinear"), (90, "rectilinear"), (45, "diagonal"), (135, "diagonal")]
    pairs += [(30, "rectilinear"), (30, "diagonal"), (-20, "diagonal"), (170, "rectilinear")]
    return [
        Case({"polarization_deg": d, "basis": b}, label=f"polarization_deg = {d}, basis = {b!r}")
        for d, b in pairs
    ]


def _polarization_hidden(rng):
    return [
        Case({"polarization_deg": float(d), "basis": b})
        for d, b in zip(
            np.round(rng.uniform(-90, 180, 4), 1),
            ("rectilinear", "diagonal", "rectilinear", "diagonal"),
            strict=True,
        )
    ]


register(
    Task(
        task_id="01.5",
        title="Photon polarization in two bases",
        skill="implement",
        kind="function",
        reference=_polarization_probabilities,
        cases=_polarization_cases,
        hidden_cases=_polarization_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "A photon polarized at angle theta is cos(theta)|H> + sin(theta)|V>; H is |0>, "
            "V is |1>, D (45 deg) is |+>, A (135 deg) is |->.",
            "The angle is in degrees: convert with math.radians before calling math.cos.",
            "Rectilinear: [cos^2(theta), sin^2(theta)]. Diagonal: [cos^2(theta - 45 deg), "
            "sin^2(theta - 45 deg)] (Malus's law).",
        ),
        uses=("z_probabilities", "x_probabilities"),
        points=2,
    )
)
