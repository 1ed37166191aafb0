"""Explorers of modules 00, 04, 08 and 15, exercised without a browser."""

import matplotlib

matplotlib.use("Agg")

import pytest

import qinternet_edu as qie
from qinternet_edu.stages import Stage
from qinternet_edu.widgets import network as wnet
from qinternet_edu.widgets import satellites as wsat


def _control(ui, description):
    for child in ui.children:
        if getattr(child, "description", None) == description:
            return child
    raise AssertionError(f"no control {description!r}")


def test_exported_from_the_package():
    assert qie.widgets.stage_ladder_explorer is wnet.stage_ladder_explorer
    assert qie.widgets.relay_explorer is wnet.relay_explorer
    assert qie.widgets.network_builder_explorer is wnet.network_builder_explorer
    assert qie.widgets.satellite_pass_explorer is wsat.satellite_pass_explorer


# --- module 00 ------------------------------------------------------------------------------


def test_stage_ladder_explorer_follows_the_dropdown():
    # E91 from a pair source is post-selected (stage 1); heralded pairs need stage 2.
    assert wnet.stage_ladder_explorer_data("E91").stage == Stage.PREPARE_AND_MEASURE
    assert wnet.stage_ladder_explorer_data("heralded E91").stage == Stage.ENTANGLEMENT_DISTRIBUTION
    with pytest.raises(ValueError, match="application"):
        wnet.stage_ladder_explorer_data("time travel")
    ui = wnet.stage_ladder_explorer()
    ui.update()
    assert ui.result.name == "QKD" and ui.result.stage == 1
    _control(ui, "application").value = "blind quantum computing"
    ui.update()
    assert ui.result.stage == Stage.QUANTUM_MEMORY
    assert set(_control(ui, "application").options) == set(qie.known_applications())


# --- module 04 ------------------------------------------------------------------------------


def test_relay_data_every_node_knows_the_key():
    data = wnet.relay_explorer_data(3, key_length=12, seed=4)
    assert data.keys_agree
    assert data.nodes == ("Alice", "relay 1", "relay 2", "relay 3", "Bob")
    assert data.nodes_that_learn_key == data.nodes
    assert len(data.published) == 4 and all(len(m) == 12 for m in data.published)
    # Each published message is the key xor that link's key.
    for message, link_key in zip(data.published, data.result.link_keys, strict=True):
        expected = "".join(str(int(k) ^ int(b)) for k, b in zip(data.key, link_key, strict=True))
        assert message == expected
    direct = wnet.relay_explorer_data(0, key_length=4)
    assert direct.nodes_that_learn_key == ("Alice", "Bob")
    with pytest.raises(ValueError, match="n_relays"):
        wnet.relay_explorer_data(-1)


def test_relay_explorer_reacts_to_its_slider():
    ui = wnet.relay_explorer()
    ui.update()
    assert ui.result.n_relays == 2 and len(ui.result.nodes_that_learn_key) == 4
    _control(ui, "trusted relays").value = 7
    ui.update()
    assert ui.result.n_relays == 7 and len(ui.result.nodes_that_learn_key) == 9


# --- module 08 ------------------------------------------------------------------------------


def test_satellite_pass_data():
    high = wsat.satellite_pass_explorer_data(80.0, 500.0)
    low = wsat.satellite_pass_explorer_data(20.0, 500.0)
    assert high.duration_s > low.duration_s
    assert high.min_loss_db < low.min_loss_db
    assert high.min_loss_db < high.max_loss_db
    up = wsat.satellite_pass_explorer_data(80.0, 500.0, direction="uplink")
    assert up.min_loss_db > high.min_loss_db
    with pytest.raises(ValueError, match="max_elevation_deg"):
        wsat.satellite_pass_explorer_data(5.0, 500.0)
    with pytest.raises(ValueError, match="altitude_km"):
        wsat.satellite_pass_explorer_data(50.0, -500.0)
    with pytest.raises(ValueError, match="direction"):
        wsat.satellite_pass_explorer_data(50.0, 500.0, direction="up")


def test_satellite_pass_explorer_reacts_to_its_sliders():
    ui = wsat.satellite_pass_explorer()
    ui.update()
    first = ui.result
    assert first.max_elevation_deg == 60.0 and first.altitude_km == 500.0
    _control(ui, "highest elevation (deg)").value = 30.0
    ui.update()
    assert ui.result.max_elevation_deg == 30.0
    assert ui.result.min_loss_db > first.min_loss_db
    _control(ui, "altitude (km)").value = 1000.0
    ui.update()
    assert ui.result.altitude_km == 1000.0
    _control(ui, "direction").value = "uplink"
    ui.update()
    assert ui.result.direction == "uplink"


# --- module 17 ------------------------------------------------------------------------------


def test_build_network_data_canonical_choices():
    trusted = wnet.build_network_data(n_intermediate=3, distance_km=400.0)
    assert trusted.stage == Stage.TRUSTED_REPEATER
    assert trusted.applications == ("QKD with trusted nodes",)
    repeaters = wnet.build_network_data(
        end_kind="quantum computer", intermediate_kind="repeater", n_intermediate=3
    )
    assert repeaters.stage == Stage.QUANTUM_MEMORY
    assert "'N1'" in repeaters.reason
    too_far = wnet.build_network_data(n_intermediate=0, distance_km=800.0)
    assert too_far.stage is None and too_far.applications == ()
    near_sat = wnet.build_network_data(
        end_kind="ground station",
        intermediate_kind="satellite",
        n_intermediate=1,
        distance_km=1200.0,
    )
    # A satellite pair source without memory gives post-selected pairs: stage 1.
    assert near_sat.stage == Stage.PREPARE_AND_MEASURE
    assert near_sat.result.entanglement == "post-selected"
    far_sat = wnet.build_network_data(
        end_kind="ground station",
        intermediate_kind="satellite",
        n_intermediate=1,
        distance_km=7600.0,
    )
    assert far_sat.stage == Stage.TRUSTED_REPEATER and "cannot see" in far_sat.reason
    # Each downlink is evaluated where its station sees the satellite: lower and longer as
    # the stations move apart (checked against the slant range at that elevation).
    losses, previous = [], None
    for distance_km in (10.0, 1000.0, 2000.0, 3000.0):
        data = wnet.build_network_data(
            end_kind="ground station",
            intermediate_kind="satellite",
            n_intermediate=1,
            distance_km=distance_km,
        )
        link = data.network.link("A", "Satellite")
        elevation = qie.elevation_from_slant_range_deg(link.length_km, altitude_km=500.0)
        assert qie.slant_range_km(elevation, altitude_km=500.0) == pytest.approx(
            link.length_km, rel=1e-9
        )
        # Ground distance to the sub-satellite point: half the stations' separation.
        central = qie.max_ground_range_km(altitude_km=500.0, min_elevation_deg=elevation)
        assert central == pytest.approx(distance_km / 2, rel=1e-6, abs=1e-3)
        assert previous is None or link.loss_db > previous
        previous = link.loss_db
        losses.append(link.loss_db)
        assert data.stage == Stage.PREPARE_AND_MEASURE
    # Nearly overhead, the Micius entanglement downlink's own loss at 500 km.
    overhead = qie.micius_link_budget(
        slant_range_km=500.0, elevation_deg=90.0, hardware=qie.MICIUS_ENTANGLEMENT_DOWNLINKS[0]
    )
    assert losses[0] == pytest.approx(float(overhead.total_loss_db), abs=0.05)
    with pytest.raises(ValueError, match="kind"):
        wnet.build_network_data(end_kind="castle")
    with pytest.raises(ValueError, match="distance_km"):
        wnet.build_network_data(distance_km=0.0)


def test_network_builder_explorer_reacts_to_its_controls():
    ui = wnet.network_builder_explorer()
    ui.update()
    assert ui.result.stage == Stage.TRUSTED_REPEATER
    _control(ui, "kind in between").value = "repeater"
    _control(ui, "end nodes").value = "fault-tolerant processor"
    ui.update()
    assert ui.result.stage == Stage.QUANTUM_MEMORY
    _control(ui, "how many in between").value = 0
    _control(ui, "distance (km)").value = 50.0
    ui.update()
    assert ui.result.stage == Stage.FEW_QUBIT_FAULT_TOLERANT
