"""Decoy-state BB84 with weak coherent pulses: the asymptotic key rate vs distance.

A laser sends Poissonian pulses; the multi-photon ones are open to a
photon-number-splitting attack. GLLP showed that only the single-photon
part of the key is secret; decoy states (random intensities) let Alice and
Bob measure the single-photon yield Y1 and error e1 instead of assuming the
worst, which turns a rate that falls as eta^2 into one that falls as eta.

With infinitely many decoys (Lo, Ma, Chen 2005, the asymptotic case), per pulse

    R = q { -Q_mu f(E_mu) h(E_mu) + Q_1 [1 - h(e_1)] },

    Q_mu = Y0 + 1 - exp(-eta mu),      E_mu Q_mu = e0 Y0 + e_det (1 - exp(-eta mu)),
    Y1 = Y0 + eta - Y0 eta,            Q1 = Y1 mu exp(-mu),
    e1 = (e0 Y0 + e_det eta) / Y1,     e0 = 1/2,

with eta = eta_channel * eta_Bob. The default parameters are those of the
Gobby-Yuan-Shields experiment (GYS, APL 84, 3762 (2004)) as used by Lo, Ma and
Chen: 0.21 dB/km, eta_Bob = 4.5 %, Y0 = 1.7e-6, e_det = 3.3 %, f = 1.22,
q = 1/2. With these the key vanishes at about 142 km (Lo, Ma, Chen report
"over 140 km"); without decoys, the GLLP worst case stops near 40 km.

Source: H.-K. Lo, X. Ma, K. Chen, "Decoy state quantum key distribution",
PRL 94, 230504 (2005); D. Gottesman, H.-K. Lo, N. Lütkenhaus, J. Preskill
(GLLP), Quantum Inf. Comput. 4, 325 (2004); W.-Y. Hwang, PRL 91, 057901 (2003).
"""

from __future__ import annotations

import numpy as np

from .._validation import as_output, check_nonnegative, check_probability, check_real
from ..channels import fiber_transmissivity
from ..information import binary_entropy

__all__ = [
    "GYS_PARAMETERS",
    "decoy_bb84_key_rate",
    "decoy_bb84_max_distance_km",
    "gllp_key_rate",
    "vacuum_weak_decoy_key_rate",
]

#: The GYS experiment's parameters as tabulated by Lo, Ma, Chen, PRL 94, 230504 (2005).
GYS_PARAMETERS = {
    "attenuation_db_per_km": 0.21,
    "detector_efficiency": 0.045,
    "dark_count_probability": 1.7e-6,
    "misalignment": 0.033,
    "ec_efficiency": 1.22,
    "sifting_factor": 0.5,
}

# Mean photon numbers tried when optimizing: a fine linear grid where the decoy-state
# optimum lies (about 0.5), plus geometric steps below it, where the no-decoy (GLLP)
# optimum falls at long distance (it scales with the transmissivity).
_MU_GRID = np.concatenate(
    [np.geomspace(1e-5, 0.005, 80, endpoint=False), np.linspace(0.005, 1.5, 300)]
)


def _overall_eta(length_km, eta, transmissivity, attenuation_db_per_km, detector_efficiency):
    if eta is not None and transmissivity is not None:
        raise ValueError("pass either eta or transmissivity (they are the same), not both")
    if transmissivity is not None:
        eta = transmissivity
    given = [x is not None for x in (length_km, eta)]
    if sum(given) != 1:
        raise ValueError("pass exactly one of length_km or eta (transmissivity)")
    alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km)
    eta_bob = check_real("detector_efficiency", detector_efficiency, low=0.0, high=1.0)
    if length_km is not None:
        like = length_km
        channel = fiber_transmissivity(length_km, alpha)
    else:
        like = eta
        channel = check_probability("eta", eta)
    return like, np.asarray(channel, dtype=float) * eta_bob, np.asarray(channel, dtype=float)


def _check_common(dark_count_probability, misalignment, ec_efficiency, sifting_factor):
    y0 = check_probability("dark_count_probability", dark_count_probability)
    e_det = check_real("misalignment", misalignment, low=0.0, high=0.5)
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    q = check_real("sifting_factor", sifting_factor, low=0.0, high=1.0, low_open=True)
    return y0, e_det, f, q


def _signal_terms(eta, mu, y0, e_det):
    gain_signal = -np.expm1(-eta * mu)
    q_mu = y0 + gain_signal
    e_mu = (0.5 * y0 + e_det * gain_signal) / q_mu
    return q_mu, np.minimum(e_mu, 0.5)


def _decoy_rate(eta, mu, y0, e_det, f, q):
    q_mu, e_mu = _signal_terms(eta, mu, y0, e_det)
    y1 = y0 + eta - y0 * eta
    q1 = y1 * mu * np.exp(-mu)
    e1 = np.minimum((0.5 * y0 + e_det * eta) / y1, 0.5)
    rate = q * (-q_mu * f * binary_entropy(e_mu) + q1 * (1.0 - binary_entropy(e1)))
    return np.maximum(rate, 0.0)


def _gllp_rate(eta, mu, y0, e_det, f, q):
    q_mu, e_mu = _signal_terms(eta, mu, y0, e_det)
    p_multi = -np.expm1(-mu) - mu * np.exp(-mu)
    delta = np.minimum(p_multi / q_mu, 1.0)
    single = 1.0 - delta
    with np.errstate(divide="ignore", invalid="ignore"):
        e_single = np.where(single > 0, e_mu / np.where(single > 0, single, 1.0), 0.5)
    e_single = np.minimum(e_single, 0.5)
    rate = q * (-q_mu * f * binary_entropy(e_mu) + q_mu * single * (1.0 - binary_entropy(e_single)))
    return np.maximum(rate, 0.0)


def _optimized(rate_fn, eta_total, mean_photon_number, y0, e_det, f, q):
    if mean_photon_number is not None:
        mu = check_real("mean_photon_number", mean_photon_number, low=0.0, low_open=True)
        if isinstance(mu, np.ndarray):
            raise TypeError("mean_photon_number must be a single number (or None to optimize)")
        return rate_fn(eta_total, mu, y0, e_det, f, q)
    grid = rate_fn(eta_total[..., None], _MU_GRID, y0, e_det, f, q)
    # Refine between the best grid point's neighbours, so that the optimized rate is a
    # smooth function of distance rather than a staircase of grid points.
    best = grid.argmax(axis=-1)
    lo = _MU_GRID[np.maximum(best - 1, 0)]
    hi = _MU_GRID[np.minimum(best + 1, _MU_GRID.size - 1)]
    fine = lo[..., None] + (hi - lo)[..., None] * np.linspace(0.0, 1.0, 33)
    refined = rate_fn(eta_total[..., None], fine, y0, e_det, f, q)
    return np.maximum(grid.max(axis=-1), refined.max(axis=-1))


def decoy_bb84_key_rate(
    length_km=None,
    *,
    eta=None,
    transmissivity=None,
    mean_photon_number=None,
    attenuation_db_per_km=0.21,
    detector_efficiency=0.045,
    dark_count_probability=1.7e-6,
    misalignment=0.033,
    ec_efficiency=1.22,
    sifting_factor=0.5,
):
    """Asymptotic secret bits per pulse of decoy-state BB84 (infinite decoys), vs distance.

    Give either a fiber ``length_km`` or the channel transmissivity ``eta``
    (alias ``transmissivity``: everything between Alice and Bob's detector,
    e.g. a satellite link's total loss); ``detector_efficiency`` multiplies
    it either way (pass 1.0 if your eta already includes the detector).

    Args:
        length_km: fiber length(s) in km, >= 0 (scalar or array).
        eta, transmissivity: channel transmissivity in [0, 1] instead.
        mean_photon_number: signal intensity mu > 0; ``None`` (default)
            optimizes mu at each distance, as Lo, Ma and Chen do.
        attenuation_db_per_km: fiber loss (GYS: 0.21 dB/km).
        detector_efficiency: Bob's detection efficiency eta_Bob (GYS: 0.045).
        dark_count_probability: background yield Y0 per pulse (GYS: 1.7e-6).
        misalignment: e_detector, the optical error probability (GYS: 0.033).
        ec_efficiency: error-correction inefficiency f(E) >= 1 (GYS: 1.22).
        sifting_factor: q, sifted fraction of pulses (1/2 for BB84).

    Returns:
        Secret bits per pulse sent (scalar or array like the input), 0 beyond
        the maximal distance (about 142 km for GYS).

    Source: Lo, Ma, Chen, PRL 94, 230504 (2005), with GLLP, Quantum Inf.
    Comput. 4, 325 (2004); parameters of Gobby, Yuan, Shields, APL 84, 3762 (2004).

    Example:
        >>> r = decoy_bb84_key_rate([0.0, 50.0, 100.0])
        >>> [f"{x:.2e}" for x in r]
        ['2.55e-03', '2.23e-04', '1.72e-05']
        >>> decoy_bb84_key_rate(200.0)
        0.0
    """
    like, eta_total, _ = _overall_eta(
        length_km, eta, transmissivity, attenuation_db_per_km, detector_efficiency
    )
    y0, e_det, f, q = _check_common(
        dark_count_probability, misalignment, ec_efficiency, sifting_factor
    )
    rate = _optimized(_decoy_rate, eta_total, mean_photon_number, y0, e_det, f, q)
    return as_output(rate, like)


def gllp_key_rate(
    length_km=None,
    *,
    eta=None,
    transmissivity=None,
    mean_photon_number=None,
    attenuation_db_per_km=0.21,
    detector_efficiency=0.045,
    dark_count_probability=1.7e-6,
    misalignment=0.033,
    ec_efficiency=1.22,
    sifting_factor=0.5,
):
    """Weak-coherent BB84 *without* decoys: GLLP's worst case, all multi-photon pulses tagged.

    The multi-photon fraction Delta = P(n >= 2) / Q_mu is assumed known to
    Eve, so R = q { -Q_mu f h(E_mu) + Q_mu (1 - Delta) [1 - h(E_mu / (1 - Delta))] }.
    Same arguments as :func:`decoy_bb84_key_rate`.

    Source: GLLP, Quantum Inf. Comput. 4, 325 (2004); as evaluated by Lo, Ma,
    Chen, PRL 94, 230504 (2005).

    Example:
        >>> gllp_key_rate(60.0)
        0.0
    """
    like, eta_total, _ = _overall_eta(
        length_km, eta, transmissivity, attenuation_db_per_km, detector_efficiency
    )
    y0, e_det, f, q = _check_common(
        dark_count_probability, misalignment, ec_efficiency, sifting_factor
    )
    rate = _optimized(_gllp_rate, eta_total, mean_photon_number, y0, e_det, f, q)
    return as_output(rate, like)


def decoy_bb84_max_distance_km(*, decoy=True, **parameters) -> float:
    """Longest fiber (km) over which the decoy-state (or plain GLLP) key rate stays positive.

    Args:
        decoy: True for decoy-state BB84, False for GLLP without decoys.
        **parameters: keyword arguments of :func:`decoy_bb84_key_rate`
            (not ``length_km``/``eta``).

    Returns:
        The cut-off distance in km, to 0.01 km.

    Source: Lo, Ma, Chen, PRL 94, 230504 (2005).

    Example:
        >>> round(decoy_bb84_max_distance_km())
        142
    """
    for forbidden in ("length_km", "eta", "transmissivity"):
        if forbidden in parameters:
            raise ValueError(
                f"decoy_bb84_max_distance_km finds the length; do not pass {forbidden}"
            )
    func = decoy_bb84_key_rate if decoy else gllp_key_rate
    lo, hi = 0.0, 1.0
    if func(lo, **parameters) <= 0.0:
        return 0.0
    while func(hi, **parameters) > 0.0:
        lo, hi = hi, hi * 2.0
        if hi > 1e5:
            raise ValueError("the key rate stays positive beyond 100,000 km; check the parameters")
    while hi - lo > 0.005:
        mid = 0.5 * (lo + hi)
        if func(mid, **parameters) > 0.0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _vacuum_weak_rate(eta, mu, nu, y0, e_det, f, q):
    clicks_mu = -np.expm1(-eta * mu)
    clicks_nu = -np.expm1(-eta * nu)
    q_mu = y0 + clicks_mu - y0 * clicks_mu
    q_nu = y0 + clicks_nu - y0 * clicks_nu
    e_mu = (0.5 * y0 + e_det * clicks_mu) / q_mu
    errors_nu = 0.5 * y0 + e_det * clicks_nu
    y1 = (
        mu
        / (mu * nu - nu**2)
        * (q_nu * np.exp(nu) - q_mu * np.exp(mu) * nu**2 / mu**2 - (mu**2 - nu**2) / mu**2 * y0)
    )
    safe_y1 = np.where(y1 > 0.0, y1, 1.0)
    e1 = (errors_nu * np.exp(nu) - 0.5 * y0) / (safe_y1 * nu)
    q1 = y1 * mu * np.exp(-mu)
    rate = q * (
        q1 * (1.0 - binary_entropy(np.clip(e1, 0.0, 0.5)))
        - f * q_mu * binary_entropy(np.minimum(e_mu, 0.5))
    )
    return np.where((y1 > 0.0) & (e1 < 0.5) & (rate > 0.0), rate, 0.0)


def vacuum_weak_decoy_key_rate(
    length_km=None,
    *,
    eta=None,
    transmissivity=None,
    mean_photon_number=0.48,
    decoy_intensity=0.05,
    attenuation_db_per_km=0.21,
    detector_efficiency=0.045,
    dark_count_probability=1.7e-6,
    misalignment=0.033,
    ec_efficiency=1.22,
    sifting_factor=0.5,
):
    """Asymptotic secret bits per pulse of decoy-state BB84 with one weak decoy and vacuum.

    The practical protocol of Micius and most fiber systems: besides the signal
    intensity mu, Alice sends a weak decoy nu < mu and vacuum pulses. The
    vacuum gives the background yield Y0; nu and mu bound the single-photon
    yield and error,

        Y1 >= mu / (mu nu - nu^2) (Q_nu e^nu - Q_mu e^mu nu^2 / mu^2 - (mu^2 - nu^2) Y0 / mu^2),
        e1 <= (E_nu Q_nu e^nu - Y0 / 2) / (Y1 nu),

    and R = q (Q1 (1 - h(e1)) - f Q_mu h(E_mu)) with Q1 = Y1 mu e^-mu, or 0
    where that is negative. As nu -> 0 it tends to :func:`decoy_bb84_key_rate`
    at the same mu (infinitely many decoys).

    Args:
        length_km: fiber length(s) in km, >= 0 (scalar or array); or
        eta, transmissivity: the channel transmissivity in [0, 1] instead.
        mean_photon_number: signal intensity mu > 0 (default 0.48, Ma et al.'s
            choice for GYS; not optimized here).
        decoy_intensity: weak decoy intensity nu, 0 < nu < mu (default 0.05).
        attenuation_db_per_km, detector_efficiency, dark_count_probability,
        misalignment, ec_efficiency, sifting_factor: as in
            :func:`decoy_bb84_key_rate` (GYS values by default).

    Returns:
        Secret bits per pulse sent (scalar or array like the input).

    Source: X. Ma, B. Qi, Y. Zhao, H.-K. Lo, "Practical decoy state for quantum
    key distribution", Phys. Rev. A 72, 012326 (2005), Sec. IV (vacuum + weak
    decoy); parameters of Gobby, Yuan, Shields, APL 84, 3762 (2004).

    Example:
        >>> r = vacuum_weak_decoy_key_rate([50.0, 100.0])
        >>> bool(r[0] > r[1] > 0)
        True
        >>> infinite = decoy_bb84_key_rate([50.0, 100.0], mean_photon_number=0.48)
        >>> bool(all(r < infinite)), bool(all(r > 0.8 * infinite))
        (True, True)
    """
    like, eta_total, _ = _overall_eta(
        length_km, eta, transmissivity, attenuation_db_per_km, detector_efficiency
    )
    y0, e_det, f, q = _check_common(
        dark_count_probability, misalignment, ec_efficiency, sifting_factor
    )
    mu = check_real("mean_photon_number", mean_photon_number, low=0.0, low_open=True)
    nu = check_real("decoy_intensity", decoy_intensity, low=0.0, low_open=True)
    if isinstance(mu, np.ndarray) or isinstance(nu, np.ndarray):
        raise TypeError("mean_photon_number and decoy_intensity must be single numbers")
    if not nu < mu:
        raise ValueError(f"decoy_intensity must be below mean_photon_number ({mu!r}); got {nu!r}")
    rate = _vacuum_weak_rate(eta_total, mu, nu, y0, e_det, f, q)
    return as_output(rate, like)
