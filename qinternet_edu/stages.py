"""The stage ladder of the quantum internet, and which stage an application or network needs.

Wehner, Elkouss and Hanson order the development of the quantum internet in
stages of functionality (their Fig. 4, with example applications in their
Table 1): a trusted-repeater network, then prepare-and-measure,
entanglement distribution, quantum memory, few-qubit fault-tolerant and
quantum computing networks. Each stage lets any two end nodes do something
new, and each enables new applications. The paper's text counts the
trusted-repeater network as "the first stage"; the course numbers the
stages 0 to 5, so the trusted-repeater network is stage 0 and the quantum
computing network stage 5.

Stage 2 needs *heralded* entanglement: a signal (a click pattern at a
Bell-state measurement, or a node that holds its qubit) announces that a pair
exists before anyone measures it. Entanglement known only by post-selection,
after both ends have detected their photons and compared records (pairs from
a photon-pair source, as Micius sent to Delingha and Lijiang), is a
prepare-and-measure resource and sits at stage 1.

Here: the :class:`Stage` enum, :func:`required_stage` for the roadmap's
applications, and :func:`network_stage`, which reads a
:class:`~qinternet_edu.network.QuantumNetwork` and says how high two of its
nodes can climb, and what stops them going higher.

Source: S. Wehner, D. Elkouss, R. Hanson, "Quantum internet: A vision for the
road ahead", Science 362, eaam9288 (2018), Fig. 4, Table 1 and text.

numpy-only at import: networkx is loaded inside the functions that need it.
"""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass

__all__ = [
    "APPLICATIONS",
    "Application",
    "NetworkStageResult",
    "Stage",
    "applications_between",
    "known_applications",
    "network_stage",
    "required_stage",
]

_PAPER = "Wehner, Elkouss, Hanson, Science 362, eaam9288 (2018)"
_ROADMAP = f"{_PAPER}, Fig. 4"
_TABLE = f"{_PAPER}, Table 1"


class Stage(enum.IntEnum):
    """A stage of the quantum-internet roadmap, 0 (trusted repeaters) to 5 (quantum computing).

    The numbers 0-5 are the course's; the roadmap's text calls the trusted-repeater
    network the first stage.

    Each member has ``.title``, ``.capability`` (what any two end nodes can do) and
    ``.examples`` (application names at that stage).

    Example:
        >>> Stage.QUANTUM_MEMORY.title
        'Quantum memory network'
        >>> Stage(1).name, Stage.PREPARE_AND_MEASURE > Stage.TRUSTED_REPEATER
        ('PREPARE_AND_MEASURE', True)
    """

    TRUSTED_REPEATER = 0
    PREPARE_AND_MEASURE = 1
    ENTANGLEMENT_DISTRIBUTION = 2
    QUANTUM_MEMORY = 3
    FEW_QUBIT_FAULT_TOLERANT = 4
    QUANTUM_COMPUTING = 5

    @property
    def title(self) -> str:
        """The stage's name as the roadmap gives it."""
        return _TITLES[self]

    @property
    def capability(self) -> str:
        """What any two end nodes can do at this stage, in one or two sentences."""
        return _CAPABILITIES[self]

    @property
    def examples(self) -> tuple[str, ...]:
        """The applications that first become possible at this stage."""
        return tuple(app.name for app in APPLICATIONS if app.stage == self)


_TITLES = {
    Stage.TRUSTED_REPEATER: "Trusted repeater network",
    Stage.PREPARE_AND_MEASURE: "Prepare-and-measure network",
    Stage.ENTANGLEMENT_DISTRIBUTION: "Entanglement distribution network",
    Stage.QUANTUM_MEMORY: "Quantum memory network",
    Stage.FEW_QUBIT_FAULT_TOLERANT: "Few-qubit fault-tolerant network",
    Stage.QUANTUM_COMPUTING: "Quantum computing network",
}

_CAPABILITIES = {
    Stage.TRUSTED_REPEATER: (
        "Two end nodes share a key relayed hop by hop, and every relay node learns it."
    ),
    Stage.PREPARE_AND_MEASURE: (
        "One end node prepares a qubit and the other measures it, with no trusted node in "
        "between; entangled pairs known only by post-selecting detections count here."
    ),
    Stage.ENTANGLEMENT_DISTRIBUTION: (
        "Two end nodes get heralded entanglement: a signal announces each pair before it is "
        "measured, with no post-selection; they measure it at once, without storing it."
    ),
    Stage.QUANTUM_MEMORY: (
        "Two end nodes obtain entanglement and store it, so they can teleport qubits."
    ),
    Stage.FEW_QUBIT_FAULT_TOLERANT: (
        "End nodes run fault-tolerant operations on a few stored qubits."
    ),
    Stage.QUANTUM_COMPUTING: (
        "End nodes are full quantum computers that exchange error-corrected qubits."
    ),
}


@dataclass(frozen=True)
class Application:
    """An application of the quantum internet and the lowest stage it needs.

    Attributes:
        name: the application's name.
        stage: the lowest :class:`Stage` that supports it.
        source: where the placement comes from (the roadmap, the protocol's paper).
        note: any simplification the course makes, or a caveat ("" if none).
        aliases: other names accepted by :func:`required_stage`.
    """

    name: str
    stage: Stage
    source: str
    note: str = ""
    aliases: tuple[str, ...] = ()


#: The applications the course places on the ladder, lowest stage first.
APPLICATIONS: tuple[Application, ...] = (
    Application(
        "QKD with trusted nodes",
        Stage.TRUSTED_REPEATER,
        f"{_TABLE}: QKD without end-to-end security at the trusted-repeater stage.",
        "Every relay learns the key; security rests on trusting all of them.",
        ("trusted node QKD", "trusted QKD", "QKD trusted nodes", "trusted relay QKD"),
    ),
    Application(
        "QKD",
        Stage.PREPARE_AND_MEASURE,
        f"{_TABLE}; C. H. Bennett and G. Brassard, Proc. IEEE ICCSSP 1984 (BB84).",
        "End-to-end QKD: no node between the users needs to be trusted.",
        (
            "end to end QKD",
            "BB84",
            "decoy state QKD",
            "prepare and measure QKD",
            "quantum key distribution",
        ),
    ),
    Application(
        "secure identification",
        Stage.PREPARE_AND_MEASURE,
        f"{_TABLE}; I. Damgard, S. Fehr, L. Salvail, C. Schaffner, CRYPTO 2007, LNCS 4622, 342.",
        "Secure if the adversary's quantum memory is bounded or noisy.",
        ("identification", "password identification", "ATM identification"),
    ),
    Application(
        "position verification",
        Stage.PREPARE_AND_MEASURE,
        f"{_TABLE}; H. Buhrman et al., SIAM J. Comput. 43, 150 (2014).",
        "Its basic protocols send single BB84-type qubits. No protocol is secure against "
        "attackers sharing enough entanglement (Buhrman et al. 2014).",
        ("quantum position verification", "position based cryptography"),
    ),
    Application(
        "imperfect coin flipping",
        Stage.PREPARE_AND_MEASURE,
        f"{_TABLE}; A. Ambainis, STOC 2001, 134; A. Kitaev (2003), lower bound on the bias "
        "of strong coin flipping.",
        "Two distrustful parties flip a coin that a cheater can bias only by a bounded amount; "
        "for strong coin flipping the bias cannot go below 1/sqrt(2) - 1/2, about 0.21 "
        "(Kitaev).",
        ("coin flipping", "strong coin flipping", "quantum coin flipping"),
    ),
    Application(
        "two-party cryptography",
        Stage.PREPARE_AND_MEASURE,
        f"{_TABLE}; S. Wehner, C. Schaffner, B. M. Terhal, PRL 100, 220502 (2008).",
        "Bit commitment, oblivious transfer and secure two-party computation, secure if the "
        "adversary's quantum memory is bounded or noisy.",
        (
            "two party cryptography",
            "oblivious transfer",
            "bit commitment",
            "secure two party computation",
        ),
    ),
    Application(
        "entanglement-based QKD",
        Stage.PREPARE_AND_MEASURE,
        "A. K. Ekert, PRL 67, 661 (1991); C. H. Bennett, G. Brassard, N. D. Mermin, "
        f"PRL 68, 557 (1992); {_PAPER}, text: post-selected entanglement is a "
        "prepare-and-measure resource.",
        "E91/BBM92 with pairs from a photon-pair source (as from the Micius satellite): a pair "
        "is known only once both ends have detected a photon, so it is post-selected and needs "
        "stage 1 only. With heralded pairs see 'heralded entanglement-based QKD' (stage 2).",
        (
            "E91",
            "BBM92",
            "entanglement QKD",
            "Ekert QKD",
            "post-selected entanglement-based QKD",
            "post selected E91",
            "post selected BBM92",
        ),
    ),
    Application(
        "device-independent QKD",
        Stage.ENTANGLEMENT_DISTRIBUTION,
        f"{_TABLE}: device-independent protocols; A. Acin et al., PRL 98, 230501 (2007).",
        "Needs a loophole-free Bell violation between the end nodes, on heralded pairs: "
        "post-selecting on detections would open the detection loophole.",
        ("DIQKD", "DI QKD", "device independent protocols"),
    ),
    Application(
        "heralded entanglement-based QKD",
        Stage.ENTANGLEMENT_DISTRIBUTION,
        "A. K. Ekert, PRL 67, 661 (1991); C. H. Bennett, G. Brassard, N. D. Mermin, "
        f"PRL 68, 557 (1992); {_ROADMAP} and text: stage 2 needs heralded entanglement.",
        "E91/BBM92 on pairs whose creation is announced before they are measured (a "
        "Bell-state measurement station, or nodes that hold their qubits). Its security "
        "equals BB84's, so QKD as such needs only stage 1.",
        ("heralded E91", "heralded BBM92", "heralded entanglement QKD"),
    ),
    Application(
        "blind quantum computing",
        Stage.QUANTUM_MEMORY,
        f"{_TABLE}; A. Broadbent, J. Fitzsimons, E. Kashefi, FOCS 2009, 517.",
        "In the simplest protocol the client only prepares single qubits; the server must "
        "store them and compute.",
        (
            "blind computing",
            "BQC",
            "secure delegated quantum computing",
            "blind quantum computation",
        ),
    ),
    Application(
        "simple leader election",
        Stage.QUANTUM_MEMORY,
        f"{_TABLE}: simple leader election and agreement protocols.",
        "",
        ("simple agreement", "simple agreement protocols"),
    ),
    Application(
        "longer-baseline telescopes",
        Stage.QUANTUM_MEMORY,
        f"{_TABLE}: extending the baseline of telescopes; D. Gottesman, T. Jennewein, "
        "S. Croke, PRL 109, 070503 (2012).",
        "Entanglement must wait for the starlight, which needs storage (or very high pair rates).",
        (
            "extending the baseline of telescopes",
            "telescopes",
            "long baseline telescopes",
            "quantum telescopes",
            "long baseline interferometry",
        ),
    ),
    Application(
        "secret sharing",
        Stage.QUANTUM_MEMORY,
        f"{_TABLE}; M. Hillery, V. Buzek, A. Berthiaume, PRA 59, 1829 (1999).",
        "A secret split among several parties, recoverable only when enough of them cooperate.",
        ("quantum secret sharing",),
    ),
    Application(
        "anonymous transmission",
        Stage.QUANTUM_MEMORY,
        f"{_TABLE}; M. Christandl, S. Wehner, ASIACRYPT 2005, LNCS 3788, 217.",
        "Sending a message (or a qubit) without revealing who sent it or who receives it, "
        "using shared multi-party entanglement.",
        ("anonymous quantum transmission", "anonymous communication"),
    ),
    Application(
        "quantum teleportation",
        Stage.QUANTUM_MEMORY,
        f"{_ROADMAP}: storing entanglement makes teleporting an unknown qubit possible.",
        "A capability more than an application; listed for the capstone.",
        ("teleportation",),
    ),
    Application(
        "clock synchronization",
        Stage.FEW_QUBIT_FAULT_TOLERANT,
        f"{_TABLE}; P. Komar et al., Nat. Phys. 10, 582 (2014); R. Jozsa et al., PRL 85, "
        "2010 (2000).",
        "The network of clocks of Komar et al. needs multi-node entangled states held "
        "fault-tolerantly.",
        ("clock synchronisation", "clock sync", "network of clocks"),
    ),
    Application(
        "distributed quantum computing",
        Stage.FEW_QUBIT_FAULT_TOLERANT,
        f"{_TABLE}: distributed quantum computation.",
        "A few fault-tolerant qubits per node already let the nodes share a computation; "
        "at large scale it runs best on stage 5's full quantum computers.",
        (
            "distributed quantum computation",
            "distributed computing",
            "few-qubit distributed quantum computing",
            "distributed quantum computing on few qubits",
            "few qubit distributed computing",
        ),
    ),
    Application(
        "leader election",
        Stage.QUANTUM_COMPUTING,
        f"{_TABLE}: leader election and fast Byzantine agreement.",
        "Simple leader-election protocols already run at stage 3.",
        (),
    ),
    Application(
        "Byzantine agreement",
        Stage.QUANTUM_COMPUTING,
        f"{_TABLE}; M. Ben-Or and A. Hassidim, STOC 2005, 481.",
        "",
        ("fast Byzantine agreement", "quantum Byzantine agreement"),
    ),
    Application(
        "weak coin flipping with arbitrarily small bias",
        Stage.QUANTUM_COMPUTING,
        f"{_TABLE}; C. Mochon, arXiv:0711.4114 (2007).",
        "Each party wants a different outcome; Mochon's protocols reach any bias above zero, "
        "at the cost of many rounds and large quantum states.",
        ("weak coin flipping", "quantum weak coin flipping"),
    ),
    Application(
        "quantum sensor networks",
        Stage.QUANTUM_COMPUTING,
        "Course outline; P. Komar et al., Nat. Phys. 10, 582 (2014); Z. Eldredge et al., "
        "PRA 97, 042337 (2018).",
        "Placed with the course outline (Table 1 does not list them); simple sensor networks "
        "need less.",
        ("sensor networks", "quantum sensing networks", "distributed sensing"),
    ),
)


def _normalise(text: str) -> str:
    cleaned = text.strip().lower().replace("_", " ").replace("-", " ")
    return " ".join(cleaned.split())


_LOOKUP: dict[str, Application] = {}
for _app in APPLICATIONS:
    for _name in (_app.name, *_app.aliases):
        _LOOKUP[_normalise(_name)] = _app


def known_applications() -> tuple[str, ...]:
    """The names of every application :func:`required_stage` knows, lowest stage first.

    Example:
        >>> known_applications()[:2]
        ('QKD with trusted nodes', 'QKD')
    """
    return tuple(app.name for app in APPLICATIONS)


def required_stage(application) -> Application:
    """The lowest stage an application of the quantum internet needs.

    Names are matched loosely: case, spaces, hyphens and underscores do not
    matter, and common aliases are accepted (``"E91"``, ``"DIQKD"``,
    ``"clock sync"``).

    Entanglement-based QKD comes in two variants: with pairs from a
    photon-pair source, known only by post-selecting the detections
    (``"entanglement-based QKD"``, alias ``"E91"``, ``"BBM92"``: stage 1), and
    with heralded pairs (``"heralded entanglement-based QKD"``: stage 2).
    Device-independent QKD needs heralded pairs too (stage 2).

    Args:
        application: the application's name (a string).

    Returns:
        An :class:`Application` with ``stage``, ``source`` and ``note``.

    Raises:
        ValueError: an unknown name; the message lists the known ones.

    Source: Wehner, Elkouss, Hanson, Science 362, eaam9288 (2018), Fig. 4
    (the stages) and Table 1 (the applications); each record names its own
    sources and where the course deviates.

    Example:
        >>> required_stage("Device_Independent-QKD").stage
        <Stage.ENTANGLEMENT_DISTRIBUTION: 2>
        >>> int(required_stage("E91").stage), int(required_stage("heralded E91").stage)
        (1, 2)
        >>> int(required_stage("blind quantum computing").stage)
        3
    """
    if not isinstance(application, str):
        raise TypeError(
            f"application must be a string naming an application; got "
            f"{type(application).__name__} {application!r}"
        )
    found = _LOOKUP.get(_normalise(application))
    if found is None:
        options = ", ".join(repr(name) for name in known_applications())
        raise ValueError(f"application must be one of {options}; got {application!r}")
    return found


# ---------------------------------------------------------------- networks


@dataclass(frozen=True)
class NetworkStageResult:
    """How far up the ladder two nodes of a network can climb.

    Attributes:
        a, b: the two end nodes.
        stage: the highest :class:`Stage` supported end to end (None if none).
        path: the route that achieves it (empty if there is none).
        path_loss_db: the route's total loss in dB (None without a route).
        next_stage: the stage above (None at the top or without any stage).
        reason: why ``next_stage`` is out of reach, in words.
        blockers: each missing capability or limit, naming the node or link.
        nodes_that_learn_key: who knows a key exchanged at ``stage``: everyone
            on the path for stage 0, only the two ends above it.
        entanglement: how entanglement reaches the ends along ``path``:
            ``"heralded"`` (some node on it heralds pairs: a Bell-state
            measurement station or a node with memory), ``"post-selected"``
            (only photon-pair sources without memory, so a pair is known only
            after both ends detect it), or None (no node on it creates
            entanglement, or there is no path).
    """

    a: str
    b: str
    stage: Stage | None
    path: tuple[str, ...]
    path_loss_db: float | None
    next_stage: Stage | None
    reason: str
    blockers: tuple[str, ...]
    nodes_that_learn_key: tuple[str, ...]
    entanglement: str | None = None


def _heralds(node) -> bool:
    """Whether a node heralds the entanglement it creates (rather than post-selecting it).

    A node that creates entanglement and holds a qubit (a spin-photon interface,
    a repeater's memory) knows when a pair exists; so does a Bell-state
    measurement station (kind repeater, fault-tolerant processor or quantum
    computer, even without memory), whose clicks announce the pair. Any other
    node that creates entanglement without memory (a satellite, a ground
    station or an end node with a photon-pair source) only emits pairs: they are
    known to exist only once both ends have detected a photon.
    """
    from .network import NodeKind

    if not node.can_distribute_entanglement:
        return False
    heralding_kinds = (
        NodeKind.REPEATER,
        NodeKind.FAULT_TOLERANT_PROCESSOR,
        NodeKind.QUANTUM_COMPUTER,
    )
    return node.has_memory or node.kind in heralding_kinds


def _entanglement_kind(network, path) -> str | None:
    nodes = [network.node(name) for name in path]
    if any(_heralds(node) for node in nodes):
        return "heralded"
    if any(node.can_distribute_entanglement for node in nodes):
        return "post-selected"
    return None


def _end_blockers(node, stage: int) -> list[str]:
    requirements = (
        (0, node.can_prepare_measure, "cannot prepare or measure single qubits"),
        (2, node.can_measure_entangled, "cannot measure its half of an entangled pair"),
        (3, node.has_memory, "has no quantum memory"),
        (4, node.fault_tolerant, "is not fault tolerant"),
        (5, node.can_compute, "is not a full quantum computer"),
    )
    return [
        f"end node {node.name!r} ({node.kind.value}) {text}"
        for level, ok, text in requirements
        if stage >= level and not ok
    ]


def _names(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def _grouped_relay_blockers(network, names, stage: int) -> list[str]:
    """Relay blockers with one line per missing capability, naming the nodes."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for name in names:
        node = network.node(name)
        one = _relay_blockers(node, stage, plural=False)
        many = _relay_blockers(node, stage, plural=True)
        for singular, plural in zip(one, many, strict=True):
            groups.setdefault((node.kind.value, singular, plural), []).append(name)
    lines = []
    for (kind, singular, plural), members in groups.items():
        several = len(members) > 1
        text = plural if several else singular
        noun = "intermediate nodes" if several else "intermediate node"
        lines.append(f"{noun} {_names(members)} ({kind}) {text}")
    return lines


def _relay_blockers(node, stage: int, *, plural: bool | None = None) -> list[str]:
    """What keeps an intermediate node from passing ``stage`` on (empty if nothing).

    With ``plural`` given, return only the verb phrases (plural or singular).
    """
    qkd_capable = node.can_prepare_measure or node.can_distribute_entanglement
    requirements = (
        (0, qkd_capable, ("cannot run QKD with its neighbours", "cannot run QKD")),
        (
            1,
            node.forwards_qubits,
            (
                "measures the qubits and passes the key on classically (a trusted relay), "
                "so no qubit crosses it",
                "measure the qubits and pass the key on classically (trusted relays), "
                "so no qubit crosses them",
            ),
        ),
        (
            2,
            node.can_distribute_entanglement,
            ("cannot create or swap entanglement", "cannot create or swap entanglement"),
        ),
        (
            3,
            node.has_memory,
            (
                "has no quantum memory to hold entanglement",
                "have no quantum memory to hold entanglement",
            ),
        ),
        (4, node.fault_tolerant, ("is not fault tolerant", "are not fault tolerant")),
    )
    missing = [texts for level, ok, texts in requirements if stage >= level and not ok]
    if plural is not None:
        return [texts[1] if plural else texts[0] for texts in missing]
    return [f"intermediate node {node.name!r} ({node.kind.value}) {texts[0]}" for texts in missing]


def _path_blockers(network, path, stage: int, max_segment_loss_db: float) -> list[str]:
    """Limits of the route itself: segment losses, an entanglement source, satellites' view."""
    from .network import NodeKind, great_circle_km
    from .satellites import max_ground_range_km

    blockers = []
    # A segment ends at the ends and at every node that holds or regenerates the signal:
    # at stage 0 every relay, above it the nodes with a memory.
    cuts = [0]
    for i in range(1, len(path) - 1):
        node = network.node(path[i])
        if stage == 0 or node.has_memory:
            cuts.append(i)
    cuts.append(len(path) - 1)
    for start, end in itertools.pairwise(cuts):
        segment = path[start : end + 1]
        loss = network.path_loss_db(segment)
        if loss > max_segment_loss_db:
            if len(segment) <= 4:
                stretch = "the link " + " - ".join(segment)
            else:
                stretch = (
                    f"the stretch {segment[0]} - ... - {segment[-1]} ({len(segment) - 1} links)"
                )
            blockers.append(
                f"{stretch} loses {loss:.0f} dB, more than "
                f"max_segment_loss_db = {max_segment_loss_db:g} dB: too few photons arrive"
            )
    if stage >= 2:
        route = " - ".join(path) if len(path) <= 4 else f"{path[0]} - ... - {path[-1]}"
        kind = _entanglement_kind(network, path)
        if kind is None:
            blockers.append(
                f"no node on the route {route} can create entanglement (an "
                "entangled-pair source, a spin-photon interface or a Bell-state measurement)"
            )
        elif kind == "post-selected":
            sources = [n for n in path if network.node(n).can_distribute_entanglement]
            blockers.append(
                f"the entanglement on the route {route} is post-selected, not heralded: "
                f"{_names(sources)} {'emit' if len(sources) > 1 else 'emits'} photon pairs "
                "without memory or a Bell-state measurement, so a pair is known only once both "
                "ends have detected a photon; "
                "stage 2 needs pairs announced before they are measured"
            )
    if stage >= 1:
        for i in range(1, len(path) - 1):
            node = network.node(path[i])
            if node.kind is not NodeKind.SATELLITE or node.has_memory:
                continue
            left, right = network.node(path[i - 1]), network.node(path[i + 1])
            if left.position is None or right.position is None:
                continue
            separation = great_circle_km(left.position, right.position)
            reach = 2.0 * max_ground_range_km(altitude_km=node.altitude_km or 500.0)
            if separation > reach:
                blockers.append(
                    f"satellite {node.name!r} cannot see {left.name!r} and {right.name!r} at "
                    f"once ({separation:,.0f} km apart; at most {reach:,.0f} km above 10 "
                    f"degrees elevation), so it can only relay a key as a trusted node"
                )
    return blockers


def _allowed_subgraph(network, graph, a, b, stage):
    allowed = [
        name
        for name in graph.nodes
        if name in (a, b) or not _relay_blockers(network.node(name), stage)
    ]
    return graph.subgraph(allowed)


def _some_route_may_pass(network, sub, a, b, stage, max_segment_loss_db) -> bool:
    """False only if no route of ``sub`` can pass ``stage``: a necessary test, no enumeration.

    Two relaxations of the checks of :func:`_path_blockers`, each true of every
    route that passes: from stage 2 on, some node of ``sub`` heralds entanglement;
    and ``b`` can be reached from ``a`` by a walk whose stretches between cut
    nodes (every relay at stage 0, the relays with memory above) each lose at
    most ``max_segment_loss_db``. The second is a shortest-path search on the
    loss since the last cut node, which resets to zero at each cut node. A
    route that passes is such a walk, so pruning a stage that fails either test
    never changes the answer; the tolerance keeps rounding from pruning a route
    that :func:`_path_blockers` would accept at the limit.
    """
    import heapq

    if stage >= 2 and not any(_heralds(network.node(name)) for name in sub.nodes):
        return False
    limit = max_segment_loss_db * (1.0 + 1e-9) + 1e-9
    cut = {
        name
        for name in sub.nodes
        if name not in (a, b) and (stage == 0 or network.node(name).has_memory)
    }
    best = {a: 0.0}
    heap = [(0.0, a)]
    adjacency = sub.adj
    while heap:
        loss, node = heapq.heappop(heap)
        if loss > best.get(node, float("inf")):
            continue
        for neighbour, edge in adjacency[node].items():
            reached = loss + edge["loss_db"]
            if reached > limit:
                continue
            if neighbour == b:
                return True
            label = 0.0 if neighbour in cut else reached
            if label < best.get(neighbour, float("inf")):
                best[neighbour] = label
                heapq.heappush(heap, (label, neighbour))
    return False


def _stage_path(network, graph, a, b, stage, max_segment_loss_db, max_candidates=25, *, prune=True):
    """The lowest-loss route (of the first ``max_candidates``) that passes ``stage``, or None.

    With ``prune`` (the default) a stage that no route can pass is recognised
    before any route is enumerated (:func:`_some_route_may_pass`); without it,
    the search enumerates candidates as the course's first version did. Both
    give the same answer.
    """
    import networkx as nx

    sub = _allowed_subgraph(network, graph, a, b, stage)
    if prune:
        if not _some_route_may_pass(network, sub, a, b, stage, max_segment_loss_db):
            return None
    elif not nx.has_path(sub, a, b):
        return None
    for count, path in enumerate(nx.shortest_simple_paths(sub, a, b, weight="loss_db")):
        if count >= max_candidates:
            break
        if not _path_blockers(network, path, stage, max_segment_loss_db):
            return tuple(path)
    return None


def network_stage(network, a, b, *, max_segment_loss_db=100.0) -> NetworkStageResult:
    """The highest roadmap stage a network supports end to end between two nodes.

    For each stage from the top down, it keeps only the intermediate nodes
    able to pass that stage on (a trusted relay passes only stage 0; a node
    without memory at most stage 2; ...), looks for a route between the
    ends, and checks the route: each stretch that light must cross without
    being stored may lose at most ``max_segment_loss_db``; from stage 2 on,
    some node on the route must create *heralded* entanglement (a Bell-state
    measurement station or a node with memory; a photon-pair source without
    memory gives only post-selected pairs, which stay at stage 1); and a
    satellite without memory can only link two stations that see it at the
    same time. ``entanglement`` in the result says whether the route's
    entanglement is heralded or post-selected.
    The ends must have the capabilities of the stage themselves (memory for
    stage 3, fault tolerance for 4, a full quantum computer for 5). The result
    names what keeps the next stage out of reach.

    Simplifications: rates are ignored (a stage is reached if it is possible
    at all), and a node without memory caps the route at stage 2. Routes are
    tried in order of loss, up to 25 per stage; a stage that no route can
    pass (no heralding node, or no walk whose memoryless stretches all stay
    within ``max_segment_loss_db``) is ruled out by one shortest-path search
    before any route is enumerated, so large networks stay fast.

    Args:
        network: a :class:`~qinternet_edu.network.QuantumNetwork`.
        a, b: two different nodes of the network.
        max_segment_loss_db: the largest loss, in dB, that a stretch without
            memory may have (default 100 dB, about 500 km of 0.2 dB/km fiber,
            the reach of direct QKD links quoted in the course).

    Returns:
        A :class:`NetworkStageResult`.

    Source: stage definitions of Wehner, Elkouss, Hanson, Science 362,
    eaam9288 (2018), Fig. 4 and text (stage 2 prohibits post-selecting on
    detection events).

    Example:
        >>> from qinternet_edu.network import beijing_shanghai_backbone
        >>> result = network_stage(beijing_shanghai_backbone(), "Beijing", "Shanghai")
        >>> result.stage, len(result.nodes_that_learn_key)
        (<Stage.TRUSTED_REPEATER: 0>, 34)
    """
    from ._validation import check_nonnegative
    from .network import QuantumNetwork

    if not isinstance(network, QuantumNetwork):
        raise TypeError(f"network must be a QuantumNetwork; got {type(network).__name__}")
    limit = check_nonnegative("max_segment_loss_db", max_segment_loss_db)
    network._check_pair(a, b)
    return _network_stage(network, a, b, limit, prune=True)


def _network_stage(network, a, b, limit, *, prune) -> NetworkStageResult:
    """:func:`network_stage` on checked input; ``prune=False`` is the unpruned reference."""
    import networkx as nx

    graph = network._graph

    best, best_path = None, None
    for level in reversed(Stage):
        ends_ok = not (
            _end_blockers(network.node(a), level) or _end_blockers(network.node(b), level)
        )
        if not ends_ok:
            continue
        path = _stage_path(network, graph, a, b, level, limit, prune=prune)
        if path is not None:
            best, best_path = level, path
            break

    if best is None:
        if not nx.has_path(graph, a, b):
            return NetworkStageResult(
                a, b, None, (), None, None, f"no path connects {a!r} and {b!r}", (), (), None
            )
        best_path = network.lowest_loss_path(a, b)
        target = Stage.TRUSTED_REPEATER
    elif best == Stage.QUANTUM_COMPUTING:
        target = None
    else:
        target = Stage(best + 1)

    if target is None:
        blockers: list[str] = []
        reason = "stage 5 is the top of the ladder"
    else:
        blockers = _end_blockers(network.node(a), target) + _end_blockers(network.node(b), target)
        blockers += _grouped_relay_blockers(network, list(best_path[1:-1]), target)
        blockers += _path_blockers(network, best_path, target, limit)
        if not blockers:
            blockers = [f"no route in the network meets every stage-{int(target)} requirement"]
        reason = f"stage {int(target)} ({target.title.lower()}) is out of reach: " + "; ".join(
            blockers
        )
    if best is None:
        learners: tuple[str, ...] = ()
    elif best == Stage.TRUSTED_REPEATER:
        learners = best_path
    else:
        learners = (a, b)
    return NetworkStageResult(
        a=a,
        b=b,
        stage=best,
        path=best_path,
        path_loss_db=network.path_loss_db(best_path),
        next_stage=target,
        reason=reason,
        blockers=tuple(blockers),
        nodes_that_learn_key=learners,
        entanglement=_entanglement_kind(network, best_path),
    )


def applications_between(network, a, b, **options) -> tuple[Application, ...]:
    """The applications two nodes of a network can run: those at or below its stage.

    Args:
        network, a, b, **options: as for :func:`network_stage`.

    Returns:
        The :class:`Application` records, lowest stage first (empty if none).

    Example:
        >>> from qinternet_edu.network import metropolitan_network
        >>> [app.name for app in applications_between(metropolitan_network(), "Bank", "Hub")][:4]
        ['QKD with trusted nodes', 'QKD', 'secure identification', 'position verification']
    """
    result = network_stage(network, a, b, **options)
    if result.stage is None:
        return ()
    return tuple(app for app in APPLICATIONS if app.stage <= result.stage)
