"""Nonlocal CNOT with one shared pair (Eisert, Jacobs, Papadopoulos, Plenio, PRA 62, 052317)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit import QuantumCircuit
from qiskit.quantum_info import (
    DensityMatrix,
    Kraus,
    Operator,
    Statevector,
    average_gate_fidelity,
    partial_trace,
    process_fidelity,
    random_statevector,
)

import qinternet_edu as qie
from qinternet_edu.apps.distributed import (
    nonlocal_cnot_circuit,
    nonlocal_cnot_fidelity,
    nonlocal_cnot_fidelity_closed_form,
)


def _cnot_a_to_b():
    qc = QuantumCircuit(2)
    qc.cx(0, 1)  # qubit 0 = A (control), qubit 1 = B (target)
    return Operator(qc)


def _werner_matrix(f):
    """Werner pair written out independently: F |phi+><phi+| + (1 - F)/3 (1 - |phi+><phi+|)."""
    phi = np.array([1, 0, 0, 1]) / np.sqrt(2)
    proj = np.outer(phi, phi)
    return f * proj + (1 - f) / 3 * (np.eye(4) - proj)


def _protocol_kraus(pair):
    """Kraus operators of the protocol as a channel on (A, B), from the pair's eigenvectors."""
    unitary = Operator(nonlocal_cnot_circuit(include_pair_preparation=False)).data
    # Circuit qubit order: 0 = A, 1 = a, 2 = b, 3 = B. Reorder to (A, B) x (a, b) blocks.
    u = unitary.reshape([2] * 8)  # out: B b a A, in: B b a A (qiskit: highest qubit first)
    # Move to out (b a | B A), in (b a | B A).
    u = u.transpose(1, 2, 0, 3, 5, 6, 4, 7).reshape(16, 16)
    weights, vectors = np.linalg.eigh(pair)
    kraus = []
    for w, v in zip(weights, vectors.T, strict=True):
        if w < 1e-14:
            continue
        for m in range(4):  # which (b, a) state the traced-out qubits end in
            bra = np.zeros(4)
            bra[m] = 1.0
            # (<m|_{ba} x 1_{BA}) U (|v>_{ba} x 1_{BA}); |v> in qiskit order is (b a).
            k = np.kron(bra, np.eye(4)) @ u @ np.kron(v.reshape(4, 1), np.eye(4))
            kraus.append(np.sqrt(w) * k)
    return Kraus(kraus)


def test_names_are_exported_flat():
    assert qie.nonlocal_cnot_fidelity is nonlocal_cnot_fidelity
    assert qie.nonlocal_cnot_circuit is nonlocal_cnot_circuit


def test_the_circuit_implements_cnot_with_a_perfect_pair():
    qc = nonlocal_cnot_circuit()
    for seed in range(6):
        psi = random_statevector(4, seed=seed)  # on (A, B)
        full = Statevector.from_label("00").tensor(psi)  # qubits 0 = A, 1 = B, 2, 3 = |00>
        # Map to circuit order A, a, b, B.
        run = QuantumCircuit(4)
        run.compose(qc, [0, 2, 3, 1], inplace=True)
        out = partial_trace(full.evolve(run), [2, 3])
        ideal = psi.evolve(_cnot_a_to_b())
        assert np.allclose(out.data, DensityMatrix(ideal).data, atol=1e-12)


def test_perfect_pair_gives_fidelity_one():
    res = nonlocal_cnot_fidelity(1.0)
    assert res.process_fidelity == pytest.approx(1.0, abs=1e-9)
    assert res.average_gate_fidelity == pytest.approx(1.0, abs=1e-9)
    assert nonlocal_cnot_fidelity_closed_form(1.0) == 1.0


@pytest.mark.parametrize("f", [0.25, 0.4, 0.5, 0.75, 0.9, 0.99, 1.0])
def test_closed_form_agrees_with_the_circuit(f):
    res = nonlocal_cnot_fidelity(f)
    assert res.process_fidelity == pytest.approx(
        nonlocal_cnot_fidelity_closed_form(f, kind="process"), abs=1e-9
    )
    assert res.average_gate_fidelity == pytest.approx(
        nonlocal_cnot_fidelity_closed_form(f), abs=1e-9
    )


@pytest.mark.parametrize("f", [0.3, 0.6, 0.85, 1.0])
def test_agrees_with_qiskit_channel_fidelities(f):
    # Independent route: Kraus operators of the protocol and qiskit's own fidelity functions.
    channel = _protocol_kraus(_werner_matrix(f))
    assert channel.is_cptp(atol=1e-10)
    target = _cnot_a_to_b()
    assert process_fidelity(channel, target) == pytest.approx(f, abs=1e-9)
    assert average_gate_fidelity(channel, target) == pytest.approx((4 * f + 1) / 5, abs=1e-9)


def test_bell_diagonal_errors_become_pauli_errors_on_the_gate():
    # X on Bob's half -> X on the target, Z -> Z on the control (derivation in the module).
    phi = np.array([1, 0, 0, 1]) / np.sqrt(2)
    x_b = np.kron(np.array([[0, 1], [1, 0]]), np.eye(2)) @ phi  # qiskit order (b a)
    channel = _protocol_kraus(np.outer(x_b, x_b))
    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    qc.x(1)
    assert process_fidelity(channel, Operator(qc)) == pytest.approx(1.0, abs=1e-9)
    z_b = np.kron(np.diag([1, -1]), np.eye(2)) @ phi
    channel = _protocol_kraus(np.outer(z_b, z_b))
    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    qc.z(0)
    assert process_fidelity(channel, Operator(qc)) == pytest.approx(1.0, abs=1e-9)


def test_werner_pair_of_the_states_module_is_the_one_used():
    assert np.allclose(qie.werner_state(0.7).data, _werner_matrix(0.7), atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.25, 1.0), st.floats(0.25, 1.0))
def test_fidelity_is_monotonic_in_pair_fidelity(f1, f2):
    lo, hi = sorted((f1, f2))
    assert nonlocal_cnot_fidelity_closed_form(lo) <= nonlocal_cnot_fidelity_closed_form(hi)
    a = nonlocal_cnot_fidelity(lo).average_gate_fidelity
    b = nonlocal_cnot_fidelity(hi).average_gate_fidelity
    assert a <= b + 1e-12


def test_closed_form_is_vectorized():
    f = np.linspace(0.25, 1.0, 7)
    out = nonlocal_cnot_fidelity_closed_form(f)
    assert isinstance(out, np.ndarray)
    assert out == pytest.approx((4 * f + 1) / 5, abs=1e-15)
    assert np.all(np.diff(out) > 0)


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError, match="pair_fidelity"):
        nonlocal_cnot_fidelity(0.2)
    with pytest.raises(ValueError, match="pair_fidelity"):
        nonlocal_cnot_fidelity(1.1)
    with pytest.raises(TypeError, match="pair_fidelity"):
        nonlocal_cnot_fidelity([0.9, 0.8])
    with pytest.raises(TypeError, match="pair_fidelity"):
        nonlocal_cnot_fidelity("0.9")
    with pytest.raises(ValueError, match="pair_fidelity"):
        nonlocal_cnot_fidelity_closed_form([0.5, float("nan")])
    with pytest.raises(ValueError, match="kind"):
        nonlocal_cnot_fidelity_closed_form(0.9, kind="entanglement")
    with pytest.raises(TypeError, match="include_pair_preparation"):
        nonlocal_cnot_circuit(include_pair_preparation=1)
