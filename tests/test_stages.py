"""Tests for the stage ladder and the network stage checker (qinternet_edu/stages.py)."""

import itertools
import subprocess
import sys

import pytest

import qinternet_edu as qie
from qinternet_edu.network import (
    QuantumNetwork,
    beijing_shanghai_backbone,
    delft_three_node_network,
    metropolitan_network,
    micius_network,
)
from qinternet_edu.stages import (
    APPLICATIONS,
    Stage,
    applications_between,
    known_applications,
    network_stage,
    required_stage,
)


def test_stage_enum():
    assert [int(s) for s in Stage] == [0, 1, 2, 3, 4, 5]
    assert qie.Stage is Stage
    for stage in Stage:
        assert stage.title and stage.capability.endswith(".")
        assert stage.examples, f"stage {stage} has no example application"
    assert Stage.TRUSTED_REPEATER.title == "Trusted repeater network"
    assert "QKD with trusted nodes" in Stage(0).examples


def test_importing_stages_stays_light():
    code = (
        "import sys, qinternet_edu.stages; "
        "print('networkx' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# Wehner, Elkouss, Hanson, Science 362, eaam9288 (2018), Table 1 (read from the paper, not from
# the module): the example applications of each stage, numbered 0-5 as the course numbers them.
TABLE_1 = {
    "QKD with trusted nodes": 0,
    "QKD": 1,
    "secure identification": 1,
    "position verification": 1,
    "imperfect coin flipping": 1,
    "two-party cryptography": 1,
    "device-independent QKD": 2,
    "blind quantum computing": 3,
    "simple leader election": 3,
    "longer-baseline telescopes": 3,
    "secret sharing": 3,
    "anonymous transmission": 3,
    "clock synchronization": 4,
    "distributed quantum computing": 4,
    "leader election": 5,
    "Byzantine agreement": 5,
    "weak coin flipping with arbitrarily small bias": 5,
}
# The paper's text: stage 2 needs heralded entanglement; post-selected pairs are a
# prepare-and-measure resource. The course outline places the rest.
ROADMAP = {
    **TABLE_1,
    "entanglement-based QKD": 1,
    "heralded entanglement-based QKD": 2,
    "quantum teleportation": 3,
    "quantum sensor networks": 5,
}


def test_every_application_is_placed_and_table_1_is_cited():
    assert set(ROADMAP) == set(known_applications())
    for name in TABLE_1:
        assert "Table 1" in required_stage(name).source, name
    for app in APPLICATIONS:
        assert "Fig. 2" not in app.source + app.note
    assert "Table 1" not in required_stage("quantum sensor networks").source


def test_post_selected_and_heralded_entanglement_based_qkd():
    for alias in ("E91", "BBM92", "post-selected E91"):
        record = required_stage(alias)
        assert record.name == "entanglement-based QKD"
        assert record.stage == Stage.PREPARE_AND_MEASURE
        assert "post-selected" in record.note
    heralded = required_stage("heralded BBM92")
    assert heralded.name == "heralded entanglement-based QKD"
    assert heralded.stage == Stage.ENTANGLEMENT_DISTRIBUTION
    assert required_stage("DIQKD").stage == Stage.ENTANGLEMENT_DISTRIBUTION
    assert "heralded" in required_stage("DIQKD").note
    assert "heralded" in required_stage.__doc__ and "post-selecting" in required_stage.__doc__


def test_capabilities_say_what_heralding_means():
    two = Stage.ENTANGLEMENT_DISTRIBUTION.capability
    assert "heralded" in two and "post-selection" in two and "announces" in two
    assert "post-selecting" in Stage.PREPARE_AND_MEASURE.capability
    assert set(Stage.PREPARE_AND_MEASURE.examples) >= {
        "imperfect coin flipping",
        "two-party cryptography",
        "entanglement-based QKD",
    }
    assert set(Stage.QUANTUM_MEMORY.examples) >= {"secret sharing", "anonymous transmission"}
    assert "weak coin flipping with arbitrarily small bias" in Stage.QUANTUM_COMPUTING.examples


def test_module_cites_fig_4_and_table_1_and_names_the_numbering():
    import qinternet_edu.stages as module

    doc = " ".join(module.__doc__.split())
    assert "Fig. 4" in doc and "Table 1" in doc and "Fig. 2" not in doc
    assert "the first stage" in doc and "0 to 5" in doc


@pytest.mark.parametrize(("name", "stage"), sorted(ROADMAP.items()))
def test_required_stage_of_roadmap_applications(name, stage):
    record = required_stage(name)
    assert record.stage == stage
    assert record.name == name
    assert record.source


@pytest.mark.parametrize(
    ("variant", "name"),
    [
        ("Device_Independent-QKD", "device-independent QKD"),
        ("  blind   QUANTUM computing ", "blind quantum computing"),
        ("E91", "entanglement-based QKD"),
        ("bbm92", "entanglement-based QKD"),
        ("clock synchronisation", "clock synchronization"),
        ("trusted-node QKD", "QKD with trusted nodes"),
        ("telescopes", "longer-baseline telescopes"),
        ("extending the baseline of telescopes", "longer-baseline telescopes"),
        ("few-qubit distributed quantum computing", "distributed quantum computing"),
        ("heralded E91", "heralded entanglement-based QKD"),
        ("weak coin flipping", "weak coin flipping with arbitrarily small bias"),
        ("fast byzantine agreement", "Byzantine agreement"),
        ("sensor_networks", "quantum sensor networks"),
    ],
)
def test_required_stage_accepts_friendly_variations(variant, name):
    assert required_stage(variant).name == name


def test_required_stage_rejects_unknown_names_listing_known_ones():
    with pytest.raises(ValueError, match="application must be one of") as info:
        required_stage("quantum teleportation of cats")
    for name in known_applications():
        assert repr(name) in str(info.value)
    with pytest.raises(TypeError, match="application"):
        required_stage(3)


def test_notes_flag_where_the_course_simplifies():
    assert "outline" in required_stage("quantum sensor networks").source.lower()
    assert "stage 1" in required_stage("E91").note
    assert "not confirmed" not in required_stage("position verification").note
    assert len({app.name for app in APPLICATIONS}) == len(APPLICATIONS)


# ---------------------------------------------------------------- canonical networks


def _chain(end_kind, middle_kind, n_middle, *, length_km=50.0, end_options=None, **middle):
    net = QuantumNetwork("chain")
    names = ["A", *[f"N{i}" for i in range(1, n_middle + 1)], "B"]
    for i, name in enumerate(names):
        if i in (0, len(names) - 1):
            net.add_node(name, kind=end_kind, **(end_options or {}))
        else:
            net.add_node(name, kind=middle_kind, **middle)
    for a, b in itertools.pairwise(names):
        net.add_fiber(a, b, length_km=length_km)
    return net


def test_trusted_node_chain_is_stage_0_and_every_node_learns_the_key():
    net = _chain("end node", "trusted relay", 4)
    result = network_stage(net, "A", "B")
    assert result.stage == Stage.TRUSTED_REPEATER
    assert result.path == ("A", "N1", "N2", "N3", "N4", "B")
    assert result.nodes_that_learn_key == result.path
    assert result.next_stage == Stage.PREPARE_AND_MEASURE
    assert "N1" in result.reason and "trusted relay" in result.reason


def test_direct_fiber_with_prepare_and_measure_ends_is_stage_1():
    net = QuantumNetwork().add_node("A").add_node("B").add_fiber("A", "B", length_km=100.0)
    result = network_stage(net, "A", "B")
    assert result.stage == Stage.PREPARE_AND_MEASURE
    assert result.nodes_that_learn_key == ("A", "B")
    assert "create entanglement" in result.reason
    assert result.path_loss_db == pytest.approx(20.0)


def test_too_long_direct_fiber_reaches_no_stage_and_names_the_link():
    net = QuantumNetwork().add_node("A").add_node("B").add_fiber("A", "B", length_km=600.0)
    result = network_stage(net, "A", "B")
    assert result.stage is None
    assert "A - B" in result.reason and "120 dB" in result.reason
    assert network_stage(net, "A", "B", max_segment_loss_db=150.0).stage == 1
    # Splitting it with a trusted relay brings it back to stage 0.
    relayed = _chain("end node", "trusted relay", 1, length_km=300.0)
    assert network_stage(relayed, "A", "B").stage == Stage.TRUSTED_REPEATER


def test_repeater_chain_with_memories_reaches_stage_3():
    net = _chain("end node", "repeater", 3, end_options={"has_memory": True})
    result = network_stage(net, "A", "B")
    assert result.stage == Stage.QUANTUM_MEMORY
    assert "not fault tolerant" in result.reason
    assert "'A'" in result.reason and "'N1'" in result.reason


def test_missing_capability_lowers_the_stage_and_the_reason_names_it():
    net = _chain("end node", "repeater", 3, end_options={"has_memory": True})
    no_memory = net.with_node("N2", has_memory=False, qubits=0)
    result = network_stage(no_memory, "A", "B")
    assert result.stage == Stage.ENTANGLEMENT_DISTRIBUTION
    assert "'N2'" in result.reason and "no quantum memory" in result.reason
    trusted = net.with_node("N2", kind="trusted relay", forwards_qubits=False)
    result = network_stage(trusted, "A", "B")
    assert result.stage == Stage.TRUSTED_REPEATER
    assert "'N2'" in result.reason and "trusted relay" in result.reason
    assert "N2" in result.nodes_that_learn_key
    forgetful_end = net.with_node("B", has_memory=False, qubits=0)
    result = network_stage(forgetful_end, "A", "B")
    assert result.stage == Stage.ENTANGLEMENT_DISTRIBUTION
    assert "end node 'B'" in result.reason


def test_fault_tolerant_and_quantum_computing_networks():
    ft = _chain("fault-tolerant processor", "fault-tolerant processor", 2)
    result = network_stage(ft, "A", "B")
    assert result.stage == Stage.FEW_QUBIT_FAULT_TOLERANT
    assert "not a full quantum computer" in result.reason
    qc = _chain("quantum computer", "fault-tolerant processor", 2)
    result = network_stage(qc, "A", "B")
    assert result.stage == Stage.QUANTUM_COMPUTING
    assert result.next_stage is None and "top of the ladder" in result.reason


def test_ready_made_networks():
    backbone = network_stage(beijing_shanghai_backbone(), "Beijing", "Shanghai")
    assert backbone.stage == Stage.TRUSTED_REPEATER
    assert len(backbone.nodes_that_learn_key) == 34  # 32 relays and the two ends
    assert "400 dB" in backbone.reason
    metro = metropolitan_network()
    assert network_stage(metro, "Bank", "Hospital").stage == Stage.TRUSTED_REPEATER
    assert network_stage(metro, "University", "Data centre").stage == Stage.PREPARE_AND_MEASURE
    delft = network_stage(delft_three_node_network(), "Alice", "Charlie")
    assert delft.stage == Stage.QUANTUM_MEMORY and delft.path == ("Alice", "Bob", "Charlie")
    micius = micius_network()
    # Yin et al. 2017: pairs from the satellite's source to Delingha and Lijiang at once, known
    # only by post-selecting coincident detections: stage 1 (Wehner et al. 2018: stage 2 needs
    # heralded entanglement).
    pair = network_stage(micius, "Delingha", "Lijiang")
    assert pair.stage == Stage.PREPARE_AND_MEASURE
    assert pair.entanglement == "post-selected"
    assert pair.next_stage == Stage.ENTANGLEMENT_DISTRIBUTION
    assert "post-selected" in pair.reason and "'Micius'" in pair.reason
    # Liao et al. 2018: Xinglong and Graz never see Micius together: trusted relay only.
    far = network_stage(micius, "Xinglong", "Graz")
    assert far.stage == Stage.TRUSTED_REPEATER
    assert "'Micius' cannot see 'Xinglong' and 'Graz' at once" in far.reason
    assert "Micius" in far.nodes_that_learn_key


def test_network_stage_tells_heralded_from_post_selected_links():
    # A photon-pair source in the middle, no memory: post-selected pairs, stage 1.
    source = _chain(
        "end node", "end node", 1, can_distribute_entanglement=True, forwards_qubits=True
    )
    result = network_stage(source, "A", "B")
    assert result.stage == Stage.PREPARE_AND_MEASURE
    assert result.entanglement == "post-selected" and "post-selected" in result.reason
    # A Bell-state measurement station (a repeater without memory) heralds: stage 2.
    station = _chain("end node", "repeater", 1, has_memory=False)
    result = network_stage(station, "A", "B")
    assert result.stage == Stage.ENTANGLEMENT_DISTRIBUTION
    assert result.entanglement == "heralded"
    assert "no quantum memory" in result.reason
    # The same pair source with a memory at one end heralds through that end.
    herald_end = source.with_node("A", has_memory=True, can_distribute_entanglement=True)
    assert network_stage(herald_end, "A", "B").entanglement == "heralded"
    assert network_stage(herald_end, "A", "B").stage == Stage.ENTANGLEMENT_DISTRIBUTION
    # No entanglement source at all.
    plain = QuantumNetwork().add_node("A").add_node("B").add_fiber("A", "B", length_km=10.0)
    assert network_stage(plain, "A", "B").entanglement is None


def test_disconnected_nodes_have_no_stage():
    net = QuantumNetwork().add_node("A").add_node("B")
    result = network_stage(net, "A", "B")
    assert result.stage is None and result.path == () and "no path" in result.reason
    assert result.entanglement is None
    assert applications_between(net, "A", "B") == ()


def test_applications_between():
    apps = applications_between(delft_three_node_network(), "Alice", "Charlie")
    names = {app.name for app in apps}
    assert {"QKD", "device-independent QKD", "blind quantum computing"} <= names
    assert "heralded entanglement-based QKD" in names
    assert "clock synchronization" not in names
    assert all(app.stage <= 3 for app in apps)
    metro = applications_between(metropolitan_network(), "Bank", "Hospital")
    assert [app.name for app in metro] == ["QKD with trusted nodes"]


def test_network_stage_bad_inputs():
    net = metropolitan_network()
    with pytest.raises(TypeError, match="network"):
        network_stage("not a network", "A", "B")
    with pytest.raises(ValueError, match="'Atlantis' is not in the network"):
        network_stage(net, "Bank", "Atlantis")
    with pytest.raises(ValueError, match="different nodes"):
        network_stage(net, "Bank", "Bank")
    with pytest.raises(ValueError, match="max_segment_loss_db"):
        network_stage(net, "Bank", "Hub", max_segment_loss_db=-1.0)
    assert net.stage("Bank", "Hub").stage == Stage.PREPARE_AND_MEASURE


# ---------------------------------------------------------------- the pruned search


def _random_network(rng, n_nodes):
    """A random network: every kind of node, random capabilities, fibers and satellite links."""
    from qinternet_edu.network import NodeKind

    net = QuantumNetwork("random")
    kinds = list(NodeKind)
    names = [f"n{i}" for i in range(n_nodes)]
    for name in names:
        kind = kinds[rng.integers(len(kinds))]
        options = {}
        if kind not in (NodeKind.FAULT_TOLERANT_PROCESSOR, NodeKind.QUANTUM_COMPUTER):
            for flag in ("has_memory", "can_distribute_entanglement", "forwards_qubits"):
                if rng.random() < 0.3:
                    options[flag] = bool(rng.random() < 0.5)
        position = (float(rng.uniform(20.0, 50.0)), float(rng.uniform(0.0, 60.0)))
        net.add_node(name, kind=kind, position=position, **options)
    pairs = list(itertools.combinations(names, 2))
    chosen = rng.choice(len(pairs), size=min(len(pairs), int(2.2 * n_nodes)), replace=False)
    for index in chosen:
        a, b = pairs[index]
        if rng.random() < 0.15:
            net.add_free_space(a, b, loss_db=float(rng.uniform(10.0, 60.0)))
        else:
            net.add_fiber(a, b, length_km=float(rng.uniform(5.0, 300.0)))
    return net


def test_pruned_search_gives_the_same_answers_as_the_enumerating_one():
    from qinternet_edu import stages

    rng = __import__("numpy").random.default_rng(16)
    compared = reached = 0
    for _ in range(60):
        net = _random_network(rng, int(rng.integers(4, 16)))
        names = list(net._graph.nodes)
        for _ in range(4):
            a, b = (str(x) for x in rng.choice(names, size=2, replace=False))
            limit = float(rng.choice([40.0, 100.0, 200.0]))
            pruned = stages._network_stage(net, a, b, limit, prune=True)
            reference = stages._network_stage(net, a, b, limit, prune=False)
            assert pruned == reference, (a, b, limit)
            compared += 1
            reached += pruned.stage is not None and pruned.stage >= 1
    assert compared == 240
    assert reached > 40  # the random networks exercise more than stage 0 and None


def test_pruned_search_on_a_grid_of_optical_switches():
    from qinternet_edu import stages

    # 8 x 8 switches that pass photons without measuring them, 25 km apart: the corner-to-corner
    # route is 14 links (70 dB), so stage 1 fails at max_segment_loss_db = 60 and passes at 80.
    net = QuantumNetwork("grid")
    for r, c in itertools.product(range(8), range(8)):
        corner = (r, c) in ((0, 0), (7, 7))
        net.add_node(f"{r},{c}", **({} if corner else {"forwards_qubits": True}))
    for r, c in itertools.product(range(8), range(8)):
        if c < 7:
            net.add_fiber(f"{r},{c}", f"{r},{c + 1}", length_km=25.0)
        if r < 7:
            net.add_fiber(f"{r},{c}", f"{r + 1},{c}", length_km=25.0)
    for limit, stage in ((60.0, Stage.TRUSTED_REPEATER), (80.0, Stage.PREPARE_AND_MEASURE)):
        pruned = stages._network_stage(net, "0,0", "7,7", limit, prune=True)
        assert pruned == stages._network_stage(net, "0,0", "7,7", limit, prune=False)
        assert pruned.stage == stage
        assert pruned.path_loss_db == pytest.approx(70.0, rel=1e-12)
    assert network_stage(net, "0,0", "7,7", max_segment_loss_db=60.0).stage == 0
