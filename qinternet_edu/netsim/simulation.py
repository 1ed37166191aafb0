"""Run node programs on a network in simulated seconds, on SimPy; the frozen run result.

:func:`run` builds a :class:`Simulation` from a
:class:`~qinternet_edu.network.QuantumNetwork`: a :class:`~.node.Node` per
node (capabilities from its kind), a :class:`~.linklayer.LinkLayer` per fiber
link (heralding from :func:`qinternet_edu.heralded_link`, loss from the link's
dB), classical messages delayed by the fiber delay along the shortest route,
and memories that depolarize with ``coherence_time_s``. It runs every node's
program as a SimPy process and returns a :class:`RunResult`, which names the
lowest stage the protocol needed (the highest stage any operation it used
asks for).

Source: SimPy discrete-event simulation (simpy.readthedocs.io); the stage
ladder of S. Wehner, D. Elkouss, R. Hanson, Science 362, eaam9288 (2018).

Example:
    >>> from qinternet_edu.network import QuantumNetwork
    >>> net = (QuantumNetwork().add_node("Alice", kind="repeater")
    ...        .add_node("Bob", kind="repeater").add_fiber("Alice", "Bob", length_km=20.0))
    >>> def alice(node):
    ...     q = yield node.entangle("Bob")
    ...     yield node.wait(0.1)
    ...     return round(node.fidelity(q), 4)  # 1/4 + 3/4 exp(-0.2): both halves waited
    >>> def bob(node):
    ...     q = yield node.entangle("Alice")
    >>> res = run(net, {"Alice": alice, "Bob": bob}, coherence_time_s=1.0, seed=2)
    >>> res.returns["Alice"], res.stage.name
    (0.864, 'QUANTUM_MEMORY')
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field

import simpy

from .._validation import check_choice, check_int, check_positive, make_rng
from ..heralding import HERALDING_SCHEMES, heralded_link
from ..repeaters import noisy_heralded_link
from ..stages import Stage
from .capabilities import OPERATIONS, StageError, stage_error
from .channels import ClassicalChannel, QuantumChannel
from .circuit import CircuitBackend
from .linklayer import LinkLayer
from .node import Node
from .qubits import BASES, WernerBackend

__all__ = ["RunResult", "Simulation", "run"]

BACKENDS = ("werner", "circuit")


class _CountingEnvironment(simpy.Environment):
    """A SimPy environment that counts the events it processes."""

    def __init__(self):
        super().__init__()
        self.n_events = 0

    def step(self):
        self.n_events += 1
        super().step()


@dataclass(frozen=True)
class RunResult:
    """What a run of node programs did.

    Attributes:
        end_time_s: simulated time when the last event happened.
        returns: each node program's return value, by node name (read-only).
        stage: the lowest stage the protocol needs: the highest stage of any
            operation it used (``Stage.TRUSTED_REPEATER`` if only classical).
        stage_by_node: the same, node by node (read-only mapping).
        operations: ``(node, operation, stage)`` for the first use of each
            operation at each node, in the order they happened.
        unfinished: nodes whose program was still waiting when nothing was
            left to happen (a deadlock, or ``until_s`` reached).
        pairs_heralded: heralded pairs the link layer delivered.
        attempts: heralding attempts they took.
        messages: classical messages sent.
        n_events: SimPy events processed.
        backend: ``"werner"`` or ``"circuit"``.
    """

    end_time_s: float
    returns: types.MappingProxyType = field(repr=False)
    stage: Stage
    stage_by_node: types.MappingProxyType = field(repr=False)
    operations: tuple = field(repr=False)
    unfinished: tuple
    pairs_heralded: int
    attempts: int
    messages: int
    n_events: int
    backend: str


class Simulation:
    """An event-level network built from a ``QuantumNetwork`` (see :func:`run` for arguments)."""

    def __init__(
        self,
        network,
        *,
        seed=None,
        backend="werner",
        coherence_time_s=None,
        scheme="double_click",
        link_fidelity=1.0,
        detector_efficiency=1.0,
        emission_efficiency=1.0,
        bright_state_population=0.1,
        preparation_time_s=0.0,
        dark_count_probability=0.0,
        max_circuit_qubits=10,
    ):
        from ..network import QuantumNetwork

        if not isinstance(network, QuantumNetwork):
            raise TypeError(f"network must be a QuantumNetwork; got {type(network).__name__}")
        self.network = network
        self.rng = make_rng(seed)
        self.env = _CountingEnvironment()
        backend = check_choice("backend", backend, BACKENDS)
        if backend == "werner":
            self.backend = WernerBackend(self.rng)
        else:
            self.backend = CircuitBackend(
                self.rng, max_qubits=check_int("max_circuit_qubits", max_circuit_qubits, low=2)
            )
        self._coherence = self._coherence_times(coherence_time_s)
        scheme = check_choice("scheme", scheme, HERALDING_SCHEMES)
        self.nodes = {spec.name: Node(self, spec) for spec in network.nodes}
        self.links = {}
        for link in network.links:
            length = link.length_km
            if length is None:
                raise ValueError(
                    f"link {link.a}-{link.b} has no length_km; give free-space links a distance_km"
                )
            alpha = link.loss_db / length if length > 0 else 0.0
            herald = heralded_link(
                length_km=length,
                scheme=scheme,
                attenuation_db_per_km=alpha,
                detector_efficiency=detector_efficiency,
                emission_efficiency=emission_efficiency,
                bright_state_population=bright_state_population,
                link_fidelity=link_fidelity,
                preparation_time_s=preparation_time_s,
            )
            if dark_count_probability:
                herald = noisy_heralded_link(herald, dark_count_probability=dark_count_probability)
            layer = LinkLayer(self, link.a, link.b, herald)
            layer.channel = QuantumChannel(length_km=length, loss_db=link.loss_db)
            self.links[frozenset((link.a, link.b))] = layer
        self._detector_efficiency = detector_efficiency
        self._delays: dict[str, dict[str, float]] = {}
        self._inbox: dict[tuple, simpy.Store] = {}
        self._photons: dict[tuple[str, str], simpy.Store] = {}
        self._used: dict[str, dict[str, Stage]] = {name: {} for name in self.nodes}
        self._operations: list[tuple[str, str, Stage]] = []
        self._held: dict[str, int] = dict.fromkeys(self.nodes, 0)
        self._born: dict[int, float] = {}
        self.messages = 0
        self._ran = False

    # ------------------------------------------------------------ set-up helpers
    def _coherence_times(self, value):
        names = [spec.name for spec in self.network.nodes]
        if value is None:
            return dict.fromkeys(names)
        if isinstance(value, dict):
            unknown = set(value) - set(names)
            if unknown:
                raise ValueError(f"coherence_time_s names unknown nodes: {sorted(unknown)}")
            return {
                n: None
                if value.get(n) is None
                else check_positive(f"coherence_time_s[{n!r}]", value[n])
                for n in names
            }
        t = check_positive("coherence_time_s", value)
        return dict.fromkeys(names, t)

    def coherence(self, name):
        """Coherence time in seconds of ``name``'s memories (None: perfect)."""
        return self._coherence[name]

    def pair_decay_rate(self, a, b):
        """Decay rate 1/T_a + 1/T_b of the Werner parameter of a pair stored at a and b."""
        return sum(0.0 if self._coherence[n] is None else 1.0 / self._coherence[n] for n in (a, b))

    def classical_delay_s(self, a, b):
        """One-way delay of a classical message from ``a`` to ``b`` (shortest fiber route)."""
        if a == b:
            return 0.0
        if a not in self._delays:
            import networkx as nx

            graph = self.network._graph
            lengths = nx.single_source_dijkstra_path_length(
                graph, a, weight=lambda u, v, d: d["link"].length_km or 0.0
            )
            per_km = ClassicalChannel(length_km=1.0).delay_s  # n / c per km, computed once
            self._delays[a] = {n: km * per_km for n, km in lengths.items()}
        if b not in self._delays[a]:
            raise ValueError(f"no route carries messages from {a!r} to {b!r}")
        return self._delays[a][b]

    # ------------------------------------------------------------ bookkeeping
    def _use(self, name, operation):
        op = OPERATIONS[operation]
        node = self.nodes[name]
        if node.stage < op.stage:
            raise stage_error(op, name, node.stage)
        if operation not in self._used[name]:
            self._used[name][operation] = op.stage
            self._operations.append((name, operation, op.stage))

    def _check_capacity(self, name, extra):
        capacity = self.nodes[name].spec.qubits
        if self._held[name] + extra > capacity:
            raise StageError(
                f"{name}'s node holds at most {capacity} qubit(s); this needs "
                f"{self._held[name] + extra}"
            )

    def _release(self, name, n):
        self._held[name] -= n

    def _check_node(self, name, what):
        if name not in self.nodes:
            known = ", ".join(repr(n) for n in self.nodes)
            raise ValueError(f"{what} {name!r} is not in the network; known nodes: {known}")

    def _layer(self, a, b):
        self._check_node(b, "remote")
        layer = self.links.get(frozenset((a, b)))
        if layer is None:
            raise ValueError(
                f"{a} and {b} share no quantum link; entangle with a neighbour "
                f"({', '.join(self.network.neighbours(a)) or 'none'}), or swap through repeaters"
            )
        return layer

    def new_pair(self, a, b, fidelity):
        """A fresh pair between ``a`` and ``b`` now (the link layer calls it)."""
        qa, qb = self.backend.new_pair(
            a, self._coherence[a], b, self._coherence[b], fidelity=fidelity, time_s=self.env.now
        )
        self._born[qa.id] = self._born[qb.id] = self.env.now
        return qa, qb

    # ------------------------------------------------------------ verbs
    def _entangle(self, name, request):
        layer = self._layer(name, request.remote)
        if request.keep:
            self._use(name, "store")
            self._check_capacity(name, 1)
            self._held[name] += 1
        else:
            self._use(name, "measure_pair")
        event = self.env.event()
        layer.submit(name, request, event)
        return event

    def _send(self, name, remote, message, label=None):
        self._check_node(remote, "remote")
        self._use(name, "classical")
        self.messages += 1
        store = self._inbox.setdefault((remote, name, label), simpy.Store(self.env))
        delay = self.classical_delay_s(name, remote)
        self.env.process(self._deliver(store, message, delay))
        return self.env.timeout(0.0)

    def _deliver(self, store, item, delay):
        yield self.env.timeout(delay)
        yield store.put(item)

    def _receive(self, name, remote, label=None):
        self._check_node(remote, "remote")
        return self._inbox.setdefault((name, remote, label), simpy.Store(self.env)).get()

    def _photon_route(self, a, b):
        """(transmissivity, delay) from a to b: one link, or through nodes that forward qubits."""
        layer = self.links.get(frozenset((a, b)))
        if layer is not None:
            return layer.channel.transmissivity, layer.channel.delay_s
        self._check_node(b, "remote")
        import networkx as nx

        graph = self.network._graph
        keep = [n for n in graph if n in (a, b) or self.nodes[n].spec.forwards_qubits]
        try:
            path = nx.shortest_path(graph.subgraph(keep), a, b, weight="loss_db")
        except nx.NetworkXNoPath:
            raise ValueError(
                f"no route from {a} to {b} passes only nodes that forward qubits (trusted relays "
                "measure them); send through neighbours, or swap entanglement"
            ) from None
        loss = self.network.path_loss_db(path)
        length = self.network.path_length_km(path) or 0.0
        channel = QuantumChannel(length_km=length, loss_db=loss)
        return channel.transmissivity, channel.delay_s

    def _send_qubit(self, name, remote, bit, basis):
        eta_channel, delay = self._photon_route(name, remote)
        self._use(name, "prepare")
        if bit not in (0, 1) or isinstance(bit, float):
            raise ValueError(f"bit must be 0 or 1; got {bit!r}")
        if basis not in BASES:
            raise ValueError(f"basis must be one of {BASES}; got {basis!r}")
        arrived = self.rng.random() < eta_channel * self._detector_efficiency
        store = self._photons.setdefault((remote, name), simpy.Store(self.env))
        photon = (int(bit), basis) if arrived else None
        self.env.process(self._deliver(store, photon, delay))
        return self.env.timeout(0.0)

    def _receive_qubit(self, name, remote, basis):
        self._check_node(remote, "remote")
        self._use(name, "measure_photon")
        if basis not in BASES:
            raise ValueError(f"basis must be one of {BASES}; got {basis!r}")
        get = self._photons.setdefault((name, remote), simpy.Store(self.env)).get()
        return self.env.process(self._measure_photon(get, basis))

    def _measure_photon(self, get, basis):
        photon = yield get
        if photon is None:
            return None
        bit, sent_basis = photon
        return bit if sent_basis == basis else int(self.rng.random() < 0.5)

    def _all(self, events):
        def wait():
            values = yield self.env.all_of(events)
            return [values[e] for e in events]

        return self.env.process(wait())

    # ------------------------------------------------------------ running
    def run(self, programs, *, until_s=None):
        """Run ``programs`` (node name -> generator function of a Node) to the end.

        Returns:
            A :class:`RunResult`.
        """
        if self._ran:
            raise RuntimeError("a Simulation runs once; build a new one (or call netsim.run)")
        self._ran = True
        if not isinstance(programs, dict) or not programs:
            raise TypeError("programs must be a non-empty dict: node name -> program function")
        processes = {}
        for name, program in programs.items():
            self._check_node(name, "program for node")
            if not callable(program):
                raise TypeError(f"the program for {name!r} must be a function; got {program!r}")
            gen = program(self.nodes[name])
            if not isinstance(gen, types.GeneratorType):
                raise TypeError(
                    f"the program for {name!r} must be a generator function (use yield); "
                    f"it returned {type(gen).__name__}"
                )
            processes[name] = self.env.process(gen)
        if until_s is not None:
            self.env.run(until=check_positive("until_s", until_s))
        else:
            self.env.run()
        returns = {n: p.value for n, p in processes.items() if p.triggered and p.ok}
        by_node = {
            n: max(used.values(), default=Stage.TRUSTED_REPEATER)
            for n, used in self._used.items()
            if n in programs or used
        }
        return RunResult(
            end_time_s=float(self.env.now),
            returns=types.MappingProxyType(returns),
            stage=max(by_node.values(), default=Stage.TRUSTED_REPEATER),
            stage_by_node=types.MappingProxyType(by_node),
            operations=tuple(self._operations),
            unfinished=tuple(n for n, p in processes.items() if not p.triggered),
            pairs_heralded=sum(layer.pairs_heralded for layer in self.links.values()),
            attempts=sum(layer.attempts for layer in self.links.values()),
            messages=self.messages,
            n_events=self.env.n_events,
            backend=self.backend.level,
        )


def run(network, programs, *, seed=None, until_s=None, **options):
    """Run node programs on a network and report what happened and the stage it needed.

    Args:
        network: a :class:`~qinternet_edu.network.QuantumNetwork` (fiber links).
        programs: dict node name -> generator function taking a
            :class:`~qinternet_edu.netsim.Node`.
        seed: seed of the run (same seed, same result).
        until_s: stop at this simulated time (None: when nothing is left to happen).
        **options: ``backend`` (``"werner"`` or ``"circuit"``), ``coherence_time_s``
            (a number, or a dict per node; None = perfect memories), ``scheme``,
            ``link_fidelity``, ``detector_efficiency``, ``emission_efficiency``,
            ``bright_state_population``, ``preparation_time_s``,
            ``dark_count_probability`` (:func:`qinternet_edu.noisy_heralded_link`),
            ``max_circuit_qubits``.

    Returns:
        A frozen :class:`RunResult`.
    """
    return Simulation(network, seed=seed, **options).run(programs, until_s=until_s)
