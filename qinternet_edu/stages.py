"""The stage ladder of the quantum internet, and which stage an application or network needs.

Wehner, Elkouss and Hanson order the development of the quantum internet in
stages of functionality (their Fig. 2): a trusted-repeater network (stage 0),
then prepare-and-measure (1), entanglement distribution (2), quantum memory
(3), few-qubit fault-tolerant (4) and quantum computing networks (5). Each
stage lets any two end nodes do something new, and each enables new
applications. Here: the :class:`Stage` enum, :func:`required_stage` for the
roadmap's applications, and :func:`network_stage`, which reads a
:class:`~qinternet_edu.network.QuantumNetwork` and says how high two of its
nodes can climb, and what stops them going higher.

Source: S. Wehner, D. Elkouss, R. Hanson, "Quantum internet: A vision for the
road ahead", Science 362, eaam9288 (2018), Fig. 2 and text.

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

_ROADMAP = "Wehner, Elkouss, Hanson, Science 362, eaam9288 (2018), Fig. 2"


class Stage(enum.IntEnum):
    """A stage of the quantum-internet roadmap, 0 (trusted repeaters) to 5 (quantum computing).

    Each member has ``.title``, ``.capability`` (one sentence: what any two
    end nodes can do) and ``.examples`` (application names at that stage).

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
        """One sentence: what any two end nodes can do at this stage."""
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
        "One end node prepares a single qubit and the other measures it, with no trusted "
        "node in between."
    ),
    Stage.ENTANGLEMENT_DISTRIBUTION: (
        "Two end nodes obtain an entangled pair and measure it at once, without storing it."
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
        f"{_ROADMAP}: QKD without end-to-end security at the trusted-repeater stage.",
        "Every relay learns the key; security rests on trusting all of them.",
        ("trusted node QKD", "trusted QKD", "QKD trusted nodes", "trusted relay QKD"),
    ),
    Application(
        "QKD",
        Stage.PREPARE_AND_MEASURE,
        f"{_ROADMAP}; C. H. Bennett and G. Brassard, Proc. IEEE ICCSSP 1984 (BB84).",
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
        f"{_ROADMAP}; I. Damgard, S. Fehr, L. Salvail, C. Schaffner, CRYPTO 2007, LNCS 4622, 342.",
        "Secure if the adversary's quantum memory is bounded or noisy.",
        ("identification", "password identification", "ATM identification"),
    ),
    Application(
        "position verification",
        Stage.PREPARE_AND_MEASURE,
        "Course outline; H. Buhrman et al., SIAM J. Comput. 43, 150 (2014).",
        "Placed with the course outline: its basic protocols send single BB84-type qubits. "
        "No protocol is secure against attackers sharing enough entanglement (Buhrman et "
        "al. 2014). Its place in the roadmap's Fig. 2 is not confirmed here.",
        ("quantum position verification", "position based cryptography"),
    ),
    Application(
        "device-independent QKD",
        Stage.ENTANGLEMENT_DISTRIBUTION,
        f"{_ROADMAP}: device-independent protocols; A. Acin et al., PRL 98, 230501 (2007).",
        "Needs a loophole-free Bell violation between the end nodes.",
        ("DIQKD", "DI QKD", "device independent protocols"),
    ),
    Application(
        "entanglement-based QKD",
        Stage.ENTANGLEMENT_DISTRIBUTION,
        "A. K. Ekert, PRL 67, 661 (1991); C. H. Bennett, G. Brassard, N. D. Mermin, "
        "PRL 68, 557 (1992).",
        "E91/BBM92 use entangled pairs, so they run on stage 2; their security equals "
        "BB84's, so QKD as such needs only stage 1.",
        ("E91", "BBM92", "entanglement QKD", "Ekert QKD"),
    ),
    Application(
        "blind quantum computing",
        Stage.QUANTUM_MEMORY,
        f"{_ROADMAP}; A. Broadbent, J. Fitzsimons, E. Kashefi, FOCS 2009, 517.",
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
        f"{_ROADMAP}: simple leader election and agreement protocols.",
        "",
        ("simple agreement", "simple agreement protocols"),
    ),
    Application(
        "longer-baseline telescopes",
        Stage.QUANTUM_MEMORY,
        "Course outline; D. Gottesman, T. Jennewein, S. Croke, PRL 109, 070503 (2012).",
        "Placed with the course outline: entanglement must wait for the starlight, which "
        "needs storage (or very high pair rates). Its place in the roadmap's Fig. 2 is "
        "not confirmed here.",
        (
            "telescopes",
            "long baseline telescopes",
            "quantum telescopes",
            "long baseline interferometry",
        ),
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
        f"{_ROADMAP}; P. Komar et al., Nat. Phys. 10, 582 (2014); R. Jozsa et al., PRL 85, "
        "2010 (2000).",
        "The network of clocks of Komar et al. needs multi-node entangled states held "
        "fault-tolerantly.",
        ("clock synchronisation", "clock sync", "network of clocks"),
    ),
    Application(
        "few-qubit distributed quantum computing",
        Stage.FEW_QUBIT_FAULT_TOLERANT,
        f"{_ROADMAP}: distributed quantum computation.",
        "",
        ("distributed quantum computing on few qubits", "few qubit distributed computing"),
    ),
    Application(
        "distributed quantum computing",
        Stage.QUANTUM_COMPUTING,
        "Course outline; the roadmap lists distributed quantum computation from the "
        f"few-qubit fault-tolerant stage ({_ROADMAP}).",
        "At full scale; on a few qubits it starts at stage 4.",
        ("distributed quantum computation", "distributed computing"),
    ),
    Application(
        "leader election",
        Stage.QUANTUM_COMPUTING,
        f"{_ROADMAP}: leader election and fast Byzantine agreement.",
        "Simple leader-election protocols already run at stage 3.",
        (),
    ),
    Application(
        "Byzantine agreement",
        Stage.QUANTUM_COMPUTING,
        f"{_ROADMAP}; M. Ben-Or and A. Hassidim, STOC 2005, 481.",
        "",
        ("fast Byzantine agreement", "quantum Byzantine agreement"),
    ),
    Application(
        "quantum sensor networks",
        Stage.QUANTUM_COMPUTING,
        "Course outline; P. Komar et al., Nat. Phys. 10, 582 (2014); Z. Eldredge et al., "
        "PRA 97, 042337 (2018).",
        "Placed with the course outline; simple sensor networks need less.",
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

    Args:
        application: the application's name (a string).

    Returns:
        An :class:`Application` with ``stage``, ``source`` and ``note``.

    Raises:
        ValueError: an unknown name; the message lists the known ones.

    Source: Wehner, Elkouss, Hanson, Science 362, eaam9288 (2018), Fig. 2;
    each record names its own sources and where the course deviates.

    Example:
        >>> required_stage("Device_Independent-QKD").stage
        <Stage.ENTANGLEMENT_DISTRIBUTION: 2>
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
    if stage >= 2 and not any(network.node(name).can_distribute_entanglement for name in path):
        route = " - ".join(path) if len(path) <= 4 else f"{path[0]} - ... - {path[-1]}"
        blockers.append(
            f"no node on the route {route} can create entanglement (an "
            "entangled-pair source, a spin-photon interface or a Bell-state measurement)"
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


def _stage_path(network, graph, a, b, stage, max_segment_loss_db, max_candidates=25):
    import networkx as nx

    allowed = [
        name
        for name in graph.nodes
        if name in (a, b) or not _relay_blockers(network.node(name), stage)
    ]
    sub = graph.subgraph(allowed)
    if not nx.has_path(sub, a, b):
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
    some node on the route must create entanglement; and a satellite without
    memory can only link two stations that see it at the same time.
    The ends must have the capabilities of the stage themselves (memory for
    stage 3, fault tolerance for 4, a full quantum computer for 5). The result
    names what keeps the next stage out of reach.

    Simplifications: rates are ignored (a stage is reached if it is possible
    at all), and a node without memory caps the route at stage 2.

    Args:
        network: a :class:`~qinternet_edu.network.QuantumNetwork`.
        a, b: two different nodes of the network.
        max_segment_loss_db: the largest loss, in dB, that a stretch without
            memory may have (default 100 dB, about 500 km of 0.2 dB/km fiber,
            the reach of direct QKD links quoted in the course).

    Returns:
        A :class:`NetworkStageResult`.

    Source: stage definitions of Wehner, Elkouss, Hanson, Science 362,
    eaam9288 (2018).

    Example:
        >>> from qinternet_edu.network import beijing_shanghai_backbone
        >>> result = network_stage(beijing_shanghai_backbone(), "Beijing", "Shanghai")
        >>> result.stage, len(result.nodes_that_learn_key)
        (<Stage.TRUSTED_REPEATER: 0>, 34)
    """
    import networkx as nx

    from ._validation import check_nonnegative
    from .network import QuantumNetwork

    if not isinstance(network, QuantumNetwork):
        raise TypeError(f"network must be a QuantumNetwork; got {type(network).__name__}")
    limit = check_nonnegative("max_segment_loss_db", max_segment_loss_db)
    network._check_pair(a, b)
    graph = network._graph

    best, best_path = None, None
    for level in reversed(Stage):
        ends_ok = not (
            _end_blockers(network.node(a), level) or _end_blockers(network.node(b), level)
        )
        if not ends_ok:
            continue
        path = _stage_path(network, graph, a, b, level, limit)
        if path is not None:
            best, best_path = level, path
            break

    if best is None:
        if not nx.has_path(graph, a, b):
            return NetworkStageResult(
                a, b, None, (), None, None, f"no path connects {a!r} and {b!r}", (), ()
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
    )


def applications_between(network, a, b, **options) -> tuple[Application, ...]:
    """The applications two nodes of a network can run: those at or below its stage.

    Args:
        network, a, b, **options: as for :func:`network_stage`.

    Returns:
        The :class:`Application` records, lowest stage first (empty if none).

    Example:
        >>> from qinternet_edu.network import metropolitan_network
        >>> [app.name for app in applications_between(metropolitan_network(), "Bank", "Hub")]
        ['QKD with trusted nodes', 'QKD', 'secure identification', 'position verification']
    """
    result = network_stage(network, a, b, **options)
    if result.stage is None:
        return ()
    return tuple(app for app in APPLICATIONS if app.stage <= result.stage)
