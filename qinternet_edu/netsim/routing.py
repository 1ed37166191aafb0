"""The network layer: routes on general graphs, swap schedules, competing requests, GHZ states.

* :func:`find_route` picks a path between two nodes of a
  :class:`~qinternet_edu.network.QuantumNetwork` (any networkx graph, not
  only a chain) through nodes that can swap (a memory and a Bell-state
  measurement), by one of three additive metrics:
  ``"loss"`` (total dB), ``"rate"`` (the sum of the links' mean waiting
  times tau/p, an upper bound on the mean time until all links exist, since
  E[max T_i] <= sum E[T_i]) or ``"fidelity"`` (the product of the links'
  Werner parameters, which is what swapping without memory decay delivers:
  w_end = prod w_i, :func:`qinternet_edu.swap_fidelity`).
* :func:`chain_programs` writes the node programs that deliver pairs along a
  path, with a swap schedule: ``"asap"`` (each repeater swaps as soon as both
  of its pairs exist) or ``"nested"`` (the doubling tree of Briegel et al.:
  a repeater swaps only once the repeaters below it in the tree told it they
  have swapped).
* :func:`serve_requests` serves several user pairs at once on shared
  repeaters: each request's pairs are labelled so links never cross them,
  and a scheduler hands out memories first come, first served (all the
  memories a delivery needs at once, in a fixed order, so it cannot
  deadlock). It reports throughput, fidelity and latency per request. A
  node with many links and memories (a repeater of high degree) acts as a
  quantum router: it swaps between whichever two links a request needs;
  single photons are forwarded through nodes that let qubits through
  (``node.send_qubit`` to a non-neighbour).
* :func:`distribute_ghz` gives three nodes a GHZ state: a centre prepares it
  locally and teleports one qubit to each (circuit level).

Source: routing metrics as in the survey of M. Caleffi, "Optimal routing for
quantum networks", IEEE Access 5, 22299 (2017) (additive path costs);
nested swapping: H.-J. Briegel, W. Dür, J. I. Cirac, P. Zoller, PRL 81, 5932
(1998); GHZ: D. M. Greenberger, M. A. Horne, A. Zeilinger (1989), distributed
by teleportation, C. H. Bennett et al., PRL 70, 1895 (1993).

Example:
    >>> from qinternet_edu.network import QuantumNetwork
    >>> net = QuantumNetwork()
    >>> for name in ("A", "B"):
    ...     _ = net.add_node(name, kind="repeater")
    >>> for name in ("R1", "R2"):
    ...     _ = net.add_node(name, kind="repeater")
    >>> _ = net.add_fiber("A", "R1", length_km=30).add_fiber("R1", "B", length_km=30)
    >>> _ = net.add_fiber("A", "R2", length_km=10).add_fiber("R2", "B", length_km=55)
    >>> find_route(net, "A", "B", metric="loss").path
    ('A', 'R1', 'B')
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_choice, check_int
from ..heralding import heralded_link
from ..repeaters import noisy_heralded_link
from .simulation import RunResult, Simulation

__all__ = [
    "GHZResult",
    "Request",
    "RequestStats",
    "Route",
    "ServiceResult",
    "chain_programs",
    "distribute_ghz",
    "find_route",
    "serve_requests",
]

METRICS = ("rate", "fidelity", "loss")
SCHEDULES = ("asap", "nested")


@dataclass(frozen=True)
class Route:
    """A path for entanglement between two nodes, and what its links promise.

    Attributes:
        path: the nodes, end to end.
        metric: the metric it minimises (``"rate"``, ``"fidelity"`` or ``"loss"``).
        loss_db: total loss of its links.
        length_km: total fiber length.
        link_waiting_times_s: each link's mean waiting time tau/p.
        fidelity: end-to-end fidelity if every link's pair is swapped at once
            (no memory decay): 1/4 + 3/4 prod w_i.
    """

    path: tuple
    metric: str
    loss_db: float
    length_km: float
    link_waiting_times_s: tuple
    fidelity: float


def _link_model(link, options):
    herald = heralded_link(
        length_km=link.length_km,
        attenuation_db_per_km=link.loss_db / link.length_km if link.length_km else 0.0,
        **{k: v for k, v in options.items() if k != "dark_count_probability"},
    )
    p_dark = options.get("dark_count_probability", 0.0)
    return noisy_heralded_link(herald, dark_count_probability=p_dark) if p_dark else herald


_LINK_OPTIONS = (
    "scheme",
    "detector_efficiency",
    "emission_efficiency",
    "bright_state_population",
    "link_fidelity",
    "preparation_time_s",
    "dark_count_probability",
)


def find_route(network, a, b, *, metric="rate", _models=None, **link_options):
    """The best path for entanglement from ``a`` to ``b`` by ``metric`` (see the module docstring).

    Args:
        network: a :class:`~qinternet_edu.network.QuantumNetwork`.
        a, b: the two end nodes.
        metric: ``"rate"``, ``"fidelity"`` or ``"loss"``.
        **link_options: heralding options of :func:`qinternet_edu.heralded_link`
            (``scheme``, ``detector_efficiency``, ``link_fidelity``, ...) and
            ``dark_count_probability``.

    Returns:
        A :class:`Route`.

    Raises:
        ValueError: no path runs through nodes that can swap.
    """
    import networkx as nx

    metric = check_choice("metric", metric, METRICS)
    unknown = set(link_options) - set(_LINK_OPTIONS)
    if unknown:
        raise TypeError(f"unknown link option(s) {sorted(unknown)}; allowed: {_LINK_OPTIONS}")
    network._check_pair(a, b)
    graph = network._graph
    swappers = [
        n
        for n in graph
        if n in (a, b)
        or (
            graph.nodes[n]["spec"].has_memory and graph.nodes[n]["spec"].can_distribute_entanglement
        )
    ]
    models = {} if _models is None else _models  # serve_requests shares one cache

    def model(u, v, data):
        key = frozenset((u, v))
        if key not in models:
            if data["link"].length_km is None:
                raise ValueError(f"link {u}-{v} has no length_km")
            models[key] = _link_model(data["link"], link_options)
        return models[key]

    def weight(u, v, data):
        if metric == "loss":
            return data["loss_db"]
        link = model(u, v, data)
        if metric == "rate":
            return link.mean_waiting_time_s
        w = (4.0 * link.fidelity - 1.0) / 3.0
        return math.inf if w <= 0.0 else -math.log(w)

    try:
        path = tuple(nx.shortest_path(graph.subgraph(swappers), a, b, weight=weight))
    except nx.NetworkXNoPath:
        raise ValueError(
            f"no path joins {a!r} and {b!r} through nodes that can swap entanglement "
            "(a memory and a Bell-state measurement)"
        ) from None
    links = [model(u, v, graph.edges[u, v]) for u, v in itertools.pairwise(path)]
    w = float(np.prod([(4.0 * k.fidelity - 1.0) / 3.0 for k in links]))
    return Route(
        path=path,
        metric=metric,
        loss_db=network.path_loss_db(path),
        length_km=network.path_length_km(path),
        link_waiting_times_s=tuple(k.mean_waiting_time_s for k in links),
        fidelity=0.25 + 0.75 * w,
    )


def _tree(n_links):
    """Nested schedule: each span's split point and its parent split (indices into the path)."""
    parent = {}

    def build(lo, hi, up):
        if hi - lo < 2:
            return
        mid = lo + (hi - lo + 1) // 2  # the same split as qinternet_edu.repeaters
        parent[mid] = up
        build(lo, mid, mid)
        build(mid, hi, mid)

    build(0, n_links, None)
    return parent


def _delivery_programs(path, schedule, label):
    """One delivery's node programs along ``path`` (dict name -> generator function)."""
    n = len(path) - 1
    parent = _tree(n) if schedule == "nested" else {}
    children = {}
    for child, up in parent.items():
        if up is not None:
            children.setdefault(up, []).append(child)
    ends = (path[0], path[-1])

    def end(position):
        me, neighbour = path[position], path[1 if position == 0 else -2]

        def program(node):
            q = yield node.entangle(neighbour, label=label)
            for r in path[1:-1]:  # every swap's outcome (Pauli frame) reaches both ends
                yield node.receive(r, label=label)
            if position == 0:  # the other end confirms it holds its half, then both use it
                yield node.receive(ends[1], label=label)
                result = (node.now, node.fidelity(q))
                yield node.send(ends[1], "used", label=label)
            else:
                yield node.send(ends[0], "ready", label=label)
                yield node.receive(ends[0], label=label)
                result = None
            node.discard(q)
            return result

        program.__name__ = f"end_{me}"
        return program

    def repeater(i):
        left, right = path[i - 1], path[i + 1]

        def program(node):
            q_left, q_right = yield node.all(
                node.entangle(left, label=label), node.entangle(right, label=label)
            )
            for child in children.get(i, ()):
                yield node.receive(path[child], label=label)
            bits = node.swap(q_left, q_right)
            for target in ends:
                yield node.send(target, bits, label=label)
            if parent.get(i) is not None:
                yield node.send(path[parent[i]], "swapped", label=label)

        return program

    programs = {path[0]: end(0), path[-1]: end(n)}
    for i in range(1, n):
        programs[path[i]] = repeater(i)
    return programs


def chain_programs(path, *, n_pairs=1, schedule="asap", label=None):
    """Node programs that deliver ``n_pairs`` pairs along ``path``, one after another.

    The first end node's program returns a list of ``(time_s, fidelity)``
    per delivered pair; the others return None.

    Args:
        path: node names, end to end (e.g. ``find_route(...).path``).
        n_pairs: pairs to deliver, >= 1.
        schedule: ``"asap"`` or ``"nested"`` (see the module docstring).
        label: label of this request's pairs and messages.

    Returns:
        dict node name -> generator function, for :func:`~qinternet_edu.netsim.run`.
    """
    path = tuple(path)
    if len(path) < 2 or len(set(path)) != len(path):
        raise ValueError(f"path must list two or more distinct nodes; got {path!r}")
    n_pairs = check_int("n_pairs", n_pairs, low=1)
    schedule = check_choice("schedule", schedule, SCHEDULES)
    single = _delivery_programs(path, schedule, label)

    def looped(program):
        def run_all(node):
            results = []
            for _ in range(n_pairs):
                results.append((yield node._sim.env.process(program(node))))
            return results if results[0] is not None else None

        return run_all

    return {name: looped(program) for name, program in single.items()}


@dataclass(frozen=True)
class Request:
    """A user pair's request: ``n_pairs`` pairs between ``a`` and ``b``, routed by ``metric``."""

    a: str
    b: str
    n_pairs: int = 1
    metric: str = "rate"

    def __post_init__(self):
        check_int("n_pairs", self.n_pairs, low=1)
        check_choice("metric", self.metric, METRICS)


@dataclass(frozen=True)
class RequestStats:
    """What one request got.

    Attributes:
        request: the :class:`Request`.
        path: its route.
        delivered: pairs delivered.
        throughput_hz: pairs delivered per second of the run (delivered / finish time).
        mean_fidelity: mean fidelity of its pairs when used.
        mean_latency_s: mean time from asking for a pair to having it (waiting
            for shared memories included).
        finish_time_s: when its last pair was delivered.
    """

    request: Request
    path: tuple
    delivered: int
    throughput_hz: float
    mean_fidelity: float
    mean_latency_s: float
    finish_time_s: float


@dataclass(frozen=True)
class ServiceResult:
    """Per-request statistics of :func:`serve_requests`, and the whole run's result."""

    requests: tuple
    run: RunResult = field(repr=False)


def serve_requests(network, requests, *, schedule="asap", seed=None, **options):
    """Serve competing requests of several user pairs on shared repeaters (event level).

    Each request is routed with :func:`find_route`, then asks for its pairs
    one after another. A delivery starts when it holds a memory at its two
    ends and two at each repeater of its path (first come, first served;
    the control messages of this scheduler are not modelled). Its pairs and
    messages carry the request's label.

    Args:
        network: a :class:`~qinternet_edu.network.QuantumNetwork`.
        requests: a list of :class:`Request`.
        schedule: swap schedule, ``"asap"`` or ``"nested"``.
        seed: seed of the run.
        **options: options of :func:`~qinternet_edu.netsim.run` (heralding,
            ``coherence_time_s``, ...); the heralding ones also set the routes.

    Returns:
        A :class:`ServiceResult`.
    """
    import simpy

    requests = list(requests)
    if not requests or not all(isinstance(r, Request) for r in requests):
        raise TypeError("requests must be a non-empty list of Request")
    schedule = check_choice("schedule", schedule, SCHEDULES)
    link_options = {k: v for k, v in options.items() if k in _LINK_OPTIONS}
    cache = {}
    routes = [
        find_route(network, r.a, r.b, metric=r.metric, _models=cache, **link_options)
        for r in requests
    ]
    sim = Simulation(network, seed=seed, **options)
    env = sim.env
    memories = {
        name: simpy.Container(env, capacity=node.spec.qubits, init=node.spec.qubits)
        for name, node in sim.nodes.items()
        if node.spec.qubits
    }
    records = [[] for _ in requests]

    def controller(k):
        path = routes[k].path
        for _ in range(requests[k].n_pairs):
            asked = env.now
            held = []
            for name in sorted(path):  # a fixed order: no two deliveries wait on each other
                need = 1 if name in (path[0], path[-1]) else 2
                if name not in memories or memories[name].capacity < need:
                    raise ValueError(
                        f"node {name!r} needs {need} memories for request {k}; it has "
                        f"{sim.nodes[name].spec.qubits}"
                    )
                yield memories[name].get(need)
                held.append((name, need))
            programs = _delivery_programs(path, schedule, label=k)
            procs = [env.process(programs[n](sim.nodes[n])) for n in path]
            yield env.all_of(procs)
            t, f = procs[0].value
            records[k].append((asked, t, f))
            for name, need in held:
                yield memories[name].put(need)

    def scheduler(node):
        yield env.all_of([env.process(controller(k)) for k in range(len(requests))])

    first = routes[0].path[0]
    result = sim.run({first: scheduler})
    stats = []
    for request, route, rec in zip(requests, routes, records, strict=True):
        asked, times, fids = (np.array(x) for x in zip(*rec, strict=True))
        stats.append(
            RequestStats(
                request=request,
                path=route.path,
                delivered=len(rec),
                throughput_hz=float(len(rec) / times[-1]),
                mean_fidelity=float(fids.mean()),
                mean_latency_s=float((times - asked).mean()),
                finish_time_s=float(times[-1]),
            )
        )
    return ServiceResult(requests=tuple(stats), run=result)


@dataclass(frozen=True)
class GHZResult:
    """A GHZ state delivered to three nodes.

    Attributes:
        nodes: the three nodes holding it.
        fidelity: fidelity with (|000> + |111>)/sqrt(2) when the last correction is done.
        time_s: when that was.
        stage: the lowest stage the protocol needed.
    """

    nodes: tuple
    fidelity: float
    time_s: float
    stage: object


def distribute_ghz(network, center, leaves, *, seed=None, **options):
    """Give three ``leaves`` a GHZ state: ``center`` prepares it and teleports a qubit to each.

    Circuit level (``backend="circuit"``). The centre needs six memories
    (three GHZ qubits, three pair halves); each leaf one.

    Args:
        network: a :class:`~qinternet_edu.network.QuantumNetwork` where the
            centre is linked to each leaf.
        center: the centre's name.
        leaves: three node names.
        seed: seed of the run.
        **options: options of :func:`~qinternet_edu.netsim.run`.

    Returns:
        A :class:`GHZResult`.
    """
    leaves = tuple(leaves)
    if len(leaves) != 3 or len(set(leaves)) != 3 or center in leaves:
        raise ValueError(f"leaves must be three distinct nodes other than the centre; got {leaves}")
    options = dict(options, backend="circuit")
    sim = Simulation(network, seed=seed, **options)
    held = {}

    def centre(node):
        ghz = [node.new_qubit() for _ in leaves]
        node.apply("h", ghz[0])
        node.apply("cnot", ghz[0], ghz[1])
        node.apply("cnot", ghz[0], ghz[2])
        halves = yield node.all(*(node.entangle(leaf) for leaf in leaves))
        for leaf, q, half in zip(leaves, ghz, halves, strict=True):
            yield node.send(leaf, node.swap(q, half))  # teleport one GHZ qubit to the leaf

    def leaf_program(name):
        def program(node):
            q = yield node.entangle(center)
            m_z, m_x = yield node.receive(center)
            node.correct(q, m_z, m_x)
            held[name] = q
            yield node.send(center, "ok", label="ghz")

        return program

    def centre_and_wait(node):
        yield node._sim.env.process(centre(node))
        for leaf in leaves:
            yield node.receive(leaf, label="ghz")
        return node.now

    programs = {center: centre_and_wait, **{leaf: leaf_program(leaf) for leaf in leaves}}
    result = sim.run(programs)
    t = result.returns[center]
    rho = sim.backend.density_matrix([held[leaf] for leaf in leaves], time_s=t)
    ghz = np.zeros(8, dtype=complex)
    ghz[0] = ghz[7] = 1 / math.sqrt(2)
    fidelity = float(np.real(ghz.conj() @ np.asarray(rho.data) @ ghz))
    return GHZResult(nodes=leaves, fidelity=fidelity, time_s=t, stage=result.stage)
