"""Twin-field QKD: a key rate that falls as sqrt(eta) and passes the PLOB bound without repeaters.

Lucamarini, Yuan, Dynes and Shields (2018) let Alice and Bob send phase-
coherent weak pulses ("twin fields") to Charlie in the middle, who lets them
interfere on a beam splitter. A *single* photon from either side makes the
click, so each photon crosses only half the line: the key falls as the
square root of the whole channel's transmissivity, eta_arm = sqrt(eta), and
beats the repeaterless PLOB bound -log2(1 - eta) ~ 1.44 eta at long distance.

The rate here is that of the sending-or-not-sending (SNS) variant of
Wang, Yu and Hu (2018), the protocol of the 1,002 km experiment of Liu et al.
(2023), with infinitely many decoys. In a Z window Alice (Bob) sends a
phase-randomized pulse of intensity mu with probability eps or nothing; the
bit is "sent" or "not sent" and a single click at Charlie is kept. Per window,

    R = 2 eps (1 - eps) mu e^-mu s1 [1 - h(e1)] - f S_Z h(E_Z),

with, for one arm of transmissivity eta (detector included), dark-count
probability p_d per detector and optical (phase) error e_d:

    s1 = (1 - p_d) [eta + 2 (1 - eta) p_d],
    e1 s1 = (1 - p_d) [e_d eta + (1 - eta) p_d],
    S_00 = 2 p_d (1 - p_d),                                   (nobody sends)
    S_01 = 2 [(1 - p_d) e^{-eta mu/2} - (1 - p_d)^2 e^{-eta mu}],   (one sends)
    S_11 = 2 (1 - p_d) e^{-eta mu} [I0(eta mu) - (1 - p_d) e^{-eta mu}], (both send)
    S_Z = (1 - eps)^2 S_00 + 2 eps (1 - eps) S_01 + eps^2 S_11,
    E_Z S_Z = (1 - eps)^2 S_00 + eps^2 S_11.

(the single-click probabilities of a symmetric beam splitter with two
threshold detectors; S_11 averages the interference of two phase-randomized
pulses). mu and eps are optimized at each distance. As eta -> 0 the rate is
proportional to s1 ~ eta = sqrt(eta_total).

Source: M. Lucamarini, Z. L. Yuan, J. F. Dynes, A. J. Shields, "Overcoming the
rate-distance limit of quantum key distribution without quantum repeaters",
Nature 557, 400 (2018); X.-B. Wang, Z.-W. Yu, X.-L. Hu, "Twin-field quantum key
distribution with large misalignment error", PRA 98, 062323 (2018).
Experiment: Y. Liu et al., "Experimental twin-field quantum key distribution
over 1000 km fiber distance", PRL 130, 210801 (2023).
"""

from __future__ import annotations

import numpy as np

from .._validation import as_output, check_nonnegative, check_probability, check_real
from ..channels import fiber_transmissivity
from ..information import binary_entropy

__all__ = ["TWIN_FIELD_EXPERIMENTS", "twin_field_key_rate", "twin_field_plob_crossover_km"]

#: A record experiment to set beside the model (fiber length in km).
TWIN_FIELD_EXPERIMENTS = (
    {
        "reference": "Y. Liu et al., PRL 130, 210801 (2023)",
        "doi": "10.1103/PhysRevLett.130.210801",
        "length_km": 1002.0,
    },
)

_MU = np.geomspace(0.005, 1.0, 45)
_EPS = np.geomspace(0.005, 0.5, 40)


def _z_gains(eta, mu, eps, p_d):
    """Single-click probabilities S_00, S_01, S_11 and the Z-window gain and error S_Z, E_Z."""
    from scipy.special import i0e

    x = eta * mu
    s00 = 2 * p_d * (1 - p_d)
    s01 = 2 * ((1 - p_d) * np.exp(-x / 2) - (1 - p_d) ** 2 * np.exp(-x))
    # e^{-x} I0(x) is scipy's i0e(x): no overflow however bright the pulses.
    s11 = 2 * (1 - p_d) * (i0e(x) - (1 - p_d) * np.exp(-2 * x))
    s_z = (1 - eps) ** 2 * s00 + 2 * eps * (1 - eps) * s01 + eps**2 * s11
    e_z = np.minimum(((1 - eps) ** 2 * s00 + eps**2 * s11) / s_z, 0.5)
    return s00, s01, s11, s_z, e_z


def _rate(eta, mu, eps, p_d, e_d, f):
    s1 = (1 - p_d) * (eta + 2 * (1 - eta) * p_d)
    e1 = np.minimum((1 - p_d) * (e_d * eta + (1 - eta) * p_d) / s1, 0.5)
    _, _, _, s_z, e_z = _z_gains(eta, mu, eps, p_d)
    rate = 2 * eps * (1 - eps) * mu * np.exp(-mu) * s1 * (1 - binary_entropy(e1))
    rate = rate - f * s_z * binary_entropy(e_z)
    return np.maximum(rate, 0.0)


def twin_field_key_rate(
    length_km,
    *,
    attenuation_db_per_km=0.2,
    detector_efficiency=0.6,
    dark_count_probability=1e-10,
    misalignment=0.03,
    ec_efficiency=1.16,
):
    """Asymptotic twin-field (SNS) QKD secret bits per window vs Alice-Bob fiber length.

    Charlie sits in the middle: each arm is ``length_km / 2``.

    Args:
        length_km: Alice-Bob fiber length(s) in km, >= 0 (scalar or array).
        attenuation_db_per_km: fiber loss, >= 0 (ultra-low-loss fiber: about 0.16).
        detector_efficiency: Charlie's detector efficiency in [0, 1]
            (superconducting detectors: about 0.6).
        dark_count_probability: p_d per detector per window, in [0, 1)
            (1e-10: a few dark counts per second in a 1 ns window; lower with filters).
        misalignment: optical/phase error e_d of the interference, in [0, 0.5].
        ec_efficiency: f >= 1.

    Returns:
        Secret bits per window (scalar or array like ``length_km``), with
        mu and eps optimized at each length; 0 where no key survives.

    Source: Lucamarini, Yuan, Dynes, Shields, Nature 557, 400 (2018); the SNS
    rate of Wang, Yu, Hu, PRA 98, 062323 (2018).

    Example:
        >>> r = twin_field_key_rate([100.0, 400.0, 600.0])
        >>> [f"{x:.2e}" for x in r]
        ['4.77e-04', '4.57e-07', '3.61e-09']
    """
    length = check_nonnegative("length_km", length_km)
    alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km)
    eta_d = check_probability("detector_efficiency", detector_efficiency)
    p_d = check_real(
        "dark_count_probability", dark_count_probability, low=0.0, high=1.0, high_open=True
    )
    e_d = check_real("misalignment", misalignment, low=0.0, high=0.5)
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    arm = np.asarray(fiber_transmissivity(np.asarray(length, dtype=float) / 2.0, alpha)) * eta_d
    eta = arm[..., None, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        grid = _rate(eta, _MU[:, None], _EPS[None, :], p_d, e_d, f)
    rate = np.nan_to_num(grid, nan=0.0).max(axis=(-2, -1))
    return as_output(rate, length_km)


def twin_field_plob_crossover_km(**parameters) -> float:
    """Shortest fiber length (km) beyond which the twin-field rate exceeds the PLOB bound.

    Args:
        **parameters: keyword arguments of :func:`twin_field_key_rate` (not ``length_km``).

    Returns:
        The crossover length, to 0.1 km (between 1 and 3,000 km).

    Raises:
        ValueError: the rate never passes PLOB with these parameters.

    Source: PLOB bound of Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8,
    15043 (2017); rate of :func:`twin_field_key_rate`.

    Example:
        >>> round(twin_field_plob_crossover_km())
        250
    """
    from ..channels import plob_bound

    if "length_km" in parameters:
        raise ValueError("twin_field_plob_crossover_km finds the length; do not pass length_km")
    alpha = parameters.get("attenuation_db_per_km", 0.2)
    grid = np.arange(1.0, 3001.0, 5.0)
    excess = twin_field_key_rate(grid, **parameters) - plob_bound(fiber_transmissivity(grid, alpha))
    above = np.flatnonzero(excess > 0)
    if above.size == 0:
        raise ValueError("the twin-field rate never exceeds PLOB with these parameters")
    lo, hi = grid[max(above[0] - 1, 0)], grid[above[0]]

    def gap(length):
        eta = fiber_transmissivity(length, alpha)
        return twin_field_key_rate(length, **parameters) - plob_bound(eta)

    while hi - lo > 0.05:
        mid = 0.5 * (lo + hi)
        if gap(mid) > 0:
            hi = mid
        else:
            lo = mid
    return float(0.5 * (lo + hi))
