"""A few-qubit circuit-level backend: the density matrix of every live qubit of a run.

For node programs that apply gates (teleportation, a nonlocal CNOT, blind
computing). All live qubits of the network form one
``qiskit.quantum_info.DensityMatrix``; a heralded pair enters as the Werner
state of its fidelity (:func:`qinternet_edu.werner_state`), a measured qubit
is projected and traced out, so the matrix only holds what is still stored.
A memory of coherence time T applies the depolarizing channel
(:func:`qinternet_edu.depolarizing_channel`) with p = 1 - exp(-Δt/T) to its
qubit for each wait Δt, applied lazily before the qubit is next touched (a
channel on one qubit commutes with operations on the others, so this is
exact). On a Werner pair this reproduces :func:`qinternet_edu.memory_decay`.

Source: Nielsen and Chuang, Quantum Computation and Quantum Information
(2000), ch. 2 and 8 (projective measurement, the depolarizing channel);
memory noise as in L. Hartmann et al., PRA 75, 032310 (2007).

Example:
    >>> import numpy as np
    >>> backend = CircuitBackend(np.random.default_rng(1))
    >>> a, b = backend.new_pair("A", None, "B", None, fidelity=0.8, time_s=0.0)
    >>> round(backend.fidelity(a, b, time_s=0.0), 6)
    0.8
"""

from __future__ import annotations

import math

import numpy as np

from .qubits import Qubit, _check_basis

__all__ = ["GATES", "CircuitBackend"]

_S2 = 1.0 / math.sqrt(2.0)
_ONE_QUBIT = {
    "x": np.array([[0, 1], [1, 0]], dtype=complex),
    "y": np.array([[0, -1j], [1j, 0]], dtype=complex),
    "z": np.array([[1, 0], [0, -1]], dtype=complex),
    "h": _S2 * np.array([[1, 1], [1, -1]], dtype=complex),
    "s": np.array([[1, 0], [0, 1j]], dtype=complex),
    "sdg": np.array([[1, 0], [0, -1j]], dtype=complex),
    "t": np.array([[1, 0], [0, np.exp(1j * math.pi / 4)]], dtype=complex),
}
# two-qubit gates in qiskit's little-endian order: qargs (control, target)
_CNOT = np.array([[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]], dtype=complex)
_CZ = np.diag([1, 1, 1, -1]).astype(complex)

#: Gate names a node program may apply with ``node.apply``.
GATES = (*_ONE_QUBIT, "rx", "ry", "rz", "cnot", "cz")


def _rotation(axis, angle):
    pauli = _ONE_QUBIT[axis[1]]
    return math.cos(angle / 2) * np.eye(2) - 1j * math.sin(angle / 2) * pauli


class CircuitBackend:
    """One density matrix over all live qubits (see the module docstring)."""

    level = "circuit"

    def __init__(self, rng, *, max_qubits=10):
        from qiskit.quantum_info import DensityMatrix

        self.rng = rng
        self.max_qubits = max_qubits
        self.state = DensityMatrix(np.ones((1, 1), dtype=complex))
        self.order: list[Qubit] = []  # order[i] is qiskit's qubit i

    # ------------------------------------------------------------ bookkeeping
    def _append(self, rho, qubits):
        from qiskit.quantum_info import DensityMatrix

        if len(self.order) + len(qubits) > self.max_qubits:
            raise ValueError(
                f"the circuit backend holds at most {self.max_qubits} live qubits; measure or "
                "discard some first"
            )
        self.state = self.state.expand(DensityMatrix(rho)) if self.order else DensityMatrix(rho)
        self.order.extend(qubits)

    def _index(self, q):
        if not q.alive:
            raise ValueError(f"{q!r} was already measured or discarded")
        return self.order.index(q)

    def _advance(self, q, time_s):
        wait = time_s - q._time_s
        if wait > 0.0 and q.coherence_time_s is not None:
            from ..noise import depolarizing_channel

            p = -math.expm1(-wait / q.coherence_time_s)
            self.state = self.state.evolve(depolarizing_channel(p), qargs=[self._index(q)])
        q._time_s = max(q._time_s, time_s)

    def _remove(self, q):
        from qiskit.quantum_info import DensityMatrix, partial_trace

        i = self._index(q)
        rest = partial_trace(self.state, [i]) if len(self.order) > 1 else None
        self.state = rest if rest is not None else DensityMatrix(np.ones((1, 1), dtype=complex))
        self.order.pop(i)
        q.alive = False

    # ------------------------------------------------------------ operations
    def new_pair(self, node_a, coherence_a, node_b, coherence_b, *, fidelity, time_s):
        """Append a Werner pair of ``fidelity`` between the two nodes at ``time_s``."""
        from ..states import werner_state

        qa, qb = Qubit(node_a, coherence_a), Qubit(node_b, coherence_b)
        qa._partner, qb._partner = qb, qa
        qa._time_s = qb._time_s = time_s
        self._append(np.asarray(werner_state(fidelity).data), [qa, qb])
        return qa, qb

    def new_qubit(self, node, coherence_time_s, *, time_s=0.0):
        """A fresh qubit in |0> at ``node``."""
        q = Qubit(node, coherence_time_s)
        q._time_s = time_s
        self._append(np.array([[1, 0], [0, 0]], dtype=complex), [q])
        return q

    def apply(self, gate, qubits, *, time_s, angle=None):
        """Apply ``gate`` (one of :data:`GATES`) to ``qubits`` at ``time_s``."""
        from qiskit.quantum_info import Operator

        if gate not in GATES:
            raise ValueError(f"gate must be one of {GATES}; got {gate!r}")
        two = gate in ("cnot", "cz")
        if len(qubits) != (2 if two else 1):
            raise ValueError(f"gate {gate!r} acts on {2 if two else 1} qubit(s); got {len(qubits)}")
        if gate in ("rx", "ry", "rz"):
            if angle is None:
                raise ValueError(f"gate {gate!r} needs angle=... (radians)")
            matrix = _rotation(gate, float(angle))
        else:
            matrix = {"cnot": _CNOT, "cz": _CZ}.get(gate, _ONE_QUBIT.get(gate))
        for q in qubits:
            self._advance(q, time_s)
        idx = [self._index(q) for q in qubits]
        self.state = self.state.evolve(Operator(matrix), qargs=idx)

    def measure(self, q, basis, *, time_s):
        """Measure ``q`` in ``basis`` (Z, X or Y) and trace it out; returns 0 or 1."""
        _check_basis(basis)
        if basis == "X":
            self.apply("h", [q], time_s=time_s)
        elif basis == "Y":
            self.apply("sdg", [q], time_s=time_s)
            self.apply("h", [q], time_s=time_s)
        self._advance(q, time_s)
        i = self._index(q)
        # clip only the round-off of a probability computed from the matrix (|error| ~ 1e-16)
        p1 = float(np.clip(self.state.probabilities([i])[1], 0.0, 1.0))
        outcome = int(self.rng.random() < p1)
        projector = np.diag([1.0 - outcome, float(outcome)]).astype(complex)
        from qiskit.quantum_info import DensityMatrix, Operator

        projected = self.state.evolve(Operator(projector), qargs=[i])
        norm = p1 if outcome else 1.0 - p1
        self.state = DensityMatrix(projected.data / norm, dims=projected.dims())
        self._remove(q)
        return outcome

    def bell_measure(self, q1, q2, *, time_s):
        """Bell measurement of ``q1``, ``q2`` (CNOT, H, two Z readouts); returns (m1, m2).

        m1 is the readout of ``q1`` after the H (it says whether to apply Z),
        m2 that of ``q2`` (whether to apply X).
        """
        self.apply("cnot", [q1, q2], time_s=time_s)
        self.apply("h", [q1], time_s=time_s)
        m1 = self.measure(q1, "Z", time_s=time_s)
        m2 = self.measure(q2, "Z", time_s=time_s)
        far1, far2 = q1._partner, q2._partner
        if far1 is not None and far2 is not None:
            far1._partner, far2._partner = far2, far1
        return m1, m2

    def fidelity(self, qa, qb, *, time_s):
        """Fidelity with phi+ of the two-qubit state of (qa, qb) at ``time_s``."""
        from qiskit.quantum_info import partial_trace

        self._advance(qa, time_s)
        self._advance(qb, time_s)
        ia, ib = self._index(qa), self._index(qb)
        others = [k for k in range(len(self.order)) if k not in (ia, ib)]
        rho = partial_trace(self.state, others) if others else self.state
        phi = np.array([1, 0, 0, 1], dtype=complex) * _S2  # symmetric: order of ia, ib is moot
        return float(np.real(phi.conj() @ np.asarray(rho.data) @ phi))

    def density_matrix(self, qubits, *, time_s):
        """The reduced ``DensityMatrix`` of ``qubits`` (qiskit order: first listed is qubit 0)."""
        from qiskit.quantum_info import DensityMatrix, partial_trace

        for q in qubits:
            self._advance(q, time_s)
        idx = [self._index(q) for q in qubits]
        others = [k for k in range(len(self.order)) if k not in idx]
        rho = partial_trace(self.state, others) if others else self.state
        kept = sorted(idx)
        # reorder the kept qubits into the order asked for
        perm = [kept.index(i) for i in idx]
        n = len(idx)
        data = np.asarray(rho.data).reshape([2] * (2 * n))
        # axes: rows are qubits n-1..0 (big-endian tensor order), columns likewise
        row_axes = [n - 1 - p for p in reversed(perm)]
        data = data.transpose(row_axes + [n + a for a in row_axes]).reshape(2**n, 2**n)
        return DensityMatrix(data)

    def discard(self, q):
        """Trace ``q`` out of the state."""
        self._remove(q)
