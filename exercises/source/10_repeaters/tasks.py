"""Tasks of module 10 (repeaters): swapping, fidelity down a chain, BBPSSW, designing a chain.

References call the library (``qie.swap_fidelity``, ``qie.bbpssw``, ``qie.heralded_link``,
``qie.expected_max_geometric``, ``qie.secret_key_rate_bbm92``).
"""

from __future__ import annotations

import numpy as np

from qinternet_edu.entanglement import bbpssw, swap_fidelity
from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    named,
    register,
    register_module,
)
from qinternet_edu.heralding import heralded_link
from qinternet_edu.repeaters import expected_max_geometric, secret_key_rate_bbm92

register_module("10", "Quantum repeaters")


# 10.1 -----------------------------------------------------------------------------------------
def _swap(f1, f2):
    return float(swap_fidelity(f1, f2))


def _swap_cases(rng):
    rows = [
        (1.0, 1.0, "two perfect pairs"),
        (0.9, 0.9, "F1 = F2 = 0.9"),
        (0.95, 0.7, "F1 = 0.95, F2 = 0.7"),
        (1.0, 0.8, "one perfect pair, F2 = 0.8"),
        (0.25, 0.9, "white noise and F2 = 0.9"),
    ]
    cases = [Case({"f1": a, "f2": b}, label=label) for a, b, label in rows]
    for a, b in rng.uniform(0.5, 1.0, (2, 2)).round(4):
        cases.append(Case({"f1": float(a), "f2": float(b)}))
    return cases


register(
    Task(
        task_id="10.1",
        title="Swap two Werner pairs",
        skill="implement",
        kind="function",
        reference=_swap,
        cases=_swap_cases,
        hidden_cases=lambda rng: [
            Case({"f1": float(a), "f2": float(b)}) for a, b in rng.uniform(0.25, 1, (4, 2)).round(4)
        ],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "Work with visibilities: a Werner pair of fidelity F has V = (4F - 1)/3, and a swap "
            "multiplies the visibilities.",
            "Convert back with F = (1 + 3V)/4. Not simply F1 x F2: two errors can cancel.",
            "In fidelities: F = F1 F2 + (1 - F1)(1 - F2)/3.",
        ),
        switched_off=("swap_fidelity",),
        points=1,
    )
)


# 10.2 -----------------------------------------------------------------------------------------
def _chain_fidelity(link_fidelity, n_links):
    f = link_fidelity
    for _ in range(n_links - 1):
        f = swap_fidelity(f, link_fidelity)
    return float(f)


def _chain_cases(rng):
    rows = [
        (0.99, 1, "one link, no swap"),
        (0.99, 2, "two links of 0.99"),
        (0.95, 4, "four links of 0.95"),
        (0.9, 8, "eight links of 0.9"),
        (0.999, 32, "32 links of 0.999"),
        (1.0, 16, "16 perfect links"),
    ]
    cases = [Case({"link_fidelity": f, "n_links": n}, label=label) for f, n, label in rows]
    for f, n in zip(rng.uniform(0.8, 1.0, 2).round(4), rng.integers(2, 20, 2), strict=True):
        cases.append(Case({"link_fidelity": float(f), "n_links": int(n)}))
    return cases


register(
    Task(
        task_id="10.2",
        title="Fidelity at the end of a chain",
        skill="implement",
        kind="function",
        reference=_chain_fidelity,
        cases=_chain_cases,
        hidden_cases=lambda rng: [
            Case({"link_fidelity": float(f), "n_links": int(n)})
            for f, n in zip(rng.uniform(0.7, 1, 3).round(4), rng.integers(1, 40, 3), strict=True)
        ],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "A chain of n links is joined by n - 1 swaps (not n).",
            "Swap the links one after another with your 10.1 function, or use visibilities: the "
            "end-to-end visibility is V_link ** n_links.",
            "F = (1 + 3 V_link ** n_links)/4 with V_link = (4 F_link - 1)/3.",
        ),
        points=1,
    )
)


# 10.3 -----------------------------------------------------------------------------------------
def _bbpssw(fidelity):
    r = bbpssw(fidelity)
    return [r.fidelity, r.success_probability]


def _bbpssw_cases(rng):
    rows = [
        (1.0, "perfect pairs"),
        (0.8, "F = 0.8"),
        (0.6, "F = 0.6"),
        (0.5, "F = 1/2: no gain"),
        (0.4, "F = 0.4: purification makes it worse"),
    ]
    cases = [Case({"fidelity": f}, label=label) for f, label in rows]
    cases += [Case({"fidelity": float(f)}) for f in rng.uniform(0.5, 1.0, 2).round(4)]
    return cases


register(
    Task(
        task_id="10.3",
        title="One round of BBPSSW purification",
        skill="implement",
        kind="function",
        reference=_bbpssw,
        cases=_bbpssw_cases,
        hidden_cases=lambda rng: [
            Case({"fidelity": float(f)}) for f in rng.uniform(0.25, 1.0, 4).round(4)
        ],
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "Write each Werner pair as phi+ with probability F and each of the other three Bell "
            "states with probability (1 - F)/3. The round keeps the first pair when the two "
            "measured bits of the second pair agree.",
            "The bits agree when the two pairs carry no bit-flip error or both carry one: the "
            "success probability is F^2 + 2F(1 - F)/3 + 5(1 - F)^2/9.",
            "Given success, the kept pair is phi+ when both pairs were phi+ or both had the same "
            "phase-only error: F' = (F^2 + ((1 - F)/3)^2) / p. Return [F', p].",
        ),
        switched_off=("bbpssw",),
        points=2,
    )
)


# 10.4 -----------------------------------------------------------------------------------------
def _key_per_use(total_length_km, link_fidelity, n):
    p = heralded_link(length_km=total_length_km / n).success_probability
    f = _chain_fidelity(link_fidelity, n)
    return float(secret_key_rate_bbm92(1.0, f)) / expected_max_geometric(p, n)


def _best_segments(total_length_km, link_fidelity, max_segments):
    keys = [_key_per_use(total_length_km, link_fidelity, n) for n in range(1, max_segments + 1)]
    if max(keys) <= 0.0:
        return None
    return int(np.argmax(keys)) + 1


def _design_case(length, f, n_max, label=""):
    return Case({"total_length_km": length, "link_fidelity": f, "max_segments": n_max}, label=label)


def _design_cases(rng):
    return [
        _design_case(100.0, 0.99, 16, "100 km, links of 0.99"),
        _design_case(300.0, 0.99, 16, "300 km, links of 0.99"),
        _design_case(300.0, 0.95, 16, "300 km, links of 0.95"),
        _design_case(500.0, 0.97, 16, "500 km, links of 0.97"),
        _design_case(600.0, 0.99, 32, "600 km, links of 0.99, up to 32 segments"),
        _design_case(200.0, 0.83, 8, "200 km, links of 0.83"),
    ]


def _design_hidden(rng):
    return [
        _design_case(float(length), float(f), 16)
        for length, f in zip(
            rng.uniform(100, 800, 3).round(0), rng.uniform(0.95, 0.995, 3).round(3), strict=True
        )
    ]


register(
    Task(
        task_id="10.4",
        title="Design a chain: the best number of segments",
        skill="design",
        kind="function",
        reference=_best_segments,
        cases=_design_cases,
        hidden_cases=_design_hidden,
        compare=named(
            "count_or_none",
            what="segments",
            none_reason="no number of segments gives any key here",
        ),
        hints=(
            "For each n from 1 to max_segments: the segment length is total_length_km / n, its "
            "success probability comes from qie.heralded_link(length_km=...).success_probability, "
            "and the end-to-end fidelity after n - 1 swaps from task 10.2.",
            "The mean number of rounds until all n links exist is "
            "qie.expected_max_geometric(p, n) (about 1/p for one link, more for many). The key "
            "per round is the BBM92 fraction qie.secret_key_rate_bbm92(1.0, F) divided by it.",
            "Return the n with the largest key per round (the smallest such n on a tie), or None "
            "when every n gives zero key. More segments wait less but swap more.",
        ),
        uses=("chain_fidelity",),
        points=3,
    )
)


# 10.5 -----------------------------------------------------------------------------------------
# A design with two targets that pull apart: more repeaters raise the rate (shorter links
# herald more often) and lower the fidelity (every swap adds noise). The fewest repeaters
# that meet both is unique; -1 when the window between them is empty.
_MAX_REPEATERS = 30


def _fewest_for_rate_and_fidelity(
    total_length_km, link_fidelity, emission_efficiency, target_rate_hz, target_fidelity
):
    from qinternet_edu.repeaters import RepeaterChain, analytic_delivery_time

    fidelity = float(link_fidelity)
    for n in range(_MAX_REPEATERS + 1):
        if n:
            fidelity = float(swap_fidelity(fidelity, link_fidelity))
        if fidelity < target_fidelity:
            return -1
        chain = RepeaterChain(
            total_length_km=total_length_km,
            n_segments=n + 1,
            emission_efficiency=emission_efficiency,
        )
        if 1.0 / analytic_delivery_time(chain, method="exact") >= target_rate_hz:
            return n
    return -1


def _rate_fidelity_case(km, f, eff, rate, target, label=""):
    return Case(
        {
            "total_length_km": km,
            "link_fidelity": f,
            "emission_efficiency": eff,
            "target_rate_hz": rate,
            "target_fidelity": target,
        },
        label=label,
    )


def _rate_fidelity_cases(rng):
    rows = [
        (20.0, 0.99, 0.5, 1.0, 0.9, "Delft - The Hague: one link is enough"),
        (200.0, 0.99, 0.5, 1.0, 0.9, "200 km, one pair per second"),
        (200.0, 0.98, 0.5, 1.0, 0.95, "200 km, F >= 0.95"),
        (400.0, 0.995, 0.3, 0.1, 0.9, "400 km, a pair every ten seconds"),
        (400.0, 0.97, 0.3, 1.0, 0.9, "400 km: rate and fidelity cannot both be met"),
        (400.0, 0.97, 0.3, 0.2, 0.886, "400 km, F >= 0.886: the noise of three swaps"),
    ]
    return [_rate_fidelity_case(*row) for row in rows]


def _rate_fidelity_hidden(rng):
    from qinternet_edu.repeaters import RepeaterChain, analytic_delivery_time

    cases = []
    while len(cases) < 3:
        case = _rate_fidelity_case(
            round(float(rng.uniform(50, 600)), 0),
            round(float(rng.uniform(0.97, 0.999)), 3),
            round(float(rng.uniform(0.1, 0.8)), 2),
            float(rng.choice([0.1, 0.5, 1.0, 5.0])),
            float(rng.choice([0.85, 0.9, 0.95])),
        )
        kw = case.kwargs
        clear, fidelity = True, kw["link_fidelity"]
        for n in range(_MAX_REPEATERS + 1):
            if n:
                fidelity = float(swap_fidelity(fidelity, kw["link_fidelity"]))
            chain = RepeaterChain(
                total_length_km=kw["total_length_km"],
                n_segments=n + 1,
                emission_efficiency=kw["emission_efficiency"],
            )
            rate = 1.0 / analytic_delivery_time(chain, method="exact")
            # keep the answer clear of rounding: no design within 10^-6 of either target
            clear &= abs(rate / kw["target_rate_hz"] - 1.0) > 1e-6
            clear &= abs(fidelity - kw["target_fidelity"]) > 1e-9
        if clear:
            cases.append(case)
    return cases


register(
    Task(
        task_id="10.5",
        title="Design: the fewest repeaters for a rate and a fidelity",
        skill="design",
        kind="function",
        reference=_fewest_for_rate_and_fidelity,
        cases=_rate_fidelity_cases,
        hidden_cases=_rate_fidelity_hidden,
        compare=named("equal"),
        hints=(
            "n equally spaced repeaters make n + 1 links and n swaps. The rate is one pair per "
            "qie.repeaters.analytic_delivery_time(qie.RepeaterChain(total_length_km=..., "
            "n_segments=n + 1, emission_efficiency=...), method='exact') seconds.",
            "The fidelity after n swaps of Werner pairs of link_fidelity: swap one more link in "
            "n times, F -> F F_link + (1 - F)(1 - F_link)/3 (task 10.2).",
            "Try n = 0, 1, 2, ... up to 30: return the first n that meets both targets. The "
            "fidelity only falls with n, so once it is below the target no n will do: -1.",
        ),
        points=2,
    )
)
