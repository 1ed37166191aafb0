"""Tasks of module 17 (capstone): the stage applications need, the stage a network reaches,
the cheapest upgrade that lets an application run, and node programs that carry a padded
message between any two sites of the programmable Randstad (judged against the secret).

References call the library: ``qie.required_stage``, ``qie.network_stage`` and
``qie.network.QuantumNetwork`` (imported inside the functions, so that loading the task list
stays light).
"""

from __future__ import annotations

import itertools

from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    compare_equal,
    named,
    register,
    register_module,
)
from qinternet_edu.stages import required_stage

register_module("17", "Capstone: design a quantum network")


# 17.1 -----------------------------------------------------------------------------------------
def _lowest_stage(applications):
    return max(int(required_stage(name).stage) for name in applications)


def _apps_cases(rng):
    rows = [
        (["QKD"], "QKD alone"),
        (["QKD with trusted nodes"], "trusted-node QKD alone"),
        (["QKD", "secure identification"], "QKD and identification"),
        (["BB84", "E91"], "BB84 and E91 (aliases)"),
        (["blind quantum computing", "QKD", "QKD with trusted nodes"], "blind computing and QKD"),
        (["clock sync", "device-independent QKD"], "clock sync and DIQKD"),
        (["quantum sensor networks", "QKD"], "sensor networks and QKD"),
        (["position verification", "longer-baseline telescopes"], "position check, telescopes"),
    ]
    return [Case({"applications": apps}, label=label) for apps, label in rows]


def _apps_hidden(rng):
    names = [
        "QKD",
        "secure identification",
        "entanglement-based QKD",
        "simple leader election",
        "few-qubit distributed quantum computing",
        "Byzantine agreement",
        "quantum teleportation",
    ]
    return [
        Case({"applications": [str(x) for x in rng.choice(names, size=3, replace=False)]})
        for _ in range(3)
    ]


register(
    Task(
        task_id="17.1",
        title="The lowest stage a set of applications needs",
        skill="use",
        kind="function",
        reference=_lowest_stage,
        cases=_apps_cases,
        hidden_cases=_apps_hidden,
        compare=compare_equal(),
        hints=(
            "qie.required_stage(name).stage is the lowest stage one application needs (an "
            "IntEnum: int() turns it into a number).",
            "A network on stage s supports everything at stage s and below. To run all the "
            "applications, it must reach the stage of the most demanding one.",
            "Return the maximum of int(qie.required_stage(name).stage) over the list, not the "
            "minimum.",
        ),
        points=1,
    )
)


# 17.2 -----------------------------------------------------------------------------------------
def _chain(node_kinds, hop_lengths_km):
    from qinternet_edu.network import QuantumNetwork

    names = ["A", *[f"N{i}" for i in range(1, len(node_kinds) - 1)], "B"]
    net = QuantumNetwork("exercise chain")
    for name, kind in zip(names, node_kinds, strict=True):
        net.add_node(name, kind=kind)
    for (a, b), length in zip(itertools.pairwise(names), hop_lengths_km, strict=True):
        net.add_fiber(a, b, length_km=length)
    return net


def _chain_stage(node_kinds, hop_lengths_km):
    from qinternet_edu.stages import network_stage

    result = network_stage(_chain(node_kinds, hop_lengths_km), "A", "B")
    return -1 if result.stage is None else int(result.stage)


_EN, _TR, _REP = "end node", "trusted relay", "repeater"
_FT, _QC, _GS = "fault-tolerant processor", "quantum computer", "ground station"


def _chain_cases(rng):
    rows = [
        ([_EN, _EN], [50.0], "a direct 50 km fiber"),
        ([_EN, _EN], [600.0], "a direct 600 km fiber"),
        ([_EN, _TR, _EN], [40.0, 40.0], "one trusted relay"),
        ([_EN, _TR, _TR, _EN], [200.0, 200.0, 200.0], "600 km with two trusted relays"),
        ([_EN, _REP, _EN], [100.0, 100.0], "one repeater between end nodes"),
        ([_FT, _REP, _FT], [30.0, 30.0], "fault-tolerant ends, a repeater between"),
        ([_FT, _FT, _FT], [30.0, 30.0], "three fault-tolerant processors"),
        ([_QC, _QC, _QC, _QC], [50.0, 50.0, 50.0], "quantum computers all along"),
        ([_EN, _REP, _TR, _EN], [20.0, 20.0, 20.0], "a repeater and a trusted relay"),
    ]
    return [
        Case({"node_kinds": kinds, "hop_lengths_km": hops}, label=label)
        for kinds, hops, label in rows
    ]


def _chain_hidden(rng):
    kinds = [_REP, _FT, _QC]
    cases = []
    for _ in range(3):
        middle = [str(k) for k in rng.choice(kinds, size=2)]
        ends = [str(k) for k in rng.choice([_EN, _FT, _QC, _GS], size=2)]
        hops = [round(float(x), 0) for x in rng.uniform(10, 150, size=3)]
        cases.append(Case({"node_kinds": [ends[0], *middle, ends[1]], "hop_lengths_km": hops}))
    return cases


register(
    Task(
        task_id="17.2",
        title="The stage a chain reaches",
        skill="implement",
        kind="function",
        reference=_chain_stage,
        cases=_chain_cases,
        hidden_cases=_chain_hidden,
        compare=compare_equal(),
        hints=(
            "Build the chain with qie.network.QuantumNetwork: add_node(name, kind=...) for each "
            "node, add_fiber(a, b, length_km=...) for each hop, then qie.network_stage(net, "
            "first, last).",
            "The result's .stage is a Stage or None; return int(stage), or -1 for None. A "
            "direct fiber that loses more than 100 dB reaches no stage at all.",
            "Reasoning by hand: a trusted relay caps the chain at 0; a node without memory caps "
            "it at 2 (and stage 2 needs a node that makes entanglement); the ends need memory "
            "for 3, fault tolerance for 4 and a full quantum computer for 5.",
        ),
        points=2,
    )
)


# 17.3 -----------------------------------------------------------------------------------------
def _cheapest(node_kinds, hop_lengths_km, application, upgrade_costs):
    target = int(required_stage(application).stage)
    options = [
        [(kind, 0.0)] + [(new, float(cost)) for new, cost in upgrade_costs.items() if new != kind]
        for kind in node_kinds
    ]
    best = None
    for combo in itertools.product(*options):
        cost = sum(c for _, c in combo)
        if best is not None and cost >= best:
            continue
        if _chain_stage([k for k, _ in combo], hop_lengths_km) >= target:
            best = cost
    if best is None:
        raise ValueError("no upgrade makes the application run")
    return best


_COSTS = {"repeater": 10.0, "fault-tolerant processor": 40.0, "quantum computer": 100.0}


def _cheap_cases(rng):
    rows = [
        ([_EN, _TR, _EN], [40.0, 40.0], "QKD with trusted nodes", _COSTS, "already runs"),
        ([_EN, _TR, _EN], [40.0, 40.0], "QKD", _COSTS, "end-to-end QKD through a trusted hub"),
        (
            [_EN, _TR, _TR, _EN],
            [150.0, 150.0, 150.0],
            "entanglement-based QKD",
            _COSTS,
            "E91 over 450 km",
        ),
        (
            [_EN, _TR, _EN],
            [30.0, 30.0],
            "blind quantum computing",
            _COSTS,
            "blind computing across a city",
        ),
        (
            [_EN, _REP, _EN],
            [30.0, 30.0],
            "clock synchronization",
            _COSTS,
            "clocks over a repeater",
        ),
        (
            [_EN, _TR, _EN],
            [30.0, 30.0],
            "quantum teleportation",
            {"repeater": 10.0, "fault-tolerant processor": 8.0, "quantum computer": 100.0},
            "teleportation when fault-tolerant processors cost less than repeaters",
        ),
    ]
    return [
        Case(
            {
                "node_kinds": kinds,
                "hop_lengths_km": hops,
                "application": app,
                "upgrade_costs": costs,
            },
            label=label,
        )
        for kinds, hops, app, costs, label in rows
    ]


def _cheap_hidden(rng):
    apps = ["QKD", "device-independent QKD", "simple leader election", "Byzantine agreement"]
    costs = {
        "repeater": float(rng.integers(5, 20)),
        "fault-tolerant processor": float(rng.integers(20, 60)),
        "quantum computer": float(rng.integers(60, 150)),
    }
    return [
        Case(
            {
                "node_kinds": [_EN, _TR, _EN],
                "hop_lengths_km": [round(float(x), 0) for x in rng.uniform(20, 200, size=2)],
                "application": str(rng.choice(apps)),
                "upgrade_costs": costs,
            }
        )
        for _ in range(2)
    ]


register(
    Task(
        task_id="17.3",
        title="The cheapest upgrade",
        skill="implement",
        kind="function",
        reference=_cheapest,
        cases=_cheap_cases,
        hidden_cases=_cheap_hidden,
        compare=compare_allclose(rtol=0.0, atol=1e-9),
        hints=(
            "First find the stage the application needs (17.1); then you need any set of "
            "upgrades after which the chain reaches that stage (17.2).",
            "Each node either stays as it is (cost 0) or becomes one of the kinds in "
            "upgrade_costs (paying that price). The chains are short: itertools.product over "
            "the choices of every node tries them all.",
            "Keep the cheapest total among the combinations that reach the stage. Do not forget "
            "the ends: memory or fault tolerance may be needed there, not only in the middle.",
        ),
        uses=("chain_stage",),
        points=3,
    )
)


# 17.4 -----------------------------------------------------------------------------------------
# The upgraded Randstad of the course notebook, every site with a small memory.
_RANDSTAD_LINKS = [
    ["Bank", "Leiden exchange", 40.0],
    ["Leiden exchange", "Lab", 3.0],
    ["Leiden exchange", "Hague exchange", 20.0],
    ["Hague exchange", "Ministry", 2.0],
    ["Hague exchange", "University", 12.0],
    ["University", "Data centre", 15.0],
]


def _secret_bits(secret, **_):
    """What the checker knows: the secret bits the far site must recover."""
    return list(secret)


def _randstad_case(rng, a, b, seed, label=""):
    secret = [int(x) for x in rng.integers(0, 2, size=12)]
    return Case(
        {"links": _RANDSTAD_LINKS, "a": a, "b": b, "secret": secret, "seed": seed}, label=label
    )


def _randstad_cases(rng):
    return [
        _randstad_case(rng, "Bank", "Ministry", 1, "Bank - Ministry (two exchanges)"),
        _randstad_case(rng, "University", "Data centre", 2, "University - Data centre (a link)"),
    ]


def _randstad_hidden(rng):
    return [
        _randstad_case(rng, "Lab", "Data centre", int(rng.integers(1000))),
        _randstad_case(rng, "Data centre", "Bank", int(rng.integers(1000))),
    ]


register(
    Task(
        task_id="17.4",
        title="Program the Randstad: a padded message between any two sites",
        skill="program",
        kind="function",
        reference=_secret_bits,
        cases=_randstad_cases,
        hidden_cases=_randstad_hidden,
        compare=named("secret_agreement", min_fraction=0.99, min_kept=12),
        hints=(
            "Build the network from links (every node kind='repeater'), then take the route "
            "qie.netsim.find_route(net, a, b).path: it may have no repeater, or several.",
            "Reuse the chain programs of module 15 (task 15.3): one repeater program for every "
            "node inside the route, end programs for a and b, written for any route.",
            "The end b returns the decoded bits: padded message XOR its key bits.",
        ),
        points=3,
    )
)


# 17.5 -----------------------------------------------------------------------------------------
# A design for the whole region: the Randstad of the course notebook as it is today (trusted
# relays at the exchanges, end nodes at the sites) with one more fiber along the coast, a wish
# list of applications between sites and a vendor's offers per node. The cheapest plan is
# unique in every case: no other plan that runs every wish costs within _PLAN_MARGIN of it.
_PLAN_MARGIN = 0.5

_RANDSTAD_FIBERS = [*_RANDSTAD_LINKS, ["Bank", "Data centre", 60.0]]

_RANDSTAD_TODAY = {
    "Bank": _EN,
    "Leiden exchange": _TR,
    "Lab": _EN,
    "Hague exchange": _TR,
    "Ministry": _EN,
    "University": _EN,
    "Data centre": _EN,
}


def _offers(repeater_site, repeater_exchange, processor, computer):
    """A vendor's offers: a memory node (kind "repeater") anywhere, fault-tolerant processors
    at the university and the data centre, quantum computers at the bank and the data centre."""
    offers = {site: {_REP: repeater_site} for site in _RANDSTAD_TODAY}
    for exchange in ("Leiden exchange", "Hague exchange"):
        offers[exchange] = {_REP: repeater_exchange}
    offers["University"][_FT] = processor
    offers["Data centre"][_FT] = processor
    offers["Bank"][_QC] = computer
    offers["Data centre"][_QC] = computer
    return offers


def _plan_runs(links, kinds, wishes, plan):
    """Whether every wish runs on the network once the plan's upgrades are bought."""
    from qinternet_edu.network import QuantumNetwork
    from qinternet_edu.stages import network_stage

    net = QuantumNetwork("Randstad, upgraded")
    for name in sorted(kinds):
        net.add_node(name, kind=plan.get(name, kinds[name]))
    for a, b, length in links:
        net.add_fiber(a, b, length_km=length)
    for a, b, application in wishes:
        reached = network_stage(net, a, b).stage
        if reached is None or int(reached) < int(required_stage(application).stage):
            return False
    return True


def _plans_by_price(offers):
    """Every plan on offer (at most one upgrade per node) with its price, cheapest first."""
    nodes = sorted(offers)
    plans = []
    for combo in itertools.product(*[[None, *sorted(offers[n])] for n in nodes]):
        plan = {n: kind for n, kind in zip(nodes, combo, strict=True) if kind is not None}
        plans.append((sum(offers[n][kind] for n, kind in plan.items()), plan))
    return sorted(plans, key=lambda row: row[0])


def _cheapest_plans(links, kinds, wishes, offers, margin=_PLAN_MARGIN):
    """The plans that run every wish and cost at most ``margin`` more than the cheapest."""
    found = []
    for price, plan in _plans_by_price(offers):
        if found and price > found[0][0] + margin:
            break
        if _plan_runs(links, kinds, wishes, plan):
            found.append((price, plan))
    return found


def _cheapest_plan(links, kinds, wishes, offers):
    found = _cheapest_plans(links, kinds, wishes, offers, margin=0.0)
    return found[0][1] if found else None


def _plan_case(wishes, offers, label=""):
    return Case(
        {"links": _RANDSTAD_FIBERS, "kinds": _RANDSTAD_TODAY, "wishes": wishes, "offers": offers},
        label=label,
    )


def _plan_cases(rng):
    shop = _offers(12.0, 30.0, 60.0, 150.0)
    rows = [
        (
            [["Bank", "Ministry", "QKD with trusted nodes"], ["Bank", "Data centre", "QKD"]],
            shop,
            "today's network already runs both",
        ),
        ([["Bank", "Ministry", "QKD"]], shop, "end-to-end QKD between bank and ministry"),
        (
            [["Bank", "Ministry", "QKD"]],
            _offers(12.0, 20.0, 60.0, 150.0),
            "the same, with cheaper exchanges",
        ),
        (
            [["Bank", "Ministry", "QKD"], ["Lab", "Ministry", "entanglement-based QKD"]],
            shop,
            "two keys to the ministry",
        ),
        (
            [
                ["University", "Ministry", "device-independent QKD"],
                ["University", "Data centre", "blind quantum computing"],
                ["Bank", "Data centre", "quantum teleportation"],
            ],
            shop,
            "three wishes that share hardware",
        ),
        (
            [["University", "Data centre", "distributed quantum computing"]],
            shop,
            "distributed computing between university and data centre",
        ),
        ([["Lab", "University", "clock synchronization"]], shop, "clocks: nothing on offer"),
    ]
    return [_plan_case(wishes, offers, label) for wishes, offers, label in rows]


_WISH_POOL = [
    ["Bank", "Ministry", "QKD"],
    ["Lab", "Ministry", "entanglement-based QKD"],
    ["University", "Ministry", "device-independent QKD"],
    ["Lab", "Data centre", "device-independent QKD"],
    ["University", "Data centre", "blind quantum computing"],
    ["Bank", "Data centre", "quantum teleportation"],
    ["Bank", "Lab", "secret sharing"],
    ["University", "Data centre", "distributed quantum computing"],
    ["Bank", "Ministry", "QKD with trusted nodes"],
]


def _plan_hidden(rng):
    cases = []
    while len(cases) < 3:
        picks = rng.choice(len(_WISH_POOL), size=int(rng.integers(2, 5)), replace=False)
        offers = _offers(
            round(float(rng.uniform(5, 25)), 1),
            round(float(rng.uniform(10, 50)), 1),
            round(float(rng.uniform(40, 120)), 1),
            round(float(rng.uniform(100, 250)), 1),
        )
        case = _plan_case([_WISH_POOL[int(i)] for i in sorted(picks)], offers)
        # one cheapest plan, clear of the next: any right design is the same purchases
        if len(_cheapest_plans(**case.kwargs)) == 1:
            cases.append(case)
    return cases


register(
    Task(
        task_id="17.5",
        title="Design: the cheapest Randstad for a wish list",
        skill="design",
        kind="function",
        reference=_cheapest_plan,
        cases=_plan_cases,
        hidden_cases=_plan_hidden,
        compare=named("plan"),
        hints=(
            "A plan buys at most one offer per node: offers[node] maps the kinds on sale there "
            "to their prices. Build the network with every node's kind after the plan (kinds "
            "for the rest), add the links, and ask qie.network_stage(net, a, b) for each wish.",
            "A wish runs when the stage reached is at least int(qie.required_stage(application)"
            ".stage) (and not None). Every wish must run on the same network.",
            "There are a few hundred plans: make them all with itertools.product over "
            "[None, *offers[node]] per node, sort them by price and return the first that runs "
            "every wish (only the nodes you upgrade, {} if none), or None if no plan does.",
        ),
        points=2,
    )
)
