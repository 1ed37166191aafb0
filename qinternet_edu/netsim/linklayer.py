"""The link layer: heralded entanglement between neighbours as a service.

A node asks its link for a pair with an :class:`EntanglementRequest`, in the
spirit of the link-layer protocol of Dahlberg et al. (SIGCOMM 2019):

* **create and keep** (``keep=True``): the pair is stored in both memories
  (stage 3, a quantum memory network);
* **create and measure** (``keep=False``): each node measures its half at
  once, in the basis it asked for, and gets a bit (stage 2);
* a **minimum fidelity**: if the heralded pair is worse, the link layer
  distils pairs with BBPSSW rounds (:func:`qinternet_edu.bbpssw`) until the
  fidelity is reached (that needs two memories at each end).

The two nodes' requests are matched in order (the k-th request of A towards B
with the k-th of B towards A), separately for each ``label`` (Dahlberg et al.'s
purpose ID: requests of different applications sharing a link are never
crossed). A link serves one generation at a time. Each
heralded pair costs a geometric number of attempts, each lasting L/c plus the
preparation time (:func:`qinternet_edu.heralded_link`); the number of attempts
is drawn at once (exact in law), so a failed attempt is not an event.

Source: A. Dahlberg et al., "A link layer protocol for quantum networks",
ACM SIGCOMM 2019, doi:10.1145/3341302.3342070; heralding parameters from
:mod:`qinternet_edu.heralding`; BBPSSW: C. H. Bennett et al., PRL 76, 722 (1996).

Example:
    >>> EntanglementRequest(remote="Bob", keep=False, basis="X")
    EntanglementRequest(remote='Bob', keep=False, basis='X', min_fidelity=None, label=None)
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from .._validation import check_fidelity
from ..entanglement import bbpssw
from .qubits import BASES

__all__ = ["EntanglementRequest", "LinkLayer", "purification_rounds_needed"]

_MAX_PURIFICATION_ROUNDS = 10


@dataclass(frozen=True)
class EntanglementRequest:
    """One node's request for a pair with a neighbour (see the module docstring).

    Attributes:
        remote: the neighbour's name.
        keep: True for create-and-keep, False for create-and-measure.
        basis: measurement basis of create-and-measure (``"Z"``, ``"X"`` or ``"Y"``).
        min_fidelity: the lowest acceptable fidelity (None: whatever the link gives).
        label: which application or request the pair is for (matched per label).
    """

    remote: str
    keep: bool = True
    basis: str = "Z"
    min_fidelity: float | None = None
    label: object = None

    def __post_init__(self):
        if not isinstance(self.keep, bool):
            raise TypeError(f"keep must be True or False; got {self.keep!r}")
        if self.basis not in BASES:
            raise ValueError(f"basis must be one of {BASES}; got {self.basis!r}")
        if self.min_fidelity is not None:
            check_fidelity("min_fidelity", self.min_fidelity, low=0.25)


def purification_rounds_needed(link_fidelity, min_fidelity):
    """BBPSSW rounds on equal pairs (no decoherence) from ``link_fidelity`` to ``min_fidelity``.

    Raises:
        ValueError: if ten rounds do not reach it (BBPSSW only helps above F = 1/2
            and never reaches 1).

    Example:
        >>> purification_rounds_needed(0.8, 0.9)
        3
        >>> purification_rounds_needed(0.95, 0.9)
        0
    """
    f = check_fidelity("link_fidelity", link_fidelity, low=0.25)
    target = check_fidelity("min_fidelity", min_fidelity, low=0.25)
    for rounds in range(_MAX_PURIFICATION_ROUNDS + 1):
        if f >= target - 1e-12:
            return rounds
        f = bbpssw(f).fidelity
    raise ValueError(
        f"min_fidelity = {target!r} is out of reach: {_MAX_PURIFICATION_ROUNDS} BBPSSW rounds "
        f"from link fidelity {link_fidelity!r} give only {f:.4f}"
    )


class _Pending:
    __slots__ = ("event", "node", "request")

    def __init__(self, node, request, event):
        self.node, self.request, self.event = node, request, event


class LinkLayer:
    """The heralded link between two neighbouring nodes, serving matched requests in order."""

    def __init__(self, sim, a, b, link):
        self.sim, self.a, self.b, self.link = sim, a, b, link
        self.queues = {}  # (node, label) -> waiting requests
        self.matched = deque()
        self.busy = False
        self.pairs_heralded = 0
        self.attempts = 0
        p = link.success_probability
        self._log_q = math.log1p(-p) if p < 1.0 else 0.0

    def submit(self, node, request, event):
        """Queue ``node``'s request; generation starts when the neighbour's request matches it."""
        other = self.b if node == self.a else self.a
        waiting = self.queues.get((other, request.label))
        if waiting:
            mine = _Pending(node, request, event)
            theirs = waiting.popleft()
            self.matched.append((mine, theirs))
            if not self.busy:
                self.busy = True
                self.sim.env.process(self._serve())
        else:
            self.queues.setdefault((node, request.label), deque()).append(
                _Pending(node, request, event)
            )

    def _attempt_time(self):
        """Time to one herald: a geometric number of attempts (drawn at once) times their length."""
        if self._log_q == 0.0:
            n = 1
        else:
            n = max(1, math.ceil(math.log(1.0 - self.sim.rng.random()) / self._log_q))
        self.attempts += n
        return n * self.link.attempt_duration_s

    def _serve(self):
        env, sim = self.sim.env, self.sim
        while self.matched:
            first, second = self.matched.popleft()
            wanted = [r.request.min_fidelity for r in (first, second) if r.request.min_fidelity]
            rounds = purification_rounds_needed(self.link.fidelity, max(wanted)) if wanted else 0
            if rounds:
                for r in (first, second):
                    sim._use(r.node, "purify")
                    sim._check_capacity(r.node, 1)  # a second memory
                fidelity = yield from self._purified(rounds)
            else:
                yield env.timeout(self._attempt_time())
                fidelity = self.link.fidelity
            self.pairs_heralded += 1
            qa, qb = sim.new_pair(first.node, second.node, fidelity)
            for r, q in ((first, qa), (second, qb)):
                if r.request.keep:
                    r.event.succeed(q)
            for r, q in ((first, qa), (second, qb)):
                if not r.request.keep:
                    r.event.succeed(sim.backend.measure(q, r.request.basis, time_s=env.now))
        self.busy = False

    def _purified(self, rounds):
        """Generator: fidelity of a pair distilled by ``rounds`` BBPSSW rounds (memories decay)."""
        env, sim = self.sim.env, self.sim
        delay = sim.classical_delay_s(self.a, self.b)
        decay = sim.pair_decay_rate(self.a, self.b)
        while True:
            if rounds == 0:
                yield env.timeout(self._attempt_time())
                return self.link.fidelity
            f1 = yield from self._purified(rounds - 1)
            t1 = env.now
            f2 = yield from self._purified(rounds - 1)
            w1 = (4.0 * f1 - 1.0) / 3.0 * math.exp(-(env.now - t1) * decay)
            result = bbpssw((3.0 * w1 + 1.0) / 4.0, f2)
            yield env.timeout(delay)  # both ends exchange their parities
            ok = sim.rng.random() < result.success_probability
            if ok:
                w = (4.0 * result.fidelity - 1.0) / 3.0 * math.exp(-delay * decay)
                return (3.0 * w + 1.0) / 4.0
