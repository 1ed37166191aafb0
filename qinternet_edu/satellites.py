"""Satellites: low-Earth-orbit passes, free-space link budgets, Micius-like scenarios.

A satellite in a circular low Earth orbit is in view of a ground station for a
few minutes per pass. During the pass its elevation, and with it the distance
to the station (the slant range) and the air the beam crosses, change by the
second. The loss of the optical link is dominated by diffraction: the beam
spreads, and a telescope on the ground catches only a small part of it. Loss
grows with the square of the distance, not exponentially as in fiber, which is
why a satellite beats fiber by many orders of magnitude over 1,000 km.

Two models of the optical link. The *Micius-calibrated* model is the default
of the Micius scenarios (:func:`micius_link_budget`,
:func:`micius_downlink_key_per_pass`, :func:`dual_downlink`,
:func:`compare_with_fiber`): every loss term itemized with the hardware of
the Micius experiments (beam divergence and telescope apertures, pointing,
atmosphere, receiver optics, detector), background light by night and by day,
and Micius's source and detector parameters; it reproduces the published
losses and key. The *idealized* model (``model="ideal"``, and
:func:`link_budget` used on its own) keeps only diffraction, pointing,
atmosphere and one receiver efficiency: the physics, without the hardware's
losses, and far too optimistic for Micius.

The geometry is spherical: a round Earth of radius ``EARTH_RADIUS_KM`` and a
circular orbit. The Earth's rotation is ignored (it moves the ground station
by about 0.46 km/s at the equator, against a ground-track speed near 7 km/s),
which changes pass durations by a few percent.

Sources: Micius experiments: J. Yin et al., "Satellite-based entanglement
distribution over 1200 kilometers", Science 356, 1140 (2017); S.-K. Liao et
al., "Satellite-to-ground quantum key distribution", Nature 549, 43 (2017);
S.-K. Liao et al., "Satellite-relayed intercontinental quantum network",
Phys. Rev. Lett. 120, 030501 (2018); J. Yin et al., "Entanglement-based
secure quantum cryptography over 1,120 kilometres", Nature 582, 501 (2020).
Link-budget modelling (downlink versus
uplink): J.-P. Bourgoin et al., "A comprehensive design and performance
analysis of low Earth orbit satellite quantum communication", New J. Phys. 15,
023006 (2013).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass, field

import numpy as np

from ._validation import (
    as_output,
    check_bits,
    check_choice,
    check_int,
    check_nonnegative,
    check_positive,
    check_real,
    check_samples,
    make_rng,
)
from .qkd.decoy import decoy_bb84_key_rate, vacuum_weak_decoy_key_rate
from .relay import RelayResult, trusted_node_relay
from .units import EARTH_RADIUS_KM, FIBER_ATTENUATION_DB_PER_KM, SPEED_OF_LIGHT_M_PER_S

__all__ = [
    "BEIJING_VIENNA_DISTANCE_KM",
    "GM_EARTH_KM3_PER_S2",
    "LIAO_2017_DOWNLINK_LOSS_DB",
    "LIAO_2017_KEY_PER_PASS_BITS",
    "LIAO_2017_PASS_RANGE_KM",
    "MAX_PASS_SAMPLES",
    "MICIUS_ALTITUDE_KM",
    "MICIUS_DECOY_SOURCE",
    "MICIUS_DOWNLINK_DIVERGENCE_RAD",
    "MICIUS_ENTANGLEMENT_DOWNLINKS",
    "MICIUS_QKD_DOWNLINK",
    "MICIUS_STATION_SEPARATION_KM",
    "UPLINK_TURBULENCE_ANGLE_RAD",
    "YIN_2017_TWO_DOWNLINK_LOSS_DB",
    "ZENITH_TRANSMISSION",
    "DecoySource",
    "DownlinkHardware",
    "DualDownlink",
    "FiberComparison",
    "LinkBudget",
    "SatelliteKeyPerPass",
    "SatellitePass",
    "air_mass",
    "atmospheric_transmission",
    "compare_with_fiber",
    "dual_downlink",
    "elevation_from_slant_range_deg",
    "link_budget",
    "max_ground_range_km",
    "micius_downlink_key_per_pass",
    "micius_link_budget",
    "orbital_period_s",
    "pass_duration_s",
    "satellite_pass",
    "satellite_trusted_relay",
    "slant_range_km",
]

#: Earth's gravitational parameter GM in km^3/s^2 (IERS Conventions 2010,
#: IERS Technical Note 36, Table 1.1: 3.986004418e14 m^3/s^2).
GM_EARTH_KM3_PER_S2 = 398_600.4418

#: Micius orbits at about 500 km (Yin et al., Science 356, 1140 (2017);
#: Liao et al., Nature 549, 43 (2017)).
MICIUS_ALTITUDE_KM = 500.0

#: Far-field half-angle (1/e^2 radius) of the Micius downlink beams used by the
#: course: the experiments report a divergence of about 10 microradians
#: (Liao et al. 2017; Yin et al. 2017), read here as the full angle. The real
#: beams are several times wider than the diffraction limit of the 300 mm
#: transmitting telescope.
MICIUS_DOWNLINK_DIVERGENCE_RAD = 5e-6

#: Ground distance between the Delingha and Lijiang stations that received the
#: entangled pairs from Micius (Yin et al., Science 356, 1140 (2017)).
MICIUS_STATION_SEPARATION_KM = 1203.0

#: The summed loss of the two Micius downlinks reported by Yin et al. (2017),
#: from 64 dB to 82 dB over the passes (total path 1,600 to 2,400 km).
YIN_2017_TWO_DOWNLINK_LOSS_DB = (64.0, 82.0)

#: Great-circle distance of the intercontinental key relayed through Micius,
#: Xinglong (near Beijing) to Graz (near Vienna) (Liao et al., PRL 120,
#: 030501 (2018)).
BEIJING_VIENNA_DISTANCE_KM = 7600.0

#: Clear-sky transmission of the whole atmosphere at zenith near 800-850 nm.
#: An assumption of the course: atmospheric models used in satellite-QKD
#: studies (e.g. MODTRAN in Bourgoin et al. 2013) give values of order
#: 0.8-0.9 at a good site in clear weather.
ZENITH_TRANSMISSION = 0.9

#: Extra half-angle spread of an uplink beam from turbulence near the ground
#: transmitter (beam wander plus broadening, long-term average), about 2
#: arcseconds. An assumption of the course in the range discussed by
#: Bourgoin et al. (2013); a downlink crosses the turbulence only in its last
#: ~20 km, so its beam is hardly broadened (default 0).
UPLINK_TURBULENCE_ANGLE_RAD = 10e-6

#: Downlink loss Liao et al. (2017) report for the Micius QKD link to Xinglong,
#: as (slant range km, loss dB): about 30 dB at the closest approach of the
#: pass, 645 km, rising to 38-40 dB near 1,200 km (Liao et al., Nature 549,
#: 43 (2017); the values as the course reads them from the paper's loss
#: against distance, good to about a dB).
LIAO_2017_DOWNLINK_LOSS_DB = ((645.0, 30.0), (1200.0, 39.0))

#: The pass of Liao et al. (2017) used for the key: from 1,200 km down to the
#: closest approach at 645 km and back out to 1,200 km, 273 s of data.
LIAO_2017_PASS_RANGE_KM = (645.0, 1200.0)

#: Final secret key from that one pass: 300,939 bits, about 1.1 kbit/s on
#: average (Liao et al., Nature 549, 43 (2017)).
LIAO_2017_KEY_PER_PASS_BITS = 300_939.0

#: The most samples :func:`satellite_pass` makes (a 7-minute pass at 0.5 ms);
#: a finer ``time_step_s`` is refused rather than filling the memory.
MAX_PASS_SAMPLES = 1_000_000


@dataclass(frozen=True)
class DownlinkHardware:
    """The hardware of one satellite-to-ground downlink, for :func:`micius_link_budget`.

    Attributes:
        name: a label.
        wavelength_m: the photons' wavelength.
        transmitter_aperture_m: diameter of the sending telescope.
        beam_divergence_rad: far-field 1/e^2 half-angle of the real beam.
        pointing_error_rad: rms pointing jitter per axis.
        transmitter_efficiency: fraction of the photons, counted where the
            source is specified, that leave the sending telescope.
        receiver_aperture_m: diameter of the ground telescope.
        receiver_optics_efficiency: telescope, relay optics, analyser and the
            coupling of the (turbulence-blurred) spot into the detectors.
        detector_efficiency: the single-photon detectors' efficiency.
        zenith_transmission: clear-sky transmission at zenith at the site.
        dark_count_rate_hz: dark counts of all the station's detectors together.
        night_background_rate_hz, day_background_rate_hz: background light
            counted by the detectors at night and by day (all detectors).
        detection_window_s: the time window around each expected photon.
        misalignment: probability that a detected photon lands in the wrong
            detector (optical error).
        source: where the values come from.
    """

    name: str
    wavelength_m: float
    transmitter_aperture_m: float
    beam_divergence_rad: float
    pointing_error_rad: float
    transmitter_efficiency: float
    receiver_aperture_m: float
    receiver_optics_efficiency: float
    detector_efficiency: float
    zenith_transmission: float
    dark_count_rate_hz: float
    night_background_rate_hz: float
    day_background_rate_hz: float
    detection_window_s: float
    misalignment: float
    source: str

    def background_probability(self, *, daytime: bool = False) -> float:
        """Probability of a dark or background count in one detection window.

        Example:
            >>> p = MICIUS_QKD_DOWNLINK.background_probability()
            >>> 1e-7 < p < 1e-5 < MICIUS_QKD_DOWNLINK.background_probability(daytime=True)
            True
        """
        if not isinstance(daytime, bool):
            raise TypeError(f"daytime must be True or False; got {daytime!r}")
        light = self.day_background_rate_hz if daytime else self.night_background_rate_hz
        return (self.dark_count_rate_hz + light) * self.detection_window_s


@dataclass(frozen=True)
class DecoySource:
    """A decoy-state BB84 source: pulse rate and intensities.

    Attributes:
        repetition_rate_hz: pulses per second.
        signal_intensity: mean photon number of the signal pulses.
        decoy_intensity: mean photon number of the weak decoy pulses.
        signal_probability: fraction of pulses sent as signal (the key comes
            from them; the rest are decoy and vacuum pulses).
        source: where the values come from.
    """

    repetition_rate_hz: float
    signal_intensity: float
    decoy_intensity: float
    signal_probability: float
    source: str


_LIAO = "Liao et al., Nature 549, 43 (2017)"

#: The Micius decoy-state source: 100 MHz at 850 nm, signal 0.8 and decoy 0.1
#: photons per pulse plus vacuum pulses, sent with probabilities 1/2, 1/4, 1/4
#: (Liao et al., Nature 549, 43 (2017)).
MICIUS_DECOY_SOURCE = DecoySource(
    repetition_rate_hz=100e6,
    signal_intensity=0.8,
    decoy_intensity=0.1,
    signal_probability=0.5,
    source=_LIAO,
)

#: The Micius QKD downlink to the Xinglong station. Published (Liao et al. 2017):
#: 850 nm, 300 mm transmitter, a beam divergence of about 10 microradians
#: (full angle; 5 microradians 1/e^2 half-angle), sub-microradian fine
#: tracking, a 1.0 m receiving telescope, silicon single-photon detectors of
#: about 50 % efficiency, a QBER of 1-2 % (misalignment 1.5 % here), a sifted key of
#: about 12 kbit/s at 645 km. Assumed by the course: the zenith
#: transmission of a hazy continental site (0.75 at 850 nm), dark counts of 25
#: per second per detector for four detectors, a night background of 500 and
#: a daylight background of 5e5 counts per second behind the same filters, a
#: 2 ns window. Calibrated: the receiver-optics efficiency, 0.05, is the one
#: value chosen to fit the data at 645 km, 31 dB in all (about 30 dB reported;
#: the reported sifted rate there points to a dB or two more). Every other term
#: is set before that, so the loss at 1,200 km (38.5 dB) is a prediction.
MICIUS_QKD_DOWNLINK = DownlinkHardware(
    name="Micius QKD downlink to Xinglong",
    wavelength_m=850e-9,
    transmitter_aperture_m=0.3,
    beam_divergence_rad=5e-6,
    pointing_error_rad=0.5e-6,
    transmitter_efficiency=1.0,
    receiver_aperture_m=1.0,
    receiver_optics_efficiency=0.05,
    detector_efficiency=0.5,
    zenith_transmission=0.75,
    dark_count_rate_hz=100.0,
    night_background_rate_hz=500.0,
    day_background_rate_hz=5e5,
    detection_window_s=2e-9,
    misalignment=0.015,
    source=f"{_LIAO}; site, noise and receiver-optics values assumed or calibrated",
)

_YIN = "Yin et al., Science 356, 1140 (2017)"

#: The two Micius entanglement downlinks, to Delingha (1.2 m telescope) and
#: Lijiang (1.8 m), at 810 nm with the same beam divergence (Yin et al. 2017).
#: Assumed by the course: each photon of a pair leaves the payload with
#: probability 0.25 (collection of the down-converted photons into the
#: payload's optics and the transmitting telescopes; the 5.9 million pairs per
#: second are counted at the source), the receivers' optics and detectors as at
#: Xinglong, and a clear high-altitude sky (zenith transmission 0.85). With
#: these the two downlinks add to 64-82 dB over the passes, as measured.
MICIUS_ENTANGLEMENT_DOWNLINKS = (
    dataclasses.replace(
        MICIUS_QKD_DOWNLINK,
        name="Micius entanglement downlink to Delingha",
        wavelength_m=810e-9,
        transmitter_efficiency=0.25,
        receiver_aperture_m=1.2,
        zenith_transmission=0.85,
        source=f"{_YIN}; transmitter, receiver and site values assumed",
    ),
    dataclasses.replace(
        MICIUS_QKD_DOWNLINK,
        name="Micius entanglement downlink to Lijiang",
        wavelength_m=810e-9,
        transmitter_efficiency=0.25,
        receiver_aperture_m=1.8,
        zenith_transmission=0.85,
        source=f"{_YIN}; transmitter, receiver and site values assumed",
    ),
)

_MODELS = ("micius", "ideal")

_R = EARTH_RADIUS_KM
_C_KM_PER_S = SPEED_OF_LIGHT_M_PER_S / 1e3


#: Highest altitude accepted: beyond the Moon's distance (about 384,400 km) a satellite is no
#: longer in orbit around the Earth and the pass geometry means nothing.
MAX_ALTITUDE_KM = 400_000.0
#: Largest telescope aperture accepted, in metres (the largest optical telescopes are ~40 m).
MAX_APERTURE_M = 100.0


def _check_altitude(altitude_km) -> float:
    return check_real("altitude_km", altitude_km, low=0.0, low_open=True, high=MAX_ALTITUDE_KM)


def _check_elevation(name: str, elevation_deg):
    return check_real(name, elevation_deg, low=0.0, high=90.0)


def _central_angle_rad(elevation_rad, radius_km):
    """Earth-centre angle between station and satellite seen at this elevation."""
    return np.arccos(_R * np.cos(elevation_rad) / radius_km) - elevation_rad


def orbital_period_s(altitude_km):
    """Period of a circular orbit at this altitude, T = 2 pi sqrt(r^3 / GM) (Kepler's third law).

    Args:
        altitude_km: height of the orbit above the mean Earth radius, > 0.

    Returns:
        The orbital period in seconds.

    Source: Kepler's third law; GM from the IERS Conventions (2010).

    Example:
        >>> round(orbital_period_s(500.0) / 60, 1)  # minutes, Micius-like orbit
        94.6
    """
    h = _check_altitude(altitude_km)
    r = _R + np.asarray(h)
    return as_output(2.0 * np.pi * np.sqrt(r**3 / GM_EARTH_KM3_PER_S2), altitude_km)


def slant_range_km(elevation_deg, *, altitude_km):
    """Distance from a ground station to a satellite seen at a given elevation.

    d = sqrt((R + h)^2 - R^2 cos^2 e) - R sin e: ``h`` at zenith (e = 90
    degrees) and sqrt((R + h)^2 - R^2) at the horizon.

    Args:
        elevation_deg: elevation above the horizon in degrees, in [0, 90]
            (scalar or array).
        altitude_km: orbit altitude in km, > 0.

    Returns:
        The slant range in km.

    Source: plane triangle Earth centre - station - satellite (law of cosines).

    Example:
        >>> slant_range_km(90.0, altitude_km=500.0)
        500.0
        >>> round(slant_range_km(0.0, altitude_km=500.0))
        2573
    """
    e = np.radians(_check_elevation("elevation_deg", elevation_deg))
    r = _R + _check_altitude(altitude_km)
    d = np.sqrt(r**2 - (_R * np.cos(e)) ** 2) - _R * np.sin(e)
    return as_output(d, elevation_deg)


def elevation_from_slant_range_deg(slant_range_km, *, altitude_km):
    """Elevation at which a satellite at this altitude is this far away.

    Inverts :func:`slant_range_km`: sin e = ((R + h)^2 - R^2 - d^2) / (2 R d).

    Args:
        slant_range_km: distance to the satellite in km, between the altitude
            (zenith) and the horizon distance (scalar or array).
        altitude_km: orbit altitude in km, > 0.

    Returns:
        The elevation in degrees, in [0, 90].

    Example:
        >>> round(elevation_from_slant_range_deg(1200.0, altitude_km=500.0), 1)
        19.8
    """
    h = _check_altitude(altitude_km)
    r = _R + h
    horizon = math.sqrt(r**2 - _R**2)
    d = check_real("slant_range_km", slant_range_km, low=h, high=horizon)
    sin_e = (r**2 - _R**2 - np.asarray(d) ** 2) / (2.0 * _R * np.asarray(d))
    return as_output(np.degrees(np.arcsin(np.clip(sin_e, 0.0, 1.0))), slant_range_km)


def max_ground_range_km(*, altitude_km, min_elevation_deg=10.0):
    """Ground distance from the sub-satellite point to the edge of the satellite's view.

    A station farther away than this sees the satellite below
    ``min_elevation_deg``. Two stations can receive photons from the same
    satellite at once only if they are at most twice this far apart.

    Args:
        altitude_km: orbit altitude in km, > 0.
        min_elevation_deg: the lowest usable elevation in degrees, [0, 90].

    Returns:
        The ground (great-circle) distance in km.

    Example:
        >>> round(max_ground_range_km(altitude_km=500.0, min_elevation_deg=10.0))
        1563
    """
    r = _R + _check_altitude(altitude_km)
    e = math.radians(_check_elevation("min_elevation_deg", min_elevation_deg))
    return float(_R * _central_angle_rad(e, r))


def _pass_geometry(altitude_km, max_elevation_deg, min_elevation_deg):
    h = _check_altitude(altitude_km)
    e_max = _check_elevation("max_elevation_deg", max_elevation_deg)
    e_min = _check_elevation("min_elevation_deg", min_elevation_deg)
    if e_max < e_min:
        raise ValueError(
            f"max_elevation_deg must be >= min_elevation_deg ({e_min:g}) for the satellite to "
            f"rise above it; got {e_max:g}"
        )
    r = _R + h
    beta = float(_central_angle_rad(math.radians(e_max), r))  # closest approach
    gamma_edge = float(_central_angle_rad(math.radians(e_min), r))
    # Right spherical triangle: cos(gamma) = cos(beta) cos(phi), phi = angle along the orbit.
    phi_edge = math.acos(min(1.0, math.cos(gamma_edge) / math.cos(beta)))
    omega = math.sqrt(GM_EARTH_KM3_PER_S2 / r**3)  # rad/s
    return h, e_max, e_min, r, beta, phi_edge, omega


def pass_duration_s(*, altitude_km, max_elevation_deg, min_elevation_deg=10.0):
    """Time a satellite spends above ``min_elevation_deg`` during one pass.

    Args:
        altitude_km: circular-orbit altitude in km, > 0.
        max_elevation_deg: the highest elevation of the pass (90 = overhead).
        min_elevation_deg: the lowest usable elevation, <= max_elevation_deg.

    Returns:
        The duration in seconds (Earth's rotation ignored).

    Source: spherical geometry of a circular orbit; period from Kepler's third law.

    Example:
        >>> round(pass_duration_s(altitude_km=500.0, max_elevation_deg=90.0) / 60, 1)
        7.4
    """
    _, _, _, _, _, phi_edge, omega = _pass_geometry(
        altitude_km, max_elevation_deg, min_elevation_deg
    )
    return float(2.0 * phi_edge / omega)


@dataclass(frozen=True)
class SatellitePass:
    """One pass of a satellite over a ground station, sampled in time.

    Attributes:
        altitude_km, max_elevation_deg, min_elevation_deg: the pass's parameters.
        duration_s: time above ``min_elevation_deg``.
        orbital_period_s: the orbit's period.
        closest_ground_distance_km: ground distance from the station to the
            satellite's ground track (0 for an overhead pass).
        time_s: sample times from rise (0) to set (``duration_s``).
        elevation_deg: elevation at each time.
        slant_range_km: station-satellite distance at each time.
        time_of_flight_s: light travel time station-satellite at each time.
    """

    altitude_km: float
    max_elevation_deg: float
    min_elevation_deg: float
    duration_s: float
    orbital_period_s: float
    closest_ground_distance_km: float
    time_s: np.ndarray = field(repr=False)
    elevation_deg: np.ndarray = field(repr=False)
    slant_range_km: np.ndarray = field(repr=False)
    time_of_flight_s: np.ndarray = field(repr=False)


def satellite_pass(*, altitude_km, max_elevation_deg, min_elevation_deg=10.0, time_step_s=1.0):
    """Elevation and distance over time while a satellite crosses a station's sky.

    The satellite moves on a circular orbit whose ground track passes at a
    fixed ground distance from the station, chosen so that the pass culminates
    at ``max_elevation_deg``. Samples run from rise above ``min_elevation_deg``
    to set, evenly spaced, at most ``time_step_s`` apart; rise, culmination
    and set are all samples.

    Args:
        altitude_km: orbit altitude in km, > 0 (Micius: about 500 km).
        max_elevation_deg: culmination elevation in degrees, [0, 90].
        min_elevation_deg: the lowest usable elevation, [0, max_elevation_deg]
            (default 10 degrees).
        time_step_s: the largest spacing between samples, > 0; at most
            ``MAX_PASS_SAMPLES`` samples are made, so a step too fine for the
            pass is refused with the smallest allowed step.

    Returns:
        A :class:`SatellitePass`.

    Source: spherical trigonometry of a circular orbit (right spherical
    triangle cos gamma = cos beta cos phi); Earth's rotation ignored.

    Example:
        >>> p = satellite_pass(altitude_km=500.0, max_elevation_deg=90.0)
        >>> round(p.duration_s), float(p.elevation_deg.max()), float(p.slant_range_km.min())
        (443, 90.0, 500.0)
    """
    step = check_positive("time_step_s", time_step_s)
    h, e_max, e_min, r, beta, phi_edge, omega = _pass_geometry(
        altitude_km, max_elevation_deg, min_elevation_deg
    )
    duration = 2.0 * phi_edge / omega
    samples = duration / step + 1.0
    if samples > MAX_PASS_SAMPLES:
        raise ValueError(
            f"time_step_s={step:g} would sample the {duration:.0f} s pass at about "
            f"{samples:.3g} points, more than MAX_PASS_SAMPLES = {MAX_PASS_SAMPLES:,}; "
            f"time_step_s must be >= {duration / (MAX_PASS_SAMPLES - 1):.3g} s for this pass"
        )
    n = 1 if duration == 0.0 else max(3, math.ceil(duration / step) + 1)
    n += 1 - n % 2  # an odd count puts the middle sample exactly at culmination
    time = np.linspace(0.0, duration, n)
    phi = omega * (time - duration / 2.0)
    cos_gamma = np.clip(math.cos(beta) * np.cos(phi), -1.0, 1.0)
    gamma = np.arccos(cos_gamma)
    elevation = np.degrees(np.arctan2(r * cos_gamma - _R, r * np.sin(gamma)))
    # (r - R)^2 + 4 R r sin^2(gamma / 2): the law of cosines without cancellation near zenith.
    distance = np.sqrt(h**2 + 4.0 * _R * r * np.sin(gamma / 2.0) ** 2)
    return SatellitePass(
        altitude_km=h,
        max_elevation_deg=e_max,
        min_elevation_deg=e_min,
        duration_s=float(duration),
        orbital_period_s=float(2.0 * math.pi / omega),
        closest_ground_distance_km=float(_R * beta),
        time_s=time,
        elevation_deg=elevation,
        slant_range_km=distance,
        time_of_flight_s=distance / _C_KM_PER_S,
    )


def air_mass(elevation_deg):
    """Relative optical path through the atmosphere (1 at zenith), Kasten-Young formula.

    AM = 1 / (sin e + 0.50572 (e + 6.07995 deg)^-1.6364), with e in degrees; it
    follows 1/sin(e) at high elevation and stays finite (about 38) at the horizon.

    Args:
        elevation_deg: elevation in degrees, [0, 90] (scalar or array).

    Returns:
        The air mass, >= 1.

    Source: F. Kasten and A. T. Young, "Revised optical air mass tables and
    approximation formula", Appl. Opt. 28, 4735 (1989).

    Example:
        >>> round(air_mass(90.0), 3)
        1.0
        >>> round(air_mass(30.0), 2)
        1.99
    """
    e = np.asarray(_check_elevation("elevation_deg", elevation_deg))
    am = 1.0 / (np.sin(np.radians(e)) + 0.50572 * (e + 6.07995) ** -1.6364)
    return as_output(am, elevation_deg)


def atmospheric_transmission(elevation_deg, *, zenith_transmission=ZENITH_TRANSMISSION):
    """Fraction of light crossing the atmosphere at this elevation, T0^AM(e).

    Args:
        elevation_deg: elevation in degrees, [0, 90] (scalar or array).
        zenith_transmission: transmission straight up, in (0, 1] (default 0.9,
            clear sky near 850 nm; an assumption, see ``ZENITH_TRANSMISSION``).

    Returns:
        The transmission in (0, 1].

    Source: Beer-Lambert law along the slant path, with the Kasten-Young air mass.

    Example:
        >>> round(atmospheric_transmission(90.0), 3)
        0.9
        >>> round(atmospheric_transmission(20.0), 3)
        0.74
    """
    t0 = check_real("zenith_transmission", zenith_transmission, low=0.0, high=1.0, low_open=True)
    am = air_mass(elevation_deg)
    return as_output(np.power(t0, np.asarray(am)), elevation_deg)


def _to_db(eta):
    return -10.0 * np.log10(eta)


def _fraction_in_aperture(radius_m, beam_radius_m):
    """Power fraction of a Gaussian beam inside a centred circular aperture, 1 - exp(-2a^2/w^2)."""
    return -np.expm1(-2.0 * radius_m**2 / beam_radius_m**2)


@dataclass(frozen=True, repr=False)
class LinkBudget:
    """A free-space optical link's losses, term by term, in dB (scalars or arrays).

    Attributes:
        direction: ``"downlink"`` (satellite to ground) or ``"uplink"``.
        slant_range_km, elevation_deg, wavelength_m: the geometry.
        beam_radius_m: long-term 1/e^2 beam radius at the receiver
            (diffraction, turbulence and pointing jitter included).
        geometric_loss_db: diffraction: the receiving telescope catches only
            the centre of the spread beam.
        turbulence_loss_db: extra spread of the beam by atmospheric turbulence
            near the transmitter (large for an uplink, negligible for a downlink).
        pointing_loss_db: the beam's centre jitters around the receiver.
        atmospheric_loss_db: absorption and scattering along the slant path.
        receiver_loss_db: receiver optics and detector efficiency (the
            idealized model), or the receiver optics alone (Micius model).
        extra_loss_db: losses left out of the model, added as given.
        total_loss_db: the sum of all terms.
        transmissivity: 10^(-total_loss_db / 10).
        transmitter_loss_db: photons lost before they leave the sending
            telescope (Micius model; 0 in the idealized one).
        detector_loss_db: the detectors' inefficiency (Micius model; in the
            idealized one it is part of ``receiver_loss_db`` and this is 0).
        model: ``"ideal"`` (:func:`link_budget`) or ``"micius"``
            (:func:`micius_link_budget`).
    """

    direction: str
    slant_range_km: object
    elevation_deg: object
    wavelength_m: float
    beam_radius_m: object
    geometric_loss_db: object
    turbulence_loss_db: object
    pointing_loss_db: object
    atmospheric_loss_db: object
    receiver_loss_db: float
    extra_loss_db: float
    total_loss_db: object
    transmissivity: object
    transmitter_loss_db: float = 0.0
    detector_loss_db: float = 0.0
    model: str = "ideal"

    def terms(self) -> dict[str, object]:
        """The loss terms in dB, in the order light meets them; they add up to the total."""
        if self.model == "ideal":
            return {
                "geometric (diffraction)": self.geometric_loss_db,
                "turbulence": self.turbulence_loss_db,
                "pointing": self.pointing_loss_db,
                "atmosphere": self.atmospheric_loss_db,
                "receiver": self.receiver_loss_db,
                "other": self.extra_loss_db,
            }
        return {
            "transmitter optics": self.transmitter_loss_db,
            "geometric (diffraction)": self.geometric_loss_db,
            "turbulence": self.turbulence_loss_db,
            "pointing": self.pointing_loss_db,
            "atmosphere": self.atmospheric_loss_db,
            "receiver optics": self.receiver_loss_db,
            "detector": self.detector_loss_db,
            "other": self.extra_loss_db,
        }

    def __repr__(self) -> str:
        def show(value):
            if np.ndim(value) == 0:
                return f"{float(value):.2f}"
            return f"<array of {np.size(value)} values>"

        return (
            f"LinkBudget(model={self.model!r}, direction={self.direction!r}, "
            f"slant_range_km={show(self.slant_range_km)}, "
            f"elevation_deg={show(self.elevation_deg)}, "
            f"geometric_loss_db={show(self.geometric_loss_db)}, "
            f"turbulence_loss_db={show(self.turbulence_loss_db)}, "
            f"pointing_loss_db={show(self.pointing_loss_db)}, "
            f"atmospheric_loss_db={show(self.atmospheric_loss_db)}, "
            f"receiver_loss_db={show(self.receiver_loss_db)}, "
            f"transmitter_loss_db={show(self.transmitter_loss_db)}, "
            f"detector_loss_db={show(self.detector_loss_db)}, "
            f"extra_loss_db={show(self.extra_loss_db)}, "
            f"total_loss_db={show(self.total_loss_db)})"
        )


def link_budget(
    *,
    slant_range_km,
    elevation_deg,
    direction="downlink",
    wavelength_m=850e-9,
    transmitter_aperture_m=0.3,
    receiver_aperture_m=1.0,
    pointing_error_rad=1e-6,
    beam_divergence_rad=None,
    turbulence_angle_rad=None,
    zenith_transmission=ZENITH_TRANSMISSION,
    receiver_efficiency=0.5,
    extra_loss_db=0.0,
) -> LinkBudget:
    """Loss of a satellite-ground optical link, term by term in dB.

    The beam is Gaussian, with its waist w0 = D_t / 2 at the transmitting
    telescope. It spreads by diffraction to w_d^2 = w0^2 + (theta L)^2 with
    theta = lambda / (pi w0) (or ``beam_divergence_rad`` when the real beam is
    wider than the diffraction limit); for comparison, an Airy pattern's first
    dark ring sits at 1.22 lambda / D. Turbulence near the transmitter adds a
    long-term spread theta_t L in quadrature (uplink), and pointing jitter of
    rms sigma per axis, averaged over the jitter, adds 4 (sigma L)^2 to w^2
    (exact for an aperture small against the beam). A centred circular
    aperture of radius a collects 1 - exp(-2 a^2 / w^2). The atmosphere
    transmits T0^AM(e); the receiver adds its optics-and-detector efficiency.
    Each successive widening is reported as its own term, so the terms add up
    to the total.

    A downlink and an uplink with the same telescopes and range differ only
    by turbulence: it sits in the lowest ~20 km of air, next to the
    transmitter on an uplink, where a small deflection grows over the whole
    path; on a downlink it acts only at the end of the path.

    Args:
        slant_range_km: transmitter-receiver distance in km, > 0 (scalar or array).
        elevation_deg: elevation of the satellite seen from the ground, [0, 90]
            (scalar or array broadcastable with ``slant_range_km``).
        direction: ``"downlink"`` or ``"uplink"``.
        wavelength_m: optical wavelength in m, > 0 (default 850 nm, Micius QKD).
        transmitter_aperture_m: diameter of the sending telescope in m, > 0
            (default 0.3 m, the Micius QKD transmitter).
        receiver_aperture_m: diameter of the receiving telescope in m, > 0
            (default 1.0 m, the Xinglong station).
        pointing_error_rad: rms pointing jitter per axis in rad, >= 0
            (default 1 microradian, an assumption).
        beam_divergence_rad: far-field 1/e^2 half-angle of the beam in rad,
            > 0, for a beam wider than the diffraction limit (default: the
            diffraction limit lambda / (pi w0)).
        turbulence_angle_rad: turbulence spread half-angle in rad, >= 0;
            default ``UPLINK_TURBULENCE_ANGLE_RAD`` for an uplink, 0 for a downlink.
        zenith_transmission: clear-sky transmission at zenith, (0, 1].
        receiver_efficiency: optics times detector efficiency, (0, 1].
        extra_loss_db: losses the model leaves out, in dB, >= 0 (transmitter
            optics, coupling into fibers or detectors, thin cloud); default 0.

    Returns:
        A :class:`LinkBudget`.

    Source: Gaussian-beam propagation (e.g. Saleh and Teich, Fundamentals of
    Photonics, ch. 3); downlink/uplink modelling after Bourgoin et al., New J.
    Phys. 15, 023006 (2013); air mass after Kasten and Young (1989).

    Example:
        >>> down = link_budget(slant_range_km=1000.0, elevation_deg=30.0)
        >>> up = link_budget(slant_range_km=1000.0, elevation_deg=30.0, direction="uplink")
        >>> round(down.total_loss_db, 1), round(up.total_loss_db, 1)
        (15.7, 27.2)
    """
    check_choice("direction", direction, ("downlink", "uplink"))
    distance = check_positive("slant_range_km", slant_range_km)
    elevation = _check_elevation("elevation_deg", elevation_deg)
    lam = check_positive("wavelength_m", wavelength_m)
    d_t = check_real(
        "transmitter_aperture_m",
        transmitter_aperture_m,
        low=0.0,
        low_open=True,
        high=MAX_APERTURE_M,
    )
    d_r = check_real(
        "receiver_aperture_m", receiver_aperture_m, low=0.0, low_open=True, high=MAX_APERTURE_M
    )
    sigma = check_nonnegative("pointing_error_rad", pointing_error_rad)
    w0 = d_t / 2.0
    if beam_divergence_rad is None:
        theta = lam / (math.pi * w0)
    else:
        theta = check_positive("beam_divergence_rad", beam_divergence_rad)
    if turbulence_angle_rad is None:
        theta_t = UPLINK_TURBULENCE_ANGLE_RAD if direction == "uplink" else 0.0
    else:
        theta_t = check_nonnegative("turbulence_angle_rad", turbulence_angle_rad)
    t_atm = atmospheric_transmission(elevation, zenith_transmission=zenith_transmission)
    eta_rx = check_real(
        "receiver_efficiency", receiver_efficiency, low=0.0, high=1.0, low_open=True
    )
    extra = check_nonnegative("extra_loss_db", extra_loss_db)

    length_m = np.asarray(distance) * 1e3
    a = d_r / 2.0
    w_diffraction_sq = w0**2 + (theta * length_m) ** 2
    w_turbulence_sq = w_diffraction_sq + (theta_t * length_m) ** 2
    w_total_sq = w_turbulence_sq + 4.0 * (sigma * length_m) ** 2
    f_d = _fraction_in_aperture(a, np.sqrt(w_diffraction_sq))
    f_t = _fraction_in_aperture(a, np.sqrt(w_turbulence_sq))
    f_p = _fraction_in_aperture(a, np.sqrt(w_total_sq))

    geometric = _to_db(f_d)
    turbulence = _to_db(f_t / f_d) + 0.0  # + 0.0 turns -0.0 into 0.0
    pointing = _to_db(f_p / f_t) + 0.0
    atmosphere = _to_db(np.asarray(t_atm)) + 0.0
    receiver = float(_to_db(eta_rx)) + 0.0
    total = geometric + turbulence + pointing + atmosphere + receiver + extra
    like = distance if np.ndim(distance) else elevation

    def out(x):
        return as_output(np.broadcast_to(x, np.broadcast(length_m, atmosphere).shape), like)

    return LinkBudget(
        direction=direction,
        slant_range_km=out(np.asarray(distance)),
        elevation_deg=out(np.asarray(elevation)),
        wavelength_m=lam,
        beam_radius_m=out(np.sqrt(w_total_sq)),
        geometric_loss_db=out(geometric),
        turbulence_loss_db=out(turbulence),
        pointing_loss_db=out(pointing),
        atmospheric_loss_db=out(atmosphere),
        receiver_loss_db=receiver,
        extra_loss_db=extra,
        total_loss_db=out(total),
        transmissivity=out(np.power(10.0, -total / 10.0)),
    )


def _check_hardware(hardware) -> DownlinkHardware:
    if not isinstance(hardware, DownlinkHardware):
        raise TypeError(
            f"hardware must be a DownlinkHardware (e.g. qie.MICIUS_QKD_DOWNLINK); got "
            f"{type(hardware).__name__}"
        )
    return hardware


def micius_link_budget(
    *, slant_range_km, elevation_deg, hardware=MICIUS_QKD_DOWNLINK, extra_loss_db=0.0
) -> LinkBudget:
    """Loss of a Micius downlink, every term itemized with the experiment's hardware.

    The terms, in the order light meets them: the transmitter optics (photons
    lost before they leave the payload); diffraction of the real beam (its
    measured divergence, the transmitting and receiving apertures) and the
    pointing jitter, as in :func:`link_budget`; the atmosphere, T0^AM(e) at
    the site; the receiver optics; and the detectors' efficiency. Unlike the
    idealized :func:`link_budget`, the result reproduces the measured Micius
    losses: 31 dB at 645 km and 38.5 dB at 1,200 km for QKD, where Liao et
    al. (2017) report about 30 dB and 38-40 dB; about 70 dB for the two
    entanglement downlinks with the satellite midway, inside the 64-82 dB
    Yin et al. (2017) measured.

    Args:
        slant_range_km: satellite-station distance in km, > 0 (scalar or array).
        elevation_deg: elevation of the satellite, [0, 90] degrees (scalar or
            array broadcastable with ``slant_range_km``).
        hardware: a :class:`DownlinkHardware` (default ``MICIUS_QKD_DOWNLINK``;
            the two entanglement downlinks are ``MICIUS_ENTANGLEMENT_DOWNLINKS``).
        extra_loss_db: further loss in dB, >= 0 (thin cloud, ...), default 0.

    Returns:
        A :class:`LinkBudget` with ``model="micius"``; ``terms()`` lists every
        term.

    Source: hardware of Liao et al., Nature 549, 43 (2017) and Yin et al.,
    Science 356, 1140 (2017) (see ``MICIUS_QKD_DOWNLINK``, which says which
    values are published, assumed or calibrated); Gaussian-beam diffraction
    and pointing as in :func:`link_budget`; air mass of Kasten and Young (1989).

    Example:
        >>> budget = micius_link_budget(slant_range_km=645.0, elevation_deg=49.0)
        >>> round(float(budget.total_loss_db))
        31
        >>> list(budget.terms())[:2]
        ['transmitter optics', 'geometric (diffraction)']
    """
    hw = _check_hardware(hardware)
    base = link_budget(
        slant_range_km=slant_range_km,
        elevation_deg=elevation_deg,
        direction="downlink",
        wavelength_m=hw.wavelength_m,
        transmitter_aperture_m=hw.transmitter_aperture_m,
        receiver_aperture_m=hw.receiver_aperture_m,
        pointing_error_rad=hw.pointing_error_rad,
        beam_divergence_rad=hw.beam_divergence_rad,
        zenith_transmission=hw.zenith_transmission,
        receiver_efficiency=hw.receiver_optics_efficiency,
        extra_loss_db=extra_loss_db,
    )
    transmitter = float(_to_db(hw.transmitter_efficiency)) + 0.0
    detector = float(_to_db(hw.detector_efficiency)) + 0.0
    like = slant_range_km if np.ndim(slant_range_km) else elevation_deg
    total = np.asarray(base.total_loss_db) + transmitter + detector
    return dataclasses.replace(
        base,
        total_loss_db=as_output(total, like),
        transmissivity=as_output(np.power(10.0, -total / 10.0), like),
        transmitter_loss_db=transmitter,
        detector_loss_db=detector,
        model="micius",
    )


@dataclass(frozen=True)
class SatelliteKeyPerPass:
    """Secret key collected by a ground station during one satellite pass.

    Attributes:
        total_key_bits: secret bits summed over the pass.
        mean_key_rate_bps: ``total_key_bits / pass.duration_s``.
        peak_key_rate_bps: the best instantaneous rate (at culmination).
        repetition_rate_hz: pulses sent per second.
        satellite_pass: the :class:`SatellitePass` (geometry over time).
        budget: the :class:`LinkBudget` at every sample of the pass.
        key_rate_bps: the secret-key rate at every sample.
        model: ``"micius"`` or ``"ideal"``.
        daytime: whether the pass was computed with daylight background.
        background_probability: dark and background counts per pulse (Y0).
    """

    total_key_bits: float
    mean_key_rate_bps: float
    peak_key_rate_bps: float
    repetition_rate_hz: float
    satellite_pass: SatellitePass = field(repr=False)
    budget: LinkBudget = field(repr=False)
    key_rate_bps: np.ndarray = field(repr=False)
    model: str = "micius"
    daytime: bool = False
    background_probability: float | None = None


#: Samples of a pass handed to the key-rate formula at once: the optimization
#: over the signal intensity (idealized model) holds samples x intensities.
_KEY_CHUNK = 2048


def _liao_pass_elevations():
    far, near = (
        float(elevation_from_slant_range_deg(d, altitude_km=MICIUS_ALTITUDE_KM))
        for d in (LIAO_2017_PASS_RANGE_KM[1], LIAO_2017_PASS_RANGE_KM[0])
    )
    return far, near


def micius_downlink_key_per_pass(
    *,
    model="micius",
    max_elevation_deg=None,
    altitude_km=MICIUS_ALTITUDE_KM,
    min_elevation_deg=None,
    repetition_rate_hz=None,
    time_step_s=1.0,
    daytime=False,
    hardware=MICIUS_QKD_DOWNLINK,
    key_rate_options=None,
    **link_options,
) -> SatelliteKeyPerPass:
    """Decoy-state BB84 key from a Micius-like satellite to one station in one pass.

    At every sample of the pass the link's transmissivity gives the
    decoy-state key rate per pulse; times the pulse rate it gives bits per
    second, and the trapezoidal sum over the pass gives the key per pass.
    The rate is computed in chunks of samples, so memory stays bounded at any
    time step.

    ``model="micius"`` (the default) uses :func:`micius_link_budget` with
    ``hardware`` and the Micius source (``MICIUS_DECOY_SOURCE``): signal
    pulses of 0.8 photons, half of all pulses, weak decoys of 0.1 and vacuum
    pulses, with the key rate of the vacuum + weak decoy protocol (Ma, Qi,
    Zhao, Lo 2005); the station's dark counts and the night (or, with
    ``daytime=True``, the daylight) background as the background yield; its
    optical error as the misalignment. It gives about 0.54 Mbit for the pass
    of Liao et al. (2017), who report 300,939 bits
    (``LIAO_2017_KEY_PER_PASS_BITS``): the rate is asymptotic, without the
    finite-size cost of a real pass. By day the background swamps the 850 nm
    signal and no key is left, which is why Micius ran at night.

    ``model="ideal"`` is the course's first, idealized model: :func:`link_budget`
    with the Micius divergence and its other defaults, the signal intensity
    optimized at every sample, ``decoy_bb84_key_rate``'s fiber-detector noise
    parameters; it gives some 50 times the measured key.

    Args:
        model: ``"micius"`` (default) or ``"ideal"``.
        max_elevation_deg: culmination of the pass in degrees, [min, 90];
            default: the Liao et al. pass, closest approach 645 km (49 degrees).
        altitude_km: orbit altitude in km, > 0 (default 500, Micius).
        min_elevation_deg: the lowest elevation used, in degrees; default:
            1,200 km away (19.8 degrees), where the Liao et al. data end.
        repetition_rate_hz: pulses per second, > 0 (default 100 MHz, the
            Micius source).
        time_step_s: sampling step of the pass in s, > 0 (see
            :func:`satellite_pass` for the finest allowed).
        daytime: daylight background instead of the night's (Micius model).
        hardware: the :class:`DownlinkHardware` of the Micius model.
        key_rate_options: a dict overriding the key-rate parameters:
            ``mean_photon_number``, ``decoy_intensity``,
            ``dark_count_probability``, ``misalignment``, ``sifting_factor``,
            ``ec_efficiency`` (Micius model); any keyword of
            ``qie.decoy_bb84_key_rate`` (idealized model).
        **link_options: Micius model: ``extra_loss_db``; idealized model: any
            keyword of :func:`link_budget`.

    Returns:
        A :class:`SatelliteKeyPerPass`.

    Source: S.-K. Liao et al., Nature 549, 43 (2017): 300,939 bits from one
    273 s pass (645-1,200 km), with the 100 MHz decoy-state source at 850 nm;
    vacuum + weak decoy key rate of Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005)
    (Micius model); infinite-decoy rate of Lo, Ma, Chen, PRL 94, 230504 (2005)
    (idealized model).

    Example:
        >>> result = micius_downlink_key_per_pass()
        >>> round(result.satellite_pass.duration_s), 1.5e5 < result.total_key_bits < 6e5
        (276, True)
        >>> micius_downlink_key_per_pass(daytime=True).total_key_bits
        0.0
    """
    check_choice("model", model, _MODELS)
    if not isinstance(daytime, bool):
        raise TypeError(f"daytime must be True or False; got {daytime!r}")
    if not isinstance(key_rate_options, dict | type(None)):
        raise TypeError("key_rate_options must be a dict of keyword arguments or None")
    default_min, default_max = _liao_pass_elevations()
    the_pass = satellite_pass(
        altitude_km=altitude_km,
        max_elevation_deg=default_max if max_elevation_deg is None else max_elevation_deg,
        min_elevation_deg=default_min if min_elevation_deg is None else min_elevation_deg,
        time_step_s=time_step_s,
    )
    source = MICIUS_DECOY_SOURCE
    if repetition_rate_hz is None:
        rate = source.repetition_rate_hz
    else:
        rate = check_positive("repetition_rate_hz", repetition_rate_hz)
    background = None
    if model == "micius":
        hw = _check_hardware(hardware)
        unknown = sorted(set(link_options) - {"extra_loss_db"})
        if unknown:
            raise TypeError(
                f"the Micius model takes extra_loss_db only (the hardware fixes the rest); "
                f"got {unknown}; use model='ideal' or hardware=dataclasses.replace(...)"
            )
        budget = micius_link_budget(
            slant_range_km=the_pass.slant_range_km,
            elevation_deg=the_pass.elevation_deg,
            hardware=hw,
            **link_options,
        )
        background = hw.background_probability(daytime=daytime)
        # The key comes from the signal pulses only, sifted in half (BB84 bases).
        options = {
            "mean_photon_number": source.signal_intensity,
            "decoy_intensity": source.decoy_intensity,
            "dark_count_probability": background,
            "misalignment": hw.misalignment,
            "sifting_factor": 0.5 * source.signal_probability,
        }
        # The link budget already holds the receiver's optics and detector efficiency.
        key_rate = functools.partial(vacuum_weak_decoy_key_rate, detector_efficiency=1.0)
    else:
        if daytime:
            raise ValueError("daytime=True needs model='micius' (the ideal model has no sky)")
        link = {"beam_divergence_rad": MICIUS_DOWNLINK_DIVERGENCE_RAD, **link_options}
        budget = link_budget(
            slant_range_km=the_pass.slant_range_km,
            elevation_deg=the_pass.elevation_deg,
            direction="downlink",
            **link,
        )
        # The link budget already holds the receiver's optics and detector efficiency.
        options = {"detector_efficiency": 1.0}
        key_rate = decoy_bb84_key_rate
    if model == "micius" and key_rate_options:
        allowed = set(options) | {"ec_efficiency"}
        unknown = sorted(set(key_rate_options) - allowed)
        if unknown:
            raise TypeError(
                f"key_rate_options of the Micius model must be among {sorted(allowed)}; "
                f"got {unknown}"
            )
    options.update(key_rate_options or {})
    eta = np.atleast_1d(np.asarray(budget.transmissivity, dtype=float))
    per_pulse = np.empty_like(eta)
    for start in range(0, eta.size, _KEY_CHUNK):
        chunk = slice(start, start + _KEY_CHUNK)
        per_pulse[chunk] = key_rate(transmissivity=eta[chunk], **options)
    rate_bps = rate * per_pulse
    if the_pass.time_s.size > 1:
        total = float(np.trapezoid(rate_bps, the_pass.time_s))
    else:
        total = 0.0
    duration = the_pass.duration_s
    return SatelliteKeyPerPass(
        total_key_bits=total,
        mean_key_rate_bps=total / duration if duration > 0 else 0.0,
        peak_key_rate_bps=float(rate_bps.max()),
        repetition_rate_hz=rate,
        satellite_pass=the_pass,
        budget=budget,
        key_rate_bps=rate_bps,
        model=model,
        daytime=daytime,
        background_probability=background,
    )


@dataclass(frozen=True)
class DualDownlink:
    """Entangled pairs sent from one satellite down to two ground stations at once.

    Attributes:
        station_separation_km: ground distance between the stations.
        altitude_km: the satellite's altitude.
        slant_ranges_km: distance satellite-station for each station.
        elevations_deg: elevation of the satellite seen from each station.
        losses_db: loss of each downlink.
        total_loss_db: the sum: both photons of a pair must arrive.
        transmissivity: the product of the two downlinks' transmissivities.
        pair_rate_hz: pairs detected at both stations per second.
        budgets: the two :class:`LinkBudget` objects.
    """

    station_separation_km: float
    altitude_km: float
    slant_ranges_km: tuple[float, float]
    elevations_deg: tuple[float, float]
    losses_db: tuple[float, float]
    total_loss_db: float
    transmissivity: float
    pair_rate_hz: float
    budgets: tuple[LinkBudget, LinkBudget] = field(repr=False)


def dual_downlink(
    *,
    model="micius",
    station_separation_km=MICIUS_STATION_SEPARATION_KM,
    altitude_km=MICIUS_ALTITUDE_KM,
    offset_km=0.0,
    source_pair_rate_hz=5.9e6,
    receiver_apertures_m=(1.2, 1.8),
    hardware=MICIUS_ENTANGLEMENT_DOWNLINKS,
    **link_options,
) -> DualDownlink:
    """Distribute entangled pairs from a satellite to two stations: both downlinks at once.

    The satellite flies over the great circle joining the stations, its
    ground point ``offset_km`` from their midpoint. Each photon of a pair
    takes its own downlink; a pair arrives only if both photons do, so the
    transmissivities multiply and the losses in dB add.

    ``model="micius"`` (the default) computes each downlink with
    :func:`micius_link_budget` and the hardware of Yin et al. (2017)
    (``MICIUS_ENTANGLEMENT_DOWNLINKS``); it lands inside the measured 64-82 dB.
    ``model="ideal"`` uses the idealized :func:`link_budget`, some 35 dB
    below the measurement.

    Args:
        model: ``"micius"`` (default) or ``"ideal"``.
        station_separation_km: ground distance between the stations in km, > 0
            (default 1,203 km, Delingha-Lijiang; Yin et al. 2017).
        altitude_km: satellite altitude in km, > 0 (default 500).
        offset_km: ground distance of the satellite's ground point from the
            stations' midpoint, towards the second station (default 0).
        source_pair_rate_hz: pairs emitted per second, >= 0 (default 5.9
            million, the Micius source; Yin et al. 2017).
        receiver_apertures_m: the two receiving telescopes' diameters in m
            (default 1.2 m at Delingha and 1.8 m at Lijiang).
        hardware: the two stations' :class:`DownlinkHardware` (Micius model);
            ``receiver_apertures_m`` replaces their apertures.
        **link_options: Micius model: ``extra_loss_db`` (per downlink);
            idealized model: other keyword arguments for :func:`link_budget`
            (default: 810 nm, the Micius divergence).

    Returns:
        A :class:`DualDownlink`.

    Source: J. Yin et al., Science 356, 1140 (2017), who report a summed
    two-downlink loss of 64-82 dB (``YIN_2017_TWO_DOWNLINK_LOSS_DB``) and a
    source of 5.9 million pairs per second.

    Example:
        >>> link = dual_downlink()
        >>> link.elevations_deg[0] > 10, 64 < link.total_loss_db < 82
        (True, True)
        >>> round(dual_downlink(model="ideal").total_loss_db) < 64
        True
    """
    check_choice("model", model, _MODELS)
    separation = check_positive("station_separation_km", station_separation_km)
    h = _check_altitude(altitude_km)
    offset = check_real("offset_km", offset_km)
    pair_rate = check_nonnegative("source_pair_rate_hz", source_pair_rate_hz)
    if not isinstance(receiver_apertures_m, tuple | list) or len(receiver_apertures_m) != 2:
        raise ValueError(
            f"receiver_apertures_m must be a pair of diameters; got {receiver_apertures_m!r}"
        )
    if "receiver_aperture_m" in link_options:
        raise TypeError("pass receiver_apertures_m (one per station), not receiver_aperture_m")
    if model == "micius":
        if not isinstance(hardware, tuple | list) or len(hardware) != 2:
            raise TypeError(f"hardware must be a pair of DownlinkHardware; got {hardware!r}")
        stations = [
            dataclasses.replace(
                _check_hardware(hw),
                receiver_aperture_m=check_positive("receiver_apertures_m", aperture),
            )
            for hw, aperture in zip(hardware, receiver_apertures_m, strict=True)
        ]
        unknown = sorted(set(link_options) - {"extra_loss_db"})
        if unknown:
            raise TypeError(
                f"the Micius model takes extra_loss_db only (the hardware fixes the rest); "
                f"got {unknown}; use model='ideal' or hardware=..."
            )
    r = _R + h
    ground = (separation / 2.0 + offset, separation / 2.0 - offset)
    budgets = []
    ranges = []
    elevations = []
    options = {"wavelength_m": 810e-9, "beam_divergence_rad": MICIUS_DOWNLINK_DIVERGENCE_RAD}
    options.update(link_options)
    for station, (distance_on_ground, aperture) in enumerate(
        zip(ground, receiver_apertures_m, strict=True)
    ):
        gamma = abs(distance_on_ground) / _R
        elevation = math.degrees(math.atan2(r * math.cos(gamma) - _R, r * math.sin(gamma)))
        if elevation < 0.0:
            raise ValueError(
                f"station {station + 1} is {abs(distance_on_ground):.0f} km from the satellite's "
                f"ground point and cannot see a satellite at {h:g} km (elevation "
                f"{elevation:.1f} deg < 0); reduce station_separation_km or offset_km"
            )
        distance = math.sqrt(h**2 + 4.0 * _R * r * math.sin(gamma / 2.0) ** 2)
        if model == "micius":
            budget = micius_link_budget(
                slant_range_km=distance,
                elevation_deg=elevation,
                hardware=stations[station],
                **link_options,
            )
        else:
            budget = link_budget(
                slant_range_km=distance,
                elevation_deg=elevation,
                direction="downlink",
                receiver_aperture_m=aperture,
                **options,
            )
        budgets.append(budget)
        ranges.append(distance)
        elevations.append(elevation)
    losses = (float(budgets[0].total_loss_db), float(budgets[1].total_loss_db))
    eta = float(budgets[0].transmissivity) * float(budgets[1].transmissivity)
    return DualDownlink(
        station_separation_km=separation,
        altitude_km=h,
        slant_ranges_km=(ranges[0], ranges[1]),
        elevations_deg=(elevations[0], elevations[1]),
        losses_db=losses,
        total_loss_db=losses[0] + losses[1],
        transmissivity=eta,
        pair_rate_hz=pair_rate * eta,
        budgets=(budgets[0], budgets[1]),
    )


@dataclass(frozen=True)
class FiberComparison:
    """A satellite downlink against a fiber of the same length.

    Attributes:
        distance_km: the satellite-station distance, also the fiber length.
        elevation_deg: elevation of the satellite at that distance.
        satellite_loss_db, fiber_loss_db: the two losses.
        orders_of_magnitude: how many powers of ten more photons the
            satellite link delivers, (fiber_loss_db - satellite_loss_db) / 10.
    """

    distance_km: float
    elevation_deg: float
    satellite_loss_db: float
    fiber_loss_db: float
    orders_of_magnitude: float

    @property
    def satellite_transmissivity(self) -> float:
        """Fraction of photons crossing the satellite link."""
        return 10.0 ** (-self.satellite_loss_db / 10.0)

    @property
    def fiber_transmissivity(self) -> float:
        """Fraction of photons crossing the fiber (may underflow to 0 past ~15,000 km)."""
        return 10.0 ** (-self.fiber_loss_db / 10.0)


def compare_with_fiber(
    distance_km=1200.0,
    *,
    model="micius",
    altitude_km=MICIUS_ALTITUDE_KM,
    attenuation_db_per_km=FIBER_ATTENUATION_DB_PER_KM,
    **link_options,
) -> FiberComparison:
    """How many orders of magnitude a satellite downlink beats fiber over the same distance.

    Fiber loss grows linearly in dB with length (exponentially in photons);
    the downlink's diffraction loss grows only as the distance squared.

    Args:
        distance_km: satellite-station distance and fiber length in km; it
            must be a possible slant range for the altitude (500-2,573 km at
            500 km altitude).
        model: ``"micius"`` (default: :func:`micius_link_budget` with the QKD
            downlink's hardware) or ``"ideal"`` (:func:`link_budget`).
        altitude_km: satellite altitude in km, > 0.
        attenuation_db_per_km: fiber loss in dB/km, >= 0 (default 0.2).
        **link_options: Micius model: ``hardware``, ``extra_loss_db``;
            idealized model: keyword arguments for :func:`link_budget`
            (default: the Micius divergence ``MICIUS_DOWNLINK_DIVERGENCE_RAD``).

    Returns:
        A :class:`FiberComparison`.

    Source: Liao et al., Nature 549, 43 (2017): at 1,200 km the Micius
    downlink was about 20 orders of magnitude more efficient than 0.2 dB/km
    fiber of the same length.

    Example:
        >>> comparison = compare_with_fiber(1200.0)
        >>> comparison.fiber_loss_db, round(comparison.orders_of_magnitude)
        (240.0, 20)
        >>> round(compare_with_fiber(1200.0, model="ideal").orders_of_magnitude)
        22
    """
    check_choice("model", model, _MODELS)
    alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km)
    elevation = elevation_from_slant_range_deg(distance_km, altitude_km=altitude_km)
    distance = float(distance_km)
    if model == "micius":
        budget = micius_link_budget(
            slant_range_km=distance, elevation_deg=elevation, **link_options
        )
    else:
        options = {"beam_divergence_rad": MICIUS_DOWNLINK_DIVERGENCE_RAD, **link_options}
        budget = link_budget(
            slant_range_km=distance, elevation_deg=elevation, direction="downlink", **options
        )
    fiber_db = alpha * distance
    sat_db = float(budget.total_loss_db)
    return FiberComparison(
        distance_km=distance,
        elevation_deg=float(elevation),
        satellite_loss_db=sat_db,
        fiber_loss_db=fiber_db,
        orders_of_magnitude=(fiber_db - sat_db) / 10.0,
    )


def satellite_trusted_relay(
    *,
    key_length,
    ground_stations=("Xinglong", "Graz"),
    satellite="Micius",
    link_keys=None,
    seed=None,
    rng=None,
) -> RelayResult:
    """A satellite as a trusted node: relay a key between two stations it never sees together.

    The satellite runs QKD with each station on separate passes, obtaining
    link keys k_A and k_B. It then announces k_A xor k_B; station B removes
    k_B and holds k_A, the final key. Stations 7,600 km apart can never see
    the satellite at the same time, so this works where entanglement
    distribution cannot, but the satellite knows the key: it is a stage-0
    trusted relay.

    Args:
        key_length: key bits to relay, an int >= 1 (or the length of
            ``link_keys`` when given).
        ground_stations: names of the two stations.
        satellite: name of the satellite.
        link_keys: optional pair of QKD keys (satellite-A, satellite-B);
            default: random.
        seed, rng: randomness for the drawn keys.

    Returns:
        A :class:`~qinternet_edu.relay.RelayResult` over the chain
        station A - satellite - station B; the published message on the second
        hop is k_A xor k_B.

    Source: S.-K. Liao et al., "Satellite-relayed intercontinental quantum
    network", Phys. Rev. Lett. 120, 030501 (2018): Xinglong (China) to Graz
    (Austria), 7,600 km.

    Example:
        >>> result = satellite_trusted_relay(key_length=16, seed=2)
        >>> result.keys_agree, result.nodes_that_learn_key
        (True, ('Xinglong', 'Micius', 'Graz'))
    """
    if not isinstance(ground_stations, tuple | list) or len(ground_stations) != 2:
        raise ValueError(f"ground_stations must name two stations; got {ground_stations!r}")
    names = (ground_stations[0], satellite, ground_stations[1])
    generator = make_rng(seed, rng)
    if link_keys is None:
        length = check_samples("key_length", key_length)
        keys = generator.integers(0, 2, size=(2, length), dtype=np.uint8)
    else:
        if len(link_keys) != 2:
            raise ValueError("link_keys must hold two keys: satellite-A and satellite-B")
        keys = link_keys
        length = key_length
    # The first station's link key is the final key (Liao et al. 2018).
    first = check_bits("link_keys[0]", keys[0])
    if length is not None:
        length = check_int("key_length", length, low=1)
        first = first[:length]
    return trusted_node_relay(
        list(keys), key_length=length, node_names=names, end_key=first, rng=generator
    )
