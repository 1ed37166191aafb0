"""Tasks of module 12 (clock synchronization): correlations, offset estimation, pair budgets.

References call the library's clock-synchronization model (``qinternet_edu.apps.clocks``);
the cases of task 12.2 are the counts of seeded runs of ``simulate_clock_sync``.
"""

from __future__ import annotations

import math

from qinternet_edu.apps.clocks import (
    clock_sync_correlations,
    ghz_vs_independent_clocks,
    simulate_clock_sync,
)
from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    compare_equal,
    register,
    register_module,
)

register_module("12", "Clock synchronization")


# 12.1 -----------------------------------------------------------------------------------------
def _correlations(offset_s, frequency_hz):
    cxx, cxy = clock_sync_correlations(offset_s, frequency_hz=frequency_hz)
    return [float(cxx), float(cxy)]


def _correlation_cases(rng):
    # Offsets that are not multiples of a quarter period, so that a missing 2 pi, a swapped
    # sine and cosine or a lost sign all change the answer.
    named = [(0.0, 1e9), (125e-12, 1e9), (-60e-12, 1e9), (0.37e-9, 1e9), (30e-12, 5e9)]
    named += [(2.1e-7, 1e6)]
    cases = [
        Case({"offset_s": d, "frequency_hz": f}, label=f"offset {d:g} s, frequency {f:g} Hz")
        for d, f in named
    ]
    for d in rng.uniform(-0.5e-9, 0.5e-9, 2):
        cases.append(Case({"offset_s": float(d), "frequency_hz": 1e9}))
    return cases


def _correlation_hidden(rng):
    return [
        Case({"offset_s": float(d), "frequency_hz": float(f)})
        for d, f in zip(rng.uniform(-2e-10, 2e-10, 3), rng.uniform(1e9, 4e9, 3), strict=True)
    ]


register(
    Task(
        task_id="12.1",
        title="Singlet correlations from a clock offset",
        skill="implement",
        kind="function",
        reference=_correlations,
        cases=_correlation_cases,
        hidden_cases=_correlation_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "Bob's qubit precesses by the phase omega * Delta before he measures it; omega is the "
            "angular frequency.",
            "omega = 2 pi f: a frequency in Hz counts cycles, a phase counts radians.",
            "Return [-cos(2 pi f Delta), -sin(2 pi f Delta)]; both signs are minus for the "
            "singlet.",
        ),
        switched_off=("clock_sync_correlations",),
        points=1,
    )
)


# 12.2 -----------------------------------------------------------------------------------------
def _offset_from_counts(n_x, anti_x, n_y, anti_y, frequency_hz):
    c_xx = 1.0 - 2.0 * anti_x / n_x
    c_xy = 1.0 - 2.0 * anti_y / n_y
    return math.atan2(-c_xy, -c_xx) / (2.0 * math.pi * frequency_hz)


def _counts_case(offset_s, n_pairs, frequency_hz, seed):
    """Counts of one seeded run of the library's simulation, and a readable label."""
    res = simulate_clock_sync(offset_s, n_pairs=n_pairs, frequency_hz=frequency_hz, seed=seed)
    n_x, n_y = (n_pairs + 1) // 2, n_pairs // 2
    anti_x = round(n_x * (1.0 - res.correlation_xx) / 2.0)
    anti_y = round(n_y * (1.0 - res.correlation_xy) / 2.0)
    kwargs = {"n_x": n_x, "anti_x": anti_x, "n_y": n_y, "anti_y": anti_y}
    kwargs["frequency_hz"] = frequency_hz
    return Case(kwargs, label=f"{n_x} XX and {n_y} XY pairs, {frequency_hz:g} Hz")


def _count_cases(rng):
    # True offsets in all four quadrants of the phase (a tenth, three tenths, minus three and
    # a half tenths, minus one tenth of a period): atan instead of atan2 fails on some of them.
    plan = [(0.1e-9, 1e9), (0.3e-9, 1e9), (-0.35e-9, 1e9), (-0.1e-9, 1e9), (0.08e-9, 2.5e9)]
    return [_counts_case(d, 20_000, f, seed=int(rng.integers(1_000_000))) for d, f in plan] + [
        Case(
            {"n_x": 500, "anti_x": 250, "n_y": 500, "anti_y": 500, "frequency_hz": 1e9},
            label="500 XX pairs, half anticorrelated; 500 XY pairs, all anticorrelated",
        )
    ]


def _count_hidden(rng):
    return [
        _counts_case(float(d), 5_000, 1e9, seed=int(rng.integers(1_000_000)))
        for d in rng.uniform(-0.45e-9, 0.45e-9, 3)
    ]


register(
    Task(
        task_id="12.2",
        title="Estimate the offset from counted pairs",
        skill="implement",
        kind="function",
        reference=_offset_from_counts,
        cases=_count_cases,
        hidden_cases=_count_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-16),
        hints=(
            "First turn counts into correlations: a pair gives the product -1 when "
            "anticorrelated and +1 otherwise, so <XX> = 1 - 2 anti_x / n_x.",
            "<XX> = -cos(omega Delta) and <XY> = -sin(omega Delta): one inverse trig function "
            "with both arguments recovers the angle in all four quadrants.",
            "omega Delta = math.atan2(-<XY>, -<XX>); divide by omega = 2 pi f.",
        ),
        points=2,
    )
)


# 12.3 -----------------------------------------------------------------------------------------
def _pairs_for_precision(target_s, frequency_hz):
    omega = 2.0 * math.pi * frequency_hz
    per_basis = math.ceil(1.0 / (omega * target_s) ** 2)
    return 2 * per_basis


def _precision_case(target_s, frequency_hz):
    return Case(
        {"target_s": target_s, "frequency_hz": frequency_hz},
        label=f"target {target_s:g} s at {frequency_hz:g} Hz",
    )


def _safe_targets(rng, frequency_hz, low, high, count):
    """Targets whose 1/(omega sigma)^2 is far from an integer (no rounding ties)."""
    omega = 2.0 * math.pi * frequency_hz
    found = []
    while len(found) < count:
        target = float(rng.uniform(low, high))
        x = 1.0 / (omega * target) ** 2
        if 0.1 < x - math.floor(x) < 0.9:
            found.append(target)
    return found


def _precision_cases(rng):
    # Fixed cases with the fractional part of 1/(omega sigma)^2 below and above one half,
    # so that rounding to the nearest integer fails where rounding up is needed.
    fixed = [(1e-12, 1e9), (2e-12, 1e9), (0.5e-12, 1e9), (1e-13, 10e9), (1e-15, 429e12)]
    cases = [_precision_case(t, f) for t, f in fixed]
    cases += [_precision_case(t, 1e9) for t in _safe_targets(rng, 1e9, 3e-13, 3e-12, 2)]
    return cases


def _precision_hidden(rng):
    return [_precision_case(t, 5e9) for t in _safe_targets(rng, 5e9, 1e-13, 1e-12, 3)]


register(
    Task(
        task_id="12.3",
        title="How many pairs for a target precision",
        skill="implement",
        kind="function",
        reference=_pairs_for_precision,
        cases=_precision_cases,
        hidden_cases=_precision_hidden,
        compare=compare_equal(),
        hints=(
            "Solve 1 / (omega sqrt(N/2)) <= target for N, with omega = 2 pi f.",
            "N/2 pairs go to each basis, so first find the smallest whole number of pairs per "
            "basis, then double it.",
            "per_basis = math.ceil(1 / (omega * target) ** 2) and N = 2 * per_basis (an int; "
            "round up, never to the nearest).",
        ),
        points=2,
    )
)


# 12.4 -----------------------------------------------------------------------------------------
def _repetitions(n_clocks, target_variance_rad2):
    nu_independent = math.ceil(1.0 / (n_clocks * target_variance_rad2))
    nu_ghz = math.ceil(1.0 / (n_clocks**2 * target_variance_rad2))
    # Check against the library's closed forms: each is the smallest that reaches the target.
    for nu, field in ((nu_independent, "independent"), (nu_ghz, "ghz")):
        at = getattr(
            ghz_vs_independent_clocks(n_clocks, n_repetitions=nu), f"{field}_variance_rad2"
        )
        assert at <= target_variance_rad2 * (1 + 1e-12)
    return (nu_independent, nu_ghz)


def _safe_variances(rng, n_clocks, count):
    found = []
    while len(found) < count:
        target = float(10 ** rng.uniform(-5, -2))
        ok = True
        for k in (n_clocks, n_clocks**2):
            x = 1.0 / (k * target)
            ok &= 0.1 < x - math.floor(x) < 0.9
        if ok:
            found.append(target)
    return found


def _repetition_cases(rng):
    cases = [
        Case({"n_clocks": 10, "target_variance_rad2": 3e-4}, label="10 clocks, variance 3e-4"),
        Case({"n_clocks": 4, "target_variance_rad2": 7e-4}, label="4 clocks, variance 7e-4"),
        Case({"n_clocks": 1, "target_variance_rad2": 0.003}, label="1 clock, variance 0.003"),
    ]
    for n in (3, 25):
        for t in _safe_variances(rng, n, 1):
            cases.append(Case({"n_clocks": n, "target_variance_rad2": t}))
    return cases


def _repetition_hidden(rng):
    return [
        Case({"n_clocks": n, "target_variance_rad2": t})
        for n in (6, 50)
        for t in _safe_variances(rng, n, 1)
    ]


register(
    Task(
        task_id="12.4",
        title="GHZ or independent clocks: repetitions for a target variance",
        skill="implement",
        kind="function",
        reference=_repetitions,
        cases=_repetition_cases,
        hidden_cases=_repetition_hidden,
        compare=compare_equal(),
        hints=(
            "Independent clocks reach variance 1/(N nu) after nu repetitions; a GHZ state "
            "reaches 1/(N^2 nu).",
            "Solve each for the smallest whole number of repetitions nu that brings the variance "
            "down to the target or below.",
            "Return (math.ceil(1 / (N * target)), math.ceil(1 / (N**2 * target))).",
        ),
        points=2,
    )
)
