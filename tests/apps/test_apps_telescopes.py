"""Entanglement-assisted interferometry (Gottesman, Jennewein, Croke, PRL 109, 070503 (2012))."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import j1

import qinternet_edu as qie
from qinternet_edu.apps.telescopes import (
    angular_resolution_rad,
    complex_visibility,
    estimate_visibility,
    interference_probabilities,
    source_offset_from_phase_rad,
    useful_photon_rate_hz,
)

LAM = 550e-9  # visible light


def _click_probabilities(star_amplitudes, delta):
    """Two-photon amplitudes written out: star photon (L, R), resource photon (L, R).

    Each telescope mixes its star mode s and resource mode e on a 50:50 beamsplitter:
    s -> (c + d)/sqrt2, e -> (c - d)/sqrt2. Returns P over (c_L c_R, d_L d_R, c_L d_R, d_L c_R),
    unconditioned (the four add up to 1/2).
    """
    resource = np.array([1.0, np.exp(1j * delta)]) / math.sqrt(2)
    bs = {"s": {"c": 1 / math.sqrt(2), "d": 1 / math.sqrt(2)}, "e": {"c": 1, "d": -1}}
    bs["e"] = {k: v / math.sqrt(2) for k, v in bs["e"].items()}
    probs = {}
    for det_l in "cd":
        for det_r in "cd":
            amp = 0j
            # star at L (index 0), resource at R (index 1)
            amp += star_amplitudes[0] * resource[1] * bs["s"][det_l] * bs["e"][det_r]
            # star at R, resource at L
            amp += star_amplitudes[1] * resource[0] * bs["s"][det_r] * bs["e"][det_l]
            probs[det_l + det_r] = abs(amp) ** 2
    return probs


def _same_given_useful(visibility, phase, delta):
    """Mixed star state: V * coherent superposition + (1 - V) * incoherent L-or-R mixture."""
    coherent = _click_probabilities(np.array([1, np.exp(1j * phase)]) / math.sqrt(2), delta)
    at_l = _click_probabilities(np.array([1, 0]), delta)
    at_r = _click_probabilities(np.array([0, 1]), delta)
    p = {
        k: visibility * coherent[k] + (1 - visibility) * 0.5 * (at_l[k] + at_r[k]) for k in coherent
    }
    useful = sum(p.values())
    return (p["cc"] + p["dd"]) / useful, useful


def _vcz_numeric(baseline, theta, offset):
    """van Cittert-Zernike by direct integration over a uniform disk (chord weights)."""
    radius = theta / 2
    k = 2 * math.pi * baseline / LAM
    # Brightness integrated over the disk, in units of the radius: a = radius * u.
    re = quad(lambda u: 2 * math.sqrt(1 - u**2) * math.cos(k * radius * u), -1, 1, epsabs=1e-13)[0]
    return re / math.pi * complex(math.cos(k * offset), math.sin(k * offset))


def test_names_are_exported_flat():
    assert qie.complex_visibility is complex_visibility
    assert qie.estimate_visibility is estimate_visibility


@pytest.mark.parametrize("visibility", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("phase", [0.0, 0.7, -2.0, math.pi])
@pytest.mark.parametrize("delta", [0.0, math.pi / 2, 1.1])
def test_probabilities_match_the_two_photon_calculation(visibility, phase, delta):
    expected_same, useful = _same_given_useful(visibility, phase, delta)
    pr = interference_probabilities(phase, visibility=visibility, delay_phase_rad=delta)
    assert pr.p_same == pytest.approx(expected_same, abs=1e-12)
    assert pr.p_same + pr.p_different == pytest.approx(1.0, abs=1e-15)
    assert pr.success_probability == pytest.approx(useful, abs=1e-12)


def test_probabilities_broadcast_over_arrays():
    delta = np.linspace(0, 2 * math.pi, 9)
    pr = interference_probabilities(0.5, visibility=0.9, delay_phase_rad=delta)
    assert pr.p_same == pytest.approx(0.5 * (1 + 0.9 * np.cos(0.5 - delta)), abs=1e-15)


def test_point_source_has_visibility_one():
    for b in (0.0, 1.0, 100.0, 1e4):
        assert complex_visibility(b, wavelength_m=LAM) == pytest.approx(1.0, abs=1e-15)
    g = complex_visibility(np.array([10.0, 1e3, 1e5]), wavelength_m=LAM)
    assert np.abs(g) == pytest.approx(np.ones(3), abs=1e-15)


@pytest.mark.parametrize("theta", [1e-9, 5e-9, 2e-8])
def test_visibility_follows_the_airy_law_of_a_uniform_disk(theta):
    baselines = np.linspace(0.5, 300.0, 25)
    g = complex_visibility(baselines, wavelength_m=LAM, angular_diameter_rad=theta)
    x = math.pi * baselines * theta / LAM
    expected = 2 * j1(x) / x
    assert g.real == pytest.approx(expected, abs=1e-12)
    assert g.imag == pytest.approx(np.zeros_like(x), abs=1e-15)
    for b in baselines[::6]:
        assert complex_visibility(b, wavelength_m=LAM, angular_diameter_rad=theta) == (
            pytest.approx(_vcz_numeric(b, theta, 0.0), abs=1e-7)
        )


def test_visibility_falls_with_baseline_and_source_size():
    # Before the first null (x = 3.8317, B = 1.22 lambda / theta) |g| decreases in both.
    theta = 5e-9
    first_null = 3.8317059702 * LAM / (math.pi * theta)
    assert first_null == pytest.approx(1.21967 * LAM / theta, rel=1e-5)
    b = np.linspace(0.0, 0.99 * first_null, 50)
    v = np.abs(complex_visibility(b, wavelength_m=LAM, angular_diameter_rad=theta))
    assert np.all(np.diff(v) < 0)
    assert abs(complex_visibility(first_null, wavelength_m=LAM, angular_diameter_rad=theta)) < 1e-9
    sizes = np.linspace(0.0, 0.99 * 3.8317 * LAM / (math.pi * 20.0), 20)
    v = np.abs(complex_visibility(20.0, wavelength_m=LAM, angular_diameter_rad=sizes))
    assert np.all(np.diff(v) < 0)


def test_offset_source_adds_the_geometric_phase():
    b, alpha, theta = 50.0, 2e-9, 3e-9
    g = complex_visibility(b, wavelength_m=LAM, angular_diameter_rad=theta, source_offset_rad=alpha)
    assert np.angle(g) == pytest.approx(2 * math.pi * b * alpha / LAM, abs=1e-12)
    assert g == pytest.approx(_vcz_numeric(b, theta, alpha), abs=1e-7)


def test_estimated_phase_reveals_the_source_position():
    b, alpha = 40.0, 1.5e-9
    g = complex_visibility(b, wavelength_m=LAM, source_offset_rad=alpha)
    est = estimate_visibility(float(np.angle(g)), visibility=abs(g), n_photons=2_000_000, seed=3)
    located = source_offset_from_phase_rad(est.phase_rad, baseline_m=b, wavelength_m=LAM)
    sigma = source_offset_from_phase_rad(
        est.phase_standard_error_rad, baseline_m=b, wavelength_m=LAM
    )
    assert located == pytest.approx(alpha, abs=4 * sigma)
    assert sigma < 1e-11  # a few hundredths of a nanoradian


@pytest.mark.parametrize(("v", "phi"), [(1.0, 0.4), (0.7, -2.5), (0.3, 2.0), (0.9, math.pi / 2)])
def test_monte_carlo_recovers_visibility_and_phase(v, phi):
    est = estimate_visibility(phi, visibility=v, n_photons=1_000_000, seed=7)
    assert est.n_useful == pytest.approx(500_000, abs=4 * math.sqrt(250_000))
    assert est.visibility == pytest.approx(v, abs=4 * est.visibility_standard_error + 1e-9)
    dphi = math.remainder(est.phase_rad - phi, 2 * math.pi)
    assert abs(dphi) < 4 * est.phase_standard_error_rad
    if v < 1:
        assert est.visibility_standard_error == pytest.approx(
            math.sqrt((1 - v**2 / 2) * 2 / est.n_useful), rel=0.5
        )


def test_errors_shrink_as_one_over_root_n():
    small = estimate_visibility(0.3, visibility=0.6, n_photons=10_000, seed=1)
    large = estimate_visibility(0.3, visibility=0.6, n_photons=1_000_000, seed=1)
    ratio = small.phase_standard_error_rad / large.phase_standard_error_rad
    assert ratio == pytest.approx(10.0, rel=0.1)


def test_resolution_improves_with_baseline():
    b = np.array([1.0, 10.0, 100.0, 1e4])
    res = angular_resolution_rad(b, wavelength_m=LAM)
    assert res == pytest.approx(LAM / b, rel=1e-15)
    assert np.all(np.diff(res) < 0)
    # Keck interferometer, 85 m at 2.2 micron: about 26 nrad (5 mas).
    assert angular_resolution_rad(85.0, wavelength_m=2.2e-6) == pytest.approx(2.588e-8, rel=1e-3)


def test_entanglement_rate_must_fill_every_time_bin():
    full = useful_photon_rate_hz(star_photon_rate_hz=1e3, entanglement_rate_hz=1e9, time_bin_s=1e-9)
    assert full == pytest.approx(500.0, rel=1e-12)
    matched = useful_photon_rate_hz(
        star_photon_rate_hz=1e3, entanglement_rate_hz=1e3, time_bin_s=1e-9
    )
    assert matched == pytest.approx(5e-4, rel=1e-12)
    rates = useful_photon_rate_hz(
        star_photon_rate_hz=1e3, entanglement_rate_hz=np.array([0.0, 5e8, 1e9]), time_bin_s=1e-9
    )
    assert rates == pytest.approx([0.0, 250.0, 500.0], rel=1e-12)


def test_seeded_estimates_repeat():
    a = estimate_visibility(0.2, visibility=0.5, n_photons=1000, seed=4)
    assert a == estimate_visibility(0.2, visibility=0.5, n_photons=1000, seed=4)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 1e5), st.floats(0.0, 1e-7))
def test_visibility_magnitude_never_exceeds_one(b, theta):
    assert abs(complex_visibility(b, wavelength_m=LAM, angular_diameter_rad=theta)) <= 1.0 + 1e-12


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError, match="visibility"):
        interference_probabilities(0.0, visibility=1.2, delay_phase_rad=0.0)
    with pytest.raises(ValueError, match="source_phase_rad"):
        interference_probabilities(float("nan"), visibility=1.0, delay_phase_rad=0.0)
    with pytest.raises(TypeError, match="delay_phase_rad"):
        interference_probabilities(0.0, visibility=1.0, delay_phase_rad="0")
    with pytest.raises(ValueError, match="baseline_m"):
        complex_visibility(-1.0, wavelength_m=LAM)
    with pytest.raises(ValueError, match="wavelength_m"):
        complex_visibility(1.0, wavelength_m=0.0)
    with pytest.raises(ValueError, match="angular_diameter_rad"):
        complex_visibility(1.0, wavelength_m=LAM, angular_diameter_rad=-1e-9)
    with pytest.raises(TypeError, match="source_offset_rad"):
        complex_visibility(1.0, wavelength_m=LAM, source_offset_rad=None)
    with pytest.raises(ValueError, match="baseline_m"):
        angular_resolution_rad(0.0, wavelength_m=LAM)
    with pytest.raises(ValueError, match="wavelength_m"):
        angular_resolution_rad(10.0, wavelength_m=-LAM)
    with pytest.raises(ValueError, match="baseline_m"):
        source_offset_from_phase_rad(0.1, baseline_m=0.0, wavelength_m=LAM)
    with pytest.raises(ValueError, match="phase_rad"):
        source_offset_from_phase_rad(float("inf") - float("inf"), baseline_m=1.0, wavelength_m=LAM)
    with pytest.raises(ValueError, match="n_photons"):
        estimate_visibility(0.0, visibility=0.5, n_photons=3)
    with pytest.raises(ValueError, match="visibility"):
        estimate_visibility(0.0, visibility=-0.1, n_photons=100)
    with pytest.raises(TypeError, match="source_phase_rad"):
        estimate_visibility([0.0], visibility=0.5, n_photons=100)
    with pytest.raises(ValueError, match="entanglement_rate_hz"):
        useful_photon_rate_hz(star_photon_rate_hz=1.0, entanglement_rate_hz=2e9, time_bin_s=1e-9)
    with pytest.raises(ValueError, match="time_bin_s"):
        useful_photon_rate_hz(star_photon_rate_hz=1.0, entanglement_rate_hz=1.0, time_bin_s=0.0)
    with pytest.raises(ValueError, match="star_photon_rate_hz"):
        useful_photon_rate_hz(star_photon_rate_hz=-1.0, entanglement_rate_hz=1.0, time_bin_s=1e-9)
