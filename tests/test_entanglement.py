"""Pair algebra: swapping, purification, teleportation and CHSH, against density matrices."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit.quantum_info import DensityMatrix, Operator, Statevector, partial_trace

import qinternet_edu as qie
from qinternet_edu.entanglement import _bbm92_key_fraction

# ---------------------------------------------------------------- helpers (circuit level)
# Bell states in the order (phi+, phi-, psi+, psi-) used by the library.
_S = 1 / math.sqrt(2)
BELL = [
    Statevector(np.array([1, 0, 0, 1]) * _S),  # phi+
    Statevector(np.array([1, 0, 0, -1]) * _S),  # phi-
    Statevector(np.array([0, 1, 1, 0]) * _S),  # psi+
    Statevector(np.array([0, 1, -1, 0]) * _S),  # psi-
]
PAULIS = {
    "I": np.eye(2),
    "X": np.array([[0, 1], [1, 0]]),
    "Y": np.array([[0, -1j], [1j, 0]]),
    "Z": np.diag([1, -1]),
}


def bell_diagonal_dm(weights) -> DensityMatrix:
    """Two-qubit density matrix sum_k w_k |B_k><B_k| built with qiskit."""
    rho = sum(w * DensityMatrix(b).data for w, b in zip(weights, BELL, strict=True))
    return DensityMatrix(rho)


def bell_weights(rho: DensityMatrix) -> np.ndarray:
    return np.array([np.real(b.expectation_value(rho)) for b in BELL])


def two_pairs(w1, w2) -> DensityMatrix:
    """Pair 1 on qubits (0, 1), pair 2 on qubits (2, 3)."""
    return bell_diagonal_dm(w1).expand(bell_diagonal_dm(w2))


def swap_by_bell_measurement(w1, w2) -> np.ndarray:
    """Swap A-B1 (qubits 0,1) and B2-C (2,3): Bell measurement on (1,2), correct qubit 3."""
    ideal = two_pairs([1, 0, 0, 0], [1, 0, 0, 0])
    noisy = two_pairs(w1, w2)
    out = np.zeros((4, 4), dtype=complex)
    for outcome in BELL:
        projector = Operator(DensityMatrix(outcome).data)
        # the correction for this outcome is the Pauli that makes the ideal case perfect
        ideal_ac = partial_trace(ideal.evolve(projector, qargs=[1, 2]), [1, 2])
        ideal_ac = ideal_ac / ideal_ac.trace()
        fidelities = {
            name: np.real(BELL[0].expectation_value(ideal_ac.evolve(Operator(p), qargs=[1])))
            for name, p in PAULIS.items()
        }
        correction = max(fidelities, key=fidelities.get)
        assert fidelities[correction] == pytest.approx(1.0, abs=1e-12)
        branch = partial_trace(noisy.evolve(projector, qargs=[1, 2]), [1, 2])
        out += branch.evolve(Operator(PAULIS[correction]), qargs=[1]).data
    return bell_weights(DensityMatrix(out))


def purify_by_cnots(w1, w2, *, dejmps_rotation: bool):
    """Bilateral CNOT (pair 1 controls pair 2), measure pair 2 in Z, keep equal outcomes."""
    rho = two_pairs(w1, w2)  # Alice holds qubits 0 and 2, Bob holds 1 and 3
    if dejmps_rotation:
        rx_plus = Operator(np.cos(math.pi / 4) * np.eye(2) - 1j * np.sin(math.pi / 4) * PAULIS["X"])
        rx_minus = Operator(
            np.cos(math.pi / 4) * np.eye(2) + 1j * np.sin(math.pi / 4) * PAULIS["X"]
        )
        for q in (0, 2):
            rho = rho.evolve(rx_plus, qargs=[q])
        for q in (1, 3):
            rho = rho.evolve(rx_minus, qargs=[q])
    cnot = Operator(np.array([[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]]))
    rho = rho.evolve(cnot, qargs=[0, 2]).evolve(cnot, qargs=[1, 3])  # (control, target)
    kept = np.zeros((4, 4), dtype=complex)
    for bit in (0, 1):
        proj = np.zeros((2, 2))
        proj[bit, bit] = 1
        p2 = Operator(np.kron(proj, proj))
        kept += partial_trace(rho.evolve(p2, qargs=[2, 3]), [2, 3]).data
    success = float(np.real(np.trace(kept)))
    return bell_weights(DensityMatrix(kept / success)), success


def werner(f):
    return [f, (1 - f) / 3, (1 - f) / 3, (1 - f) / 3]


# ---------------------------------------------------------------- swapping
@pytest.mark.parametrize(("f1", "f2"), [(1.0, 1.0), (0.9, 0.8), (0.6, 0.95), (0.25, 0.7)])
def test_swap_fidelity_matches_explicit_bell_measurement(f1, f2):
    weights = swap_by_bell_measurement(werner(f1), werner(f2))
    assert qie.swap_fidelity(f1, f2) == pytest.approx(weights[0], abs=1e-9)
    # the output is Werner again
    np.testing.assert_allclose(weights, werner(weights[0]), atol=1e-9)


def test_swap_bell_diagonal_matches_explicit_bell_measurement():
    w1, w2 = [0.7, 0.1, 0.15, 0.05], [0.8, 0.02, 0.08, 0.1]
    np.testing.assert_allclose(
        qie.swap_bell_diagonal(w1, w2), swap_by_bell_measurement(w1, w2), atol=1e-9
    )


def test_swap_perfect_pairs_stay_perfect_and_vectorizes():
    assert qie.swap_fidelity(1.0, 1.0) == 1.0
    out = qie.swap_fidelity(np.array([1.0, 0.9]), 0.9)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [0.9, 0.9 * 0.9 + 0.1 * 0.1 / 3], atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.25, 1.0), st.floats(0.25, 1.0))
def test_swap_werner_parameters_multiply_and_never_improve(f1, f2):
    f = qie.swap_fidelity(f1, f2)
    assert qie.werner_fidelity_to_parameter(f) == pytest.approx(
        qie.werner_fidelity_to_parameter(f1) * qie.werner_fidelity_to_parameter(f2), abs=1e-12
    )
    assert f <= min(f1, f2) + 1e-12
    assert qie.swap_fidelity(f2, f1) == pytest.approx(f, abs=1e-15)


# ---------------------------------------------------------------- purification
@pytest.mark.parametrize(("f1", "f2"), [(0.8, 0.8), (0.6, 0.9), (0.95, 0.7), (0.4, 0.4)])
def test_bbpssw_matches_cnot_round_then_twirl(f1, f2):
    weights, success = purify_by_cnots(werner(f1), werner(f2), dejmps_rotation=False)
    result = qie.bbpssw(f1, f2)
    assert result.fidelity == pytest.approx(weights[0], abs=1e-9)
    assert result.success_probability == pytest.approx(success, abs=1e-9)


@pytest.mark.parametrize(
    ("w1", "w2"),
    [
        (werner(0.8), None),
        ([0.7, 0.1, 0.15, 0.05], None),
        ([0.6, 0.3, 0.05, 0.05], [0.9, 0.02, 0.03, 0.05]),
    ],
)
def test_dejmps_matches_rotated_cnot_round(w1, w2):
    weights, success = purify_by_cnots(w1, w1 if w2 is None else w2, dejmps_rotation=True)
    result = qie.dejmps(w1, w2)
    np.testing.assert_allclose(result.coefficients, weights, atol=1e-9)
    assert result.fidelity == pytest.approx(weights[0], abs=1e-9)
    assert result.success_probability == pytest.approx(success, abs=1e-9)


def test_purification_published_values_and_limits():
    # DEJMPS PRL 77, 2818 (1996): A' = (A^2 + B^2)/N, N = (A+B)^2 + (C+D)^2 by hand,
    # with A = phi+, B = psi-, C = psi+, D = phi-
    a, b, c, d = 0.7, 0.1, 0.15, 0.05
    n = (a + b) ** 2 + (c + d) ** 2
    out = qie.dejmps([a, d, c, b])
    np.testing.assert_allclose(
        out.coefficients, [(a**2 + b**2) / n, 2 * a * b / n, (c**2 + d**2) / n, 2 * c * d / n]
    )
    # perfect pairs stay perfect and always succeed
    assert qie.bbpssw(1.0).fidelity == 1.0
    assert qie.bbpssw(1.0).success_probability == 1.0
    assert qie.dejmps([1, 0, 0, 0]).fidelity == 1.0
    # F = 1/2 is the fixed point of BBPSSW
    assert qie.bbpssw(0.5).fidelity == pytest.approx(0.5, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.26, 0.999))
def test_bbpssw_raises_fidelity_only_above_one_half(f):
    out = qie.bbpssw(f).fidelity
    if f > 0.5 + 1e-9:
        assert out > f
    elif f < 0.5 - 1e-9:
        assert out < f
    # DEJMPS on a Werner input gives the same first round
    assert qie.dejmps(qie.werner_to_bell_diagonal(f)).fidelity == pytest.approx(out, abs=1e-12)


def test_bbpssw_vectorized():
    f = np.linspace(0.5, 1.0, 6)
    result = qie.bbpssw(f)
    assert result.fidelity.shape == (6,) and result.coefficients.shape == (6, 4)
    assert np.all(result.fidelity >= f - 1e-12)


# ---------------------------------------------------------------- teleportation, CHSH, QBER
def test_teleportation_fidelity_limits():
    assert qie.teleportation_fidelity(1.0) == 1.0
    assert qie.teleportation_fidelity(0.5) == pytest.approx(2 / 3, abs=1e-12)
    f = np.linspace(0, 1, 11)
    beats = qie.teleportation_fidelity(f) > 2 / 3 + 1e-12
    np.testing.assert_array_equal(beats, f > 0.5 + 1e-12)


def test_chsh_value_published_numbers():
    assert qie.chsh_value(1.0) == pytest.approx(2 * math.sqrt(2), abs=1e-12)
    assert qie.chsh_value(0.25) == 0.0
    # violation threshold: visibility 1/sqrt2 (Clauser et al. 1969; Horodecki 1995)
    f_threshold = (1 + 3 / math.sqrt(2)) / 4
    assert qie.chsh_value(f_threshold) == pytest.approx(2.0, abs=1e-12)
    assert qie.chsh_value(visibility=0.5) == pytest.approx(math.sqrt(2), abs=1e-12)


def test_chsh_value_matches_density_matrix():
    f = 0.9
    rho = bell_diagonal_dm(werner(f))
    z, x = PAULIS["Z"], PAULIS["X"]

    def obs(theta):
        return np.cos(theta) * z + np.sin(theta) * x

    def corr(a, b):
        return np.real(rho.expectation_value(Operator(np.kron(obs(b), obs(a)))))

    a0, a1, b0, b1 = 0.0, math.pi / 2, math.pi / 4, -math.pi / 4
    s = corr(a0, b0) + corr(a0, b1) + corr(a1, b0) - corr(a1, b1)
    score = qie.chsh_score(a0, a1, b0, b1, visibility=qie.werner_fidelity_to_parameter(f))
    assert score.chsh_value == pytest.approx(s, abs=1e-9)
    assert qie.chsh_value(f) == pytest.approx(s, abs=1e-9)


def test_chsh_score_bounds():
    best = qie.chsh_score(0, math.pi / 2, math.pi / 4, -math.pi / 4)
    assert best.win_probability == pytest.approx(math.cos(math.pi / 8) ** 2, abs=1e-12)
    assert best.quantum_win_probability == pytest.approx(0.8535533905932737, abs=1e-12)
    assert best.classical_win_probability == 0.75
    # aligned axes reproduce the best classical strategy (always answer the same)
    assert qie.chsh_score(0, 0, 0, 0).win_probability == pytest.approx(0.75, abs=1e-12)
    # maximally mixed state: a coin flip
    assert qie.chsh_score(0, 1, 2, 3, visibility=0.0).win_probability == 0.5
    grid = qie.chsh_score(np.linspace(0, math.pi, 50), math.pi / 2, math.pi / 4, -math.pi / 4)
    assert np.all(grid.win_probability <= math.cos(math.pi / 8) ** 2 + 1e-12)


def test_werner_qber_and_key_fraction():
    assert qie.werner_qber(1.0) == 0.0
    assert qie.werner_qber(0.25) == pytest.approx(0.5, abs=1e-12)
    # Shor-Preskill threshold: no key above Q ~ 11 %
    assert _bbm92_key_fraction(1.0) == pytest.approx(1.0)
    assert _bbm92_key_fraction(1 - 1.5 * 0.12) == 0.0


def test_werner_to_bell_diagonal_round_trip():
    w = qie.werner_to_bell_diagonal(np.array([0.3, 0.9]))
    assert w.shape == (2, 4)
    np.testing.assert_allclose(w.sum(axis=-1), 1.0)
    np.testing.assert_allclose(qie.bell_diagonal_fidelity(w), [0.3, 0.9])


# ---------------------------------------------------------------- bad inputs
@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: qie.swap_fidelity(1.2, 0.9), "f1"),
        (lambda: qie.swap_fidelity(0.9, -0.1), "f2"),
        (lambda: qie.bbpssw(1.5), "fidelity"),
        (lambda: qie.bbpssw(0.9, float("nan")), "other_fidelity"),
        (lambda: qie.dejmps([0.5, 0.2, 0.2, 0.2]), "sum to 1"),
        (lambda: qie.dejmps([1.2, -0.2, 0, 0]), "bell_diagonal"),
        (lambda: qie.dejmps([0.5, 0.5]), "4 Bell-diagonal"),
        (lambda: qie.dejmps(werner(0.9), [0.5, 0.2, 0.2, 0.2]), "other"),
        (lambda: qie.bell_diagonal_fidelity([0.3, 0.3, 0.3, 0.3]), "coefficients"),
        (lambda: qie.swap_bell_diagonal(werner(0.9), [2, 0, 0, -1]), "coefficients2"),
        (lambda: qie.teleportation_fidelity(-0.1), "pair_fidelity"),
        (lambda: qie.chsh_value(1.1), "fidelity"),
        (lambda: qie.chsh_value(visibility=-0.5), "visibility"),
        (lambda: qie.chsh_value(), "exactly one"),
        (lambda: qie.chsh_value(0.9, visibility=0.5), "exactly one"),
        (lambda: qie.chsh_score(0, 0, 0, 0, visibility=1.5), "visibility"),
        (lambda: qie.chsh_score(0, float("nan"), 0, 0), "alice_angle_1"),
        (lambda: qie.werner_to_bell_diagonal(2.0), "fidelity"),
        (lambda: qie.swap_fidelity(0.2, 0.9), "f1"),
        (lambda: qie.werner_qber(1.01), "fidelity"),
    ],
)
def test_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_types():
    with pytest.raises(TypeError, match="f1"):
        qie.swap_fidelity("0.9", 0.9)
    with pytest.raises(TypeError, match="fidelity"):
        qie.bbpssw(True)
