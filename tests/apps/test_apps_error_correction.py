"""Three-qubit bit-flip code through a bit-flip channel (Nielsen & Chuang, Sec. 10.1.1)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit import QuantumCircuit
from qiskit.quantum_info import DensityMatrix, Kraus, Statevector, partial_trace

import qinternet_edu as qie
from qinternet_edu.apps.error_correction import (
    THREE_QUBIT_CODE_BREAK_EVEN,
    simulate_three_qubit_transfer,
    three_qubit_code_logical_error,
    three_qubit_code_logical_error_circuit,
)

X = np.array([[0, 1], [1, 0]])


def _ancilla_decoder_output(p, psi):
    """Independent circuit: syndrome on two ancillas, Toffoli corrections (deferred measurement)."""
    qc_enc = QuantumCircuit(5)
    qc_enc.cx(0, 1)
    qc_enc.cx(0, 2)
    rho = DensityMatrix(Statevector.from_label("0000").tensor(psi)).evolve(qc_enc)
    flip = Kraus([math.sqrt(1 - p) * np.eye(2), math.sqrt(p) * X])
    for q in range(3):
        rho = rho.evolve(flip, qargs=[q])
    fix = QuantumCircuit(5)
    fix.cx(0, 3)
    fix.cx(1, 3)  # ancilla 3 = parity of qubits 0, 1
    fix.cx(1, 4)
    fix.cx(2, 4)  # ancilla 4 = parity of qubits 1, 2
    # syndrome (1, 0) -> flip 0; (1, 1) -> flip 1; (0, 1) -> flip 2
    fix.x(4)
    fix.ccx(3, 4, 0)
    fix.x(4)
    fix.ccx(3, 4, 1)
    fix.x(3)
    fix.ccx(3, 4, 2)
    fix.x(3)
    fix.cx(0, 2)
    fix.cx(0, 1)
    return partial_trace(rho.evolve(fix), [1, 2, 3, 4]).data


def test_names_are_exported_flat():
    assert qie.three_qubit_code_logical_error is three_qubit_code_logical_error
    assert qie.THREE_QUBIT_CODE_BREAK_EVEN == 0.5


def test_textbook_values():
    # Nielsen & Chuang Sec. 10.1.1: p_L = 3p^2 - 2p^3; e.g. p = 0.1 gives 0.028.
    assert three_qubit_code_logical_error(0.1) == pytest.approx(0.028, abs=1e-15)
    assert three_qubit_code_logical_error(0.01) == pytest.approx(2.98e-4, abs=1e-15)
    assert three_qubit_code_logical_error(0.5) == 0.5


@pytest.mark.parametrize("p", [0.0, 0.001, 0.05, 0.2, 0.5, 0.7, 1.0])
@pytest.mark.parametrize("amplitudes", [(1.0, 0.0), (0.0, 1.0), (0.6, 0.8j), (0.8, -0.6)])
def test_circuit_agrees_with_closed_form(p, amplitudes):
    assert three_qubit_code_logical_error_circuit(p, amplitudes=amplitudes) == pytest.approx(
        three_qubit_code_logical_error(p), abs=1e-9
    )


@pytest.mark.parametrize("p", [0.05, 0.3, 0.6])
def test_ancilla_decoder_gives_a_logical_bit_flip_channel(p):
    amp = np.array([0.6, 0.8j])
    rho = np.outer(amp, amp.conj())
    p_l = three_qubit_code_logical_error(p)
    expected = (1 - p_l) * rho + p_l * X @ rho @ X
    assert np.allclose(_ancilla_decoder_output(p, Statevector(amp)), expected, atol=1e-9)


@pytest.mark.parametrize("p", [0.02, 0.1, 0.3, 0.6])
def test_monte_carlo_converges(p):
    res = simulate_three_qubit_transfer(p, n_trials=300_000, seed=3)
    expected = three_qubit_code_logical_error(p)
    sigma = math.sqrt(expected * (1 - expected) / res.n_trials)
    assert res.logical_error_rate == pytest.approx(expected, abs=4 * sigma)
    assert res.physical_error_rate == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / 300_000))
    assert res.expected_logical_error == expected


def test_monte_carlo_extremes_and_chunks():
    assert simulate_three_qubit_transfer(0.0, n_trials=1000, seed=1).logical_errors == 0
    assert simulate_three_qubit_transfer(1.0, n_trials=1000, seed=1).logical_errors == 1000
    res = simulate_three_qubit_transfer(0.2, n_trials=1_000_003, seed=2)  # spans two chunks
    assert res.n_trials == 1_000_003
    assert res.logical_error_rate == pytest.approx(0.104, abs=4 * res.standard_error)


def test_seeded_runs_repeat():
    a = simulate_three_qubit_transfer(0.2, n_trials=5000, seed=9)
    b = simulate_three_qubit_transfer(0.2, n_trials=5000, seed=9)
    assert a == b


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 1.0))
def test_code_helps_exactly_below_break_even(p):
    p_l = three_qubit_code_logical_error(p)
    assert p_l - p == pytest.approx(-p * (1 - p) * (1 - 2 * p), abs=1e-12)
    if 0 < p < THREE_QUBIT_CODE_BREAK_EVEN and p * (1 - p) * (1 - 2 * p) > 1e-12:
        assert p_l < p
    elif p > THREE_QUBIT_CODE_BREAK_EVEN and p * (1 - p) * (2 * p - 1) > 1e-12:
        assert p_l > p


def test_vectorized():
    p = np.linspace(0, 1, 11)
    out = three_qubit_code_logical_error(p)
    assert isinstance(out, np.ndarray)
    assert out == pytest.approx(3 * p**2 - 2 * p**3, abs=1e-15)


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError, match="p must"):
        three_qubit_code_logical_error(1.2)
    with pytest.raises(ValueError, match="p must"):
        three_qubit_code_logical_error([0.1, -0.1])
    with pytest.raises(ValueError, match="p must"):
        simulate_three_qubit_transfer(-0.1, n_trials=10)
    with pytest.raises(ValueError, match="n_trials"):
        simulate_three_qubit_transfer(0.1, n_trials=0)
    with pytest.raises(TypeError, match="n_trials"):
        simulate_three_qubit_transfer(0.1, n_trials=1e3)
    with pytest.raises(ValueError, match="p must"):
        three_qubit_code_logical_error_circuit(float("nan"))
    with pytest.raises(TypeError, match="p must"):
        three_qubit_code_logical_error_circuit([0.1, 0.2])
    with pytest.raises(ValueError, match="amplitudes"):
        three_qubit_code_logical_error_circuit(0.1, amplitudes=(1.0, 1.0))
    with pytest.raises(ValueError, match="amplitudes"):
        three_qubit_code_logical_error_circuit(0.1, amplitudes=(2**-0.5, 2**-0.5))
