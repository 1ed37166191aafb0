"""Bell, Werner and Bell-diagonal states, and the fidelity, against qiskit.quantum_info."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit import QuantumCircuit
from qiskit.quantum_info import DensityMatrix, Statevector, partial_trace, state_fidelity

import qinternet_edu as qie

NAMES = ("phi+", "phi-", "psi+", "psi-")


@pytest.mark.parametrize("name", NAMES)
def test_bell_states_are_pure_and_maximally_entangled(name):
    rho = qie.bell_state(name)
    assert isinstance(rho, DensityMatrix)
    assert float(rho.purity().real) == pytest.approx(1.0, abs=1e-12)
    reduced = partial_trace(rho, [1])
    assert np.allclose(reduced.data, np.eye(2) / 2, atol=1e-12)


def test_bell_states_are_orthonormal():
    for i, a in enumerate(NAMES):
        for j, b in enumerate(NAMES):
            expected = 1.0 if i == j else 0.0
            assert qie.fidelity(qie.bell_statevector(a), qie.bell_state(b)) == pytest.approx(
                expected, abs=1e-12
            )


def test_phi_plus_matches_the_hadamard_cnot_circuit():
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    assert Statevector(qc).equiv(qie.bell_statevector("phi+"))


def test_psi_minus_amplitudes_follow_qiskit_order():
    # |01> means qubit 0 is 1 (Qiskit's little-endian labels).
    amplitudes = qie.bell_statevector("psi-").data
    assert amplitudes == pytest.approx(np.array([0, 1, -1, 0]) / math.sqrt(2), abs=1e-15)


@pytest.mark.parametrize("bad", ["phi", "PHI+", "bell", ""])
def test_bell_state_rejects_unknown_names(bad):
    with pytest.raises(ValueError, match="name"):
        qie.bell_state(bad)
    with pytest.raises(ValueError, match="name"):
        qie.bell_statevector(bad)


@pytest.mark.parametrize("bad", [0, None, 1.5])
def test_bell_state_rejects_non_strings(bad):
    with pytest.raises(TypeError, match="name"):
        qie.bell_state(bad)


def test_werner_state_is_the_mixture_with_white_noise():
    f = 0.8
    p = (4 * f - 1) / 3
    expected = p * qie.bell_state("phi+").data + (1 - p) * np.eye(4) / 4
    assert np.allclose(qie.werner_state(f).data, expected, atol=1e-14)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.25, max_value=1.0))
def test_werner_fidelity_with_phi_plus_equals_its_parameter(f):
    rho = qie.werner_state(f)
    assert rho.is_valid(atol=1e-10)
    # Independent computation: <phi+| rho |phi+> directly.
    phi = qie.bell_statevector("phi+").data
    overlap = float(np.real(phi.conj() @ rho.data @ phi))
    assert overlap == pytest.approx(f, abs=1e-12)
    assert qie.fidelity(rho, qie.bell_state("phi+")) == pytest.approx(f, abs=1e-12)


def test_werner_is_entangled_exactly_above_one_half():
    # Peres-Horodecki: a two-qubit state is entangled iff its partial transpose
    # has a negative eigenvalue; for a Werner pair that happens for F > 1/2.
    def min_pt_eigenvalue(f):
        rho = qie.werner_state(f).data.reshape(2, 2, 2, 2)
        pt = rho.transpose(0, 3, 2, 1).reshape(4, 4)
        return np.linalg.eigvalsh(pt).min()

    assert min_pt_eigenvalue(0.5) == pytest.approx(0.0, abs=1e-12)
    assert min_pt_eigenvalue(0.51) < -1e-3
    assert min_pt_eigenvalue(0.49) > 1e-3


def test_werner_parameter_conversions_are_inverse_and_vectorized():
    f = np.linspace(0.25, 1.0, 31)
    p = qie.werner_fidelity_to_parameter(f)
    assert isinstance(p, np.ndarray)
    assert p[0] == pytest.approx(0.0, abs=1e-15)
    assert p[-1] == pytest.approx(1.0, abs=1e-15)
    assert qie.werner_parameter_to_fidelity(p) == pytest.approx(f, abs=1e-15)
    assert isinstance(qie.werner_parameter_to_fidelity(0.5), float)
    assert qie.werner_parameter_to_fidelity(0.5) == pytest.approx(0.625, abs=1e-15)


@pytest.mark.parametrize("bad", [0.2, 0.0, 1.01, -0.1, float("nan")])
def test_werner_fidelity_range_is_one_quarter_to_one(bad):
    with pytest.raises(ValueError, match="fidelity"):
        qie.werner_state(bad)
    with pytest.raises(ValueError, match="fidelity"):
        qie.werner_fidelity_to_parameter(bad)


def test_werner_below_one_quarter_points_to_bell_diagonal_states():
    with pytest.raises(ValueError, match="bell_diagonal_state"):
        qie.werner_state(0.1)
    # The physical but non-mixture end p = -1/3 (F = 0) is a Bell-diagonal state.
    rho = qie.bell_diagonal_state([0.0, 1 / 3, 1 / 3, 1 / 3])
    assert rho.is_valid(atol=1e-12)
    assert qie.fidelity(rho, qie.bell_state("phi+")) == pytest.approx(0.0, abs=1e-12)
    p = -1 / 3
    expected = p * qie.bell_state("phi+").data + (1 - p) * np.eye(4) / 4
    assert np.allclose(rho.data, expected, atol=1e-14)


@pytest.mark.parametrize("bad", [-1 / 3, -0.01, 1.5, float("nan")])
def test_werner_parameter_range_is_zero_to_one(bad):
    with pytest.raises(ValueError, match="p must be"):
        qie.werner_parameter_to_fidelity(bad)


@pytest.mark.parametrize("bad", [True, "0.9", None, 1 + 0j])
def test_werner_functions_reject_non_numbers(bad):
    with pytest.raises(TypeError, match="fidelity"):
        qie.werner_fidelity_to_parameter(bad)
    with pytest.raises(TypeError, match="p must be"):
        qie.werner_parameter_to_fidelity(bad)
    with pytest.raises(TypeError, match="fidelity"):
        qie.werner_state(bad)


def test_werner_state_takes_a_single_fidelity():
    with pytest.raises(TypeError, match="fidelity"):
        qie.werner_state([0.9, 0.8])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=4, max_size=4))
def test_bell_diagonal_coefficients_are_the_bell_fidelities(raw):
    total = sum(raw)
    if total < 1e-6:
        return
    lam = np.array(raw) / total
    rho = qie.bell_diagonal_state(lam)
    assert rho.is_valid(atol=1e-10)
    for weight, name in zip(lam, NAMES, strict=True):
        assert qie.fidelity(rho, qie.bell_statevector(name)) == pytest.approx(weight, abs=1e-12)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ([0.5, 0.5, 0.5, 0.5], ValueError),
        ([1.0, 0.0, 0.0], ValueError),
        ([1.1, -0.1, 0.0, 0.0], ValueError),
        ([float("nan"), 0.0, 0.0, 1.0], ValueError),
        (0.5, ValueError),
        ("abcd", TypeError),
        ([True, False, False, False], TypeError),
    ],
)
def test_bell_diagonal_state_rejects_bad_coefficients(bad, error):
    with pytest.raises(error, match="coefficients"):
        qie.bell_diagonal_state(bad)


def test_fidelity_matches_qiskit_for_random_mixed_states():
    rng = np.random.default_rng(7)
    for _ in range(20):
        a = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
        b = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
        rho = DensityMatrix(a @ a.conj().T / np.trace(a @ a.conj().T))
        sigma = DensityMatrix(b @ b.conj().T / np.trace(b @ b.conj().T))
        assert qie.fidelity(rho, sigma) == pytest.approx(state_fidelity(rho, sigma), abs=1e-7)
        assert qie.fidelity(rho, sigma) == pytest.approx(qie.fidelity(sigma, rho), abs=1e-12)


def test_fidelity_of_commuting_bell_diagonal_states_is_the_classical_one():
    # For commuting states F = (sum_i sqrt(lambda_i mu_i))^2 (Jozsa 1994).
    lam = np.array([0.7, 0.1, 0.15, 0.05])
    mu = np.array([0.4, 0.3, 0.0, 0.3])
    expected = np.sum(np.sqrt(lam * mu)) ** 2
    value = qie.fidelity(qie.bell_diagonal_state(lam), qie.bell_diagonal_state(mu))
    assert value == pytest.approx(expected, abs=1e-12)


def test_fidelity_accepts_arrays_and_statevectors():
    phi = qie.bell_statevector("phi+")
    assert qie.fidelity(phi, phi) == pytest.approx(1.0, abs=1e-14)
    assert qie.fidelity(phi.data, qie.werner_state(0.6).data) == pytest.approx(0.6, abs=1e-12)
    assert qie.fidelity(qie.werner_state(0.6), phi) == pytest.approx(0.6, abs=1e-12)
    assert isinstance(qie.fidelity(phi, phi), float)


@pytest.mark.parametrize("bad", ["phi+", 0.5, None, {"a": 1}])
def test_fidelity_rejects_non_states(bad):
    with pytest.raises(TypeError, match="state"):
        qie.fidelity(bad, qie.bell_state())
    with pytest.raises(TypeError, match="target"):
        qie.fidelity(qie.bell_state(), bad)


def test_fidelity_rejects_invalid_or_mismatched_states():
    with pytest.raises(ValueError, match="state"):
        qie.fidelity(np.array([1.0, 1.0, 0.0, 0.0]), qie.bell_state())  # not normalised
    with pytest.raises(ValueError, match="dimension"):
        qie.fidelity(np.array([1.0, 0.0]), qie.bell_state())
    with pytest.raises(ValueError, match="state"):
        qie.fidelity(np.ones((2, 3)), qie.bell_state())  # not square
    with pytest.raises(ValueError, match="state"):
        qie.fidelity(np.diag([1.5, -0.5]), np.array([1.0, 0.0]))  # not positive
