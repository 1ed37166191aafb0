"""Measurement-device-independent QKD (Lo, Curty, Qi 2012): the asymptotic decoy-state key rate.

Alice and Bob each send weak coherent pulses (BB84 states, with decoys) to
Charlie in the middle, who makes a Bell-state measurement with a beam
splitter and two pairs of detectors and announces the result. Charlie may be
Eve: every detector side channel is removed. With infinitely many decoys,
the key per pulse pair is

    R = P1_A P1_B Y11^Z [1 - h(e11^X)] - Q_rect f h(E_rect),   P1 = mu e^-mu,

with, for single photons through arms of transmissivities eta_a, eta_b
(detector efficiency included) and dark-count probability p_d per detector,

    Y11 = (1 - p_d)^2 [eta_a eta_b / 2 + (2 eta_a + 2 eta_b - 3 eta_a eta_b) p_d
                       + 4 (1 - eta_a)(1 - eta_b) p_d^2],
    e11^X Y11 = e0 Y11 - (e0 - e_d)(1 - p_d)^2 eta_a eta_b / 2,     e0 = 1/2,

and, for the signal pulses in the rectilinear (key) basis,

    Q_C = 2 (1 - p_d)^2 e^{-mu'/2} [1 - (1 - p_d) e^{-eta_a mu/2}] [1 - (1 - p_d) e^{-eta_b mu/2}],
    Q_E = 2 p_d (1 - p_d)^2 e^{-mu'/2} [I0(2x) - (1 - p_d) e^{-mu'/2}],
    Q_rect = Q_C + Q_E,   E_rect Q_rect = e_d Q_C + (1 - e_d) Q_E,

mu' = (eta_a + eta_b) mu, x = sqrt(eta_a eta_b) mu / 2. Only the Bell
state psi- and psi+ (half of all) herald, so Y11 ~ eta_a eta_b / 2 = eta / 2:
the rate falls as the whole channel's eta, like BB84, below PLOB. Its use is
security, not reach: the key survives a hacked detector. The default
parameters are those Lo, Curty and Qi simulate (their Table I): e_d = 1.5 %,
p_d = 3e-6, eta_d = 14.5 %, f = 1.16, 0.2 dB/km, Charlie in the middle.

Source: H.-K. Lo, M. Curty, B. Qi, "Measurement-device-independent quantum key
distribution", PRL 108, 130503 (2012), and its Appendix. Experiment: H.-L.
Yin et al., "Measurement-device-independent quantum key distribution over a
404 km optical fiber", PRL 117, 190501 (2016).
"""

from __future__ import annotations

import numpy as np

from .._validation import as_output, check_nonnegative, check_probability, check_real
from ..channels import fiber_transmissivity
from ..information import binary_entropy

__all__ = ["MDI_QKD_EXPERIMENTS", "mdi_qkd_key_rate"]

#: A record experiment to set beside the model (fiber length in km).
MDI_QKD_EXPERIMENTS = (
    {
        "reference": "H.-L. Yin et al., PRL 117, 190501 (2016)",
        "doi": "10.1103/PhysRevLett.117.190501",
        "length_km": 404.0,
    },
)

_MU_GRID = np.concatenate(
    [np.geomspace(1e-3, 0.05, 40, endpoint=False), np.linspace(0.05, 1.0, 96)]
)


def _rate(eta_a, eta_b, mu, p_d, e_d, f):
    from scipy.special import i0e

    e0 = 0.5
    y11 = (1 - p_d) ** 2 * (
        eta_a * eta_b / 2
        + (2 * eta_a + 2 * eta_b - 3 * eta_a * eta_b) * p_d
        + 4 * (1 - eta_a) * (1 - eta_b) * p_d**2
    )
    e11 = (e0 * y11 - (e0 - e_d) * (1 - p_d) ** 2 * eta_a * eta_b / 2) / y11
    mu_p = (eta_a + eta_b) * mu
    two_x = np.sqrt(eta_a * eta_b) * mu
    q_c = (
        2
        * (1 - p_d) ** 2
        * np.exp(-mu_p / 2)
        * -np.expm1(np.log1p(-p_d) - eta_a * mu / 2)
        * -np.expm1(np.log1p(-p_d) - eta_b * mu / 2)
    )
    # e^{-mu'/2} I0(2x) = i0e(2x) e^{2x - mu'/2}, with 2x <= mu'/2, so nothing overflows.
    q_e = (
        2
        * p_d
        * (1 - p_d) ** 2
        * (i0e(two_x) * np.exp(two_x - mu_p / 2) - (1 - p_d) * np.exp(-mu_p))
    )
    q_rect = q_c + q_e
    e_rect = np.minimum((e_d * q_c + (1 - e_d) * q_e) / q_rect, 0.5)
    p1 = mu * np.exp(-mu)
    rate = p1**2 * y11 * (1 - binary_entropy(np.clip(e11, 0.0, 0.5)))
    rate = rate - q_rect * f * binary_entropy(e_rect)
    return np.maximum(rate, 0.0)


def mdi_qkd_key_rate(
    length_km,
    *,
    mean_photon_number=None,
    charlie_fraction=0.5,
    attenuation_db_per_km=0.2,
    detector_efficiency=0.145,
    dark_count_probability=3e-6,
    misalignment=0.015,
    ec_efficiency=1.16,
):
    """Asymptotic MDI-QKD secret bits per pulse pair vs Alice-Bob fiber length (Lo, Curty, Qi).

    Args:
        length_km: Alice-Bob fiber length(s) in km, >= 0 (scalar or array).
        mean_photon_number: signal intensity mu > 0 of both senders; ``None``
            (default) optimizes it at each distance.
        charlie_fraction: where Charlie sits, the fraction of the length on
            Alice's side, in (0, 1) (0.5: the middle).
        attenuation_db_per_km: fiber loss, >= 0.
        detector_efficiency: Charlie's detector efficiency eta_d in [0, 1].
        dark_count_probability: p_d per detector per pulse, in [0, 1).
        misalignment: e_d in [0, 0.5].
        ec_efficiency: f >= 1.

    Returns:
        Secret bits per pulse pair (scalar or array like ``length_km``), 0 where
        no key survives.

    Source: Lo, Curty, Qi, PRL 108, 130503 (2012), Appendix; default parameters
    of their Table I.

    Example:
        >>> [f"{r:.2e}" for r in mdi_qkd_key_rate([0.0, 100.0, 200.0])]
        ['5.75e-04', '4.93e-06', '2.15e-08']
    """
    length = check_nonnegative("length_km", length_km)
    frac = check_real(
        "charlie_fraction", charlie_fraction, low=0.0, high=1.0, low_open=True, high_open=True
    )
    alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km)
    eta_d = check_probability("detector_efficiency", detector_efficiency)
    p_d = check_real(
        "dark_count_probability", dark_count_probability, low=0.0, high=1.0, high_open=True
    )
    e_d = check_real("misalignment", misalignment, low=0.0, high=0.5)
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    arr = np.asarray(length, dtype=float)
    eta_a = np.asarray(fiber_transmissivity(arr * frac, alpha)) * eta_d
    eta_b = np.asarray(fiber_transmissivity(arr * (1 - frac), alpha)) * eta_d
    with np.errstate(divide="ignore", invalid="ignore"):
        if mean_photon_number is not None:
            mu = check_real("mean_photon_number", mean_photon_number, low=0.0, low_open=True)
            if isinstance(mu, np.ndarray):
                raise TypeError("mean_photon_number must be a single number (or None)")
            rate = _rate(eta_a, eta_b, mu, p_d, e_d, f)
        else:
            rate = _rate(eta_a[..., None], eta_b[..., None], _MU_GRID, p_d, e_d, f).max(axis=-1)
    return as_output(np.nan_to_num(rate, nan=0.0), length_km)
