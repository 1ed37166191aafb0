"""Teleportation of one qubit through a noisy Werner pair, as a Qiskit circuit (stage 3).

Alice holds the input qubit (q0) and her half of the pair (q1); Bob holds the
other half (q2). Alice applies CNOT(q0 -> q1) and H(q0) and would measure both
qubits; Bob then applies X if q1 gave 1 and Z if q0 gave 1. Qiskit 2 has no
classically conditioned gates (``c_if`` is gone), so the circuit uses the
deferred-measurement principle: the corrections become CNOT(q1 -> q2) and
CZ(q0 -> q2), and the measurements can be left to the end (or omitted). The
average over outcomes is identical.

The noisy pair enters as a density matrix (``qinternet_edu.werner_state``),
so the whole protocol is an exact density-matrix computation with
``qiskit.quantum_info``. Qiskit is imported inside the functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_choice, check_fidelity, check_samples, make_rng
from ..entanglement import teleportation_fidelity

__all__ = [
    "TeleportationResult",
    "simulate_teleportation",
    "teleport_circuit",
    "teleport_state",
]

#: The six "cardinal" states |0>, |1>, |+>, |->, |+i>, |-i>: averaging over them
#: gives exactly the average over all pure states (they form a 3-design).
_CARDINAL = (
    (1.0, 0.0),
    (0.0, 1.0),
    (1 / math.sqrt(2), 1 / math.sqrt(2)),
    (1 / math.sqrt(2), -1 / math.sqrt(2)),
    (1 / math.sqrt(2), 1j / math.sqrt(2)),
    (1 / math.sqrt(2), -1j / math.sqrt(2)),
)


@dataclass(frozen=True)
class TeleportationResult:
    """Average fidelity of teleporting many input states through one kind of pair.

    Attributes:
        pair_fidelity: fidelity F of the Werner pair used.
        n_states: number of input states teleported.
        average_fidelity: measured mean fidelity of Bob's qubit with the input.
        expected_fidelity: the formula (2F + 1)/3.
        classical_limit: 2/3, the best a measure-and-prepare scheme can do.
        beats_classical: whether the measured average exceeds 2/3.
        fidelities: fidelity for each input state (array).
    """

    pair_fidelity: float
    n_states: int
    average_fidelity: float
    expected_fidelity: float
    classical_limit: float
    beats_classical: bool
    fidelities: np.ndarray = field(repr=False)


def _as_state(state):
    from qiskit.quantum_info import Statevector

    if isinstance(state, Statevector):
        vec = np.asarray(state.data, dtype=complex)
    else:
        try:
            vec = np.asarray(state, dtype=complex)
        except (TypeError, ValueError):
            raise TypeError(
                f"state must be a one-qubit Statevector or two amplitudes; got {state!r}"
            ) from None
        except OverflowError:
            raise ValueError(f"state's amplitudes must be finite numbers; got {state!r}") from None
    if vec.shape != (2,) or not np.all(np.isfinite(vec)):
        raise ValueError(f"state must be a one-qubit state (two amplitudes); got {state!r}")
    norm = np.linalg.norm(vec)
    if not math.isclose(norm, 1.0, abs_tol=1e-9):
        raise ValueError(f"state must be normalized; got norm {norm!r}")
    return Statevector(vec)


def _haar_state(rng):
    z = rng.normal(size=2) + 1j * rng.normal(size=2)
    return z / np.linalg.norm(z)


def teleport_circuit(state=None, *, prepare_pair=True, measure=False, seed=None):
    """The teleportation circuit on three qubits, with corrections by deferred measurement.

    Args:
        state: the one-qubit state to teleport (``Statevector`` or two
            amplitudes); ``None`` draws a Haar-random state from ``seed``.
        prepare_pair: start by making a perfect phi+ on (q1, q2) with H and
            CNOT; pass False when the pair is supplied as a (noisy) density matrix.
        measure: add measurements of Alice's qubits at the end (classical
            register ``alice``); they do not change Bob's state.
        seed: seed for the random input state.

    Returns:
        A ``qiskit.QuantumCircuit``; after it runs, q2 holds the state.

    Source: C. H. Bennett, G. Brassard, C. Crépeau, R. Jozsa, A. Peres, W. K.
    Wootters, "Teleporting an unknown quantum state via dual classical and
    Einstein-Podolsky-Rosen channels", PRL 70, 1895 (1993); deferred
    measurement: M. A. Nielsen, I. L. Chuang, Quantum Computation and Quantum
    Information (2000), section 4.4.

    Example:
        >>> from qiskit.quantum_info import Statevector, partial_trace, state_fidelity
        >>> qc = teleport_circuit([0.6, 0.8])
        >>> bob = partial_trace(Statevector(qc), [0, 1])
        >>> round(state_fidelity(bob, Statevector([0.6, 0.8])), 9)
        1.0
        >>> qc.count_ops()["cz"]
        1
    """
    from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister
    from qiskit.circuit.library import StatePreparation

    vec = _as_state(_haar_state(make_rng(seed)) if state is None else state)
    qr = QuantumRegister(3, "q")
    qc = QuantumCircuit(qr, name="teleport")
    qc.append(StatePreparation(vec.data, label="psi"), [0])
    if prepare_pair:
        qc.h(1)
        qc.cx(1, 2)
    qc.barrier()
    qc.cx(0, 1)
    qc.h(0)
    qc.barrier()
    qc.cx(1, 2)  # X correction, controlled by Alice's pair qubit
    qc.cz(0, 2)  # Z correction, controlled by Alice's input qubit
    if measure:
        creg = ClassicalRegister(2, "alice")
        qc.add_register(creg)
        qc.measure([0, 1], creg)
    return qc


def _protocol_unitary():
    from qiskit.quantum_info import Operator

    body = teleport_circuit([1.0, 0.0], prepare_pair=False)
    body.data = [inst for inst in body.data if inst.operation.name != "state_preparation"]
    return np.asarray(Operator(body).data)


def teleport_state(state, *, pair_fidelity=1.0):
    """Bob's qubit after teleporting ``state`` through a Werner pair of fidelity F.

    Args:
        state: the one-qubit state (``Statevector`` or two amplitudes).
        pair_fidelity: Werner fidelity of the pair, in [1/4, 1].

    Returns:
        Bob's one-qubit ``qiskit.quantum_info.DensityMatrix``.

    Source: Bennett et al., PRL 70, 1895 (1993); Werner pair from
    :func:`qinternet_edu.werner_state`.

    Example:
        >>> from qiskit.quantum_info import state_fidelity
        >>> bob = teleport_state([1, 0], pair_fidelity=0.7)
        >>> round(state_fidelity(bob, [1, 0]), 4)  # (2F + 1)/3 for this input too
        0.8
    """
    from qiskit.quantum_info import DensityMatrix, partial_trace

    from ..states import werner_state

    f = check_fidelity("pair_fidelity", pair_fidelity, low=0.25)
    vec = _as_state(state)
    rho = DensityMatrix(vec).expand(werner_state(f))  # input on q0, pair on (q1, q2)
    u = _protocol_unitary()
    out = DensityMatrix(u @ rho.data @ u.conj().T)
    return partial_trace(out, [0, 1])


def simulate_teleportation(pair_fidelity, *, n_states=6, states="cardinal", seed=None):
    """Teleport many input states through a Werner pair and average the fidelity.

    Args:
        pair_fidelity: Werner fidelity F of the pair, in [1/4, 1].
        n_states: how many input states (with ``"cardinal"``, cycles through
            the six |0>, |1>, |+>, |->, |+i>, |-i>).
        states: ``"cardinal"`` (the average is exact) or ``"haar"`` (random
            pure states from ``seed``).
        seed: seed of the Haar-random states.

    Returns:
        ``TeleportationResult``; its average fidelity is (2F + 1)/3, above
        the classical 2/3 exactly when F > 1/2.

    Source: M. Horodecki, P. Horodecki, R. Horodecki, PRA 60, 1888 (1999);
    classical limit 2/3: S. Massar, S. Popescu, PRL 74, 1259 (1995).

    Example:
        >>> res = simulate_teleportation(0.8)
        >>> round(res.average_fidelity, 6), round(res.expected_fidelity, 6), res.beats_classical
        (0.866667, 0.866667, True)
    """
    from ..states import werner_state

    f = check_fidelity("pair_fidelity", pair_fidelity, low=0.25)
    n = check_samples("n_states", n_states)
    kind = check_choice("states", states, ("cardinal", "haar"))
    rng = make_rng(seed)
    pair = werner_state(f).data
    u = _protocol_unitary()
    fids = np.empty(n)
    for k in range(n):
        vec = np.asarray(_CARDINAL[k % 6] if kind == "cardinal" else _haar_state(rng), complex)
        # DensityMatrix.evolve written out with numpy, for speed: input on q0 (right factor)
        rho = np.kron(pair, np.outer(vec, vec.conj()))
        out = (u @ rho @ u.conj().T).reshape(2, 4, 2, 4)
        bob = np.einsum("ajbj->ab", out)  # trace out q0 and q1
        fids[k] = float(np.real(vec.conj() @ bob @ vec))
    average = float(fids.mean())
    return TeleportationResult(
        pair_fidelity=f,
        n_states=n,
        average_fidelity=average,
        expected_fidelity=float(teleportation_fidelity(f)),
        classical_limit=2.0 / 3.0,
        beats_classical=bool(average > 2.0 / 3.0 + 1e-12),
        fidelities=fids,
    )
