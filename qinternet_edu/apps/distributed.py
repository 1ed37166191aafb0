"""Distributed quantum computing: a CNOT between two nodes that consumes one shared pair.

Alice holds the control qubit A, Bob the target B, and they share an
entangled pair (a at Alice, b at Bob). Eisert, Jacobs, Papadopoulos and
Plenio showed that one pair and two classical bits implement the CNOT:

1. cat-entangler: Alice applies CNOT(A -> a), measures a in Z (bit m1) and
   sends it; Bob applies X^m1 to b. Now b carries A's value: the "cat".
2. Bob applies CNOT(b -> B).
3. disentangler: Bob measures b in the X basis (bit m2) and sends it; Alice
   applies Z^m2 to A.

Here the measurements and classically controlled corrections are written
with the deferred-measurement principle (a measured qubit that only controls
a correction is replaced by a quantum control), so the whole protocol is one
four-qubit circuit that qiskit.quantum_info evolves as a density matrix.

Noisy pair, closed form (derived here, checked against the circuit to 1e-9
in the tests): a Pauli error on the pair moves onto the gate. X on b is a
wrong cat-entangler correction and becomes X on the target after the CNOT;
Z on b flips the disentangler's X-basis bit and becomes Z on the control;
Y gives both. A Werner pair of fidelity F therefore yields the ideal CNOT
followed by the Pauli channel {I: F, X_B: (1-F)/3, Z_A: (1-F)/3,
Z_A X_B: (1-F)/3}, whose process (entanglement) fidelity is exactly

    F_pro = F,   and average gate fidelity  F_avg = (d F_pro + 1)/(d + 1) = (4F + 1)/5

with d = 4 (Horodecki, Horodecki, Horodecki, Phys. Rev. A 60, 1888 (1999);
M. A. Nielsen, Phys. Lett. A 303, 249 (2002)).

Source: J. Eisert, K. Jacobs, P. Papadopoulos, M. B. Plenio, "Optimal local
implementation of nonlocal quantum gates", Phys. Rev. A 62, 052317 (2000).
Werner pair: R. F. Werner, Phys. Rev. A 40, 4277 (1989).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_output, check_choice, check_fidelity

__all__ = [
    "NonlocalCnotFidelity",
    "nonlocal_cnot_circuit",
    "nonlocal_cnot_fidelity",
    "nonlocal_cnot_fidelity_closed_form",
]

_DIM = 4  # the CNOT acts on two qubits


def nonlocal_cnot_circuit(*, include_pair_preparation=True):
    """The nonlocal CNOT as a four-qubit qiskit circuit (deferred measurements).

    Qubits, left to right across the network: 0 = A (Alice's control),
    1 = a (Alice's half of the pair), 2 = b (Bob's half), 3 = B (Bob's target).
    ``CX(a, b)`` stands for "measure a, send m1, Bob applies X^m1";
    ``H(b)`` then ``CZ(b, A)`` for "measure b in X, send m2, Alice applies Z^m2".

    Args:
        include_pair_preparation: prepend H(a), CX(a, b), which makes the
            perfect pair phi+ from |00>. Leave it out to feed in a noisy pair.

    Returns:
        A ``qiskit.QuantumCircuit`` on 4 qubits. On inputs with a, b in |00>
        (and the preparation included) it acts on A, B exactly as CNOT(A -> B),
        leaving a, b in a state that does not depend on A, B.

    Source: J. Eisert et al., Phys. Rev. A 62, 052317 (2000), Fig. 2;
    deferred measurement: Nielsen & Chuang, Quantum Computation and Quantum
    Information (2000), Sec. 4.4.

    Example:
        >>> qc = nonlocal_cnot_circuit()
        >>> qc.num_qubits, dict(qc.count_ops())["cx"]  # one makes the pair
        (4, 4)
    """
    from qiskit import QuantumCircuit, QuantumRegister

    if not isinstance(include_pair_preparation, bool):
        raise TypeError(
            f"include_pair_preparation must be True or False; got {include_pair_preparation!r}"
        )
    alice_control = QuantumRegister(1, "A")
    alice_half = QuantumRegister(1, "a")
    bob_half = QuantumRegister(1, "b")
    bob_target = QuantumRegister(1, "B")
    qc = QuantumCircuit(alice_control, alice_half, bob_half, bob_target, name="nonlocal CNOT")
    a_ctl, a, b, b_tgt = 0, 1, 2, 3
    if include_pair_preparation:
        qc.h(a)
        qc.cx(a, b)
        qc.barrier()
    qc.cx(a_ctl, a)  # cat-entangler: parity of A and a ...
    qc.cx(a, b)  # ... measured on a and corrected on b (deferred)
    qc.cx(b, b_tgt)  # Bob's local CNOT
    qc.h(b)  # disentangler: measure b in X ...
    qc.cz(b, a_ctl)  # ... and correct A with Z (deferred)
    return qc


def _werner_pair(fidelity: float):
    from ..states import werner_state

    return werner_state(fidelity)


@dataclass(frozen=True)
class NonlocalCnotFidelity:
    """How well the nonlocal CNOT built on a noisy pair matches the ideal CNOT.

    ``process_fidelity`` is the entanglement fidelity of the channel on (A, B)
    with the CNOT; ``average_gate_fidelity`` averages the output fidelity over
    pure inputs, (4 F_pro + 1)/5.
    """

    pair_fidelity: float
    process_fidelity: float
    average_gate_fidelity: float


def nonlocal_cnot_fidelity(pair_fidelity):
    """Fidelity of the nonlocal CNOT with a Werner pair, computed at circuit level (qiskit).

    The Choi state of the protocol is built explicitly: A and B are each
    maximally entangled with a reference qubit, the pair is the Werner density
    matrix, the circuit of :func:`nonlocal_cnot_circuit` runs on the six-qubit
    density matrix, and a, b are traced out. Its fidelity with the ideal
    Choi state (1 tensor CNOT)|phi+>|phi+> is the process fidelity.

    Args:
        pair_fidelity: Werner fidelity F of the shared pair, in [1/4, 1].

    Returns:
        A :class:`NonlocalCnotFidelity`; it equals the closed form
        F_pro = F, F_avg = (4F + 1)/5 to round-off.

    Source: J. Eisert et al., Phys. Rev. A 62, 052317 (2000); F_avg from
    F_pro: M. Horodecki, P. Horodecki, R. Horodecki, Phys. Rev. A 60, 1888 (1999).

    Example:
        >>> res = nonlocal_cnot_fidelity(0.9)
        >>> round(res.process_fidelity, 9), round(res.average_gate_fidelity, 9)
        (0.9, 0.92)
        >>> round(nonlocal_cnot_fidelity(1.0).average_gate_fidelity, 9)
        1.0
    """
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import DensityMatrix, partial_trace, state_fidelity

    if np.ndim(pair_fidelity) != 0:
        raise TypeError(f"pair_fidelity must be a single number; got {pair_fidelity!r}")
    f = check_fidelity("pair_fidelity", pair_fidelity, low=0.25)

    # Reference register: qubits 0 = A, 1 = B, 2 = R_A, 3 = R_B, each of A, B
    # maximally entangled with its reference; the pair occupies qubits 4 = a, 5 = b.
    ref = QuantumCircuit(4)
    ref.h([2, 3])
    ref.cx(2, 0)
    ref.cx(3, 1)
    reference = DensityMatrix(ref)
    full = _werner_pair(f).tensor(reference)
    protocol = QuantumCircuit(6)
    protocol.compose(
        nonlocal_cnot_circuit(include_pair_preparation=False), [0, 4, 5, 1], inplace=True
    )
    choi = partial_trace(full.evolve(protocol), [4, 5])

    ideal = QuantumCircuit(4)
    ideal.compose(ref, inplace=True)
    ideal.cx(0, 1)
    f_pro = float(state_fidelity(choi, DensityMatrix(ideal)))
    return NonlocalCnotFidelity(
        pair_fidelity=f,
        process_fidelity=f_pro,
        average_gate_fidelity=(_DIM * f_pro + 1.0) / (_DIM + 1.0),
    )


def nonlocal_cnot_fidelity_closed_form(pair_fidelity, *, kind="average"):
    """Closed form of the nonlocal CNOT's fidelity with a Werner pair of fidelity F.

    Args:
        pair_fidelity: F in [1/4, 1] (scalar or array).
        kind: ``"process"`` for F_pro = F, ``"average"`` for the average gate
            fidelity F_avg = (4F + 1)/5.

    Returns:
        The fidelity (float or array), 1 for a perfect pair and increasing in F.

    Source: derived in this module's docstring from the protocol of J. Eisert
    et al., Phys. Rev. A 62, 052317 (2000); F_avg = (d F_pro + 1)/(d + 1):
    M. Horodecki et al., Phys. Rev. A 60, 1888 (1999).

    Example:
        >>> nonlocal_cnot_fidelity_closed_form(0.9)
        0.92
        >>> nonlocal_cnot_fidelity_closed_form([0.25, 1.0], kind="process").tolist()
        [0.25, 1.0]
    """
    f = check_fidelity("pair_fidelity", pair_fidelity, low=0.25)
    check_choice("kind", kind, ("average", "process"))
    f_pro = np.asarray(f, dtype=float)
    value = f_pro if kind == "process" else (_DIM * f_pro + 1.0) / (_DIM + 1.0)
    return as_output(value, pair_fidelity)
