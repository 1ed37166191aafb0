"""The node a program runs on: the verbs of a node program.

A node program is a Python generator function that takes a :class:`Node`.
It ``yield``\\ s whatever takes time (a pair, a message, a wait) and gets the
result back; local operations (measure, swap, gates) take no time and return
at once::

    def alice(node):
        pair = yield node.entangle("Bob")         # create and keep (stage 3)
        bit = node.measure(pair, "Z")
        yield node.send("Bob", bit)
        reply = yield node.receive("Bob")
        return bit, reply

The same program runs on any network that has a node for it. Each verb checks
the node's stage first: asking an end node without memory to keep a pair
raises :class:`~qinternet_edu.netsim.StageError`, "storing a qubit needs
stage 3 (quantum memory network); Bob's node is stage 2".

Example:
    >>> from qinternet_edu.network import QuantumNetwork
    >>> from qinternet_edu.netsim import run
    >>> net = QuantumNetwork().add_node("Alice").add_node("Bob")
    >>> net = net.add_fiber("Alice", "Bob", length_km=10.0)
    >>> def alice(node):
    ...     bit = yield node.entangle("Bob", keep=False, basis="Z")
    ...     yield node.send("Bob", bit)
    ...     return bit
    >>> def bob(node):
    ...     bit = yield node.entangle("Alice", keep=False, basis="Z")
    ...     theirs = yield node.receive("Alice")
    ...     return bit == theirs
    >>> result = run(net, {"Alice": alice, "Bob": bob}, seed=1)
    >>> result.returns["Bob"], int(result.stage)
    (True, 2)
"""

from __future__ import annotations

from .._validation import check_nonnegative
from .capabilities import node_stage
from .linklayer import EntanglementRequest
from .qubits import Qubit

__all__ = ["Node"]


class Node:
    """A node of a running network, as its program sees it.

    Attributes:
        name: the node's name.
        spec: its :class:`~qinternet_edu.network.NodeSpec` (kind and capabilities).
        stage: the highest stage its hardware reaches.
    """

    def __init__(self, sim, spec):
        self._sim = sim
        self.name = spec.name
        self.spec = spec
        self.stage = node_stage(spec)

    def __repr__(self):
        return f"Node({self.name!r}, stage={int(self.stage)})"

    @property
    def now(self) -> float:
        """Simulated time in seconds."""
        return self._sim.env.now

    # ------------------------------------------------------------ things that take time
    def entangle(self, remote, *, keep=True, basis="Z", min_fidelity=None, label=None):
        """Ask the link to ``remote`` for a heralded pair (yield it).

        Args:
            remote: a neighbour's name.
            keep: True (create and keep, stage 3): the value is a :class:`Qubit`;
                False (create and measure, stage 2): the value is the bit
                measured at once in ``basis``.
            basis: ``"Z"``, ``"X"`` or ``"Y"`` for create and measure.
            min_fidelity: the lowest fidelity accepted; the link purifies if needed.
            label: the request this pair serves; requests are matched per label.

        Returns:
            A SimPy event; ``yield`` it to get the qubit or the bit.
        """
        request = EntanglementRequest(
            remote=remote, keep=keep, basis=basis, min_fidelity=min_fidelity, label=label
        )
        return self._sim._entangle(self.name, request)

    def send(self, remote, message, *, label=None):
        """Send a classical ``message`` (any Python value) to ``remote``; it arrives after L/c.

        ``label`` keeps the messages of different requests apart (as for :meth:`entangle`).
        """
        return self._sim._send(self.name, remote, message, label)

    def receive(self, remote, *, label=None):
        """The next message from ``remote`` with ``label`` (yield it; waits until one arrives)."""
        return self._sim._receive(self.name, remote, label)

    def send_qubit(self, remote, *, bit, basis="Z"):
        """Prepare a photon encoding ``bit`` in ``basis`` and send it to a neighbour (stage 1)."""
        return self._sim._send_qubit(self.name, remote, bit, basis)

    def receive_qubit(self, remote, *, basis="Z"):
        """Measure the next photon from ``remote`` in ``basis`` (yield it: a bit, None if lost)."""
        return self._sim._receive_qubit(self.name, remote, basis)

    def wait(self, time_s):
        """Let ``time_s`` seconds pass (yield it)."""
        return self._sim.env.timeout(check_nonnegative("time_s", time_s))

    def all(self, *events):
        """Wait for several events at once (yield it); the value is the list of their values."""
        return self._sim._all(events)

    # ------------------------------------------------------------ local operations
    def measure(self, qubit, basis="Z"):
        """Measure a stored qubit in ``basis`` (Z, X or Y); returns 0 or 1."""
        self._own(qubit)
        self._sim._release(self.name, 1)
        return self._sim.backend.measure(qubit, basis, time_s=self.now)

    def swap(self, qubit_1, qubit_2):
        """Bell measurement on two stored halves: joins their far partners (stage 3).

        Returns:
            The two outcome bits ``(m_z, m_x)``: the far node applies Z^m_z X^m_x
            (at Werner level the correction is kept in the frame; still send
            the bits: they say that the swap happened).
        """
        self._own(qubit_1)
        self._own(qubit_2)
        self._sim._use(self.name, "swap")
        self._sim._release(self.name, 2)
        return self._sim.backend.bell_measure(qubit_1, qubit_2, time_s=self.now)

    def new_qubit(self):
        """A fresh qubit in |0> in this node's memory (circuit level, stage 3)."""
        self._sim._use(self.name, "store")
        self._sim._check_capacity(self.name, 1)
        self._sim._held[self.name] += 1
        return self._sim.backend.new_qubit(
            self.name, self._sim.coherence(self.name), time_s=self.now
        )

    def apply(self, gate, *qubits, angle=None):
        """Apply a gate (``"h"``, ``"x"``, ``"cnot"``, ``"rz"``, ...) to stored qubits (stage 3)."""
        for q in qubits:
            self._own(q)
        self._sim._use(self.name, "gate")
        self._sim.backend.apply(gate, list(qubits), time_s=self.now, angle=angle)

    def correct(self, qubit, m_z, m_x):
        """Apply the Pauli correction X^m_x then Z^m_z after a teleportation or swap."""
        if self._sim.backend.level == "werner":
            return  # kept in the Pauli frame
        if m_x:
            self.apply("x", qubit)
        if m_z:
            self.apply("z", qubit)

    def discard(self, qubit):
        """Free a stored qubit's memory."""
        self._own(qubit)
        self._sim._release(self.name, 1)
        self._sim.backend.discard(qubit)

    def fidelity(self, qubit):
        """The simulator's view: fidelity of ``qubit``'s pair with phi+ now (not a measurement)."""
        partner = qubit._partner
        if partner is None or not partner.alive:
            raise ValueError(f"{qubit!r} has no live entangled partner")
        return self._sim.backend.fidelity(qubit, partner, time_s=self.now)

    def age_s(self, qubit):
        """How long ``qubit`` has been stored (for a cut-off)."""
        return self.now - self._sim._born.get(qubit.id, self.now)

    def _own(self, qubit):
        if not isinstance(qubit, Qubit):
            raise TypeError(f"expected a Qubit held by {self.name}; got {qubit!r}")
        if qubit.node != self.name:
            raise ValueError(f"{qubit!r} is held by {qubit.node}, not by {self.name}")
        if not qubit.alive:
            raise ValueError(f"{qubit!r} was already measured, swapped or discarded")
