"""The network layer: routes on graphs, swap schedules, competing requests, routers, GHZ."""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import netsim
from qinternet_edu.network import QuantumNetwork


def grid(kind="repeater", **node_options):
    """A small mesh: two users, four repeaters, links of different lengths."""
    net = QuantumNetwork()
    for name in ("A", "B"):
        net.add_node(name, kind=kind, **node_options)
    for name in ("R1", "R2", "R3", "R4"):
        net.add_node(name, kind="repeater", **node_options)
    for a, b, km in [
        ("A", "R1", 40),
        ("R1", "B", 40),
        ("A", "R2", 15),
        ("R2", "R3", 15),
        ("R3", "R4", 15),
        ("R4", "B", 15),
        ("R2", "R1", 30),
    ]:
        net.add_fiber(a, b, length_km=km)
    return net


def brute_force(net, a, b, cost):
    paths = nx.all_simple_paths(net.graph, a, b)
    return min(paths, key=lambda p: sum(cost(u, v) for u, v in itertools.pairwise(p)))


@pytest.mark.parametrize("metric", ["loss", "rate", "fidelity"])
def test_routes_minimise_their_metric_over_every_simple_path(metric):
    net = grid()
    options = {"dark_count_probability": 1e-3}

    def cost(u, v):
        link = net.link(u, v)
        model = qie.noisy_heralded_link(
            qie.heralded_link(length_km=link.length_km), dark_count_probability=1e-3
        )
        if metric == "loss":
            return link.loss_db
        if metric == "rate":
            return model.mean_waiting_time_s
        return -math.log((4 * model.fidelity - 1) / 3)

    route = netsim.find_route(net, "A", "B", metric=metric, **options)
    assert list(route.path) == brute_force(net, "A", "B", cost)
    w = np.prod(
        [
            (4 * (0.25 + 0.75 * math.exp(-cost(u, v))) - 1) / 3 if metric == "fidelity" else 1.0
            for u, v in itertools.pairwise(route.path)
        ]
    )
    if metric == "fidelity":
        assert route.fidelity == pytest.approx(0.25 + 0.75 * w)


def test_metrics_disagree_where_they_should():
    net = grid()
    by_loss = netsim.find_route(net, "A", "B", metric="loss").path
    by_fidelity = netsim.find_route(net, "A", "B", metric="fidelity", link_fidelity=0.9).path
    by_rate = netsim.find_route(net, "A", "B", metric="rate").path
    assert by_loss == ("A", "R2", "R3", "R4", "B")  # 60 km against 80 km
    assert by_fidelity == ("A", "R1", "B")  # two swaps of F = 0.9 pairs beat four
    assert by_rate == ("A", "R2", "R3", "R4", "B")  # short links herald far more often


def test_routes_avoid_nodes_that_cannot_swap():
    net = QuantumNetwork().add_node("A", kind="repeater").add_node("B", kind="repeater")
    net.add_node("T", kind="trusted relay").add_fiber("A", "T", length_km=5)
    net.add_fiber("T", "B", length_km=5)
    with pytest.raises(ValueError, match="can swap"):
        netsim.find_route(net, "A", "B")
    with pytest.raises(ValueError, match="metric"):
        netsim.find_route(net, "A", "B", metric="speed")


def chain_network(n_links, km=10.0):
    net = QuantumNetwork()
    names = [f"N{i}" for i in range(n_links + 1)]
    for name in names:
        net.add_node(name, kind="repeater")
    for a, b in itertools.pairwise(names):
        net.add_fiber(a, b, length_km=km)
    return net, tuple(names)


@pytest.mark.parametrize("schedule", ["asap", "nested"])
def test_swap_schedules_deliver_the_product_of_werner_parameters(schedule):
    net, path = chain_network(4)
    programs = netsim.chain_programs(path, n_pairs=20, schedule=schedule)
    res = netsim.run(net, programs, seed=3, link_fidelity=0.95)
    fids = [f for _, f in res.returns[path[0]]]
    w = (4 * 0.95 - 1) / 3
    assert fids == pytest.approx([0.25 + 0.75 * w**4] * 20, abs=1e-12)
    f = 0.95
    for _ in range(2):  # nested by hand: swap pairs of pairs
        f = qie.swap_fidelity(f, f)
    assert fids[0] == pytest.approx(f, abs=1e-12)


def test_nested_swapping_waits_longer_than_asap_and_memories_pay_for_it():
    net, path = chain_network(4, km=25.0)
    times = {}
    fids = {}
    for schedule in ("asap", "nested"):
        programs = netsim.chain_programs(path, n_pairs=300, schedule=schedule)
        res = netsim.run(net, programs, seed=5, coherence_time_s=0.05)
        times[schedule] = res.end_time_s
        fids[schedule] = np.mean([f for _, f in res.returns[path[0]]])
    # nested adds the children's messages before each upper swap; pairs wait in memory meanwhile
    assert times["nested"] > times["asap"]
    assert fids["nested"] < fids["asap"] < 1.0


def star(qubits_at_router):
    net = QuantumNetwork()
    net.add_node("R", kind="repeater", qubits=qubits_at_router)
    for user in ("A", "B", "C", "D"):
        net.add_node(user, kind="repeater").add_fiber(user, "R", length_km=20.0)
    return net


def test_competing_requests_share_a_router_first_come_first_served():
    requests = [netsim.Request("A", "B", n_pairs=40), netsim.Request("C", "D", n_pairs=40)]
    narrow = netsim.serve_requests(star(2), requests, seed=1, link_fidelity=0.9)
    wide = netsim.serve_requests(star(4), requests, seed=1, link_fidelity=0.9)
    for res in (narrow, wide):
        for stats in res.requests:
            assert stats.delivered == 40
            assert stats.path[1] == "R"
            assert stats.mean_fidelity == pytest.approx(qie.swap_fidelity(0.9, 0.9), abs=1e-12)
            assert stats.mean_latency_s > 0 and stats.throughput_hz > 0
    # two memories at the router serve one request at a time: each waits for the other
    slow = sum(s.finish_time_s for s in narrow.requests)
    fast = sum(s.finish_time_s for s in wide.requests)
    assert fast < 0.75 * slow
    assert narrow.run.stage == qie.Stage.QUANTUM_MEMORY


def test_requests_need_enough_memories():
    with pytest.raises(ValueError, match="needs 2 memories"):
        netsim.serve_requests(star(1), [netsim.Request("A", "B")], seed=1)
    with pytest.raises(TypeError, match="Request"):
        netsim.serve_requests(star(2), [("A", "B")], seed=1)


def test_a_router_forwards_photons_with_the_loss_of_the_whole_route():
    net = star(2)
    n = 4000

    def alice(node):
        for _ in range(n):
            yield node.send_qubit("B", bit=0, basis="Z")

    def bob(node):
        got = []
        for _ in range(n):
            got.append((yield node.receive_qubit("A", basis="Z")))
        return got

    res = netsim.run(net, {"A": alice, "B": bob}, seed=2)
    eta = qie.fiber_transmissivity(40.0)  # two 20 km links
    arrived = np.mean([g is not None for g in res.returns["B"]])
    assert arrived == pytest.approx(eta, abs=4 * math.sqrt(eta * (1 - eta) / n))
    assert res.stage == qie.Stage.PREPARE_AND_MEASURE
    relay = net.with_node("R", kind="trusted relay")
    with pytest.raises(ValueError, match="forward qubits"):
        netsim.run(relay, {"A": alice}, seed=2)


@pytest.mark.parametrize("fidelity", [1.0, 0.9])
def test_ghz_to_three_nodes_matches_depolarized_ghz(fidelity):
    from qiskit.quantum_info import DensityMatrix

    net = QuantumNetwork().add_node("C", kind="quantum computer")
    for leaf in ("X", "Y", "Z"):
        net.add_node(leaf, kind="repeater").add_fiber("C", leaf, length_km=5.0)
    res = netsim.distribute_ghz(net, "C", ("X", "Y", "Z"), seed=4, link_fidelity=fidelity)
    # teleporting through a Werner pair depolarizes the qubit with p = 1 - w
    p = 1 - (4 * fidelity - 1) / 3
    ghz = np.zeros(8, dtype=complex)
    ghz[0] = ghz[7] = 1 / math.sqrt(2)
    rho = DensityMatrix(np.outer(ghz, ghz.conj()))
    for k in range(3):
        rho = rho.evolve(qie.depolarizing_channel(p), qargs=[k])
    expected = float(np.real(ghz.conj() @ rho.data @ ghz))
    assert res.fidelity == pytest.approx(expected, abs=1e-9)
    assert res.stage == qie.Stage.QUANTUM_MEMORY
    with pytest.raises(ValueError, match="three distinct"):
        netsim.distribute_ghz(net, "C", ("X", "Y"), seed=1)
