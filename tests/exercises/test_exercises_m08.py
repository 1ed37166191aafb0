"""Module 08 tasks: correct answers in another form pass, plausible mistakes fail."""

import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import exercises

R = qie.EARTH_RADIUS_KM


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def test_08_1_slant_range():
    def right(elevation_deg, altitude_km):  # the quadratic of the law of cosines
        e = math.radians(elevation_deg)
        b = 2 * R * math.sin(e)
        c = R**2 - (R + altitude_km) ** 2
        return (-b + math.sqrt(b * b - 4 * c)) / 2

    def flat_earth(elevation_deg, altitude_km):
        return altitude_km / max(math.sin(math.radians(elevation_deg)), 1e-9)

    def degrees_as_radians(elevation_deg, altitude_km):
        e = elevation_deg
        return math.sqrt((R + altitude_km) ** 2 - (R * math.cos(e)) ** 2) - R * math.sin(e)

    assert exercises.evaluate("08.1", right, hidden=True).passed
    for wrong in (flat_earth, degrees_as_radians):
        assert exercises.evaluate("08.1", wrong).status == "failed", wrong.__name__


def _beam(wavelength_m, transmitter_aperture_m, range_km, waist_factor=0.5, keep_waist=True):
    w0 = waist_factor * transmitter_aperture_m
    spread = wavelength_m / (math.pi * w0) * range_km * 1e3
    return math.sqrt((w0**2 if keep_waist else 0.0) + spread**2)


def test_08_2_geometric_loss():
    def right(wavelength_m, transmitter_aperture_m, receiver_aperture_m, range_km):
        w = _beam(wavelength_m, transmitter_aperture_m, range_km)
        a = receiver_aperture_m / 2
        return -10 * math.log10(-math.expm1(-2 * a * a / (w * w)))

    def small_aperture(wavelength_m, transmitter_aperture_m, receiver_aperture_m, range_km):
        w = _beam(wavelength_m, transmitter_aperture_m, range_km)
        a = receiver_aperture_m / 2
        return -10 * math.log10(min(1.0, 2 * a * a / (w * w)))

    def waist_is_diameter(wavelength_m, transmitter_aperture_m, receiver_aperture_m, range_km):
        w = _beam(wavelength_m, transmitter_aperture_m, range_km, waist_factor=1.0)
        a = receiver_aperture_m / 2
        return -10 * math.log10(-math.expm1(-2 * a * a / (w * w)))

    def no_waist(wavelength_m, transmitter_aperture_m, receiver_aperture_m, range_km):
        w = _beam(wavelength_m, transmitter_aperture_m, range_km, keep_waist=False)
        a = receiver_aperture_m / 2
        return -10 * math.log10(-math.expm1(-2 * a * a / (w * w)))

    assert exercises.evaluate("08.2", right, hidden=True).passed
    for wrong in (small_aperture, waist_is_diameter, no_waist):
        assert exercises.evaluate("08.2", wrong).status == "failed", wrong.__name__


def _links(slant_ranges_km, elevations_deg, receiver_apertures_m):
    return [
        float(
            qie.link_budget(
                slant_range_km=d,
                elevation_deg=e,
                wavelength_m=810e-9,
                receiver_aperture_m=a,
                beam_divergence_rad=qie.MICIUS_DOWNLINK_DIVERGENCE_RAD,
            ).total_loss_db
        )
        for d, e, a in zip(slant_ranges_km, elevations_deg, receiver_apertures_m, strict=True)
    ]


def test_08_3_dual_downlink():
    def right(slant_ranges_km, elevations_deg, receiver_apertures_m, fiber_length_km):
        eta = np.prod(
            [10 ** (-x / 10) for x in _links(slant_ranges_km, elevations_deg, receiver_apertures_m)]
        )
        total = -10 * math.log10(eta)
        return np.array([total, math.log10(eta / 10 ** (-0.02 * fiber_length_km))])

    def one_link(slant_ranges_km, elevations_deg, receiver_apertures_m, fiber_length_km):
        total = _links(slant_ranges_km, elevations_deg, receiver_apertures_m)[0]
        return total, (0.2 * fiber_length_km - total) / 10

    def ratio(slant_ranges_km, elevations_deg, receiver_apertures_m, fiber_length_km):
        total = sum(_links(slant_ranges_km, elevations_deg, receiver_apertures_m))
        return total, 0.2 * fiber_length_km / total

    assert exercises.evaluate("08.3", right, hidden=True).passed
    for wrong in (one_link, ratio):
        assert exercises.evaluate("08.3", wrong).status == "failed", wrong.__name__
    assert exercises.evaluate("08.3", lambda **kw: 3.0).status == "wrong type"


def test_08_4_pass_duration():
    def right(altitude_km, max_elevation_deg, min_elevation_deg):
        r = R + altitude_km

        def central(e_deg):
            e = math.radians(e_deg)
            return math.acos(R * math.cos(e) / r) - e

        beta, edge = central(max_elevation_deg), central(min_elevation_deg)
        phi = math.acos(min(1.0, math.cos(edge) / math.cos(beta)))
        return 2 * phi / math.sqrt(qie.GM_EARTH_KM3_PER_S2 / r**3)

    def flat_chord(altitude_km, max_elevation_deg, min_elevation_deg):  # ignores beta
        r = R + altitude_km
        e = math.radians(min_elevation_deg)
        edge = math.acos(R * math.cos(e) / r) - e
        return 2 * edge / math.sqrt(qie.GM_EARTH_KM3_PER_S2 / r**3)

    assert exercises.evaluate("08.4", right, hidden=True).passed
    assert exercises.evaluate("08.4", flat_chord).status == "failed"
