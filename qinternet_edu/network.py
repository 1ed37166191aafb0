"""Quantum networks as graphs: nodes with capabilities, fiber and free-space links.

A :class:`QuantumNetwork` is a small builder over a ``networkx`` graph. Each
node has a kind (end node, trusted relay, repeater, satellite, ...) that sets
what it can do: prepare and measure qubits, measure half of an entangled pair,
store qubits in a memory, operate fault-tolerantly, run a full quantum
computer, forward qubits without measuring them. Links carry a loss in dB.
``qie.stages.network_stage`` reads these capabilities to find the highest
stage of the roadmap a network supports between two nodes.

Ready-made networks: :func:`beijing_shanghai_backbone` (trusted relays),
:func:`metropolitan_network`, :func:`delft_three_node_network` (memories) and
:func:`micius_network` (satellite links).

Loaded on first use (``qie.network``) because it imports networkx.
"""

from __future__ import annotations

import enum
import itertools
import math
from dataclasses import dataclass

import networkx as nx

from ._validation import check_int, check_nonnegative, check_real
from .relay import RelayResult, trusted_node_relay
from .units import EARTH_RADIUS_KM, FIBER_ATTENUATION_DB_PER_KM

__all__ = [
    "Link",
    "NodeKind",
    "NodeSpec",
    "QuantumNetwork",
    "beijing_shanghai_backbone",
    "delft_three_node_network",
    "great_circle_km",
    "metropolitan_network",
    "micius_network",
]


class NodeKind(enum.Enum):
    """What a node is; each kind comes with default capabilities (see :class:`NodeSpec`)."""

    END_NODE = "end node"
    TRUSTED_RELAY = "trusted relay"
    REPEATER = "repeater"
    SATELLITE = "satellite"
    GROUND_STATION = "ground station"
    FAULT_TOLERANT_PROCESSOR = "fault-tolerant processor"
    QUANTUM_COMPUTER = "quantum computer"

    @classmethod
    def parse(cls, value) -> NodeKind:
        """Accept a NodeKind or a name such as ``"trusted relay"``, ``"TRUSTED_RELAY"``."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            key = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
            for kind in cls:
                if key in (kind.value.replace("-", " "), kind.name.lower().replace("_", " ")):
                    return kind
        options = ", ".join(repr(k.value) for k in cls)
        raise ValueError(f"kind must be one of {options}; got {value!r}")


#: Default capabilities of each kind of node.
_KIND_DEFAULTS: dict[NodeKind, dict[str, object]] = {
    # A QKD user: a laser source or single-photon detectors, no memory.
    NodeKind.END_NODE: {
        "can_prepare_measure": True,
        "can_measure_entangled": True,
    },
    # Runs QKD with both neighbours and relays keys classically: it measures every qubit.
    NodeKind.TRUSTED_RELAY: {
        "can_prepare_measure": True,
        "can_measure_entangled": True,
    },
    # Stores entanglement and swaps it onward (memory, Bell-state measurement).
    NodeKind.REPEATER: {
        "can_prepare_measure": True,
        "can_measure_entangled": True,
        "has_memory": True,
        "qubits": 2,
        "can_distribute_entanglement": True,
        "forwards_qubits": True,
    },
    # A Micius-like satellite: sends decoy-state QKD pulses or entangled pairs, no memory.
    NodeKind.SATELLITE: {
        "can_prepare_measure": True,
        "can_distribute_entanglement": True,
        "forwards_qubits": True,
        "altitude_km": 500.0,
    },
    # A telescope with detectors; it relays further only as a trusted node.
    NodeKind.GROUND_STATION: {
        "can_prepare_measure": True,
        "can_measure_entangled": True,
    },
    NodeKind.FAULT_TOLERANT_PROCESSOR: {
        "can_prepare_measure": True,
        "can_measure_entangled": True,
        "has_memory": True,
        "qubits": 10,
        "fault_tolerant": True,
        "can_distribute_entanglement": True,
        "forwards_qubits": True,
    },
    NodeKind.QUANTUM_COMPUTER: {
        "can_prepare_measure": True,
        "can_measure_entangled": True,
        "has_memory": True,
        "qubits": 1000,
        "fault_tolerant": True,
        "can_compute": True,
        "can_distribute_entanglement": True,
        "forwards_qubits": True,
    },
}

_BOOL_PROPERTIES = (
    "can_prepare_measure",
    "can_measure_entangled",
    "has_memory",
    "fault_tolerant",
    "can_compute",
    "can_distribute_entanglement",
    "forwards_qubits",
)


@dataclass(frozen=True)
class NodeSpec:
    """A node of a quantum network and what it can do.

    Attributes:
        name: the node's name.
        kind: a :class:`NodeKind`.
        can_prepare_measure: prepares or measures single qubits (BB84 photons).
        can_measure_entangled: measures its half of an entangled pair.
        has_memory: stores qubits (a quantum memory).
        qubits: how many qubits it can hold.
        fault_tolerant: operates on its qubits with error correction.
        can_compute: a full (universal, error-corrected) quantum computer.
        can_distribute_entanglement: creates or swaps entanglement for others
            (an entangled-pair source, or a Bell-state measurement).
        forwards_qubits: lets quantum information through without measuring
            it (False for trusted relays: they read the key).
        position: ``(latitude_deg, longitude_deg)`` or None.
        altitude_km: a satellite's orbit altitude, else None.
    """

    name: str
    kind: NodeKind
    can_prepare_measure: bool = False
    can_measure_entangled: bool = False
    has_memory: bool = False
    qubits: int = 0
    fault_tolerant: bool = False
    can_compute: bool = False
    can_distribute_entanglement: bool = False
    forwards_qubits: bool = False
    position: tuple[float, float] | None = None
    altitude_km: float | None = None


@dataclass(frozen=True)
class Link:
    """A quantum channel between two nodes.

    Attributes:
        a, b: the two nodes.
        medium: ``"fiber"`` or ``"free_space"``.
        loss_db: the link's loss in dB.
        length_km: fiber length, or the free-space distance if known (else None).
    """

    a: str
    b: str
    medium: str
    loss_db: float
    length_km: float | None = None

    @property
    def transmissivity(self) -> float:
        """Fraction of photons that cross the link."""
        return 10.0 ** (-self.loss_db / 10.0)


def great_circle_km(position_a, position_b) -> float:
    """Great-circle distance between two ``(latitude_deg, longitude_deg)`` points (haversine).

    Args:
        position_a, position_b: ``(latitude_deg, longitude_deg)`` pairs, latitude
            in [-90, 90] and longitude in [-180, 180] degrees (NaN refused).

    Example:
        >>> round(great_circle_km((0.0, 0.0), (0.0, 90.0)))
        10008
        >>> great_circle_km((200.0, 0.0), (0.0, 0.0))
        Traceback (most recent call last):
        ...
        ValueError: latitude_deg must be in [-90, 90]; got 200.0
    """
    lat1, lon1 = (math.radians(x) for x in _check_position(position_a, "position_a"))
    lat2, lon2 = (math.radians(x) for x in _check_position(position_b, "position_b"))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _check_name(name) -> str:
    if not isinstance(name, str) or not name:
        raise TypeError(f"a node name must be a non-empty string; got {name!r}")
    return name


def _check_position(position, name="position", *, optional=False):
    if position is None and optional:
        return None
    if not isinstance(position, tuple | list) or len(position) != 2:
        raise ValueError(f"{name} must be (latitude_deg, longitude_deg); got {position!r}")
    lat = check_real("latitude_deg", position[0], low=-90.0, high=90.0, scalar=True)
    lon = check_real("longitude_deg", position[1], low=-180.0, high=180.0, scalar=True)
    return (lat, lon)


class QuantumNetwork:
    """A quantum network: nodes with capabilities joined by lossy links.

    Build it step by step; each ``add_*`` returns the network, so calls chain.

    Example:
        >>> net = QuantumNetwork("two cities")
        >>> _ = net.add_node("Alice").add_node("Relay", kind="trusted relay")
        >>> _ = net.add_node("Bob").add_fiber("Alice", "Relay", length_km=50.0)
        >>> _ = net.add_fiber("Relay", "Bob", length_km=70.0)
        >>> net.lowest_loss_path("Alice", "Bob"), net.path_loss_db(("Alice", "Relay", "Bob"))
        (('Alice', 'Relay', 'Bob'), 24.0)
    """

    def __init__(self, name: str = "quantum network"):
        if not isinstance(name, str):
            raise TypeError(f"name must be a string; got {type(name).__name__}")
        self.name = name
        self._graph = nx.Graph(name=name)

    # ------------------------------------------------------------ building

    def add_node(
        self,
        name,
        *,
        kind=NodeKind.END_NODE,
        position=None,
        altitude_km=None,
        **capabilities,
    ) -> QuantumNetwork:
        """Add a node of the given kind; keyword capabilities override the kind's defaults.

        Args:
            name: a new, unique node name.
            kind: a :class:`NodeKind` or its name (``"end node"``,
                ``"trusted relay"``, ``"repeater"``, ``"satellite"``,
                ``"ground station"``, ``"fault-tolerant processor"``,
                ``"quantum computer"``).
            position: ``(latitude_deg, longitude_deg)``, optional.
            altitude_km: orbit altitude of a satellite in km, > 0.
            **capabilities: any of ``can_prepare_measure``,
                ``can_measure_entangled``, ``has_memory``, ``qubits``,
                ``fault_tolerant``, ``can_compute``,
                ``can_distribute_entanglement``, ``forwards_qubits``.

        Returns:
            The network itself.
        """
        name = _check_name(name)
        if name in self._graph:
            raise ValueError(f"node {name!r} is already in the network")
        node_kind = NodeKind.parse(kind)
        values: dict[str, object] = dict(_KIND_DEFAULTS[node_kind])
        for key, value in capabilities.items():
            if key == "qubits":
                values[key] = check_int("qubits", value, low=0)
            elif key in _BOOL_PROPERTIES:
                if not isinstance(value, bool):
                    raise TypeError(f"{key} must be True or False; got {value!r}")
                values[key] = value
            else:
                allowed = ", ".join(("qubits", *_BOOL_PROPERTIES))
                raise TypeError(f"unknown node capability {key!r}; allowed: {allowed}")
        if altitude_km is not None:
            values["altitude_km"] = check_real("altitude_km", altitude_km, low=0.0, low_open=True)
        if values.get("has_memory") and int(values.get("qubits", 0)) == 0:
            values["qubits"] = 1
        if not values.get("has_memory"):
            values["qubits"] = 0
        if values.get("fault_tolerant") and not values.get("has_memory"):
            raise ValueError(f"node {name!r}: fault_tolerant needs has_memory=True")
        if values.get("can_compute") and not values.get("fault_tolerant"):
            raise ValueError(f"node {name!r}: can_compute needs fault_tolerant=True")
        spec = NodeSpec(
            name=name, kind=node_kind, position=_check_position(position, optional=True), **values
        )
        self._graph.add_node(name, spec=spec)
        return self

    def _check_known(self, *names) -> None:
        for name in names:
            if not isinstance(name, str):
                raise TypeError(f"a node name must be a string; got {name!r}")
            if name not in self._graph:
                known = ", ".join(repr(n) for n in self._graph.nodes)
                raise ValueError(f"node {name!r} is not in the network; known nodes: {known}")

    def _add_link(self, link: Link) -> QuantumNetwork:
        self._check_known(link.a, link.b)
        if link.a == link.b:
            raise ValueError(f"a link needs two different nodes; got {link.a!r} twice")
        if self._graph.has_edge(link.a, link.b):
            raise ValueError(f"nodes {link.a!r} and {link.b!r} are already linked")
        self._graph.add_edge(link.a, link.b, link=link, loss_db=link.loss_db)
        return self

    def add_fiber(
        self, a, b, *, length_km, attenuation_db_per_km=FIBER_ATTENUATION_DB_PER_KM
    ) -> QuantumNetwork:
        """Join two nodes by fiber; loss = attenuation x length (default 0.2 dB/km).

        Returns:
            The network itself.
        """
        length = check_nonnegative("length_km", length_km)
        alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km)
        return self._add_link(Link(a, b, "fiber", alpha * length, length))

    def add_free_space(self, a, b, *, loss_db, distance_km=None) -> QuantumNetwork:
        """Join two nodes by a free-space optical link with the given loss in dB.

        Returns:
            The network itself.
        """
        loss = check_nonnegative("loss_db", loss_db)
        distance = None if distance_km is None else check_nonnegative("distance_km", distance_km)
        return self._add_link(Link(a, b, "free_space", loss, distance))

    # ------------------------------------------------------------ reading

    def __contains__(self, name) -> bool:
        return name in self._graph

    def __len__(self) -> int:
        return self._graph.number_of_nodes()

    def __repr__(self) -> str:
        return (
            f"QuantumNetwork({self.name!r}, {self._graph.number_of_nodes()} nodes, "
            f"{self._graph.number_of_edges()} links)"
        )

    @property
    def graph(self) -> nx.Graph:
        """A read-only view of the underlying networkx graph."""
        return nx.freeze(self._graph.copy())

    @property
    def nodes(self) -> tuple[NodeSpec, ...]:
        """Every node, in the order added."""
        return tuple(data["spec"] for _, data in self._graph.nodes(data=True))

    @property
    def links(self) -> tuple[Link, ...]:
        """Every link, in the order added."""
        return tuple(data["link"] for _, _, data in self._graph.edges(data=True))

    def node(self, name) -> NodeSpec:
        """The :class:`NodeSpec` of a node."""
        self._check_known(name)
        return self._graph.nodes[name]["spec"]

    def link(self, a, b) -> Link:
        """The :class:`Link` between two neighbouring nodes."""
        self._check_known(a, b)
        if not self._graph.has_edge(a, b):
            raise ValueError(f"nodes {a!r} and {b!r} are not linked")
        return self._graph.edges[a, b]["link"]

    def neighbours(self, name) -> tuple[str, ...]:
        """The nodes linked to ``name``."""
        self._check_known(name)
        return tuple(self._graph.neighbors(name))

    def with_node(self, name, **changes) -> QuantumNetwork:
        """A copy of the network with one node changed (kind, memory, ...).

        Changing ``kind`` starts from that kind's default capabilities, as
        :meth:`add_node` does; other keywords override them. Without ``kind``
        the node keeps its capabilities except those named. The new node is
        checked exactly as :meth:`add_node` checks a new one.

        Example:
            >>> net = QuantumNetwork().add_node("A").add_node("B").add_fiber("A", "B", length_km=5)
            >>> net.with_node("B", kind="repeater").node("B").has_memory
            True
        """
        self._check_known(name)
        spec = self.node(name)
        if "kind" in changes:
            kind = NodeKind.parse(changes.pop("kind"))
            capabilities = {}
        else:
            kind = spec.kind
            capabilities = {key: getattr(spec, key) for key in ("qubits", *_BOOL_PROPERTIES)}
        capabilities.update(changes)
        position = capabilities.pop("position", spec.position)
        altitude_km = capabilities.pop("altitude_km", spec.altitude_km)
        rebuilt = QuantumNetwork(self.name)
        rebuilt.add_node(
            name, kind=kind, position=position, altitude_km=altitude_km, **capabilities
        )
        copy = QuantumNetwork(self.name)
        copy._graph = self._graph.copy()
        copy._graph.nodes[name]["spec"] = rebuilt.node(name)
        return copy

    # ------------------------------------------------------------ paths

    def _check_pair(self, a, b) -> None:
        self._check_known(a, b)
        if a == b:
            raise ValueError(f"a and b must be different nodes; got {a!r} twice")

    def _path(self, a, b, weight):
        self._check_pair(a, b)
        try:
            return tuple(nx.shortest_path(self._graph, a, b, weight=weight))
        except nx.NetworkXNoPath:
            raise ValueError(f"no path connects {a!r} and {b!r}") from None

    def shortest_path(self, a, b) -> tuple[str, ...]:
        """The path with the fewest links between two nodes."""
        return self._path(a, b, None)

    def lowest_loss_path(self, a, b) -> tuple[str, ...]:
        """The path with the least total loss in dB between two nodes."""
        return self._path(a, b, "loss_db")

    def _check_path(self, path) -> tuple[str, ...]:
        path = tuple(path)
        if len(path) < 2:
            raise ValueError(f"path must list at least two nodes; got {path!r}")
        self._check_known(*path)
        for a, b in itertools.pairwise(path):
            if not self._graph.has_edge(a, b):
                raise ValueError(f"path is broken: nodes {a!r} and {b!r} are not linked")
        return path

    def path_loss_db(self, path) -> float:
        """Total loss in dB along a path (a sequence of linked node names)."""
        path = self._check_path(path)
        return float(sum(self.link(a, b).loss_db for a, b in itertools.pairwise(path)))

    def path_length_km(self, path) -> float | None:
        """Total length in km along a path, or None if a link's length is unknown."""
        path = self._check_path(path)
        lengths = [self.link(a, b).length_km for a, b in itertools.pairwise(path)]
        if any(length is None for length in lengths):
            return None
        return float(sum(lengths))

    # ------------------------------------------------------------ stage 0 and the ladder

    def relay_key(self, a, b, *, key_length, path=None, seed=None, rng=None) -> RelayResult:
        """Relay a key from ``a`` to ``b`` through trusted nodes (stage 0).

        Every node on the path (the lowest-loss path unless given) runs QKD
        with its neighbours and decrypts the key on its way through.

        Returns:
            A :class:`~qinternet_edu.relay.RelayResult`.
        """
        route = self.lowest_loss_path(a, b) if path is None else self._check_path(path)
        if route[0] != a or route[-1] != b:
            raise ValueError(f"path must run from {a!r} to {b!r}; got {route!r}")
        return trusted_node_relay(
            len(route) - 1, key_length=key_length, node_names=route, seed=seed, rng=rng
        )

    def nodes_learning_key(self, a, b, *, path=None) -> tuple[str, ...]:
        """Who learns a key relayed by trusted nodes from ``a`` to ``b``: everyone on the path."""
        route = self.lowest_loss_path(a, b) if path is None else self._check_path(path)
        return route

    def stage(self, a, b, **options):
        """The highest roadmap stage between two nodes (see ``qie.network_stage``)."""
        from .stages import network_stage

        return network_stage(self, a, b, **options)


# ---------------------------------------------------------------- ready-made networks

#: Approximate city coordinates (latitude, longitude in degrees).
_CITIES = {
    "Beijing": (39.90, 116.41),
    "Jinan": (36.65, 117.12),
    "Hefei": (31.82, 117.23),
    "Shanghai": (31.23, 121.47),
}


def beijing_shanghai_backbone() -> QuantumNetwork:
    """The Beijing-Shanghai trusted-node backbone: about 2,000 km of fiber, 32 trusted relays.

    Beijing and Shanghai are the end nodes; Jinan and Hefei are two of the 32
    trusted relays (the others are spread along the route). Hop lengths are
    illustrative (about 60 km each, 33 hops, 2,000 km in total); only the
    totals follow the published description.

    Source: Y.-A. Chen et al., "An integrated space-to-ground quantum
    communication network over 4,600 kilometres", Nature 589, 214 (2021):
    a backbone of over 2,000 km with 32 trusted relays linking Beijing, Jinan,
    Hefei and Shanghai.

    Example:
        >>> net = beijing_shanghai_backbone()
        >>> round(net.path_length_km(net.lowest_loss_path("Beijing", "Shanghai")))
        2000
        >>> len(net.nodes_learning_key("Beijing", "Shanghai")) - 2  # trusted relays
        32
    """
    net = QuantumNetwork("Beijing-Shanghai backbone")
    net.add_node("Beijing", kind=NodeKind.END_NODE, position=_CITIES["Beijing"])
    net.add_node("Jinan", kind=NodeKind.TRUSTED_RELAY, position=_CITIES["Jinan"])
    net.add_node("Hefei", kind=NodeKind.TRUSTED_RELAY, position=_CITIES["Hefei"])
    net.add_node("Shanghai", kind=NodeKind.END_NODE, position=_CITIES["Shanghai"])
    # (from, to, fiber km, hops): 8 + 13 + 9 intermediate relays, plus Jinan and Hefei = 32.
    sections = (("Beijing", "Jinan", 560.0, 9), ("Jinan", "Hefei", 820.0, 14))
    sections += (("Hefei", "Shanghai", 620.0, 10),)
    for start, end, length, hops in sections:
        (lat0, lon0), (lat1, lon1) = _CITIES[start], _CITIES[end]
        previous = start
        for i in range(1, hops):
            name = f"{start}-{end} relay {i}"
            f = i / hops
            position = (lat0 + f * (lat1 - lat0), lon0 + f * (lon1 - lon0))
            net.add_node(name, kind=NodeKind.TRUSTED_RELAY, position=position)
            net.add_fiber(previous, name, length_km=length / hops)
            previous = name
        net.add_fiber(previous, end, length_km=length / hops)
    return net


def metropolitan_network() -> QuantumNetwork:
    """A generic metropolitan QKD network: users around a trusted hub, plus one direct link.

    Five users reach each other through a trusted hub (stage 0); the
    university and the data centre also share a direct 18 km fiber, so they
    can run end-to-end QKD (stage 1). Distances are illustrative, in the
    style of the metropolitan networks of Chen et al., Nature 589, 214 (2021).

    Example:
        >>> net = metropolitan_network()
        >>> net.lowest_loss_path("Bank", "Hospital")
        ('Bank', 'Hub', 'Hospital')
    """
    net = QuantumNetwork("metropolitan network")
    net.add_node("Hub", kind=NodeKind.TRUSTED_RELAY)
    users = {"Bank": 12.0, "Government": 8.0, "Hospital": 15.0, "University": 20.0}
    users["Data centre"] = 25.0
    for user, length in users.items():
        net.add_node(user, kind=NodeKind.END_NODE)
        net.add_fiber("Hub", user, length_km=length)
    net.add_fiber("University", "Data centre", length_km=18.0)
    return net


def delft_three_node_network() -> QuantumNetwork:
    """Delft's three-node network: NV-centre nodes Alice, Bob (with a memory qubit) and Charlie.

    Each node makes spin-photon entanglement (so it can create entangled pairs
    with a neighbour). Bob sits in the middle with a communication qubit and a
    carbon-13 memory qubit; he stores entanglement with Alice while making entanglement with
    Charlie, then swaps, giving Alice and Charlie an entangled pair (a stage-3
    operation; no node is fault tolerant). The nodes were in separate labs; the
    fiber lengths here (tens of metres) are illustrative.

    Source: M. Pompili et al., "Realization of a multinode quantum network of
    remote solid-state qubits", Science 372, 259 (2021); S. L. N. Hermans et
    al., "Qubit teleportation between non-neighbouring nodes in a quantum
    network", Nature 605, 663 (2022).

    Example:
        >>> delft_three_node_network().lowest_loss_path("Alice", "Charlie")
        ('Alice', 'Bob', 'Charlie')
    """
    net = QuantumNetwork("Delft three-node network")
    nv_end = {"has_memory": True, "qubits": 1, "can_distribute_entanglement": True}
    net.add_node("Alice", kind=NodeKind.END_NODE, **nv_end)
    net.add_node("Bob", kind=NodeKind.REPEATER, qubits=2)
    net.add_node("Charlie", kind=NodeKind.END_NODE, **nv_end)
    net.add_fiber("Alice", "Bob", length_km=0.03, attenuation_db_per_km=5.0)
    net.add_fiber("Bob", "Charlie", length_km=0.03, attenuation_db_per_km=5.0)
    return net


#: Approximate coordinates of the Micius ground stations (latitude, longitude).
_STATIONS = {
    "Xinglong": (40.40, 117.58),
    "Nanshan": (43.47, 87.18),
    "Delingha": (37.38, 97.73),
    "Lijiang": (26.69, 100.03),
    "Graz": (47.07, 15.49),
}

#: Receiving-telescope diameters: Delingha 1.2 m and Lijiang 1.8 m (Yin et al. 2017),
#: Xinglong 1.0 m (Liao et al. 2017); 1.0 m assumed for the others.
_APERTURES_M = {"Xinglong": 1.0, "Nanshan": 1.0, "Delingha": 1.2, "Lijiang": 1.8, "Graz": 1.0}


def micius_network(*, elevation_deg=40.0) -> QuantumNetwork:
    """The Micius satellite and its ground stations, joined by free-space downlinks.

    Each downlink's loss is the Micius-calibrated budget
    (``qie.micius_link_budget``) at ``elevation_deg``: Delingha and Lijiang
    with the hardware of the entanglement downlinks (810 nm, 1.2 m and 1.8 m
    telescopes, ``MICIUS_ENTANGLEMENT_DOWNLINKS``), the other stations with
    that of the QKD downlink (``MICIUS_QKD_DOWNLINK``) and their own
    telescope. Delingha and Lijiang (1,203 km apart) see the satellite at once
    and can share entangled pairs (Yin et al. 2017); Xinglong and Graz (7,600
    km apart) never can, so the satellite relays their key as a trusted node
    (Liao et al. 2018).

    Args:
        elevation_deg: elevation at which every link's loss is evaluated,
            in [10, 90] degrees.

    Returns:
        A :class:`QuantumNetwork` with node ``"Micius"`` and five stations.

    Source: Yin et al., Science 356, 1140 (2017); Liao et al., Nature 549, 43
    (2017); Liao et al., PRL 120, 030501 (2018).

    Example:
        >>> net = micius_network()
        >>> round(great_circle_km(net.node("Delingha").position, net.node("Lijiang").position))
        1208
        >>> round(net.link("Micius", "Xinglong").loss_db)  # 741 km away at 40 degrees
        33
    """
    import dataclasses

    from .satellites import (
        MICIUS_ALTITUDE_KM,
        MICIUS_ENTANGLEMENT_DOWNLINKS,
        MICIUS_QKD_DOWNLINK,
        micius_link_budget,
        slant_range_km,
    )

    elevation = check_real("elevation_deg", elevation_deg, low=10.0, high=90.0)
    distance = slant_range_km(elevation, altitude_km=MICIUS_ALTITUDE_KM)
    entanglement = dict(zip(("Delingha", "Lijiang"), MICIUS_ENTANGLEMENT_DOWNLINKS, strict=True))
    net = QuantumNetwork("Micius satellite network")
    net.add_node("Micius", kind=NodeKind.SATELLITE, altitude_km=MICIUS_ALTITUDE_KM)
    for station, position in _STATIONS.items():
        net.add_node(station, kind=NodeKind.GROUND_STATION, position=position)
        hardware = entanglement.get(station) or dataclasses.replace(
            MICIUS_QKD_DOWNLINK, receiver_aperture_m=_APERTURES_M[station]
        )
        budget = micius_link_budget(
            slant_range_km=distance, elevation_deg=elevation, hardware=hardware
        )
        net.add_free_space(
            "Micius", station, loss_db=float(budget.total_loss_db), distance_km=distance
        )
    return net
