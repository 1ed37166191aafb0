"""Module 13 tasks: equivalent answers pass, plausible mistakes fail."""

import math

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import j1

from qinternet_edu import exercises


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def _passes(task_id, answer):
    return exercises.evaluate(task_id, answer, hidden=True, time_limit_s=60.0).passed


def test_13_1_radians_or_rayleigh_factor_fail():
    assert _passes(
        "13.1", lambda baseline_m, wavelength_m: wavelength_m / baseline_m * 206264.80624709636e6
    )
    assert not _passes("13.1", lambda baseline_m, wavelength_m: wavelength_m / baseline_m)
    assert not _passes(
        "13.1", lambda baseline_m, wavelength_m: 1.22 * wavelength_m / baseline_m * 206264.8e6
    )


def _visibility(baseline_m, wavelength_m, angular_diameter_rad, *, absolute=True):
    x = math.pi * baseline_m * angular_diameter_rad / wavelength_m
    if x == 0:
        return 1.0
    value = 2 * j1(x) / x
    return abs(value) if absolute else value


def test_13_2_signed_value_fails_past_the_null():
    assert _passes("13.2", _visibility)
    assert not _passes("13.2", lambda **kw: _visibility(**kw, absolute=False))

    def sinc_model(baseline_m, wavelength_m, angular_diameter_rad):  # a slit, not a disk
        return abs(np.sinc(baseline_m * angular_diameter_rad / wavelength_m))

    assert not _passes("13.2", sinc_model)


def test_13_3_rayleigh_constant_passes_plain_ratio_and_arcsec_fail():
    def rad(mas):
        return math.radians(mas / 3600e3)

    assert _passes(
        "13.3",
        lambda angular_diameter_mas, wavelength_m: 1.22 * wavelength_m / rad(angular_diameter_mas),
    )
    assert not _passes(
        "13.3", lambda angular_diameter_mas, wavelength_m: wavelength_m / rad(angular_diameter_mas)
    )
    assert not _passes(
        "13.3",
        lambda angular_diameter_mas, wavelength_m: (
            1.22 * wavelength_m / math.radians(angular_diameter_mas / 3600)
        ),
    )


def _diameter(
    same_0, n_0, same_90, n_90, baseline_m, wavelength_m, *, use_phase=True, small_x=False
):
    c, s = 2 * same_0 / n_0 - 1, 2 * same_90 / n_90 - 1
    v = math.hypot(c, s) if use_phase else abs(c)
    if small_x:
        x = math.sqrt(8 * (1 - v))
    else:
        x = brentq(lambda x: 2 * j1(x) / x - v, 1e-12, 3.8317059702, xtol=1e-14)
    return x * wavelength_m / (math.pi * baseline_m)


def test_13_4_ignoring_the_phase_or_the_small_angle_shortcut_fail():
    assert _passes("13.4", _diameter)
    assert not _passes("13.4", lambda **kw: _diameter(**kw, use_phase=False))
    assert not _passes("13.4", lambda **kw: _diameter(**kw, small_x=True))


def test_13_4_reference_recovers_the_true_diameter_within_noise():
    from qinternet_edu.exercises.registry import tasks_module

    m13 = tasks_module("13")

    rng = np.random.default_rng(3)
    case = m13._click_case(
        rng,
        diameter_rad=2e-9,
        offset_rad=1e-9,
        baseline_m=100.0,
        wavelength_m=550e-9,
        n_useful=2_000_000,
    )
    # With 2e6 useful photons V is known to about 1e-3, so theta to about 1 %.
    assert m13._diameter_from_counts(**case.kwargs) == pytest.approx(2e-9, rel=0.02)
