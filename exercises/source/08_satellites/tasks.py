"""Tasks of module 08 (satellites): slant range, diffraction loss, dual downlink, pass duration.

References call the library: ``qie.slant_range_km``, ``qie.link_budget`` and
``qie.pass_duration_s``.
"""

from __future__ import annotations

from qinternet_edu.exercises.registry import (
    Case,
    Task,
    compare_allclose,
    named,
    register,
    register_module,
)
from qinternet_edu.satellites import (
    MICIUS_DOWNLINK_DIVERGENCE_RAD,
    link_budget,
    pass_duration_s,
    slant_range_km,
)
from qinternet_edu.units import FIBER_ATTENUATION_DB_PER_KM

register_module("08", "Satellites")


# 08.1 -----------------------------------------------------------------------------------------
def _slant(elevation_deg, altitude_km):
    return slant_range_km(elevation_deg, altitude_km=altitude_km)


def _slant_cases(rng):
    rows = [
        (90.0, 500.0, "overhead, 500 km"),
        (60.0, 500.0, "60 deg, 500 km"),
        (30.0, 500.0, "30 deg, 500 km"),
        (20.0, 500.0, "20 deg, 500 km (about Micius at 1,200 km)"),
        (10.0, 500.0, "10 deg, 500 km"),
        (0.0, 500.0, "on the horizon, 500 km"),
        (45.0, 420.0, "45 deg, the ISS at 420 km"),
        (15.0, 1200.0, "15 deg, 1,200 km"),
    ]
    cases = [Case({"elevation_deg": e, "altitude_km": h}, label=lbl) for e, h, lbl in rows]
    cases.append(
        Case(
            {
                "elevation_deg": round(float(rng.uniform(5, 85)), 1),
                "altitude_km": round(float(rng.uniform(300, 2000)), 0),
            }
        )
    )
    return cases


def _slant_hidden(rng):
    return [
        Case(
            {
                "elevation_deg": round(float(rng.uniform(0, 90)), 2),
                "altitude_km": round(float(rng.uniform(200, 36000)), 0),
            }
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="08.1",
        title="Slant range from elevation and altitude",
        skill="implement",
        kind="function",
        reference=_slant,
        cases=_slant_cases,
        hidden_cases=_slant_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-6),
        hints=(
            "Draw the triangle Earth centre - station - satellite: sides R, R + h and the slant "
            "range d; at the station the angle between the local vertical and the line of sight "
            "is 90 deg + e.",
            "The law of cosines gives (R + h)^2 = R^2 + d^2 + 2 R d sin(e); solve the quadratic "
            "for d > 0. A flat Earth (d = h / sin e) is wrong near the horizon.",
            "d = sqrt((R + h)^2 - (R cos e)^2) - R sin e, with R = qie.EARTH_RADIUS_KM and e in "
            "radians (np.radians).",
        ),
        switched_off=("slant_range_km",),
        points=1,
    )
)


# 08.2 -----------------------------------------------------------------------------------------
def _geometric(wavelength_m, transmitter_aperture_m, receiver_aperture_m, range_km):
    budget = link_budget(
        slant_range_km=range_km,
        elevation_deg=90.0,
        wavelength_m=wavelength_m,
        transmitter_aperture_m=transmitter_aperture_m,
        receiver_aperture_m=receiver_aperture_m,
        pointing_error_rad=0.0,
    )
    return float(budget.geometric_loss_db)


def _geometric_cases(rng):
    rows = [
        (850e-9, 0.3, 1.0, 1000.0, "Micius-like: 850 nm, 0.3 m to 1.0 m, 1,000 km"),
        (850e-9, 0.3, 1.0, 500.0, "the same overhead, 500 km"),
        (810e-9, 0.3, 1.8, 1200.0, "810 nm, 0.3 m to 1.8 m (Lijiang), 1,200 km"),
        (1550e-9, 0.1, 0.4, 2000.0, "a 10 cm CubeSat telescope at 1550 nm, 2,000 km"),
        (850e-9, 0.3, 0.1, 20.0, "a 20 km ground test into a 10 cm telescope"),
        (850e-9, 0.05, 0.5, 0.5, "a 500 m lab link"),
        (850e-9, 1.0, 0.3, 36000.0, "a 1 m telescope, geostationary distance"),
    ]
    return [
        Case(
            {
                "wavelength_m": lam,
                "transmitter_aperture_m": dt,
                "receiver_aperture_m": dr,
                "range_km": L,
            },
            label=lbl,
        )
        for lam, dt, dr, L, lbl in rows
    ]


def _geometric_hidden(rng):
    return [
        Case(
            {
                "wavelength_m": float(rng.choice([785e-9, 850e-9, 1550e-9])),
                "transmitter_aperture_m": round(float(rng.uniform(0.05, 0.5)), 3),
                "receiver_aperture_m": round(float(rng.uniform(0.1, 2.0)), 2),
                "range_km": round(float(rng.uniform(1, 3000)), 1),
            }
        )
        for _ in range(3)
    ]


register(
    Task(
        task_id="08.2",
        title="Diffraction loss of a Gaussian beam",
        skill="implement",
        kind="function",
        reference=_geometric,
        cases=_geometric_cases,
        hidden_cases=_geometric_hidden,
        compare=compare_allclose(rtol=0.0, atol=0.01),
        hints=(
            "Work in metres: the waist is w0 = D_t / 2, the divergence theta = lambda / (pi w0), "
            "and the radius after L metres is w = sqrt(w0^2 + (theta L)^2). The range is in km.",
            "A centred aperture of radius a = D_r / 2 collects the fraction 1 - exp(-2 a^2 / w^2) "
            "of a Gaussian beam's power; the small-aperture shortcut 2 a^2 / w^2 is not enough "
            "when the loss is only a few dB.",
            "Loss in dB is -10 log10(fraction). Keep the w0^2 term: at short range the beam has "
            "not spread yet.",
        ),
        points=2,
    )
)


# 08.3 -----------------------------------------------------------------------------------------
def _dual(slant_ranges_km, elevations_deg, receiver_apertures_m, fiber_length_km):
    total = 0.0
    for distance, elevation, aperture in zip(
        slant_ranges_km, elevations_deg, receiver_apertures_m, strict=True
    ):
        budget = link_budget(
            slant_range_km=distance,
            elevation_deg=elevation,
            direction="downlink",
            wavelength_m=810e-9,
            receiver_aperture_m=aperture,
            beam_divergence_rad=MICIUS_DOWNLINK_DIVERGENCE_RAD,
        )
        total += float(budget.total_loss_db)
    fiber_db = FIBER_ATTENUATION_DB_PER_KM * fiber_length_km
    return (total, (fiber_db - total) / 10.0)


def _dual_cases(rng):
    rows = [
        ((800.0, 800.0), (35.9, 35.9), (1.2, 1.8), 1203.0, "Micius midway over Delingha-Lijiang"),
        ((600.0, 1100.0), (56.0, 22.0), (1.2, 1.8), 1203.0, "the satellite nearer Delingha"),
        ((1000.0, 1000.0), (28.0, 28.0), (1.0, 1.0), 1500.0, "two 1 m stations 1,500 km apart"),
        ((550.0, 550.0), (70.0, 70.0), (0.5, 0.5), 400.0, "close stations, small telescopes"),
    ]
    return [
        Case(
            {
                "slant_ranges_km": r,
                "elevations_deg": e,
                "receiver_apertures_m": a,
                "fiber_length_km": f,
            },
            label=lbl,
        )
        for r, e, a, f, lbl in rows
    ]


def _dual_hidden(rng):
    r = tuple(round(float(x), 0) for x in rng.uniform(500, 1500, 2))
    e = tuple(round(float(x), 1) for x in rng.uniform(15, 80, 2))
    return [
        Case(
            {
                "slant_ranges_km": r,
                "elevations_deg": e,
                "receiver_apertures_m": (1.0, 1.4),
                "fiber_length_km": round(float(rng.uniform(800, 2500)), 0),
            }
        )
    ]


register(
    Task(
        task_id="08.3",
        title="Two downlinks against fiber",
        skill="implement",
        kind="function",
        reference=_dual,
        cases=_dual_cases,
        hidden_cases=_dual_hidden,
        compare=named(
            "pair", labels=("total loss (dB)", "orders of magnitude"), rtol=1e-6, atol=1e-6
        ),
        hints=(
            "A pair counts only if both photons arrive: transmissivities multiply, so losses in "
            "dB add. Compute each downlink with qie.link_budget and sum total_loss_db.",
            "Pass direction='downlink', wavelength_m=810e-9, "
            "beam_divergence_rad=qie.MICIUS_DOWNLINK_DIVERGENCE_RAD and each station's "
            "receiver_aperture_m; float() turns the result into a number.",
            "The fiber loses 0.2 dB/km times its length; every 10 dB of difference is one order "
            "of magnitude: (fiber_db - satellite_db) / 10.",
        ),
        points=2,
    )
)


# 08.4 -----------------------------------------------------------------------------------------
def _duration(altitude_km, max_elevation_deg, min_elevation_deg):
    return pass_duration_s(
        altitude_km=altitude_km,
        max_elevation_deg=max_elevation_deg,
        min_elevation_deg=min_elevation_deg,
    )


def _duration_cases(rng):
    rows = [
        (500.0, 90.0, 10.0, "overhead pass at 500 km, above 10 deg"),
        (500.0, 60.0, 10.0, "culminating at 60 deg"),
        (500.0, 20.0, 10.0, "a low pass, culminating at 20 deg"),
        (500.0, 90.0, 0.0, "overhead, horizon to horizon"),
        (420.0, 45.0, 15.0, "the ISS, 45 deg, above 15 deg"),
        (1200.0, 70.0, 10.0, "a 1,200 km orbit"),
        (500.0, 10.0, 10.0, "just grazing 10 deg"),
    ]
    return [
        Case(
            {"altitude_km": h, "max_elevation_deg": top, "min_elevation_deg": low},
            label=lbl,
        )
        for h, top, low, lbl in rows
    ]


def _duration_hidden(rng):
    cases = []
    for _ in range(3):
        low = round(float(rng.uniform(0, 20)), 1)
        cases.append(
            Case(
                {
                    "altitude_km": round(float(rng.uniform(300, 2000)), 0),
                    "max_elevation_deg": round(float(rng.uniform(low + 5, 90)), 1),
                    "min_elevation_deg": low,
                }
            )
        )
    return cases


register(
    Task(
        task_id="08.4",
        title="How long a pass lasts",
        skill="implement",
        kind="function",
        reference=_duration,
        cases=_duration_cases,
        hidden_cases=_duration_hidden,
        compare=compare_allclose(rtol=1e-4, atol=1e-3),
        hints=(
            "Work with Earth-centre angles. A satellite seen at elevation e is at the central "
            "angle gamma(e) = arccos(R cos(e) / (R + h)) - e from the station.",
            "The ground track passes at central angle beta = gamma(max elevation) from the "
            "station. In the right spherical triangle, cos(gamma) = cos(beta) cos(phi), where "
            "phi is the angle travelled along the orbit from the closest point.",
            "The satellite is above min_elevation for |phi| < arccos(cos(gamma_edge) / cos(beta)) "
            "and moves at omega = sqrt(GM / (R + h)^3) rad/s (qie.GM_EARTH_KM3_PER_S2): the "
            "duration is 2 phi_edge / omega.",
        ),
        switched_off=("pass_duration_s",),
        points=3,
    )
)
