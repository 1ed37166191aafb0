"""Lossy channels: optical fiber, and the capacity bounds of a pure-loss channel.

A photon either survives a lossy channel (probability eta, the transmissivity)
or is lost. No amplifier can help a quantum signal (no-cloning), so the
transmissivity alone caps what any repeaterless link can achieve.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import as_output, check_nonnegative, check_probability
from .units import FIBER_ATTENUATION_DB_PER_KM

__all__ = [
    "fiber_transmissivity",
    "plob_bound",
    "tgw_bound",
]

_LN2 = math.log(2.0)


def fiber_transmissivity(length_km, attenuation_db_per_km=FIBER_ATTENUATION_DB_PER_KM):
    """Fraction of photons that cross a fiber, eta = 10^(-alpha L / 10).

    Args:
        length_km: fiber length in km, >= 0 (scalar or array).
        attenuation_db_per_km: loss coefficient alpha in dB/km, >= 0
            (default 0.2 dB/km, telecom fiber at 1550 nm).

    Returns:
        The transmissivity in (0, 1]; it underflows to 0.0 only beyond about
        15,000 km of 0.2 dB/km fiber, far past any physical link.

    Source: Beer-Lambert attenuation in dB form; 0.2 dB/km from ITU-T G.652.

    Example:
        >>> fiber_transmissivity(100.0)
        0.01
        >>> fiber_transmissivity(50.0, attenuation_db_per_km=0.16)
        0.158...
    """
    length = check_nonnegative("length_km", length_km)
    alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km)
    value = np.power(10.0, -np.asarray(alpha) * np.asarray(length) / 10.0)
    return as_output(value, length_km, attenuation_db_per_km)


def plob_bound(eta):
    """The PLOB bound: at most -log2(1 - eta) secret bits per use of a lossy channel.

    This is the two-way assisted secret-key capacity of the pure-loss channel:
    no repeaterless QKD protocol can beat it. For small eta it is about
    1.44 eta. Computed with ``log1p`` so it stays accurate for eta as small as
    1e-300 (thousands of km of fiber), where ``1 - eta`` would round to 1.

    Args:
        eta: channel transmissivity in [0, 1) (scalar or array). eta = 1 is a
            lossless channel whose capacity is unbounded, so it is rejected.

    Returns:
        Secret bits per channel use, >= 0.

    Source: S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, "Fundamental
    limits of repeaterless quantum communications", Nat. Commun. 8, 15043 (2017).

    Example:
        >>> round(plob_bound(0.01), 5)  # 100 km of 0.2 dB/km fiber
        0.0145
        >>> plob_bound(1e-30)  # 1,500 km of fiber: still accurate
        1.44269504088896...e-30
    """
    value = check_probability("eta", eta)
    arr = np.asarray(value)
    if np.any(arr >= 1.0):
        raise ValueError(
            f"eta must be in [0, 1) for the PLOB bound (eta = 1 is lossless); got {eta!r}"
        )
    return as_output(-np.log1p(-arr) / _LN2, eta)


def tgw_bound(eta):
    """The TGW bound: log2((1 + eta) / (1 - eta)) secret bits per channel use.

    The earlier, looser upper bound from the squashed entanglement of the
    pure-loss channel; about 2.89 eta for small eta, twice PLOB.

    Args:
        eta: channel transmissivity in [0, 1) (scalar or array).

    Returns:
        Secret bits per channel use, >= 0.

    Source: M. Takeoka, S. Guha, M. M. Wilde, "Fundamental rate-loss tradeoff
    for optical quantum key distribution", Nat. Commun. 5, 5235 (2014).

    Example:
        >>> round(tgw_bound(0.01), 5)
        0.02886
    """
    value = check_probability("eta", eta)
    arr = np.asarray(value)
    if np.any(arr >= 1.0):
        raise ValueError(
            f"eta must be in [0, 1) for the TGW bound (eta = 1 is lossless); got {eta!r}"
        )
    return as_output((np.log1p(arr) - np.log1p(-arr)) / _LN2, eta)
