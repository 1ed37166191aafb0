"""Longer-baseline telescopes: interferometry with a shared delocalized photon.

An optical interferometer resolves angles of about lambda/B, so a longer
baseline B sees finer detail; but carrying the faint starlight from distant
telescopes to a common beamsplitter loses it. Gottesman, Jennewein and Croke
replace that optical path by entanglement: the two telescopes L and R share
a delocalized photon ``(|1_L 0_R> + e^{i delta}|0_L 1_R>)/sqrt2`` (delay
phase delta, set by the observers). A star photon arrives in the state

    rho_star = 1/2 [ |L><L| + |R><R| + g |R><L| + g* |L><R| ],

where g = V e^{i phi} is the complex visibility (degree of coherence). At
each telescope the star mode and the resource mode meet on a 50:50
beamsplitter. Keeping only the events with one click at each telescope
(probability 1/2: the other half has both photons at one site), the two
clicks are on the "same" side (c_L c_R or d_L d_R) with probability

    P_same = (1 + V cos(phi - delta)) / 2,    P_different = 1 - P_same.

Scanning delta over 0 and pi/2 measures V cos(phi) and V sin(phi):
the amplitude and phase of the visibility, with no optical link.

The visibility follows from the van Cittert-Zernike theorem. For a uniformly
bright disk of angular diameter theta, |g| = |2 J1(x)/x| with
x = pi B theta / lambda, which vanishes first at B = 1.22 lambda / theta; a
point source at angle alpha from the pointing direction (along the
baseline) adds the phase phi = 2 pi B alpha / lambda, which is how the
phase reveals the source's position.

Rates (stated plainly): each usable star photon consumes one shared photon
in the same temporal mode. Star photons arrive at random times, far fewer
than one per mode, so the resource must be present in every detection time
bin of width tau: the entanglement rate must match the rate of time bins,
1/tau, for every star photon to be usable; with a rate R_e only a fraction
R_e tau of them can be, see :func:`useful_photon_rate_hz`. The model has a
lossless resource, ideal detectors and one spectral mode.

Source: D. Gottesman, T. Jennewein, S. Croke, "Longer-baseline telescopes
using quantum repeaters", Phys. Rev. Lett. 109, 070503 (2012). van
Cittert-Zernike and the uniform disk: M. Born, E. Wolf, Principles of
Optics, 7th ed. (Cambridge University Press, 1999), Sec. 10.4.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import (
    as_output,
    check_int,
    check_nonnegative,
    check_positive,
    check_probability,
    check_real,
    make_rng,
)

__all__ = [
    "InterferenceProbabilities",
    "VisibilityEstimate",
    "angular_resolution_rad",
    "complex_visibility",
    "estimate_visibility",
    "interference_probabilities",
    "source_offset_from_phase_rad",
    "useful_photon_rate_hz",
]

#: Fraction of star photons that leave one photon at each telescope (the useful events).
_USEFUL_FRACTION = 0.5


@dataclass(frozen=True)
class InterferenceProbabilities:
    """Click statistics of one star photon meeting the shared photon.

    ``p_same`` and ``p_different`` are conditioned on a useful event (one
    click at each telescope), which happens with ``success_probability`` 1/2.
    """

    p_same: float
    p_different: float
    success_probability: float


def interference_probabilities(source_phase_rad, *, visibility, delay_phase_rad):
    """Probabilities of 'same' and 'different' click pairs, (1 +- V cos(phi - delta))/2.

    Args:
        source_phase_rad: phase phi of the star's complex visibility (scalar or array).
        visibility: its magnitude V in [0, 1] (1 for a point source).
        delay_phase_rad: the observers' phase delta on the shared photon.

    Returns:
        An :class:`InterferenceProbabilities` (floats, or arrays broadcast
        together when arrays come in).

    Source: D. Gottesman, T. Jennewein, S. Croke, Phys. Rev. Lett. 109,
    070503 (2012).

    Example:
        >>> pr = interference_probabilities(0.3, visibility=1.0, delay_phase_rad=0.3)
        >>> pr.p_same, pr.p_different, pr.success_probability
        (1.0, 0.0, 0.5)
        >>> round(interference_probabilities(0.0, visibility=0.6, delay_phase_rad=0.0).p_same, 3)
        0.8
    """
    phi = check_real("source_phase_rad", source_phase_rad)
    v = check_probability("visibility", visibility)
    delta = check_real("delay_phase_rad", delay_phase_rad)
    p_same = 0.5 * (1.0 + np.asarray(v) * np.cos(np.asarray(phi) - np.asarray(delta)))
    scalar = all(np.ndim(x) == 0 for x in (source_phase_rad, visibility, delay_phase_rad))
    if scalar:
        return InterferenceProbabilities(
            p_same=float(p_same), p_different=float(1.0 - p_same), success_probability=0.5
        )
    return InterferenceProbabilities(
        p_same=p_same, p_different=1.0 - p_same, success_probability=_USEFUL_FRACTION
    )


def complex_visibility(
    baseline_m, *, wavelength_m, angular_diameter_rad=0.0, source_offset_rad=0.0
):
    """Complex visibility of a uniform stellar disk, 2 J1(x)/x e^{i 2 pi B alpha / lambda}.

    Args:
        baseline_m: telescope separation B in metres, >= 0 (scalar or array).
        wavelength_m: observing wavelength lambda in metres, > 0.
        angular_diameter_rad: the disk's angular diameter theta, >= 0 (0 is
            a point source, visibility 1).
        source_offset_rad: the source's angle alpha from the pointing
            direction, projected on the baseline (small angles).

    Returns:
        A complex number (or complex array) g with x = pi B theta / lambda;
        its real factor 2 J1(x)/x turns negative past the first null at
        B = 1.22 lambda / theta (a phase jump of pi).

    Source: van Cittert-Zernike theorem, M. Born, E. Wolf, Principles of
    Optics (1999), Sec. 10.4 (mutual intensity of a uniform circular source).

    Example:
        >>> g = complex_visibility(100.0, wavelength_m=500e-9, angular_diameter_rad=2e-9)
        >>> round(abs(g), 4)
        0.8152
        >>> complex_visibility(100.0, wavelength_m=500e-9)
        (1+0j)
    """
    from scipy.special import j1

    b = check_nonnegative("baseline_m", baseline_m)
    lam = check_positive("wavelength_m", wavelength_m)
    theta = check_nonnegative("angular_diameter_rad", angular_diameter_rad)
    alpha = check_real("source_offset_rad", source_offset_rad)
    x = math.pi * np.asarray(b) * np.asarray(theta) / lam
    # Below |x| = 1e-3 the series 1 - x^2/8 + x^4/192 (Abramowitz & Stegun 9.1.10) is exact
    # to double precision, and it avoids j1's relative error for tiny or subnormal x.
    small = np.abs(x) < 1e-3
    x_safe = np.where(small, 1.0, x)
    envelope = np.where(small, 1.0 - x**2 / 8.0 + x**4 / 192.0, 2.0 * j1(x_safe) / x_safe)
    value = envelope * np.exp(1j * 2.0 * math.pi * np.asarray(b) * np.asarray(alpha) / lam)
    if all(np.ndim(v) == 0 for v in (baseline_m, angular_diameter_rad, source_offset_rad)):
        return complex(value)
    return np.asarray(value, dtype=complex)


def angular_resolution_rad(baseline_m, *, wavelength_m):
    """Angular resolution of a two-telescope interferometer, about lambda / B.

    Args:
        baseline_m: telescope separation B in metres, > 0 (scalar or array).
        wavelength_m: wavelength lambda in metres, > 0.

    Returns:
        lambda / B in radians (the fringe spacing on the sky); ten times the
        baseline resolves ten times finer.

    Source: M. Born, E. Wolf, Principles of Optics (1999), Sec. 7.3
    (Michelson's stellar interferometer); D. Gottesman et al., PRL 109, 070503 (2012).

    Example:
        >>> angular_resolution_rad(100.0, wavelength_m=500e-9)
        5e-09
        >>> angular_resolution_rad([10.0, 1000.0], wavelength_m=1e-6).tolist()
        [1e-07, 1e-09]
    """
    b = check_positive("baseline_m", baseline_m)
    lam = check_positive("wavelength_m", wavelength_m)
    return as_output(lam / np.asarray(b), baseline_m)


def source_offset_from_phase_rad(phase_rad, *, baseline_m, wavelength_m):
    """Source angle alpha from the visibility phase, alpha = phi lambda / (2 pi B).

    Args:
        phase_rad: measured visibility phase phi (scalar or array).
        baseline_m: baseline B in metres, > 0.
        wavelength_m: wavelength in metres, > 0.

    Returns:
        alpha in radians, unambiguous for |phi| < pi, i.e. |alpha| < lambda/(2B).

    Source: D. Gottesman, T. Jennewein, S. Croke, PRL 109, 070503 (2012).

    Example:
        >>> round(source_offset_from_phase_rad(math.pi / 2, baseline_m=100.0,
        ...                                    wavelength_m=500e-9) * 1e9, 3)
        1.25
    """
    phi = check_real("phase_rad", phase_rad)
    b = check_positive("baseline_m", baseline_m)
    lam = check_positive("wavelength_m", wavelength_m)
    return as_output(np.asarray(phi) * lam / (2.0 * math.pi * b), phase_rad)


@dataclass(frozen=True)
class VisibilityEstimate:
    """Visibility amplitude and phase estimated from counted click pairs.

    ``n_useful`` photons gave one click at each telescope; half of them were
    recorded with delay 0, half with delay pi/2. Errors are delta-method
    standard errors.
    """

    visibility: float
    phase_rad: float
    visibility_standard_error: float
    phase_standard_error_rad: float
    n_photons: int
    n_useful: int


def estimate_visibility(source_phase_rad, *, visibility, n_photons, seed=None, rng=None):
    """Monte Carlo of the entanglement-assisted interferometer: recover V and phi.

    Each star photon is useful with probability 1/2; useful photons
    alternate between delay phases 0 and pi/2, and each gives 'same' with
    probability (1 + V cos(phi - delta))/2. Counts are drawn as binomials
    (vectorized). Then c = 2 f_same(0) - 1 estimates V cos phi,
    s = 2 f_same(pi/2) - 1 estimates V sin phi, and V = hypot(c, s),
    phi = atan2(s, c).

    Args:
        source_phase_rad: the true phase phi.
        visibility: the true magnitude V in [0, 1].
        n_photons: number of star photons, >= 4.
        seed, rng: randomness.

    Returns:
        A :class:`VisibilityEstimate`.

    Source: D. Gottesman, T. Jennewein, S. Croke, PRL 109, 070503 (2012).

    Example:
        >>> est = estimate_visibility(1.0, visibility=0.8, n_photons=400_000, seed=2)
        >>> round(est.visibility, 2), round(est.phase_rad, 2)
        (0.8, 1.0)
    """
    if np.ndim(source_phase_rad) != 0 or np.ndim(visibility) != 0:
        raise TypeError("source_phase_rad and visibility must be single numbers")
    phi = check_real("source_phase_rad", source_phase_rad)
    v = check_probability("visibility", visibility)
    n = check_int("n_photons", n_photons, low=4)
    generator = make_rng(seed, rng)
    n_useful = int(generator.binomial(n, _USEFUL_FRACTION))
    n0 = (n_useful + 1) // 2
    n1 = n_useful // 2
    if n1 == 0:
        raise ValueError(
            f"n_photons = {n} gave too few useful events for both delay settings; use more"
        )
    same0 = generator.binomial(n0, 0.5 * (1.0 + v * math.cos(phi)))
    same1 = generator.binomial(n1, 0.5 * (1.0 + v * math.sin(phi)))
    c = 2.0 * same0 / n0 - 1.0
    s = 2.0 * same1 / n1 - 1.0
    v_hat = math.hypot(c, s)
    if v_hat == 0.0:
        raise ValueError(
            f"the measured visibility is exactly 0 with n_photons = {n}; its phase is "
            "undefined (use more photons, or the source is fully resolved)"
        )
    var_c = (1.0 - c * c) / n0
    var_s = (1.0 - s * s) / n1
    return VisibilityEstimate(
        visibility=v_hat,
        phase_rad=math.atan2(s, c),
        visibility_standard_error=math.sqrt((c * c * var_c + s * s * var_s) / (v_hat * v_hat)),
        phase_standard_error_rad=math.sqrt((s * s * var_c + c * c * var_s) / v_hat**4),
        n_photons=n,
        n_useful=n_useful,
    )


def useful_photon_rate_hz(*, star_photon_rate_hz, entanglement_rate_hz, time_bin_s):
    """Rate of star photons that yield a visibility sample, given the entanglement rate.

    A star photon is usable only if a shared photon occupies its time bin
    (at most one per bin), and then only half the time (one click at each
    telescope). With R_e shared photons per second spread over bins of width
    tau, a fraction R_e tau of the bins is filled:

        R_useful = R_star * (R_e tau) / 2,

    and every star photon can be used only when R_e = 1/tau, a shared photon
    in every bin, not merely R_e = R_star.

    Args:
        star_photon_rate_hz: rate of star photons collected (both telescopes), >= 0.
        entanglement_rate_hz: rate R_e of shared photons, >= 0, at most 1/time_bin_s.
        time_bin_s: the detection time bin tau, > 0 (about the inverse bandwidth).

    Returns:
        The useful photon rate in Hz.

    Source: D. Gottesman, T. Jennewein, S. Croke, PRL 109, 070503 (2012),
    their discussion of the required entanglement distribution rate.

    Example:
        >>> useful_photon_rate_hz(star_photon_rate_hz=1e4, entanglement_rate_hz=1e9,
        ...                       time_bin_s=1e-9)
        5000.0
        >>> useful_photon_rate_hz(star_photon_rate_hz=1e4, entanglement_rate_hz=1e4,
        ...                       time_bin_s=1e-9)
        0.05
    """
    star = check_nonnegative("star_photon_rate_hz", star_photon_rate_hz)
    tau = check_positive("time_bin_s", time_bin_s)
    rate = check_nonnegative("entanglement_rate_hz", entanglement_rate_hz)
    fill = np.asarray(rate) * tau
    if np.any(fill > 1.0 + 1e-12):
        raise ValueError(
            f"entanglement_rate_hz must be at most 1/time_bin_s = {1.0 / tau:g} Hz (one shared "
            f"photon per time bin); got {entanglement_rate_hz!r}"
        )
    value = np.asarray(star) * np.minimum(fill, 1.0) * _USEFUL_FRACTION
    like = star_photon_rate_hz if np.ndim(star_photon_rate_hz) else entanglement_rate_hz
    return as_output(value, like)
