"""Module 17 tasks: correct answers in another form pass, plausible mistakes fail."""

import itertools

import pytest

import qinternet_edu as qie
from qinternet_edu import exercises


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def test_17_1_lowest_stage():
    def right(applications):
        return int(max(qie.required_stage(a).stage for a in applications))

    def minimum(applications):
        return int(min(qie.required_stage(a).stage for a in applications))

    assert exercises.evaluate("17.1", right, hidden=True).passed
    assert exercises.evaluate("17.1", minimum).status == "failed"


def _stage(kinds, hops, **options):
    net = qie.network.QuantumNetwork()
    names = [f"n{i}" for i in range(len(kinds))]
    for name, kind in zip(names, kinds, strict=True):
        net.add_node(name, kind=kind)
    for (a, b), length in zip(itertools.pairwise(names), hops, strict=True):
        net.add_fiber(a, b, length_km=length)
    stage = qie.network_stage(net, names[0], names[-1], **options).stage
    return -1 if stage is None else int(stage)


def test_17_2_chain_stage():
    def right(node_kinds, hop_lengths_km):
        return _stage(node_kinds, hop_lengths_km)

    def ignores_loss(node_kinds, hop_lengths_km):
        return _stage(node_kinds, hop_lengths_km, max_segment_loss_db=1e9)

    assert exercises.evaluate("17.2", right, hidden=True).passed
    assert exercises.evaluate("17.2", ignores_loss).status == "failed"


def _cheapest(node_kinds, hop_lengths_km, application, upgrade_costs, *, ends=True):
    target = int(qie.required_stage(application).stage)
    best = None
    choices = []
    for i, kind in enumerate(node_kinds):
        at_end = i in (0, len(node_kinds) - 1)
        extra = [] if (at_end and not ends) else list(upgrade_costs.items())
        choices.append([(kind, 0.0), *extra])
    for combo in itertools.product(*choices):
        if _stage([k for k, _ in combo], hop_lengths_km) >= target:
            cost = sum(c for _, c in combo)
            best = cost if best is None else min(best, cost)
    return best


def test_17_3_cheapest_upgrade():
    def right(node_kinds, hop_lengths_km, application, upgrade_costs):
        return _cheapest(node_kinds, hop_lengths_km, application, upgrade_costs)

    def middle_only(node_kinds, hop_lengths_km, application, upgrade_costs):
        found = _cheapest(node_kinds, hop_lengths_km, application, upgrade_costs, ends=False)
        return -1.0 if found is None else found

    def everything_to_computers(node_kinds, hop_lengths_km, application, upgrade_costs):
        return upgrade_costs["quantum computer"] * len(node_kinds)

    assert exercises.evaluate("17.3", right, hidden=True, time_limit_s=60).passed
    for wrong in (middle_only, everything_to_computers):
        result = exercises.evaluate("17.3", wrong, time_limit_s=60)
        assert result.status == "failed", wrong.__name__


def _randstad_answer(links, a, b, secret, seed, *, route_metric="rate", wait=True):
    net = qie.network.QuantumNetwork()
    for name in sorted({n for u, v, _ in links for n in (u, v)}):
        net.add_node(name, kind="repeater")
    for u, v, km in links:
        net.add_fiber(u, v, length_km=km)
    path = qie.netsim.find_route(net, a, b, metric=route_metric).path

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
                for r in path[1:-1] if wait else ():
                    yield node.receive(r)
                key.append(node.measure(q, "Z"))
            if me == a:
                yield node.send(b, [s ^ k for s, k in zip(secret, key, strict=True)])
                return None
            padded = yield node.receive(a)
            return [p ^ k for p, k in zip(padded, key, strict=True)]

        return program

    programs = {a: end(a, path[1]), b: end(b, path[-2])}
    for i in range(1, len(path) - 1):
        programs[path[i]] = repeater(path[i - 1], path[i + 1])
    return qie.netsim.run(net, programs, seed=seed).returns[b]


def test_17_4_randstad_programs():
    def right(links, a, b, secret, seed):
        return _randstad_answer(links, a, b, secret, seed)

    def measures_at_once(links, a, b, secret, seed):
        return _randstad_answer(links, a, b, secret, seed, wait=False)

    def sends_the_secret_in_clear(links, a, b, secret, seed):
        return [1 - s for s in secret]  # a garbled copy: the check compares bits, not claims

    assert exercises.evaluate("17.4", right, hidden=True, time_limit_s=60).passed
    assert exercises.evaluate("17.4", measures_at_once, time_limit_s=60).status == "error"
    assert exercises.evaluate("17.4", sends_the_secret_in_clear).status == "failed"
