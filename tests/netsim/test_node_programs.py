"""Node programs on the event-level network: stages, link layer, memories, messages."""

import dataclasses
import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import netsim
from qinternet_edu.network import QuantumNetwork
from qinternet_edu.stages import Stage


def two_nodes(kind="end node", length_km=10.0, attenuation_db_per_km=0.2):
    net = QuantumNetwork().add_node("Alice", kind=kind).add_node("Bob", kind=kind)
    return net.add_fiber(
        "Alice", "Bob", length_km=length_km, attenuation_db_per_km=attenuation_db_per_km
    )


def measure_directly(n, basis_a="Z", basis_b="Z"):
    def alice(node):
        bits = []
        for _ in range(n):
            bits.append((yield node.entangle("Bob", keep=False, basis=basis_a)))
        return bits

    def bob(node):
        bits = []
        for _ in range(n):
            bits.append((yield node.entangle("Alice", keep=False, basis=basis_b)))
        return bits

    return {"Alice": alice, "Bob": bob}


# ---------------------------------------------------------------- stages
def test_storing_on_a_stage_2_node_names_the_stage_it_needs():
    def alice(node):
        yield node.entangle("Bob", keep=False)

    def bob(node):
        yield node.entangle("Alice")  # create and keep: needs a memory

    with pytest.raises(netsim.StageError) as info:
        netsim.run(two_nodes(), {"Alice": alice, "Bob": bob}, seed=1)
    assert str(info.value) == (
        "storing a qubit needs stage 3 (quantum memory network); Bob's node is stage 2"
    )


def test_a_run_reports_the_lowest_stage_the_protocol_used():
    # BBM92-style: measure at once -> stage 2, even on nodes that could store
    res = netsim.run(two_nodes("repeater"), measure_directly(5), seed=1)
    assert res.stage == Stage.ENTANGLEMENT_DISTRIBUTION
    assert res.stage_by_node["Alice"] == Stage.ENTANGLEMENT_DISTRIBUTION

    # the same task one stage lower: prepare and measure single photons (stage 1)
    def alice(node):
        for bit in (0, 1, 1, 0):
            yield node.send_qubit("Bob", bit=bit, basis="Z")

    def bob(node):
        got = []
        for _ in range(4):
            got.append((yield node.receive_qubit("Alice", basis="Z")))
        return got

    res = netsim.run(
        two_nodes(length_km=1.0, attenuation_db_per_km=0.0), {"Alice": alice, "Bob": bob}, seed=1
    )
    assert res.stage == Stage.PREPARE_AND_MEASURE
    assert res.returns["Bob"] == [0, 1, 1, 0]  # no loss on a lossless link, matching bases
    assert netsim.node_stage(two_nodes().node("Bob")) == Stage.ENTANGLEMENT_DISTRIBUTION


def test_same_program_runs_on_two_networks():
    programs = measure_directly(3)
    near = netsim.run(two_nodes(length_km=1.0), programs, seed=3)
    far = netsim.run(two_nodes(length_km=80.0), programs, seed=3)
    assert near.returns["Alice"] == near.returns["Bob"]  # ideal pairs, equal bases
    assert far.end_time_s > near.end_time_s


def test_memory_capacity_is_enforced():
    def alice(node):
        yield node.all(node.entangle("Bob"), node.entangle("Bob"), node.entangle("Bob"))

    def bob(node):
        yield node.all(node.entangle("Alice"), node.entangle("Alice"), node.entangle("Alice"))

    with pytest.raises(netsim.StageError, match="holds at most 2 qubit"):
        netsim.run(two_nodes("repeater"), {"Alice": alice, "Bob": bob}, seed=1)


def test_bad_programs_and_names_are_reported():
    def not_a_generator(node):
        return 1

    with pytest.raises(TypeError, match="generator"):
        netsim.run(two_nodes(), {"Alice": not_a_generator}, seed=1)
    with pytest.raises(ValueError, match="'Carol' is not in the network"):
        netsim.run(two_nodes(), {"Carol": not_a_generator}, seed=1)
    with pytest.raises(ValueError, match="backend"):
        netsim.run(two_nodes(), measure_directly(1), backend="stabilizer")
    with pytest.raises(ValueError, match="basis"):
        netsim.EntanglementRequest(remote="Bob", basis="W")


def test_run_result_is_frozen_and_reports_unfinished_programs():
    def bob(node):
        yield node.receive("Alice")  # nobody sends

    res = netsim.run(two_nodes(), {"Bob": bob}, seed=1)
    assert res.unfinished == ("Bob",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.stage = Stage.QUANTUM_COMPUTING


# ---------------------------------------------------------------- physics of the link layer
@pytest.mark.parametrize(("basis", "flip"), [("Z", 0), ("X", 0), ("Y", 1)])
def test_create_and_measure_has_werner_error_rates(basis, flip):
    f = 0.85
    n = 4000
    res = netsim.run(two_nodes(), measure_directly(n, basis, basis), seed=11, link_fidelity=f)
    a, b = np.array(res.returns["Alice"]), np.array(res.returns["Bob"])
    qber = np.mean(a ^ b ^ flip)
    expected = qie.werner_qber(f)  # 2(1 - F)/3, library closed form
    assert expected == pytest.approx(2 * (1 - f) / 3)
    assert qber == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / n))


def test_different_bases_are_uncorrelated():
    n = 4000
    res = netsim.run(two_nodes(), measure_directly(n, "Z", "X"), seed=12)
    a, b = np.array(res.returns["Alice"]), np.array(res.returns["Bob"])
    assert np.mean(a ^ b) == pytest.approx(0.5, abs=4 * 0.5 / math.sqrt(n))


def test_waiting_time_per_pair_is_geometric_attempts_times_l_over_c():
    n = 3000
    res = netsim.run(two_nodes(length_km=50.0), measure_directly(n), seed=13)
    link = qie.heralded_link(length_km=50.0)
    # mean of n geometric waits: tau/p, with standard deviation tau sqrt(1-p)/p
    mean_wait = res.end_time_s / n
    se = (
        link.attempt_duration_s
        * math.sqrt(1 - link.success_probability)
        / (link.success_probability * math.sqrt(n))
    )
    assert mean_wait == pytest.approx(link.mean_waiting_time_s, abs=4 * se)
    assert res.attempts / n == pytest.approx(1 / link.success_probability, rel=4 * se / mean_wait)
    assert res.pairs_heralded == n


def test_stored_pair_decays_in_both_memories():
    t_a, t_b, wait = 2.0, 0.5, 0.3

    def alice(node):
        q = yield node.entangle("Bob")
        t0 = node.now
        yield node.wait(wait)
        return node.fidelity(q), node.now - t0

    def bob(node):
        yield node.entangle("Alice")

    res = netsim.run(
        two_nodes("repeater"),
        {"Alice": alice, "Bob": bob},
        seed=1,
        link_fidelity=0.95,
        coherence_time_s={"Alice": t_a, "Bob": t_b},
    )
    f, waited = res.returns["Alice"]
    # the library's model applied to each memory in turn ...
    expected = qie.memory_decay(qie.memory_decay(0.95, waited, t_a), waited, t_b)
    # ... and by hand: the Werner parameter decays at 1/T_a + 1/T_b
    by_hand = 0.25 + (0.95 - 0.25) * math.exp(-waited * (1 / t_a + 1 / t_b))
    assert f == pytest.approx(expected, abs=1e-12)
    assert f == pytest.approx(by_hand, abs=1e-12)


def test_messages_take_the_fiber_delay():
    def alice(node):
        yield node.send("Bob", "hello")

    def bob(node):
        msg = yield node.receive("Alice")
        return msg, node.now

    res = netsim.run(two_nodes(length_km=100.0), {"Alice": alice, "Bob": bob}, seed=1)
    msg, t = res.returns["Bob"]
    assert msg == "hello"
    assert t == pytest.approx(100e3 * 1.4682 / 299_792_458.0, rel=1e-12)  # L n / c
    assert res.messages == 1


def test_photons_are_lost_with_the_fiber_transmissivity():
    n = 4000

    def alice(node):
        for _ in range(n):
            yield node.send_qubit("Bob", bit=1, basis="X")

    def bob(node):
        got = []
        for _ in range(n):
            got.append((yield node.receive_qubit("Alice", basis="X")))
        return got

    res = netsim.run(two_nodes(length_km=25.0), {"Alice": alice, "Bob": bob}, seed=5)
    got = res.returns["Bob"]
    eta = qie.fiber_transmissivity(25.0)
    arrived = sum(g is not None for g in got) / n
    assert arrived == pytest.approx(eta, abs=4 * math.sqrt(eta * (1 - eta) / n))
    assert all(g == 1 for g in got if g is not None)


def test_min_fidelity_request_is_purified_with_bbpssw():
    assert netsim.purification_rounds_needed(0.8, 0.85) == 2
    rounds_f = qie.bbpssw(qie.bbpssw(0.8).fidelity).fidelity

    def alice(node):
        q = yield node.entangle("Bob", min_fidelity=0.85)
        return node.fidelity(q)

    def bob(node):
        yield node.entangle("Alice")

    res = netsim.run(
        two_nodes("repeater", length_km=0.1),
        {"Alice": alice, "Bob": bob},
        seed=2,
        link_fidelity=0.8,
    )
    assert res.returns["Alice"] == pytest.approx(rounds_f, abs=1e-12)  # perfect memories
    assert res.returns["Alice"] >= 0.85
    assert res.pairs_heralded == 1
    assert ("Alice", "purify", Stage.QUANTUM_MEMORY) in res.operations
    with pytest.raises(ValueError, match="out of reach"):
        netsim.purification_rounds_needed(0.5, 0.9)


def test_swap_at_a_repeater_gives_the_swap_fidelity():
    net = (
        QuantumNetwork()
        .add_node("Alice", kind="repeater")
        .add_node("R", kind="repeater")
        .add_node("Bob", kind="repeater")
        .add_fiber("Alice", "R", length_km=10.0)
        .add_fiber("R", "Bob", length_km=10.0)
    )

    def repeater(node):
        left, right = yield node.all(node.entangle("Alice"), node.entangle("Bob"))
        bits = node.swap(left, right)
        yield node.send("Bob", bits)

    def alice(node):
        q = yield node.entangle("R")
        return q

    def bob(node):
        q = yield node.entangle("R")
        yield node.receive("R")
        return q.remote, node.fidelity(q)

    res = netsim.run(net, {"Alice": alice, "R": repeater, "Bob": bob}, seed=3, link_fidelity=0.9)
    remote, f = res.returns["Bob"]
    assert remote == "Alice"
    assert f == pytest.approx(qie.swap_fidelity(0.9, 0.9), abs=1e-12)
    assert f == pytest.approx(0.81 + 0.01 / 3, abs=1e-12)  # F1 F2 + (1-F1)(1-F2)/3 by hand
    assert res.stage == Stage.QUANTUM_MEMORY


def test_entangling_with_a_non_neighbour_is_refused():
    net = two_nodes().add_node("Carol").add_fiber("Bob", "Carol", length_km=1.0)

    def alice(node):
        yield node.entangle("Carol", keep=False)

    with pytest.raises(ValueError, match="share no quantum link"):
        netsim.run(net, {"Alice": alice}, seed=1)


def test_same_seed_same_run():
    a = netsim.run(two_nodes(), measure_directly(50), seed=9, link_fidelity=0.9)
    b = netsim.run(two_nodes(), measure_directly(50), seed=9, link_fidelity=0.9)
    assert a.returns["Alice"] == b.returns["Alice"] and a.end_time_s == b.end_time_s


@pytest.mark.parametrize(
    ("kind", "stage"),
    [
        ("end node", Stage.ENTANGLEMENT_DISTRIBUTION),
        ("trusted relay", Stage.ENTANGLEMENT_DISTRIBUTION),
        ("satellite", Stage.PREPARE_AND_MEASURE),
        ("repeater", Stage.QUANTUM_MEMORY),
        ("fault-tolerant processor", Stage.FEW_QUBIT_FAULT_TOLERANT),
        ("quantum computer", Stage.QUANTUM_COMPUTING),
    ],
)
def test_each_node_kind_reaches_the_stage_of_its_capabilities(kind, stage):
    net = QuantumNetwork().add_node("X", kind=kind)
    assert netsim.node_stage(net.node("X")) == stage
    # the ladder's own reading agrees: an end node without memory stops below stage 3
    assert (stage >= Stage.QUANTUM_MEMORY) == net.node("X").has_memory


def test_messages_between_distant_nodes_take_the_shortest_fiber_route():
    net = two_nodes(length_km=30.0).add_node("Carol").add_fiber("Bob", "Carol", length_km=20.0)
    net = net.add_node("Dave").add_fiber("Alice", "Dave", length_km=100.0)
    net = net.add_fiber("Dave", "Carol", length_km=100.0)

    def alice(node):
        yield node.send("Carol", 1)

    def carol(node):
        yield node.receive("Alice")
        return node.now

    res = netsim.run(net, {"Alice": alice, "Carol": carol}, seed=1)
    assert res.returns["Carol"] == pytest.approx(qie.fiber_delay_s(50.0), rel=1e-12)


def test_labels_keep_two_requests_on_one_link_apart():
    def alice(node):
        first = node.entangle("Bob", keep=False, label="key")
        second = node.entangle("Bob", keep=False, basis="X", label="test")
        return (yield node.all(first, second))

    def bob(node):
        # asks in the other order: without labels the pairs would be crossed
        second = node.entangle("Alice", keep=False, basis="X", label="test")
        first = node.entangle("Alice", keep=False, label="key")
        b_second, b_first = yield node.all(second, first)
        return [b_first, b_second]

    for seed in range(20):
        res = netsim.run(two_nodes(), {"Alice": alice, "Bob": bob}, seed=seed)
        assert res.returns["Alice"] == res.returns["Bob"]  # ideal pairs, equal bases per label
