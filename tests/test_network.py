"""Tests for the network builder and ready-made networks (qinternet_edu/network.py)."""

import math

import pytest

import qinternet_edu as qie
from qinternet_edu.network import (
    NodeKind,
    QuantumNetwork,
    beijing_shanghai_backbone,
    delft_three_node_network,
    great_circle_km,
    metropolitan_network,
    micius_network,
)
from qinternet_edu.units import EARTH_RADIUS_KM


def test_lazy_submodule():
    assert qie.network.QuantumNetwork is QuantumNetwork


def test_node_kinds_set_default_capabilities():
    net = QuantumNetwork("kinds")
    for kind in NodeKind:
        net.add_node(kind.value, kind=kind)
    end = net.node("end node")
    assert end.can_prepare_measure and not end.has_memory and not end.forwards_qubits
    relay = net.node("trusted relay")
    assert not relay.forwards_qubits
    repeater = net.node("repeater")
    assert repeater.has_memory and repeater.qubits == 2 and repeater.forwards_qubits
    assert not repeater.fault_tolerant
    satellite = net.node("satellite")
    assert satellite.can_distribute_entanglement and not satellite.has_memory
    assert satellite.altitude_km == 500.0
    processor = net.node("fault-tolerant processor")
    assert processor.fault_tolerant and not processor.can_compute
    computer = net.node("quantum computer")
    assert computer.can_compute and computer.fault_tolerant and computer.qubits >= 100


def test_kind_names_are_parsed_loosely_and_capabilities_override():
    net = QuantumNetwork()
    net.add_node("A", kind="TRUSTED_RELAY").add_node("B", kind="Fault-Tolerant Processor")
    net.add_node("C", kind="end_node", has_memory=True, qubits=3)
    assert net.node("A").kind is NodeKind.TRUSTED_RELAY
    assert net.node("B").kind is NodeKind.FAULT_TOLERANT_PROCESSOR
    assert net.node("C").has_memory and net.node("C").qubits == 3
    assert "A" in net and len(net) == 3
    assert repr(net) == "QuantumNetwork('quantum network', 3 nodes, 0 links)"


def test_links_losses_and_paths():
    net = QuantumNetwork()
    for name in "ABCD":
        net.add_node(name)
    # A-D directly over 200 km (40 dB), or A-B-C-D over 3 x 50 km (30 dB).
    net.add_fiber("A", "D", length_km=200.0)
    net.add_fiber("A", "B", length_km=50.0).add_fiber("B", "C", length_km=50.0)
    net.add_fiber("C", "D", length_km=50.0)
    assert net.shortest_path("A", "D") == ("A", "D")
    assert net.lowest_loss_path("A", "D") == ("A", "B", "C", "D")
    assert net.path_loss_db(("A", "B", "C", "D")) == pytest.approx(30.0)
    assert net.path_length_km(("A", "D")) == pytest.approx(200.0)
    assert net.link("A", "D").transmissivity == pytest.approx(1e-4)
    net.add_node("S", kind="satellite").add_free_space("S", "A", loss_db=25.0)
    assert net.link("A", "S").medium == "free_space"
    assert net.path_length_km(("S", "A")) is None
    assert set(net.neighbours("A")) == {"B", "D", "S"}
    assert len(net.links) == 5 and len(net.nodes) == 5
    assert net.graph.number_of_edges() == 5


def test_builder_rejects_bad_input():
    net = QuantumNetwork().add_node("A").add_node("B")
    with pytest.raises(ValueError, match="already"):
        net.add_node("A")
    with pytest.raises(ValueError, match="kind"):
        net.add_node("X", kind="wizard")
    with pytest.raises(TypeError, match="unknown node capability"):
        net.add_node("X", teleports=True)
    with pytest.raises(TypeError, match="has_memory"):
        net.add_node("X", has_memory="yes")
    with pytest.raises(ValueError, match="fault_tolerant"):
        net.add_node("X", fault_tolerant=True)
    with pytest.raises(ValueError, match="latitude_deg"):
        net.add_node("X", position=(95.0, 0.0))
    with pytest.raises(ValueError, match="'Z' is not in the network; known nodes: 'A', 'B'"):
        net.add_fiber("A", "Z", length_km=10.0)
    with pytest.raises(ValueError, match="length_km"):
        net.add_fiber("A", "B", length_km=-1.0)
    with pytest.raises(ValueError, match="two different nodes"):
        net.add_fiber("A", "A", length_km=1.0)
    with pytest.raises(ValueError, match="loss_db"):
        net.add_free_space("A", "B", loss_db=-3.0)
    with pytest.raises(TypeError, match="node name"):
        net.add_node(42)
    with pytest.raises(ValueError, match="no path"):
        net.lowest_loss_path("A", "B")
    net.add_fiber("A", "B", length_km=1.0)
    with pytest.raises(ValueError, match="already linked"):
        net.add_fiber("B", "A", length_km=2.0)
    with pytest.raises(ValueError, match="different nodes"):
        net.shortest_path("A", "A")
    with pytest.raises(ValueError, match="path"):
        net.path_loss_db(("A",))


def test_with_node_returns_a_modified_copy():
    net = delft_three_node_network()
    changed = net.with_node("Bob", kind="trusted relay", forwards_qubits=False)
    assert changed.node("Bob").kind is NodeKind.TRUSTED_RELAY
    assert net.node("Bob").kind is NodeKind.REPEATER
    with pytest.raises(TypeError, match="unknown node capability"):
        net.with_node("Bob", colour="red")


def test_great_circle_distance():
    quarter = great_circle_km((0.0, 0.0), (90.0, 0.0))
    assert quarter == pytest.approx(math.pi * EARTH_RADIUS_KM / 2, rel=1e-12)
    assert great_circle_km((10.0, 20.0), (10.0, 20.0)) == 0.0


@pytest.mark.parametrize(
    ("a", "error", "match"),
    [
        ((200.0, 0.0), ValueError, r"latitude_deg must be in \[-90, 90\]; got 200.0"),
        ((math.nan, 0.0), ValueError, "latitude_deg must be a number"),
        ((0.0, 181.0), ValueError, r"longitude_deg must be in \[-180, 180\]"),
        ((0.0, [1.0, 2.0]), TypeError, "longitude_deg must be a single real number"),
        ((0.0,), ValueError, r"position_a must be \(latitude_deg, longitude_deg\)"),
        (None, ValueError, "position_a must be"),
    ],
)
def test_great_circle_distance_refuses_impossible_positions(a, error, match):
    with pytest.raises(error, match=match):
        great_circle_km(a, (0.0, 0.0))


def test_beijing_shanghai_backbone_matches_chen_2021():
    # Chen et al., Nature 589, 214 (2021): over 2,000 km, 32 trusted relays.
    net = beijing_shanghai_backbone()
    path = net.lowest_loss_path("Beijing", "Shanghai")
    assert net.path_length_km(path) == pytest.approx(2000.0)
    assert len(path) - 2 == 32
    assert {"Jinan", "Hefei"} <= set(path)
    relays = [n for n in net.nodes if n.kind is NodeKind.TRUSTED_RELAY]
    assert len(relays) == 32
    assert all(n.position is not None for n in net.nodes)
    result = net.relay_key("Beijing", "Shanghai", key_length=128, seed=1)
    assert result.keys_agree
    assert len(result.intermediate_nodes) == 32
    assert set(result.nodes_that_learn_key) == set(path)
    assert net.nodes_learning_key("Beijing", "Shanghai") == path
    # Each hop is short enough for QKD (about 60 km, 12 dB).
    assert max(link.length_km for link in net.links) < 70


def test_relay_key_checks_its_path():
    net = metropolitan_network()
    result = net.relay_key("Bank", "Hospital", key_length=16, seed=0)
    assert result.nodes_that_learn_key == ("Bank", "Hub", "Hospital")
    with pytest.raises(ValueError, match="path must run"):
        net.relay_key("Bank", "Hospital", key_length=16, path=("Hub", "Hospital"))
    with pytest.raises(ValueError, match="key_length"):
        net.relay_key("Bank", "Hospital", key_length=0)


def test_micius_network_geometry():
    net = micius_network()
    delingha, lijiang = net.node("Delingha").position, net.node("Lijiang").position
    # Yin et al., Science 356, 1140 (2017): 1,203 km apart.
    assert great_circle_km(delingha, lijiang) == pytest.approx(1203.0, abs=15.0)
    # Liao et al., PRL 120, 030501 (2018): Xinglong to Graz, about 7,600 km.
    xinglong, graz = net.node("Xinglong").position, net.node("Graz").position
    assert great_circle_km(xinglong, graz) == pytest.approx(7600.0, abs=100.0)
    losses = {link.b: link.loss_db for link in net.links}
    # The bigger telescope at Lijiang (1.8 m) loses less than Delingha's (1.2 m), and the
    # two entanglement downlinks together lose what Yin et al., Science 356, 1140 (2017)
    # measured over a pass: 64-82 dB.
    assert losses["Lijiang"] < losses["Delingha"]
    assert 64.0 <= losses["Lijiang"] + losses["Delingha"] <= 82.0
    # Each link is the Micius-calibrated budget, not the idealized one.
    slant = qie.slant_range_km(40.0, altitude_km=500.0)
    assert net.link("Micius", "Xinglong").loss_db == pytest.approx(
        float(qie.micius_link_budget(slant_range_km=slant, elevation_deg=40.0).total_loss_db),
        abs=1e-9,
    )
    # Liao et al., Nature 549, 43 (2017): about 30 dB of downlink loss at 645 km; at the
    # elevation where the satellite is 645 km away the network's link is within a few dB.
    near = micius_network(
        elevation_deg=qie.elevation_from_slant_range_deg(645.0, altitude_km=500.0)
    )
    assert near.link("Micius", "Xinglong").loss_db == pytest.approx(30.0, abs=2.5)
    with pytest.raises(ValueError, match="elevation_deg"):
        micius_network(elevation_deg=5.0)


def test_with_node_changing_kind_takes_that_kinds_capabilities():
    net = metropolitan_network()
    hub = next(n.name for n in net.nodes if n.kind is NodeKind.TRUSTED_RELAY)
    upgraded = net.with_node(hub, kind="repeater")
    assert upgraded.node(hub).has_memory
    assert upgraded.node(hub).forwards_qubits
    assert not net.node(hub).has_memory  # the original is untouched


def test_with_node_validates_like_add_node():
    net = metropolitan_network()
    node = net.nodes[0].name
    with pytest.raises(ValueError, match="fault_tolerant needs has_memory"):
        net.with_node(node, has_memory=False, fault_tolerant=True)
