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


def _plan_network(links, kinds, plan):
    net = qie.network.QuantumNetwork()
    for name in kinds:
        net.add_node(name, kind=plan.get(name, kinds[name]))
    for u, v, km in links:
        net.add_fiber(u, v, length_km=km)
    return net


def _serves(links, kinds, wishes, plan):
    net = _plan_network(links, kinds, plan)
    need = [int(qie.required_stage(app).stage) for _, _, app in wishes]
    got = [qie.network_stage(net, a, b).stage for a, b, _ in wishes]
    return all(s is not None and int(s) >= n for s, n in zip(got, need, strict=True))


def _all_plans(offers, nodes=None):
    nodes = sorted(offers) if nodes is None else nodes
    for combo in itertools.product(*[[None, *offers[n]] for n in nodes]):
        yield {n: k for n, k in zip(nodes, combo, strict=True) if k}


def _price(offers, plan):
    return sum(offers[n][k] for n, k in plan.items())


def _best_plan(links, kinds, wishes, offers, nodes=None):
    working = [p for p in _all_plans(offers, nodes) if _serves(links, kinds, wishes, p)]
    return min(working, key=lambda p: _price(offers, p), default=None)


def test_17_5_any_cheapest_plan_passes_and_shortcuts_fail():
    def right(links, kinds, wishes, offers):
        return _best_plan(links, kinds, wishes, offers)

    def same_plan_other_order(links, kinds, wishes, offers):
        found = _best_plan(links, kinds, wishes, offers)
        return None if found is None else dict(reversed(list(found.items())))

    def each_wish_on_its_own(links, kinds, wishes, offers):
        plan = {}
        for wish in wishes:
            own = _best_plan(links, kinds, [wish], offers)
            if own is None:
                return None
            plan.update(own)
        return plan

    def relays_only_at_exchanges(links, kinds, wishes, offers):
        # the coast route needs site memories inside the route; this plan never looks there
        ends = {n for a, b, _ in wishes for n in (a, b)}
        nodes = [n for n in sorted(offers) if n in ends or "exchange" in n]
        return _best_plan(links, kinds, wishes, offers, nodes)

    def the_price(links, kinds, wishes, offers):
        found = _best_plan(links, kinds, wishes, offers)
        return None if found is None else _price(offers, found)

    for answer in (right, same_plan_other_order):
        result = exercises.evaluate("17.5", answer, hidden=True, time_limit_s=120)
        assert result.passed, (answer.__name__, result.message)
    for wrong in (each_wish_on_its_own, relays_only_at_exchanges):
        result = exercises.evaluate("17.5", wrong, time_limit_s=120)
        assert result.status == "failed", (wrong.__name__, result.message)
        assert "not the cheapest plan" in result.message
    assert exercises.evaluate("17.5", the_price, time_limit_s=120).status == "wrong type"
    nothing = exercises.evaluate("17.5", lambda links, kinds, wishes, offers: None)
    assert nothing.status == "failed" and "a plan on offer" in nothing.message


def test_17_5_cases_have_one_cheapest_plan_which_the_stage_rules_confirm():
    task = exercises.get_task("17.5")
    m17 = exercises.registry.tasks_module("17")
    cases = task.make_cases(hidden=True)
    assert len(cases) >= 9
    for case in cases:
        kw = case.kwargs
        working = sorted(
            (_price(kw["offers"], p), sorted(p.items()))
            for p in _all_plans(kw["offers"])
            if _serves(kw["links"], kw["kinds"], kw["wishes"], p)
        )
        expected = m17._cheapest_plan(**kw)
        if not working:
            assert expected is None, case.label
            continue
        assert sorted(expected.items()) == working[0][1], case.label
        # the cheapest is clear of the next working plan, so any right design is this one
        assert len(working) == 1 or working[1][0] - working[0][0] > m17._PLAN_MARGIN


def test_17_5_the_coast_route_is_cheaper_until_exchanges_are():
    # By hand: end-to-end QKD bank - ministry through Leiden needs both exchanges (2 x 30);
    # round the coast the data centre, the university and the Hague exchange (12 + 12 + 30).
    m17 = exercises.registry.tasks_module("17")
    links, kinds = m17._RANDSTAD_FIBERS, m17._RANDSTAD_TODAY
    wish = [["Bank", "Ministry", "QKD"]]
    coast = {"Data centre": "repeater", "University": "repeater", "Hague exchange": "repeater"}
    leiden = {"Leiden exchange": "repeater", "Hague exchange": "repeater"}
    assert _serves(links, kinds, wish, coast) and _serves(links, kinds, wish, leiden)
    assert not _serves(links, kinds, wish, {"Hague exchange": "repeater"})
    assert m17._cheapest_plan(links, kinds, wish, m17._offers(12.0, 30.0, 60.0, 150.0)) == coast
    assert m17._cheapest_plan(links, kinds, wish, m17._offers(12.0, 20.0, 60.0, 150.0)) == leiden
