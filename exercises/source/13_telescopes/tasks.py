"""Tasks of module 13 (telescopes): resolution, visibility of a disk, the baseline that resolves
a star, and a star's size measured with the entanglement-assisted interferometer.

References call ``qinternet_edu.apps.telescopes``; the click counts of task 13.4 are drawn
from the library's interference probabilities. scipy is imported inside the functions.
"""

from __future__ import annotations

import math

from qinternet_edu.apps.telescopes import (
    angular_resolution_rad,
    complex_visibility,
    interference_probabilities,
)
from qinternet_edu.exercises.registry import Case, Task, compare_allclose, register, register_module

register_module("13", "Telescopes")

_UAS_PER_RAD = math.degrees(1.0) * 3600e6
_MAS_PER_RAD = math.degrees(1.0) * 3600e3


# 13.1 -----------------------------------------------------------------------------------------
def _resolution_uas(baseline_m, wavelength_m):
    return float(angular_resolution_rad(baseline_m, wavelength_m=wavelength_m)) * _UAS_PER_RAD


def _resolution_cases(rng):
    named = [
        (100.0, 550e-9, "100 m at 550 nm"),
        (330.0, 2.2e-6, "330 m at 2.2 um (K band)"),
        (1.2742e7, 1.3e-3, "Earth's diameter at 1.3 mm (EHT)"),
        (1.0, 500e-9, "1 m at 500 nm"),
        (5e3, 800e-9, "5 km at 800 nm"),
    ]
    cases = [Case({"baseline_m": b, "wavelength_m": w}, label=lbl) for b, w, lbl in named]
    for b in 10 ** rng.uniform(0, 4, 2):
        cases.append(Case({"baseline_m": float(b), "wavelength_m": 600e-9}))
    return cases


def _resolution_hidden(rng):
    return [
        Case({"baseline_m": float(b), "wavelength_m": float(w)})
        for b, w in zip(10 ** rng.uniform(1, 6, 3), rng.uniform(400e-9, 2e-6, 3), strict=True)
    ]


register(
    Task(
        task_id="13.1",
        title="Angular resolution of a baseline",
        skill="implement",
        kind="function",
        reference=_resolution_uas,
        cases=_resolution_cases,
        hidden_cases=_resolution_hidden,
        compare=compare_allclose(rtol=1e-6, atol=0.0),
        hints=(
            "Two telescopes a distance B apart resolve angles of about lambda / B (in radians).",
            "One radian is 180/pi degrees, a degree is 3600 arcseconds, an arcsecond is 10^6 "
            "microarcseconds.",
            "Return wavelength_m / baseline_m * (180 / pi) * 3600e6 (no factor 1.22: that "
            "belongs to a single circular mirror).",
        ),
        points=1,
    )
)


# 13.2 -----------------------------------------------------------------------------------------
def _disk_visibility(baseline_m, wavelength_m, angular_diameter_rad):
    g = complex_visibility(
        baseline_m, wavelength_m=wavelength_m, angular_diameter_rad=angular_diameter_rad
    )
    return abs(g)


def _visibility_cases(rng):
    named = [
        (100.0, 550e-9, 2e-9, "2 nrad star, 100 m at 550 nm"),
        (20.0, 550e-9, 2e-9, "2 nrad star, 20 m (barely resolved)"),
        (500.0, 550e-9, 2e-9, "2 nrad star, 500 m (past the first null)"),
        (900.0, 550e-9, 2e-9, "2 nrad star, 900 m (second lobe)"),
        (0.0, 550e-9, 2e-9, "zero baseline"),
        (300.0, 550e-9, 0.0, "a point source"),
        (1.0e7, 1.3e-3, 42 / _UAS_PER_RAD, "42 uas disk, 10,000 km at 1.3 mm"),
    ]
    cases = [
        Case(
            {"baseline_m": b, "wavelength_m": w, "angular_diameter_rad": t},
            label=lbl,
        )
        for b, w, t, lbl in named
    ]
    for b in rng.uniform(10.0, 600.0, 2):
        cases.append(
            Case({"baseline_m": float(b), "wavelength_m": 700e-9, "angular_diameter_rad": 3e-9})
        )
    return cases


def _visibility_hidden(rng):
    return [
        Case({"baseline_m": float(b), "wavelength_m": 550e-9, "angular_diameter_rad": float(t)})
        for b, t in zip(rng.uniform(1, 1000, 3), rng.uniform(0.5e-9, 5e-9, 3), strict=True)
    ]


register(
    Task(
        task_id="13.2",
        title="Visibility of a uniform stellar disk",
        skill="implement",
        kind="function",
        reference=_disk_visibility,
        cases=_visibility_cases,
        hidden_cases=_visibility_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "The van Cittert-Zernike theorem for a uniform disk: |g| = |2 J1(x) / x| with "
            "x = pi B theta / lambda; scipy.special.j1 is J1.",
            "Past the first null 2 J1(x)/x is negative; the visibility's magnitude is its "
            "absolute value.",
            "At x = 0 the formula is 0/0, but its limit is 1: return 1.0 when x == 0.",
        ),
        switched_off=("complex_visibility",),
        points=2,
    )
)


# 13.3 -----------------------------------------------------------------------------------------
def _first_null_baseline(angular_diameter_mas, wavelength_m):
    from scipy.special import jn_zeros

    theta = angular_diameter_mas / _MAS_PER_RAD
    baseline = float(jn_zeros(1, 1)[0]) * wavelength_m / (math.pi * theta)
    g = complex_visibility(baseline, wavelength_m=wavelength_m, angular_diameter_rad=theta)
    assert abs(g) < 1e-9  # the library's visibility vanishes there
    return baseline


def _null_cases(rng):
    named = [
        (42.0, 2.2e-6, "a 42 mas star at 2.2 um"),
        (1.0, 550e-9, "a 1 mas star at 550 nm"),
        (0.2, 800e-9, "a 0.2 mas star at 800 nm"),
        (0.042, 1.3e-3, "a 42 uas source at 1.3 mm"),
    ]
    cases = [Case({"angular_diameter_mas": d, "wavelength_m": w}, label=lbl) for d, w, lbl in named]
    for d in 10 ** rng.uniform(-1, 1, 2):
        cases.append(Case({"angular_diameter_mas": float(d), "wavelength_m": 650e-9}))
    return cases


def _null_hidden(rng):
    return [
        Case({"angular_diameter_mas": float(d), "wavelength_m": float(w)})
        for d, w in zip(10 ** rng.uniform(-2, 2, 3), rng.uniform(400e-9, 2.4e-6, 3), strict=True)
    ]


register(
    Task(
        task_id="13.3",
        title="The baseline that resolves a star",
        skill="implement",
        kind="function",
        reference=_first_null_baseline,
        cases=_null_cases,
        hidden_cases=_null_hidden,
        # 1.22 for 3.8317/pi = 1.2197 is accepted (0.03 %); lambda/theta (18 % short) is not.
        compare=compare_allclose(rtol=1e-3, atol=0.0),
        hints=(
            "The visibility 2 J1(x)/x first vanishes at the first zero of J1, x = 3.8317, with "
            "x = pi B theta / lambda.",
            "Convert the diameter first: 1 mas = 1e-3 arcsec, and 1 arcsec = pi / (180 * 3600) "
            "rad.",
            "B = 3.8317 * lambda / (pi * theta), i.e. about 1.22 lambda / theta "
            "(scipy.special.jn_zeros(1, 1)[0] gives 3.8317...).",
        ),
        points=2,
    )
)


# 13.4 -----------------------------------------------------------------------------------------
def _diameter_from_counts(same_0, n_0, same_90, n_90, baseline_m, wavelength_m):
    from scipy.optimize import brentq
    from scipy.special import jn_zeros

    c = 2.0 * same_0 / n_0 - 1.0
    s = 2.0 * same_90 / n_90 - 1.0
    v = math.hypot(c, s)
    first_zero = float(jn_zeros(1, 1)[0])

    def excess(x):
        theta = x * wavelength_m / (math.pi * baseline_m)
        g = complex_visibility(baseline_m, wavelength_m=wavelength_m, angular_diameter_rad=theta)
        return abs(g) - v

    x = brentq(excess, 1e-12, first_zero, xtol=1e-14, rtol=1e-14)
    return x * wavelength_m / (math.pi * baseline_m)


def _click_case(rng, *, diameter_rad, offset_rad, baseline_m, wavelength_m, n_useful, label=""):
    g = complex_visibility(
        baseline_m,
        wavelength_m=wavelength_m,
        angular_diameter_rad=diameter_rad,
        source_offset_rad=offset_rad,
    )
    v, phi = abs(g), math.atan2(g.imag, g.real)
    n_0, n_90 = n_useful // 2, n_useful - n_useful // 2
    p0 = interference_probabilities(phi, visibility=v, delay_phase_rad=0.0).p_same
    p90 = interference_probabilities(phi, visibility=v, delay_phase_rad=math.pi / 2).p_same
    kwargs = {
        "same_0": int(rng.binomial(n_0, p0)),
        "n_0": n_0,
        "same_90": int(rng.binomial(n_90, p90)),
        "n_90": n_90,
        "baseline_m": baseline_m,
        "wavelength_m": wavelength_m,
    }
    return Case(kwargs, label=label)


def _click_cases(rng):
    plan = [
        (2e-9, 1e-9, 100.0, 550e-9, "2 nrad star 1 nrad off axis, 100 m, 550 nm"),
        (2e-9, 0.0, 200.0, 550e-9, "2 nrad star on axis, 200 m, 550 nm"),
        (5e-9, -2e-9, 60.0, 700e-9, "5 nrad star off axis, 60 m, 700 nm"),
        (1e-9, 3e-9, 400.0, 550e-9, "1 nrad star 3 nrad off axis, 400 m, 550 nm"),
    ]
    return [
        _click_case(
            rng,
            diameter_rad=t,
            offset_rad=a,
            baseline_m=b,
            wavelength_m=w,
            n_useful=200_000,
            label=lbl + ", 200,000 useful photons",
        )
        for t, a, b, w, lbl in plan
    ]


def _click_hidden(rng):
    return [
        _click_case(
            rng,
            diameter_rad=float(t),
            offset_rad=float(a),
            baseline_m=150.0,
            wavelength_m=600e-9,
            n_useful=100_000,
        )
        for t, a in zip(rng.uniform(1.5e-9, 3.5e-9, 2), rng.uniform(-2e-9, 2e-9, 2), strict=True)
    ]


register(
    Task(
        task_id="13.4",
        title="A star's diameter from click counts",
        skill="implement",
        kind="function",
        reference=_diameter_from_counts,
        cases=_click_cases,
        hidden_cases=_click_hidden,
        compare=compare_allclose(rtol=1e-4, atol=0.0),
        hints=(
            "Each setting gives a fringe value: 2 * same / n - 1 estimates V cos(phi) at delay 0 "
            "and V sin(phi) at delay pi/2. The star is off axis, so phi is not 0.",
            "V = hypot(c, s). Then find the x in (0, 3.8317) with 2 J1(x)/x = V (the visibility "
            "falls monotonically there): scipy.optimize.brentq works well in the variable x.",
            "theta = x * lambda / (pi * B). Solve for x, not theta: root finders have absolute "
            "tolerances that are too coarse for angles of 1e-9 rad.",
        ),
        points=3,
    )
)
