"""Tests for satellite passes, link budgets and Micius scenarios (qinternet_edu/satellites.py)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qinternet_edu as qie
from qinternet_edu import satellites as sat
from qinternet_edu.units import EARTH_RADIUS_KM, SPEED_OF_LIGHT_M_PER_S

R = EARTH_RADIUS_KM


# ---------------------------------------------------------------- geometry


def test_slant_range_limits():
    h = 500.0
    assert sat.slant_range_km(90.0, altitude_km=h) == pytest.approx(h, rel=1e-12)
    horizon = math.sqrt((R + h) ** 2 - R**2)
    assert sat.slant_range_km(0.0, altitude_km=h) == pytest.approx(horizon, rel=1e-12)
    # Arrays in, arrays out; decreasing with elevation.
    d = sat.slant_range_km(np.array([0.0, 10.0, 45.0, 90.0]), altitude_km=h)
    assert isinstance(d, np.ndarray)
    assert np.all(np.diff(d) < 0)


@settings(max_examples=50, deadline=None)
@given(
    elevation=st.floats(0.0, 90.0),
    altitude=st.floats(200.0, 36_000.0),
)
def test_slant_range_law_of_cosines_and_inverse(elevation, altitude):
    d = sat.slant_range_km(elevation, altitude_km=altitude)
    # Independent check: the satellite at distance d along the line of sight is at radius R + h.
    e = math.radians(elevation)
    radius = math.hypot(R + d * math.sin(e), d * math.cos(e))
    assert radius == pytest.approx(R + altitude, rel=1e-9)
    back = sat.elevation_from_slant_range_deg(
        min(max(d, altitude), sat.slant_range_km(0.0, altitude_km=altitude)),
        altitude_km=altitude,
    )
    assert back == pytest.approx(elevation, abs=1e-5)


def test_orbital_period_matches_kepler_and_geostationary_orbit():
    # A geostationary orbit (radius 42,164 km) has the period of one sidereal day, 86,164.1 s.
    assert sat.orbital_period_s(42_164.17 - R) == pytest.approx(86_164.1, rel=1e-5)
    # The ISS at about 400 km goes round in about 92.6 minutes.
    assert sat.orbital_period_s(400.0) / 60.0 == pytest.approx(92.6, abs=0.2)


def test_overhead_pass_duration_matches_independent_formula():
    h, e_min = 500.0, 10.0
    r = R + h
    # Central angle at the edge of view: sine rule in the triangle centre-station-satellite.
    e = math.radians(e_min)
    gamma = math.pi / 2 - e - math.asin(R * math.cos(e) / r)
    omega = 2 * math.pi / sat.orbital_period_s(h)
    expected = 2 * gamma / omega
    got = sat.pass_duration_s(altitude_km=h, max_elevation_deg=90.0, min_elevation_deg=e_min)
    assert got == pytest.approx(expected, rel=1e-10)
    assert sat.max_ground_range_km(altitude_km=h, min_elevation_deg=e_min) == pytest.approx(
        R * gamma, rel=1e-10
    )


def test_pass_duration_grows_with_max_elevation_and_vanishes_at_threshold():
    durations = [
        sat.pass_duration_s(altitude_km=500.0, max_elevation_deg=e) for e in (10, 20, 40, 60, 90)
    ]
    assert durations[0] == pytest.approx(0.0, abs=1e-6)
    assert np.all(np.diff(durations) > 0)
    # Micius-like passes last a few minutes (Liao et al., Nature 549, 43 (2017)).
    assert 4 * 60 < durations[-1] < 9 * 60


def test_satellite_pass_arrays():
    p = sat.satellite_pass(altitude_km=500.0, max_elevation_deg=60.0, time_step_s=2.0)
    assert p.time_s[0] == 0.0
    assert p.time_s[-1] == pytest.approx(p.duration_s)
    assert np.all(np.diff(p.time_s) <= 2.0 + 1e-9)
    assert p.elevation_deg[0] == pytest.approx(10.0, abs=1e-9)
    assert p.elevation_deg[-1] == pytest.approx(10.0, abs=1e-9)
    assert p.elevation_deg.max() == pytest.approx(60.0, abs=1e-9)
    np.testing.assert_allclose(p.elevation_deg, p.elevation_deg[::-1], atol=1e-9)
    # Slant range agrees with the closed form at every sampled elevation.
    np.testing.assert_allclose(
        p.slant_range_km, sat.slant_range_km(p.elevation_deg, altitude_km=500.0), rtol=1e-9
    )
    np.testing.assert_allclose(
        p.time_of_flight_s, p.slant_range_km * 1e3 / SPEED_OF_LIGHT_M_PER_S, rtol=1e-12
    )
    assert p.duration_s == pytest.approx(
        sat.pass_duration_s(altitude_km=500.0, max_elevation_deg=60.0)
    )
    assert "SatellitePass(" in repr(p)


def test_pass_at_threshold_is_a_single_sample():
    p = sat.satellite_pass(altitude_km=500.0, max_elevation_deg=10.0)
    assert p.duration_s == pytest.approx(0.0, abs=1e-6)
    assert p.time_s.size in (1, 3)


def test_geometry_bad_inputs():
    with pytest.raises(ValueError, match="altitude_km"):
        sat.slant_range_km(30.0, altitude_km=-5.0)
    with pytest.raises(ValueError, match="altitude_km"):
        sat.satellite_pass(altitude_km=0.0, max_elevation_deg=50.0)
    with pytest.raises(ValueError, match="elevation_deg"):
        sat.slant_range_km(95.0, altitude_km=500.0)
    with pytest.raises(ValueError, match="elevation_deg"):
        sat.slant_range_km(-1.0, altitude_km=500.0)
    with pytest.raises(ValueError, match="max_elevation_deg"):
        sat.satellite_pass(altitude_km=500.0, max_elevation_deg=5.0)
    with pytest.raises(ValueError, match="min_elevation_deg"):
        sat.pass_duration_s(altitude_km=500.0, max_elevation_deg=50.0, min_elevation_deg=91.0)
    with pytest.raises(ValueError, match="time_step_s"):
        sat.satellite_pass(altitude_km=500.0, max_elevation_deg=50.0, time_step_s=0.0)
    with pytest.raises(ValueError, match="slant_range_km"):
        sat.elevation_from_slant_range_deg(100.0, altitude_km=500.0)
    with pytest.raises(TypeError, match="altitude_km"):
        sat.orbital_period_s("500")


# ---------------------------------------------------------------- atmosphere


def test_air_mass_and_atmospheric_transmission():
    assert sat.air_mass(90.0) == pytest.approx(1.0, abs=1e-3)
    # Plane-parallel limit 1/sin(e) at high elevation.
    assert sat.air_mass(60.0) == pytest.approx(1 / math.sin(math.radians(60.0)), rel=1e-3)
    # Kasten and Young (1989): about 38 at the horizon.
    assert sat.air_mass(0.0) == pytest.approx(38.0, rel=0.01)
    t = sat.atmospheric_transmission(np.array([10.0, 30.0, 90.0]))
    assert np.all(np.diff(t) > 0)
    assert t[-1] == pytest.approx(sat.ZENITH_TRANSMISSION, rel=1e-3)
    with pytest.raises(ValueError, match="zenith_transmission"):
        sat.atmospheric_transmission(45.0, zenith_transmission=0.0)


# ---------------------------------------------------------------- link budget


def _budget(**kwargs):
    options = {"slant_range_km": 1000.0, "elevation_deg": 40.0}
    options.update(kwargs)
    return sat.link_budget(**options)


def test_terms_add_up_and_transmissivity_matches():
    b = _budget(direction="uplink", extra_loss_db=1.5)
    assert sum(b.terms().values()) == pytest.approx(b.total_loss_db, rel=1e-12)
    assert b.transmissivity == pytest.approx(10 ** (-b.total_loss_db / 10), rel=1e-12)
    assert b.receiver_loss_db == pytest.approx(-10 * math.log10(0.5))
    assert b.extra_loss_db == 1.5
    assert all(v >= 0 for v in b.terms().values())
    assert "LinkBudget(model='ideal', direction='uplink'" in repr(b)


def test_far_field_geometric_loss_matches_gaussian_beam_formula():
    # Far field, Gaussian waist D_t/2: fraction = 2a^2/w^2 = pi^2 D_t^2 D_r^2 / (8 lambda^2 L^2).
    lam, d_t, d_r, length_m = 850e-9, 0.3, 0.1, 20_000e3
    b = sat.link_budget(
        slant_range_km=length_m / 1e3,
        elevation_deg=90.0,
        wavelength_m=lam,
        transmitter_aperture_m=d_t,
        receiver_aperture_m=d_r,
    )
    expected = math.pi**2 * d_t**2 * d_r**2 / (8 * lam**2 * length_m**2)
    assert 10 ** (-b.geometric_loss_db / 10) == pytest.approx(expected, rel=1e-3)


def test_loss_terms_are_monotonic():
    # Bigger receiving telescope: less loss.
    receivers = [_budget(receiver_aperture_m=d).geometric_loss_db for d in (0.3, 0.6, 1.0, 1.8)]
    assert np.all(np.diff(receivers) < 0)
    # Bigger transmitting telescope (far field, well below ~1 m at 1,000 km): less loss.
    transmitters = [_budget(transmitter_aperture_m=d).geometric_loss_db for d in (0.1, 0.2, 0.3)]
    assert np.all(np.diff(transmitters) < 0)
    # Longer range: more geometric loss, also as an array.
    ranges = _budget(slant_range_km=np.array([500.0, 800.0, 1200.0, 2000.0]))
    assert np.all(np.diff(ranges.geometric_loss_db) > 0)
    assert np.all(np.diff(ranges.total_loss_db) > 0)
    # Lower elevation: more air.
    elevations = _budget(elevation_deg=np.array([10.0, 30.0, 60.0, 90.0]))
    assert np.all(np.diff(elevations.atmospheric_loss_db) < 0)
    # More pointing jitter: more loss; none: no pointing loss.
    pointing = [_budget(pointing_error_rad=s).pointing_loss_db for s in (0.0, 1e-6, 3e-6)]
    assert pointing[0] == 0.0
    assert np.all(np.diff(pointing) > 0)
    # Wider beam (not diffraction-limited): more loss.
    assert _budget(beam_divergence_rad=5e-6).geometric_loss_db > _budget().geometric_loss_db
    # Lower receiver efficiency: more loss.
    assert _budget(receiver_efficiency=0.2).total_loss_db > _budget().total_loss_db


def test_downlink_beats_uplink_of_same_geometry():
    for distance in (600.0, 1000.0, 1500.0):
        down = _budget(slant_range_km=distance, direction="downlink")
        up = _budget(slant_range_km=distance, direction="uplink")
        assert down.turbulence_loss_db == 0.0
        assert up.turbulence_loss_db > 5.0
        assert up.total_loss_db > down.total_loss_db + 5.0
        # Without turbulence the two directions are the same link.
        no_turbulence = _budget(slant_range_km=distance, direction="uplink", turbulence_angle_rad=0)
        assert no_turbulence.total_loss_db == pytest.approx(down.total_loss_db, rel=1e-12)


def test_swapping_apertures_is_reciprocal_in_the_far_field():
    a = _budget(transmitter_aperture_m=0.3, receiver_aperture_m=0.05, pointing_error_rad=0)
    b = _budget(transmitter_aperture_m=0.05, receiver_aperture_m=0.3, pointing_error_rad=0)
    # Equal up to the near-field term w0^2 and aperture saturation: within 0.05 dB here.
    assert a.geometric_loss_db == pytest.approx(b.geometric_loss_db, abs=0.05)


def test_link_budget_bad_inputs():
    with pytest.raises(ValueError, match="receiver_aperture_m"):
        _budget(receiver_aperture_m=0.0)
    with pytest.raises(ValueError, match="transmitter_aperture_m"):
        _budget(transmitter_aperture_m=0.0)
    with pytest.raises(ValueError, match="direction"):
        _budget(direction="sideways")
    with pytest.raises(ValueError, match="elevation_deg"):
        _budget(elevation_deg=120.0)
    with pytest.raises(ValueError, match="slant_range_km"):
        _budget(slant_range_km=0.0)
    with pytest.raises(ValueError, match="pointing_error_rad"):
        _budget(pointing_error_rad=-1e-6)
    with pytest.raises(ValueError, match="receiver_efficiency"):
        _budget(receiver_efficiency=1.5)
    with pytest.raises(ValueError, match="wavelength_m"):
        _budget(wavelength_m=-1.0)
    with pytest.raises(ValueError, match="extra_loss_db"):
        _budget(extra_loss_db=-1.0)
    with pytest.raises(TypeError, match="slant_range_km"):
        _budget(slant_range_km="far")


# ---------------------------------------------------------------- Micius scenarios


def test_dual_downlink_transmissivity_is_the_product():
    link = sat.dual_downlink()
    product = float(link.budgets[0].transmissivity) * float(link.budgets[1].transmissivity)
    assert link.transmissivity == pytest.approx(product, rel=1e-12)
    assert link.total_loss_db == pytest.approx(sum(link.losses_db), rel=1e-12)
    assert link.pair_rate_hz == pytest.approx(5.9e6 * link.transmissivity, rel=1e-12)
    # Symmetric geometry: equal ranges; the bigger telescope (1.8 m) loses less.
    assert link.slant_ranges_km[0] == pytest.approx(link.slant_ranges_km[1])
    assert link.losses_db[1] < link.losses_db[0]
    # Yin et al. (2017): total path 1,600-2,400 km; the overhead midpoint is the shortest.
    assert 1500 < sum(link.slant_ranges_km) < 1700


def test_dual_downlink_offset_and_reported_range():
    centred = sat.dual_downlink(model="ideal")
    shifted = sat.dual_downlink(model="ideal", offset_km=400.0)
    assert shifted.slant_ranges_km[0] > shifted.slant_ranges_km[1]
    assert shifted.total_loss_db > centred.total_loss_db
    # The idealized model omits optics losses: it is optimistic against the 64-82 dB that
    # Yin et al., Science 356, 1140 (2017) measured; adding them as extra_loss_db closes the gap.
    low = sat.YIN_2017_TWO_DOWNLINK_LOSS_DB[0]
    assert centred.total_loss_db < low
    calibrated = sat.dual_downlink(model="ideal", extra_loss_db=(low - centred.total_loss_db) / 2)
    assert calibrated.total_loss_db == pytest.approx(low, rel=1e-9)
    with pytest.raises(ValueError, match="station"):
        sat.dual_downlink(station_separation_km=6000.0)
    with pytest.raises(ValueError, match="station_separation_km"):
        sat.dual_downlink(station_separation_km=0.0)
    with pytest.raises(ValueError, match="receiver_apertures_m"):
        sat.dual_downlink(receiver_apertures_m=(1.0,))
    with pytest.raises(ValueError, match="source_pair_rate_hz"):
        sat.dual_downlink(source_pair_rate_hz=-1.0)


def test_satellite_beats_fiber_by_many_orders_of_magnitude():
    comparison = sat.compare_with_fiber(1200.0)
    assert comparison.fiber_loss_db == pytest.approx(240.0)
    # Liao et al., Nature 549, 43 (2017): about 20 orders of magnitude at 1,200 km.
    assert comparison.orders_of_magnitude > 15
    assert comparison.orders_of_magnitude == pytest.approx(20.0, abs=1.0)
    ideal = sat.compare_with_fiber(1200.0, model="ideal")
    assert ideal.orders_of_magnitude == pytest.approx(20.0, abs=3.0)
    assert ideal.orders_of_magnitude > comparison.orders_of_magnitude
    assert comparison.satellite_transmissivity > 1e10 * comparison.fiber_transmissivity
    # The advantage grows with distance: fiber is exponential, diffraction quadratic.
    assert sat.compare_with_fiber(2000.0).orders_of_magnitude > comparison.orders_of_magnitude
    with pytest.raises(ValueError, match="slant_range_km"):
        sat.compare_with_fiber(5000.0)
    with pytest.raises(ValueError, match="attenuation_db_per_km"):
        sat.compare_with_fiber(1200.0, attenuation_db_per_km=-0.2)


def test_satellite_as_trusted_relay_between_distant_stations():
    result = sat.satellite_trusted_relay(key_length=64, seed=5)
    assert result.keys_agree
    assert "Micius" in result.nodes_that_learn_key
    # The satellite announces k_A xor k_B; the first station's link key is the final key.
    k_a, k_b = result.link_keys
    assert np.array_equal(result.published_messages[1], k_a ^ k_b)
    assert np.array_equal(result.end_key, k_a)
    # Liao et al. (2018): farther apart than any single satellite can see at once.
    assert sat.BEIJING_VIENNA_DISTANCE_KM > 2 * sat.max_ground_range_km(altitude_km=500.0)
    given = sat.satellite_trusted_relay(key_length=3, link_keys=([1, 0, 1, 1], [0, 0, 1, 1]))
    assert given.key_at_last_end.tolist() == [1, 0, 1]
    with pytest.raises(ValueError, match="ground_stations"):
        sat.satellite_trusted_relay(key_length=8, ground_stations=("A",))
    with pytest.raises(ValueError, match="key_length"):
        sat.satellite_trusted_relay(key_length=0)


def test_key_per_pass_with_decoy_state_rate_idealized_model():
    result = sat.micius_downlink_key_per_pass(
        model="ideal", max_elevation_deg=60.0, min_elevation_deg=10.0
    )
    assert result.total_key_bits > 0
    assert result.peak_key_rate_bps == pytest.approx(result.key_rate_bps.max())
    # The best rate is at culmination, the shortest and least lossy point of the pass.
    middle = result.key_rate_bps.size // 2
    assert result.key_rate_bps[middle] == pytest.approx(result.peak_key_rate_bps)
    # Liao et al. (2017): about 300 kbit per pass, about 1.1 kbit/s on average. The idealized
    # budget leaves out optics losses, so it is optimistic, but within two orders of magnitude.
    assert 3e5 < result.total_key_bits < 3e7
    assert result.mean_key_rate_bps == pytest.approx(
        result.total_key_bits / result.satellite_pass.duration_s
    )
    # In the low-loss regime the key rate is about linear in transmissivity: 10 dB more loss,
    # about 10 times less key (a little less than 10 times, as errors weigh more).
    lossier = sat.micius_downlink_key_per_pass(
        model="ideal", max_elevation_deg=60.0, min_elevation_deg=10.0, extra_loss_db=10.0
    )
    assert 8 < result.total_key_bits / lossier.total_key_bits < 20
    # Independent check at one sample: the rate is the pulse rate times the per-pulse key.
    i = result.key_rate_bps.size // 3
    eta = float(result.budget.transmissivity[i])
    expected = 100e6 * qie.decoy_bb84_key_rate(transmissivity=eta, detector_efficiency=1.0)
    assert result.key_rate_bps[i] == pytest.approx(expected, rel=1e-9)
    low = sat.micius_downlink_key_per_pass(
        model="ideal", max_elevation_deg=25.0, min_elevation_deg=10.0
    )
    assert low.total_key_bits < result.total_key_bits
    with pytest.raises(ValueError, match="repetition_rate_hz"):
        sat.micius_downlink_key_per_pass(repetition_rate_hz=0.0)
    with pytest.raises(TypeError, match="key_rate_options"):
        sat.micius_downlink_key_per_pass(key_rate_options=[1])
    with pytest.raises(ValueError, match="max_elevation_deg"):
        sat.micius_downlink_key_per_pass(max_elevation_deg=95.0)
    with pytest.raises(ValueError, match="daytime"):
        sat.micius_downlink_key_per_pass(model="ideal", daytime=True)


# ---------------------------------------------------------------- the Micius-calibrated model


def _kasten_young(elevation_deg):
    # Kasten and Young, Appl. Opt. 28, 4735 (1989), written out again here.
    return 1.0 / (
        math.sin(math.radians(elevation_deg)) + 0.50572 * (elevation_deg + 6.07995) ** -1.6364
    )


def _independent_loss_db(distance_km, elevation_deg, hw):
    """Every term of a Micius downlink from the Gaussian-beam formulas, without the module."""
    length_m = distance_km * 1e3
    w_sq = (
        (hw.transmitter_aperture_m / 2) ** 2
        + (hw.beam_divergence_rad * length_m) ** 2
        + 4 * (hw.pointing_error_rad * length_m) ** 2
    )
    a = hw.receiver_aperture_m / 2
    collected = 1 - math.exp(-2 * a * a / w_sq)
    eta = (
        hw.transmitter_efficiency
        * collected
        * hw.zenith_transmission ** _kasten_young(elevation_deg)
        * hw.receiver_optics_efficiency
        * hw.detector_efficiency
    )
    return -10 * math.log10(eta)


def _elevation_deg(distance_km, altitude_km=500.0):
    # Law of cosines in the triangle Earth centre - station - satellite, solved for elevation.
    r = R + altitude_km
    return math.degrees(math.asin((r * r - R * R - distance_km**2) / (2 * R * distance_km)))


@pytest.mark.parametrize("distance_km", [645.0, 900.0, 1200.0])
def test_micius_link_budget_matches_an_independent_computation(distance_km):
    elevation = _elevation_deg(distance_km)
    budget = sat.micius_link_budget(slant_range_km=distance_km, elevation_deg=elevation)
    expected = _independent_loss_db(distance_km, elevation, sat.MICIUS_QKD_DOWNLINK)
    assert budget.total_loss_db == pytest.approx(expected, rel=1e-9)
    assert sum(budget.terms().values()) == pytest.approx(budget.total_loss_db, rel=1e-12)
    assert budget.model == "micius"
    assert set(budget.terms()) >= {
        "geometric (diffraction)",
        "pointing",
        "atmosphere",
        "receiver optics",
        "detector",
    }
    assert budget.detector_loss_db == pytest.approx(-10 * math.log10(0.5))
    assert budget.turbulence_loss_db == 0.0  # a downlink


def test_micius_downlink_loss_matches_liao_2017_within_3_db():
    # Liao et al., Nature 549, 43 (2017): about 30 dB at 645 km, 38-40 dB near 1,200 km.
    at_645 = sat.micius_link_budget(slant_range_km=645.0, elevation_deg=_elevation_deg(645.0))
    assert float(at_645.total_loss_db) == pytest.approx(30.0, abs=3.0)
    at_1200 = sat.micius_link_budget(slant_range_km=1200.0, elevation_deg=_elevation_deg(1200.0))
    assert 38.0 - 3.0 <= float(at_1200.total_loss_db) <= 40.0 + 3.0
    # The constant holds the same published points.
    for distance, reported in sat.LIAO_2017_DOWNLINK_LOSS_DB:
        model = sat.micius_link_budget(
            slant_range_km=distance, elevation_deg=_elevation_deg(distance)
        )
        assert float(model.total_loss_db) == pytest.approx(reported, abs=3.0)
    # The idealized model is 12-16 dB too optimistic at 645 km, as the audit found.
    ideal = sat.link_budget(
        slant_range_km=645.0,
        elevation_deg=_elevation_deg(645.0),
        beam_divergence_rad=sat.MICIUS_DOWNLINK_DIVERGENCE_RAD,
    )
    assert 10.0 < float(at_645.total_loss_db - ideal.total_loss_db) < 16.0


def test_micius_dual_downlink_inside_the_measured_range():
    low, high = sat.YIN_2017_TWO_DOWNLINK_LOSS_DB
    link = sat.dual_downlink()
    assert low <= link.total_loss_db <= high
    # Independent: the two downlinks from the Gaussian-beam formulas, with the satellite midway.
    for budget, hw, distance, elevation in zip(
        link.budgets,
        sat.MICIUS_ENTANGLEMENT_DOWNLINKS,
        link.slant_ranges_km,
        link.elevations_deg,
        strict=True,
    ):
        assert float(budget.total_loss_db) == pytest.approx(
            _independent_loss_db(distance, elevation, hw), rel=1e-9
        )
        assert elevation == pytest.approx(_elevation_deg(distance), abs=1e-6)
    # Passes where the satellite is off the midpoint stay inside the measured range too.
    for offset in (200.0, 400.0, 600.0):
        assert low <= sat.dual_downlink(offset_km=offset).total_loss_db <= high
    # Yin et al. (2017) count about one pair per second at both stations; the model is within
    # a factor of a few.
    assert 0.1 < link.pair_rate_hz < 5.0
    with pytest.raises(TypeError, match="extra_loss_db only"):
        sat.dual_downlink(wavelength_m=1550e-9)
    with pytest.raises(ValueError, match="model"):
        sat.dual_downlink(model="perfect")


def test_liao_pass_geometry_matches_the_reported_duration():
    result = sat.micius_downlink_key_per_pass()
    the_pass = result.satellite_pass
    # From 1,200 km to the closest approach at 645 km and back: 273 s of data (Liao et al.).
    assert the_pass.slant_range_km.min() == pytest.approx(645.0, rel=1e-6)
    assert the_pass.slant_range_km[0] == pytest.approx(1200.0, rel=1e-6)
    assert the_pass.duration_s == pytest.approx(273.0, rel=0.03)


def _vacuum_weak_rate(eta, mu, nu, y0, e_d, f=1.22, q=0.25):
    # Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), vacuum + weak decoy, written out term by term.
    def h(x):
        return -x * math.log2(x) - (1 - x) * math.log2(1 - x)

    q_mu = 1 - (1 - y0) * math.exp(-eta * mu)
    q_nu = 1 - (1 - y0) * math.exp(-eta * nu)
    e_mu = (y0 / 2 + e_d * (1 - math.exp(-eta * mu))) / q_mu
    eq_nu = y0 / 2 + e_d * (1 - math.exp(-eta * nu))
    y1 = (mu / (mu * nu - nu * nu)) * (
        q_nu * math.exp(nu)
        - q_mu * math.exp(mu) * nu * nu / (mu * mu)
        - (mu * mu - nu * nu) / (mu * mu) * y0
    )
    e1 = (eq_nu * math.exp(nu) - y0 / 2) / (y1 * nu)
    return max(0.0, q * (y1 * mu * math.exp(-mu) * (1 - h(e1)) - f * q_mu * h(e_mu)))


def test_micius_key_per_pass_within_a_factor_2_of_liao_2017():
    result = sat.micius_downlink_key_per_pass()
    # Liao et al., Nature 549, 43 (2017): 300,939 bits from one pass.
    ratio = result.total_key_bits / sat.LIAO_2017_KEY_PER_PASS_BITS
    assert 0.5 < ratio < 2.0
    assert result.model == "micius" and not result.daytime
    # Independent: the key rate formula written out, integrated by Simpson's rule on its own grid.
    hw, source = sat.MICIUS_QKD_DOWNLINK, sat.MICIUS_DECOY_SOURCE
    y0 = (hw.dark_count_rate_hz + hw.night_background_rate_hz) * hw.detection_window_s
    duration = result.satellite_pass.duration_s
    n = 2001
    times = np.linspace(0.0, duration, n)
    r = R + 500.0
    omega = math.sqrt(sat.GM_EARTH_KM3_PER_S2 / r**3)
    # Closest approach 645 km: central angle beta from the law of cosines.
    beta = math.acos((r * r + R * R - 645.0**2) / (2 * r * R))
    rates = []
    for t in times:
        phi = omega * (t - duration / 2)
        gamma = math.acos(math.cos(beta) * math.cos(phi))
        distance = math.sqrt(r * r + R * R - 2 * r * R * math.cos(gamma))
        eta = 10 ** (-_independent_loss_db(distance, _elevation_deg(distance), hw) / 10)
        rates.append(
            source.repetition_rate_hz
            * _vacuum_weak_rate(
                eta, source.signal_intensity, source.decoy_intensity, y0, hw.misalignment
            )
        )
    rates = np.array(rates)
    dt = times[1] - times[0]
    simpson = dt / 3 * (rates[0] + rates[-1] + 4 * rates[1:-1:2].sum() + 2 * rates[2:-1:2].sum())
    assert result.total_key_bits == pytest.approx(simpson, rel=2e-3)


def test_day_against_night():
    night = sat.micius_downlink_key_per_pass()
    day = sat.micius_downlink_key_per_pass(daytime=True)
    hw = sat.MICIUS_QKD_DOWNLINK
    assert day.background_probability == pytest.approx(
        (hw.dark_count_rate_hz + hw.day_background_rate_hz) * hw.detection_window_s
    )
    assert day.background_probability > 100 * night.background_probability
    # The daylight background at 850 nm is comparable to the signal: no key (Micius ran at night).
    assert day.total_key_bits == 0.0 < night.total_key_bits
    # A quieter daytime sky (narrower filters) brings some key back.
    quiet = sat.micius_downlink_key_per_pass(key_rate_options={"dark_count_probability": 1e-5})
    assert 0.0 < quiet.total_key_bits < night.total_key_bits
    with pytest.raises(TypeError, match="daytime"):
        sat.micius_downlink_key_per_pass(daytime="yes")
    with pytest.raises(TypeError, match="key_rate_options"):
        sat.micius_downlink_key_per_pass(key_rate_options={"detector_efficiency": 0.5})
    with pytest.raises(TypeError, match="extra_loss_db only"):
        sat.micius_downlink_key_per_pass(receiver_efficiency=0.5)
    with pytest.raises(TypeError, match="hardware"):
        sat.micius_link_budget(slant_range_km=800.0, elevation_deg=40.0, hardware="Micius")


def test_key_per_pass_memory_is_bounded_at_a_fine_step():
    import tracemalloc

    for model in ("micius", "ideal"):
        tracemalloc.start()
        try:
            fine = sat.micius_downlink_key_per_pass(model=model, time_step_s=0.01)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 200e6, (model, peak)
        coarse = sat.micius_downlink_key_per_pass(model=model, time_step_s=1.0)
        assert fine.total_key_bits == pytest.approx(coarse.total_key_bits, rel=1e-3)


def test_satellite_pass_refuses_a_step_too_fine():
    with pytest.raises(ValueError, match=r"time_step_s=1e-09.*MAX_PASS_SAMPLES"):
        sat.satellite_pass(altitude_km=500.0, max_elevation_deg=90.0, time_step_s=1e-9)
    with pytest.raises(ValueError, match="time_step_s"):
        sat.micius_downlink_key_per_pass(time_step_s=1e-9)
    finest = sat.satellite_pass(altitude_km=500.0, max_elevation_deg=90.0, time_step_s=1e-3)
    assert finest.time_s.size <= sat.MAX_PASS_SAMPLES


@pytest.mark.parametrize(
    ("position", "message"),
    [
        ((200.0, 0.0), "latitude_deg"),
        ((float("nan"), 0.0), "latitude_deg"),
        ((0.0, 181.0), "longitude_deg"),
        ((0.0, float("nan")), "longitude_deg"),
        ((0.0, float("inf")), "longitude_deg"),
        ((1.0, 2.0, 3.0), "position"),
    ],
)
def test_great_circle_km_validates_positions(position, message):
    from qinternet_edu.network import great_circle_km

    with pytest.raises(ValueError, match=message):
        great_circle_km(position, (0.0, 0.0))
    with pytest.raises(ValueError, match=message):
        great_circle_km((0.0, 0.0), position)
    # A quarter of the equator: pi R / 2.
    assert great_circle_km((0.0, 0.0), (0.0, 90.0)) == pytest.approx(math.pi * R / 2, rel=1e-12)
