"""Circuit builders: states match their definitions, sampling is seeded and statistical."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit import QuantumCircuit
from qiskit.quantum_info import Statevector

import qinternet_edu as qie
from qinternet_edu import circuits

S = 1 / math.sqrt(2)
EXPECTED_STATES = {
    (0, "Z"): [1, 0],
    (1, "Z"): [0, 1],
    (0, "X"): [S, S],
    (1, "X"): [S, -S],
    (0, "Y"): [S, 1j * S],
    (1, "Y"): [S, -1j * S],
}


@pytest.mark.parametrize(("bit", "basis"), sorted(EXPECTED_STATES))
def test_encode_qubit_prepares_the_basis_states(bit, basis):
    sv = Statevector(circuits.encode_qubit(bit, basis))
    assert sv.equiv(Statevector(np.array(EXPECTED_STATES[(bit, basis)], dtype=complex)))


@pytest.mark.parametrize(("bit", "basis"), sorted(EXPECTED_STATES))
def test_measuring_in_the_encoding_basis_returns_the_bit(bit, basis):
    qc = circuits.measure_in_basis(circuits.encode_qubit(bit, basis), basis)
    assert circuits.sample_counts(qc, shots=200, seed=4) == {str(bit): 200}


def test_measuring_in_the_other_basis_is_a_fair_coin():
    n = 4000
    qc = circuits.measure_in_basis(circuits.encode_qubit(0, "Z"), "X")
    counts = circuits.sample_counts(qc, shots=n, seed=12)
    assert sum(counts.values()) == n
    assert counts["0"] / n == pytest.approx(0.5, abs=4 * math.sqrt(0.25 / n))


def test_sampling_is_reproducible_with_a_seed():
    qc = circuits.measure_in_basis(circuits.encode_qubit(1, "Y"), "X")
    a = circuits.sample_counts(qc, shots=500, seed=99)
    b = circuits.sample_counts(qc, shots=500, seed=99)
    assert a == b


def test_measure_in_basis_leaves_the_input_alone_and_adds_a_register():
    qc = circuits.encode_qubit(0, "X")
    measured = circuits.measure_in_basis(qc, "X")
    assert qc.num_clbits == 0
    assert measured.num_clbits == 1
    assert measured.count_ops()["measure"] == 1


@pytest.mark.parametrize("name", qie.BELL_STATE_NAMES)
def test_bell_pair_circuit_prepares_the_named_bell_state(name):
    sv = Statevector(circuits.bell_pair_circuit(name))
    assert sv.equiv(qie.bell_statevector(name))


@pytest.mark.parametrize(
    ("name", "basis", "same"),
    [("phi+", "ZZ", True), ("phi+", "XX", True), ("phi+", "YY", False), ("phi-", "XX", False),
     ("psi+", "ZZ", False), ("psi+", "XX", True), ("psi-", "ZZ", False), ("psi-", "XX", False),
     ("psi-", "YY", False)],
)  # fmt: skip
def test_bell_pair_correlations_in_matching_bases(name, basis, same):
    # <ZZ>, <XX>, <YY> of the Bell states are +-1: outcomes always equal or always opposite.
    qc = circuits.measure_in_basis(circuits.bell_pair_circuit(name), basis)
    counts = circuits.sample_counts(qc, shots=300, seed=5)
    keys = set(counts)
    assert keys <= ({"00", "11"} if same else {"01", "10"})


def test_per_qubit_bases_measure_each_qubit_in_its_own_basis():
    # qubit 0 prepared |+> (measured X -> 0), qubit 1 prepared |1> (measured Z -> 1)
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.x(1)
    counts = circuits.sample_counts(circuits.measure_in_basis(qc, "XZ"), shots=100, seed=1)
    assert counts == {"10": 100}  # qubit 0 is the rightmost character


@settings(max_examples=50, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=math.pi),
    st.floats(min_value=-10.0, max_value=10.0),
    st.sampled_from(circuits.BASES),
)
def test_measurement_probabilities_match_qiskit(theta, phi, basis):
    amplitudes = np.array([math.cos(theta / 2), np.exp(1j * phi) * math.sin(theta / 2)])
    qc = QuantumCircuit(1)
    qc.initialize(amplitudes, 0)
    if basis == "Y":
        qc.sdg(0)
    if basis in ("X", "Y"):
        qc.h(0)
    expected = Statevector(qc).probabilities()
    result = circuits.measurement_probabilities(theta, phi, basis)
    assert result.basis == basis
    assert result.probability_0 == pytest.approx(expected[0], abs=1e-12)
    assert result.probability_1 == pytest.approx(expected[1], abs=1e-12)
    assert 0.0 <= result.probability_0 <= 1.0


def test_measurement_probabilities_are_vectorized():
    theta = np.linspace(0, math.pi, 5)
    result = circuits.measurement_probabilities(theta, 0.0, "Z")
    assert isinstance(result.probability_0, np.ndarray)
    assert result.probability_0 + result.probability_1 == pytest.approx(np.ones(5))
    assert result.probability_0[0] == pytest.approx(1.0)
    assert result.probability_0[-1] == pytest.approx(0.0, abs=1e-15)
    assert isinstance(circuits.measurement_probabilities(1.0, 2.0, "Y").probability_0, float)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: circuits.encode_qubit(2, "Z"), ValueError, "bit"),
        (lambda: circuits.encode_qubit(True, "Z"), TypeError, "bit"),
        (lambda: circuits.encode_qubit(0.0, "Z"), TypeError, "bit"),
        (lambda: circuits.encode_qubit(0, "W"), ValueError, "basis"),
        (lambda: circuits.encode_qubit(0, "z"), ValueError, "basis"),
        (lambda: circuits.encode_qubit(0, None), TypeError, "basis"),
        (lambda: circuits.measure_in_basis("qc", "Z"), TypeError, "circuit"),
        (lambda: circuits.measure_in_basis(QuantumCircuit(2), "ZZZ"), ValueError, "basis"),
        (lambda: circuits.measure_in_basis(QuantumCircuit(2), "ZW"), ValueError, "basis"),
        (lambda: circuits.measure_in_basis(QuantumCircuit(1), 1), TypeError, "basis"),
        (lambda: circuits.measure_in_basis(QuantumCircuit(0), "Z"), ValueError, "qubit"),
        (lambda: circuits.bell_pair_circuit("phi"), ValueError, "name"),
        (lambda: circuits.sample_counts(QuantumCircuit(1), shots=10, seed=1), ValueError,
         "measurements"),
        (lambda: circuits.sample_counts(None, shots=10, seed=1), TypeError, "circuit"),
        (lambda: circuits.sample_counts(_measured(), shots=0, seed=1), ValueError, "shots"),
        (lambda: circuits.sample_counts(_measured(), shots=1.5, seed=1), TypeError, "shots"),
        (lambda: circuits.sample_counts(_measured(), shots=10, seed=-1), ValueError, "seed"),
        (lambda: circuits.sample_counts(_measured(), shots=10, seed="a"), TypeError, "seed"),
        (lambda: circuits.measurement_probabilities(-0.1, 0.0, "Z"), ValueError, "theta_rad"),
        (lambda: circuits.measurement_probabilities(4.0, 0.0, "Z"), ValueError, "theta_rad"),
        (lambda: circuits.measurement_probabilities(1.0, float("nan"), "Z"), ValueError,
         "phi_rad"),
        (lambda: circuits.measurement_probabilities("1", 0.0, "Z"), TypeError, "theta_rad"),
        (lambda: circuits.measurement_probabilities(1.0, True, "Z"), TypeError, "phi_rad"),
        (lambda: circuits.measurement_probabilities(1.0, 0.0, "Q"), ValueError, "basis"),
    ],
)  # fmt: skip
def test_bad_inputs_are_rejected(call, error, name):
    with pytest.raises(error, match=name):
        call()


def _measured():
    return circuits.measure_in_basis(circuits.encode_qubit(0, "Z"), "Z")


def test_circuits_is_a_lazy_submodule():
    assert qie.circuits is circuits
