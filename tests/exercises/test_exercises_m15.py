"""Module 15 tasks: node programs that work pass on unseen networks, plausible mistakes fail."""

import itertools

import networkx as nx
import pytest

import qinternet_edu as qie
from qinternet_edu import exercises, netsim


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def _two(length_km, kind="end node"):
    net = qie.network.QuantumNetwork().add_node("Alice", kind=kind).add_node("Bob", kind=kind)
    return net.add_fiber("Alice", "Bob", length_km=length_km)


def _pad_programs(secret, *, decode=True, **request):
    def alice(node):
        key = []
        for _ in secret:
            key.append((yield node.entangle("Bob", keep=False, **request)))
        yield node.send("Bob", [s ^ k for s, k in zip(secret, key, strict=True)])

    def bob(node):
        key = []
        for _ in secret:
            key.append((yield node.entangle("Alice", keep=False, **request)))
        padded = yield node.receive("Alice")
        return [p ^ k for p, k in zip(padded, key, strict=True)] if decode else key

    return {"Alice": alice, "Bob": bob}


def test_15_1_padded_message():
    def right(length_km, link_fidelity, secret, seed):
        res = netsim.run(
            _two(length_km), _pad_programs(secret), seed=seed, link_fidelity=link_fidelity
        )
        return res.returns["Bob"]

    def returns_the_key(length_km, link_fidelity, secret, seed):
        res = netsim.run(_two(length_km), _pad_programs(secret, decode=False), seed=seed)
        return res.returns["Bob"]

    def bases_differ(length_km, link_fidelity, secret, seed):  # X at Alice, Z at Bob
        programs = _pad_programs(secret)
        res = netsim.run(_two(length_km), programs, seed=seed, link_fidelity=link_fidelity)
        return [1 - b for b in res.returns["Bob"]]

    assert exercises.evaluate("15.1", right, hidden=True, time_limit_s=60).passed
    for wrong in (returns_the_key, bases_differ):
        assert exercises.evaluate("15.1", wrong, time_limit_s=60).status == "failed", wrong


def _chain(lengths_km):
    names = ["Alice", *[f"R{i}" for i in range(1, len(lengths_km))], "Bob"]
    net = qie.network.QuantumNetwork()
    for name in names:
        net.add_node(name, kind="repeater")
    for (a, b), km in zip(itertools.pairwise(names), lengths_km, strict=True):
        net.add_fiber(a, b, length_km=km)
    return net, names


def _chain_answer(lengths_km, secret, seed, *, wait=True):
    net, names = _chain(lengths_km)
    a, b = names[0], names[-1]

    def repeater(left, right):
        def program(node):
            for _ in secret:
                q1, q2 = yield node.all(node.entangle(left), node.entangle(right))
                bits = node.swap(q1, q2)
                yield node.send(a, bits)
                yield node.send(b, bits)

        return program

    def end(me, neighbour):
        def program(node):
            key = []
            for _ in secret:
                q = yield node.entangle(neighbour)
                for r in names[1:-1] if wait else ():
                    m_z, m_x = yield node.receive(r)
                    if me == b:
                        node.correct(q, m_z, m_x)
                key.append(node.measure(q, "Z"))
            if me == a:
                yield node.send(b, [s ^ k for s, k in zip(secret, key, strict=True)])
                return None
            padded = yield node.receive(a)
            return [p ^ k for p, k in zip(padded, key, strict=True)]

        return program

    programs = {a: end(a, names[1]), b: end(b, names[-2])}
    for i in range(1, len(names) - 1):
        programs[names[i]] = repeater(names[i - 1], names[i + 1])
    return netsim.run(net, programs, seed=seed).returns[b]


def test_15_2_and_15_3_swap_programs_run_on_unseen_chains():
    def right(lengths_km, secret, seed):
        return _chain_answer(lengths_km, secret, seed)

    def measures_before_the_swap(lengths_km, secret, seed):
        return _chain_answer(lengths_km, secret, seed, wait=False)

    for task in ("15.2", "15.3"):
        assert exercises.evaluate(task, right, hidden=True, time_limit_s=60).passed
        result = exercises.evaluate(task, measures_before_the_swap, time_limit_s=60)
        assert result.status == "error", result.message  # the far half was already measured


def test_15_4_purification_schedule():
    def right(length_km, link_fidelity, target_agreement, secret, seed):
        w = 2 * target_agreement - 1 + 0.01
        res = netsim.run(
            _two(length_km, "repeater"),
            _pad_programs(secret, min_fidelity=(3 * w + 1) / 4),
            seed=seed,
            link_fidelity=link_fidelity,
        )
        return res.returns["Bob"]

    def no_purification(length_km, link_fidelity, target_agreement, secret, seed):
        res = netsim.run(
            _two(length_km, "repeater"),
            _pad_programs(secret),
            seed=seed,
            link_fidelity=link_fidelity,
        )
        return res.returns["Bob"]

    assert exercises.evaluate("15.4", right, hidden=True, time_limit_s=120).passed
    assert exercises.evaluate("15.4", no_purification, time_limit_s=120).status == "failed"


def _route(nodes, links, a, b, emission_efficiency, *, weight):
    graph = nx.Graph()
    for u, v, km in links:
        if all(n in (a, b) or nodes[n] == "repeater" for n in (u, v)):
            link = qie.heralded_link(length_km=km, emission_efficiency=emission_efficiency)
            graph.add_edge(u, v, rate=link.mean_waiting_time_s, loss=km)
    return nx.shortest_path(graph, a, b, weight=weight)


def test_15_5_routing_choice():
    def right(nodes, links, a, b, emission_efficiency):
        return _route(nodes, links, a, b, emission_efficiency, weight="rate")

    def lowest_loss(nodes, links, a, b, emission_efficiency):
        return _route(nodes, links, a, b, emission_efficiency, weight="loss")

    assert exercises.evaluate("15.5", right, hidden=True).passed
    assert exercises.evaluate("15.5", lowest_loss).status == "failed"


def test_15_6_fewest_repeaters():
    def fewest(total_length_km, n_bits, deadline_s, emission_efficiency, *, extra=0):
        for n in range(31):
            chain = qie.RepeaterChain(
                total_length_km=total_length_km,
                n_segments=n + 1,
                emission_efficiency=emission_efficiency,
            )
            time_s = qie.repeaters.analytic_delivery_time(chain, method="exact")
            if n_bits * time_s <= deadline_s:
                return n + extra
        return -1

    def one_too_many(total_length_km, n_bits, deadline_s, emission_efficiency):
        return fewest(total_length_km, n_bits, deadline_s, emission_efficiency, extra=1)

    assert exercises.evaluate("15.6", fewest, hidden=True).passed
    assert exercises.evaluate("15.6", one_too_many).status == "failed"
