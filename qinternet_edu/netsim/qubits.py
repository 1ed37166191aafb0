"""Qubits held by nodes, and the Werner-pair backend that tracks them at network level.

A :class:`Qubit` is a handle a node program holds. What the backend knows
about it depends on the level of the run:

* ``backend="werner"`` (this module, fast): every qubit is half of a Werner
  pair, described by its fidelity. Each half sits in a memory that
  depolarizes with that node's coherence time T, so while a half waits Δt
  the pair's fidelity follows :func:`qinternet_edu.memory_decay` with T
  (the Werner parameter is multiplied by exp(-Δt/T) for each half, which is
  exact for independent depolarizing memories). Measurements in the Z, X or
  Y basis give outcomes with the Werner statistics: equal bases agree (Y:
  disagree, for phi+) with probability (1 + w)/2, w = (4F - 1)/3. A Bell
  measurement on two halves swaps the pairs:
  :func:`qinternet_edu.swap_fidelity`, with the Pauli correction kept in the
  frame (the returned outcome is what the far nodes would need).
* ``backend="circuit"``: the density matrix of every live qubit
  (:mod:`qinternet_edu.netsim.circuit`), for programs that apply gates.

Source: Werner statistics, R. F. Werner, PRA 40, 4277 (1989); memory noise,
L. Hartmann, B. Kraus, H.-J. Briegel, W. Dür, PRA 75, 032310 (2007);
swapping, H.-J. Briegel, W. Dür, J. I. Cirac, P. Zoller, PRL 81, 5932 (1998).

Example:
    >>> import numpy as np
    >>> backend = WernerBackend(np.random.default_rng(1))
    >>> a, b = backend.new_pair("A", 1.0, "B", 1.0, fidelity=0.9, time_s=0.0)
    >>> round(backend.fidelity(a, b, time_s=0.5), 4)  # both halves waited 0.5 s
    0.4891
"""

from __future__ import annotations

import itertools
import math

__all__ = ["BASES", "Qubit", "WernerBackend"]

#: Measurement bases a node program may name.
BASES = ("Z", "X", "Y")

_ids = itertools.count()


class Qubit:
    """A qubit held in a node's memory (a handle; the backend holds its state).

    Attributes:
        node: name of the node holding it.
        remote: name of the node holding its entangled partner (None if none).
    """

    __slots__ = ("_partner", "_time_s", "alive", "coherence_time_s", "id", "node", "pair")

    def __init__(self, node, coherence_time_s):
        self.id = next(_ids)
        self.node = node
        self.coherence_time_s = coherence_time_s
        self.alive = True
        self.pair = None
        self._partner = None
        self._time_s = 0.0

    @property
    def remote(self):
        """Name of the node that holds the entangled partner (None if there is none)."""
        partner = self._partner
        return partner.node if partner is not None and partner.alive else None

    def __repr__(self):
        return f"Qubit(node={self.node!r}, remote={self.remote!r})"


class _Pair:
    __slots__ = ("measured", "w")

    def __init__(self, w):
        self.w = w  # Werner parameter with both halves brought to their own times
        self.measured = None  # (basis, outcome) of the first half measured


def _check_basis(basis):
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}; got {basis!r}")
    return basis


class WernerBackend:
    """Werner pairs with depolarizing memories (see the module docstring)."""

    level = "werner"

    def __init__(self, rng):
        self.rng = rng

    def new_pair(self, node_a, coherence_a, node_b, coherence_b, *, fidelity, time_s):
        """A fresh pair of ``fidelity`` between ``node_a`` and ``node_b`` at ``time_s``."""
        qa, qb = Qubit(node_a, coherence_a), Qubit(node_b, coherence_b)
        pair = _Pair((4.0 * fidelity - 1.0) / 3.0)
        for q, other in ((qa, qb), (qb, qa)):
            q.pair, q._partner, q._time_s = pair, other, time_s
        return qa, qb

    def _advance(self, q, time_s):
        """Let ``q``'s memory depolarize up to ``time_s``."""
        wait = time_s - q._time_s
        if wait > 0.0 and q.coherence_time_s is not None:
            # memory_decay(F, wait, T) acts on the Werner parameter as w -> w exp(-wait / T)
            q.pair.w *= math.exp(-wait / q.coherence_time_s)
        q._time_s = max(q._time_s, time_s)

    def fidelity(self, qa, qb, *, time_s):
        """Fidelity with phi+ of the pair (qa, qb) at ``time_s``."""
        if qa.pair is not qb.pair or qa.pair is None:
            raise ValueError("these two qubits are not an entangled pair")
        self._advance(qa, time_s)
        self._advance(qb, time_s)
        return (3.0 * qa.pair.w + 1.0) / 4.0

    def measure(self, q, basis, *, time_s):
        """Measure ``q`` in ``basis`` (Z, X or Y) at ``time_s``; returns 0 or 1."""
        _check_basis(basis)
        self._advance(q, time_s)
        pair = q.pair
        q.alive = False
        if pair.measured is None:
            outcome = int(self.rng.random() < 0.5)
            pair.measured = (basis, outcome)
            return outcome
        first_basis, first = pair.measured
        if first_basis != basis:
            return int(self.rng.random() < 0.5)
        ideal = first ^ (1 if basis == "Y" else 0)  # phi+: ZZ = XX = +1, YY = -1
        error = self.rng.random() < (1.0 - pair.w) / 2.0
        return ideal ^ int(error)

    def bell_measure(self, q1, q2, *, time_s):
        """Swap: join the pairs of ``q1`` and ``q2``; returns the two outcome bits."""
        if q1.pair is q2.pair:
            raise ValueError("a swap needs halves of two different pairs")
        for q in (q1, q2):
            if q.pair.measured is not None:
                raise ValueError("the far half of this pair was already measured")
            self._advance(q, time_s)
        far1, far2 = q1._partner, q2._partner
        # swap_fidelity(F1, F2) = F1 F2 + (1 - F1)(1 - F2)/3 is w = w1 w2 on Werner parameters
        pair = _Pair(q1.pair.w * q2.pair.w)
        far1.pair, far2.pair = pair, pair
        far1._partner, far2._partner = far2, far1
        q1.alive = q2.alive = False
        return int(self.rng.random() < 0.5), int(self.rng.random() < 0.5)

    def discard(self, q):
        """Free ``q``'s memory; its partner is left entangled with nothing useful."""
        q.alive = False

    def new_qubit(self, node, coherence_time_s, *, time_s=0.0):
        """Not available at Werner level: a program that prepares qubits needs the circuit level."""
        raise ValueError(
            "preparing a qubit and applying gates needs backend='circuit'; the Werner backend "
            "only tracks heralded pairs"
        )

    def apply(self, gate, qubits, *, time_s, angle=None):
        """Not available at Werner level (see :meth:`new_qubit`)."""
        self.new_qubit(None, None)
