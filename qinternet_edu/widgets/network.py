"""Explorers of modules 00, 04 and 15: the stage ladder, a trusted-node relay, build a network.

Each ``*_explorer()`` is ``ipywidgets.interactive`` over a callback that
calls a pure ``*_data(...)`` function (tested without a browser), prints a
short summary and returns the data, so ``ui.result`` holds it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import ipywidgets as widgets
from IPython.display import Image, display

from .._validation import check_int, check_positive
from ..network import NodeKind, QuantumNetwork
from ..plots.stages import StageLadderView
from ..relay import RelayResult, trusted_node_relay
from ..satellites import (
    MICIUS_ENTANGLEMENT_DOWNLINKS,
    elevation_from_slant_range_deg,
    max_ground_range_km,
    micius_link_budget,
)
from ..stages import (
    Application,
    NetworkStageResult,
    applications_between,
    known_applications,
    network_stage,
    required_stage,
)
from ..units import EARTH_RADIUS_KM
from ._controls import dropdown, float_slider, int_slider

__all__ = [
    "NetworkBuilderData",
    "RelayExplorerData",
    "build_network_data",
    "network_builder_explorer",
    "relay_explorer",
    "relay_explorer_data",
    "stage_ladder_explorer",
    "stage_ladder_explorer_data",
]


# --- module 00: the stage ladder ------------------------------------------------------------


def stage_ladder_explorer_data(application) -> Application:
    """The stage an application needs (the explorer's answer); see ``qie.required_stage``.

    Example:
        >>> int(stage_ladder_explorer_data("clock synchronization").stage)
        4
    """
    return required_stage(application)


def stage_ladder_explorer():
    """Pick an application: its stage is highlighted on the ladder, with the stage's capability.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is an
        :class:`~qinternet_edu.stages.Application`.
    """

    ladder = []  # one StageLadderView, made at the first call: later moves redraw two rungs

    def show(application):
        app = stage_ladder_explorer_data(application)
        print(f"{app.name}: stage {int(app.stage)}, {app.stage.title.lower()}.")
        print(app.stage.capability)
        if app.note:
            print(f"Note: {app.note}")
        if not ladder:
            ladder.append(StageLadderView(highlight=app.stage))
        display(Image(data=ladder[0].png(highlight=app.stage), format="png"))
        return app

    return widgets.interactive(
        show,
        application=dropdown(
            options=list(known_applications()),
            value="QKD",
            description="application",
        ),
    )


# --- module 04: the relay chain -------------------------------------------------------------


@dataclass(frozen=True)
class RelayExplorerData:
    """Who knows the key after relaying it through ``n_relays`` trusted nodes.

    Attributes:
        n_relays: number of trusted relays between Alice and Bob.
        nodes: every node of the chain.
        nodes_that_learn_key: the nodes that know the key (all of them).
        keys_agree: whether Alice and Bob hold the same key.
        published: each published message as a bit string.
        key: the relayed key as a bit string.
        result: the full :class:`~qinternet_edu.relay.RelayResult`.
    """

    n_relays: int
    nodes: tuple[str, ...]
    nodes_that_learn_key: tuple[str, ...]
    keys_agree: bool
    key: str
    published: tuple[str, ...]
    result: RelayResult = field(repr=False)


def _bits(bits) -> str:
    return "".join(str(int(b)) for b in bits)


def relay_explorer_data(n_relays, *, key_length=16, seed=0) -> RelayExplorerData:
    """Relay a key from Alice to Bob through ``n_relays`` trusted nodes (explorer's numbers).

    Args:
        n_relays: number of intermediate trusted nodes, an int >= 0.
        key_length: bits to relay, an int >= 1.
        seed: seed of the link keys and the key.

    Returns:
        A :class:`RelayExplorerData`.

    Example:
        >>> data = relay_explorer_data(2, key_length=8, seed=1)
        >>> data.keys_agree, len(data.nodes_that_learn_key)
        (True, 4)
    """
    relays = check_int("n_relays", n_relays, low=0)
    result = trusted_node_relay(relays + 1, key_length=key_length, seed=seed)
    return RelayExplorerData(
        n_relays=relays,
        nodes=result.node_names,
        nodes_that_learn_key=result.nodes_that_learn_key,
        keys_agree=result.keys_agree,
        key=_bits(result.end_key),
        published=tuple(_bits(row) for row in result.published_messages),
        result=result,
    )


def relay_explorer():
    """Slider: number of trusted relays; shows the published messages and who knows the key.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a :class:`RelayExplorerData`.
    """

    def show(n_relays, seed):
        data = relay_explorer_data(n_relays, seed=seed)
        print(f"key chosen by Alice: {data.key}")
        for (a, b), message in zip(
            zip(data.nodes, data.nodes[1:], strict=False), data.published, strict=True
        ):
            print(f"published on {a} -> {b}: {message}")
        print(f"Bob's key agrees with Alice's: {data.keys_agree}")
        print(f"nodes that know the key ({len(data.nodes_that_learn_key)}): ", end="")
        print(", ".join(data.nodes_that_learn_key))
        return data

    return widgets.interactive(
        show,
        n_relays=int_slider(
            value=2,
            min=0,
            max=10,
            description="trusted relays",
        ),
        seed=int_slider(
            value=0,
            min=0,
            max=20,
            description="seed",
        ),
    )


# --- module 17: build a network and check its stage -----------------------------------------


@dataclass(frozen=True)
class NetworkBuilderData:
    """A network built from a few choices, and the stage it reaches between its two ends.

    Attributes:
        stage: the highest stage between ``"A"`` and ``"B"`` (or None).
        reason: what keeps the next stage out of reach.
        applications: names of the applications the two ends can run.
        network: the :class:`~qinternet_edu.network.QuantumNetwork`.
        result: the full :class:`~qinternet_edu.stages.NetworkStageResult`.
    """

    stage: object
    reason: str
    applications: tuple[str, ...]
    network: QuantumNetwork = field(repr=False)
    result: NetworkStageResult = field(repr=False)


_SATELLITE_ALTITUDE_KM = 500.0


def _slant_to_midway_satellite(distance_km: float) -> tuple[float, float]:
    """Slant range (km) and elevation (degrees) from either end to a satellite overhead the
    midpoint of two stations ``distance_km`` apart; where it sits below 10 degrees, the
    values at the edge of its usable view (the stage check then says it cannot see both
    at once, so it can only relay a key as a trusted node)."""
    reach = max_ground_range_km(altitude_km=_SATELLITE_ALTITUDE_KM, min_elevation_deg=10.0)
    angle = min(distance_km / 2.0, reach) / EARTH_RADIUS_KM  # central angle to the station
    r = EARTH_RADIUS_KM + _SATELLITE_ALTITUDE_KM
    # The triangle Earth's centre - station - satellite (law of cosines).
    range_km = math.sqrt(EARTH_RADIUS_KM**2 + r**2 - 2.0 * EARTH_RADIUS_KM * r * math.cos(angle))
    elevation = elevation_from_slant_range_deg(range_km, altitude_km=_SATELLITE_ALTITUDE_KM)
    return range_km, float(min(max(elevation, 0.0), 90.0))


def build_network_data(
    *, end_kind="end node", intermediate_kind="trusted relay", n_intermediate=2, distance_km=300.0
) -> NetworkBuilderData:
    """Build a chain A - ... - B and find its stage (the capstone explorer's numbers).

    Fiber joins the nodes in equal hops over ``distance_km``. With
    ``intermediate_kind="satellite"`` one satellite at 500 km, overhead the
    midpoint, links two ground-station ends (on the equator, ``distance_km``
    apart) by free-space links: each one's loss is the Micius entanglement
    downlink's (``qie.micius_link_budget``) at the elevation that station sees
    the satellite, lower as the stations move apart; beyond twice the
    satellite's reach (3,126 km at 10 degrees) it cannot see both.

    Args:
        end_kind: the kind of the two end nodes (a ``NodeKind`` name).
        intermediate_kind: the kind of the nodes in between.
        n_intermediate: how many nodes in between (int >= 0; 0 = direct fiber).
        distance_km: distance between the ends in km, > 0.

    Returns:
        A :class:`NetworkBuilderData`.

    Example:
        >>> build_network_data(end_kind="end node", n_intermediate=0, distance_km=50.0).stage
        <Stage.PREPARE_AND_MEASURE: 1>
    """
    ends = NodeKind.parse(end_kind)
    middle = NodeKind.parse(intermediate_kind)
    count = check_int("n_intermediate", n_intermediate, low=0)
    distance = check_positive("distance_km", distance_km)
    net = QuantumNetwork("built network")
    if middle is NodeKind.SATELLITE and count > 0:
        half_deg = distance / 2.0 / 111.19  # degrees of longitude on the equator
        net.add_node("A", kind=ends, position=(0.0, -half_deg))
        net.add_node("Satellite", kind=NodeKind.SATELLITE, altitude_km=_SATELLITE_ALTITUDE_KM)
        net.add_node("B", kind=ends, position=(0.0, half_deg))
        range_km, elevation = _slant_to_midway_satellite(distance)
        loss = float(
            micius_link_budget(
                slant_range_km=range_km,
                elevation_deg=elevation,
                hardware=MICIUS_ENTANGLEMENT_DOWNLINKS[0],
            ).total_loss_db
        )
        net.add_free_space("A", "Satellite", loss_db=loss, distance_km=range_km)
        net.add_free_space("Satellite", "B", loss_db=loss, distance_km=range_km)
    else:
        names = ["A", *[f"N{i}" for i in range(1, count + 1)], "B"]
        for i, name in enumerate(names):
            net.add_node(name, kind=ends if i in (0, len(names) - 1) else middle)
        for a, b in itertools.pairwise(names):
            net.add_fiber(a, b, length_km=distance / (count + 1))
    result = network_stage(net, "A", "B")
    apps = tuple(app.name for app in applications_between(net, "A", "B"))
    return NetworkBuilderData(
        stage=result.stage, reason=result.reason, applications=apps, network=net, result=result
    )


def network_builder_explorer():
    """Dropdowns for the kinds of nodes, sliders for their number and the distance; shows the stage.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a :class:`NetworkBuilderData`.
    """
    kinds = [kind.value for kind in NodeKind]

    def show(end_kind, intermediate_kind, n_intermediate, distance_km):
        data = build_network_data(
            end_kind=end_kind,
            intermediate_kind=intermediate_kind,
            n_intermediate=n_intermediate,
            distance_km=distance_km,
        )
        if data.stage is None:
            print("No stage is reached.")
        else:
            print(f"Highest stage: {int(data.stage)} ({data.stage.title.lower()})")
            print(f"Route: {' - '.join(data.result.path)}")
        print(f"Why not higher: {data.reason}")
        print("Applications: " + (", ".join(data.applications) or "none"))
        return data

    return widgets.interactive(
        show,
        end_kind=dropdown(options=kinds, value="end node", description="end nodes"),
        intermediate_kind=dropdown(
            options=kinds, value="trusted relay", description="kind in between"
        ),
        n_intermediate=int_slider(
            value=2,
            min=0,
            max=10,
            description="how many in between",
        ),
        distance_km=float_slider(
            value=300.0,
            min=10.0,
            max=3000.0,
            step=10.0,
            description="distance (km)",
        ),
    )
