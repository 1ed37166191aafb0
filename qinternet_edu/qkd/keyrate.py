"""Asymptotic secret-key rates of BB84 and six-state, their QBER thresholds, and PLOB.

A secret fraction is the number of secret bits per sifted bit in the limit
of long keys. It is 0 where the formula turns negative: no key can be
distilled there (the protocol aborts), which is a physical statement, not a
clipped error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import as_output, check_real
from ..channels import plob_bound
from ..information import binary_entropy

__all__ = [
    "PLOBComparison",
    "bb84_asymptotic_key_rate",
    "bb84_qber_threshold",
    "compare_to_plob",
    "device_independent_key_rate",
    "key_rate_with_ec_efficiency",
    "six_state_key_rate",
    "six_state_qber_threshold",
]


def _check_qber(qber):
    return check_real("qber", qber, low=0.0, high=0.5)


def bb84_asymptotic_key_rate(qber):
    """BB84 secret fraction 1 - 2 h(Q) with ideal error correction (0 where negative).

    Args:
        qber: the quantum bit error rate Q in [0, 0.5] (scalar or array).

    Returns:
        Secret bits per sifted bit; positive for Q below about 11.0 %.

    Source: P. W. Shor, J. Preskill, "Simple proof of security of the BB84
    quantum key distribution protocol", PRL 85, 441 (2000).

    Example:
        >>> bb84_asymptotic_key_rate(0.0)
        1.0
        >>> round(bb84_asymptotic_key_rate(0.05), 4)
        0.4272
    """
    q = _check_qber(qber)
    rate = 1.0 - 2.0 * np.asarray(binary_entropy(q))
    return as_output(np.maximum(rate, 0.0), qber)


def key_rate_with_ec_efficiency(qber, ec_efficiency=1.16):
    """BB84 secret fraction 1 - h(Q) - f h(Q) with error correction of efficiency f >= 1.

    Error correction leaks f h(Q) bits per key bit (f = 1 is the Shannon
    limit; Cascade reaches about 1.1-1.2), privacy amplification removes
    h(Q) for the phase errors.

    Args:
        qber: Q in [0, 0.5] (scalar or array).
        ec_efficiency: f >= 1.

    Returns:
        Secret bits per sifted bit, 0 where negative.

    Source: Shor, Preskill, PRL 85, 441 (2000); the factor f as in
    H.-K. Lo, X. Ma, K. Chen, PRL 94, 230504 (2005).

    Example:
        >>> round(key_rate_with_ec_efficiency(0.02, 1.2), 4)
        0.6888
    """
    q = _check_qber(qber)
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    h = np.asarray(binary_entropy(q))
    rate = 1.0 - h - np.asarray(f) * h
    return as_output(np.maximum(rate, 0.0), qber)


def six_state_key_rate(qber):
    """Six-state secret fraction with one-way post-processing (0 where negative).

    For depolarizing noise the Bell-diagonal coefficients are 1 - 3Q/2 and
    Q/2 (three times); the rate is
    1 + (1 - 3Q/2) log2(1 - 3Q/2) + (3Q/2) log2(Q/2), positive below 12.6 %.

    Args:
        qber: Q in [0, 0.5] (scalar or array).

    Returns:
        Secret bits per sifted bit.

    Source: H.-K. Lo, "Proof of unconditional security of six-state quantum
    key distribution scheme", Quantum Inf. Comput. 1, 81 (2001).

    Example:
        >>> round(six_state_key_rate(0.05), 4)
        0.4968
    """
    q = np.asarray(_check_qber(qber), dtype=float)
    a = 1.0 - 1.5 * q
    with np.errstate(divide="ignore", invalid="ignore"):
        term_a = np.where(a > 0, a * np.log2(np.where(a > 0, a, 1.0)), 0.0)
        term_b = np.where(q > 0, 1.5 * q * np.log2(np.where(q > 0, q / 2.0, 1.0)), 0.0)
    rate = 1.0 + term_a + term_b
    return as_output(np.maximum(rate, 0.0), qber)


def device_independent_key_rate(chsh, qber):
    """Device-independent secret fraction 1 - h(Q) - h((1 + sqrt((S/2)^2 - 1)) / 2).

    The rate of DIQKD against collective attacks: it trusts nothing about the
    devices, only the observed CHSH value S and the bit error rate Q of the key
    rounds. No key without a Bell violation (S <= 2 gives 0); for Werner pairs
    (S = 2 sqrt(2) (1 - 2Q)) the key vanishes at Q of about 7.1 %.

    Args:
        chsh: the CHSH value S in [0, 2 sqrt(2)] (scalar or array).
        qber: the quantum bit error rate Q in [0, 0.5] (scalar or array).

    Returns:
        Secret bits per key round, 0 where the bound is not positive.

    Source: A. Acín, N. Brunner, N. Gisin, S. Massar, S. Pironio, V. Scarani,
    "Device-independent security of quantum cryptography against collective
    attacks", PRL 98, 230501 (2007).

    Example:
        >>> device_independent_key_rate(2 * 2**0.5, 0.0)
        1.0
        >>> device_independent_key_rate(2.0, 0.0)  # no Bell violation, no key
        0.0
        >>> round(device_independent_key_rate(2.7, 0.02), 4)
        0.587
    """
    s = check_real("chsh", chsh, low=0.0, high=2.0 * math.sqrt(2.0) * (1.0 + 1e-12))
    q = _check_qber(qber)
    s_arr, q_arr = np.broadcast_arrays(np.asarray(s, dtype=float), np.asarray(q, dtype=float))
    # S <= 2 gives no key (set below); the clip only keeps S/2 in [1, sqrt 2] for the root.
    violation = np.clip(s_arr / 2.0, 1.0, math.sqrt(2.0))
    eve = np.asarray(binary_entropy((1.0 + np.sqrt(violation**2 - 1.0)) / 2.0))
    rate = 1.0 - np.asarray(binary_entropy(q_arr)) - eve
    rate = np.where(s_arr > 2.0, np.maximum(rate, 0.0), 0.0)
    return as_output(rate, chsh, qber)


def _root(func, lo, hi):
    from scipy.optimize import brentq

    return float(brentq(func, lo, hi, xtol=1e-14))


def bb84_qber_threshold(*, ec_efficiency=1.0) -> float:
    """Largest QBER at which BB84 still gives a key: root of 1 - (1 + f) h(Q) = 0.

    Args:
        ec_efficiency: error-correction efficiency f >= 1.

    Returns:
        The threshold QBER (about 0.110 for f = 1).

    Source: Shor, Preskill, PRL 85, 441 (2000).

    Example:
        >>> round(bb84_qber_threshold(), 4)
        0.11
        >>> round(bb84_qber_threshold(ec_efficiency=1.2), 4)
        0.0955
    """
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    if isinstance(f, np.ndarray):
        raise TypeError("ec_efficiency must be a single number")
    return _root(lambda q: 1.0 - (1.0 + f) * binary_entropy(q), 1e-12, 0.5)


def six_state_qber_threshold() -> float:
    """Largest QBER at which the six-state protocol gives a key (one-way): about 12.62 %.

    Source: Lo, Quantum Inf. Comput. 1, 81 (2001).

    Example:
        >>> round(six_state_qber_threshold(), 4)
        0.1262
    """

    def rate(q):
        a = 1.0 - 1.5 * q
        return 1.0 + a * math.log2(a) + 1.5 * q * math.log2(q / 2.0)

    return _root(rate, 1e-6, 0.5)


@dataclass(frozen=True)
class PLOBComparison:
    """A key rate next to the PLOB bound of the same transmissivity."""

    rate: float | np.ndarray
    plob: float | np.ndarray
    ratio: float | np.ndarray
    below_plob: bool


def compare_to_plob(rate, eta) -> PLOBComparison:
    """Compare a key rate per channel use with the PLOB bound -log2(1 - eta).

    Args:
        rate: secret bits per channel use (pulse), >= 0 (scalar or array).
        eta: channel transmissivity in [0, 1) (broadcasts with ``rate``).

    Returns:
        A :class:`PLOBComparison`: the bound, rate / bound, and whether every
        rate is at or below it (a repeaterless link must be).

    Source: S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat. Commun. 8,
    15043 (2017).

    Example:
        >>> c = compare_to_plob(1e-3, 0.01)
        >>> round(c.ratio, 3), c.below_plob
        (0.069, True)
    """
    r = check_real("rate", rate, low=0.0)
    bound = plob_bound(eta)
    r_arr, b_arr = np.broadcast_arrays(np.asarray(r, dtype=float), np.asarray(bound, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(b_arr > 0, r_arr / np.where(b_arr > 0, b_arr, 1.0), np.inf)
    ratio = np.where((b_arr == 0) & (r_arr == 0), 0.0, ratio)
    scalar = np.ndim(rate) == 0 and np.ndim(eta) == 0
    return PLOBComparison(
        rate=float(r_arr) if scalar else r_arr,
        plob=float(b_arr) if scalar else b_arr,
        ratio=float(ratio) if scalar else ratio,
        below_plob=bool(np.all(r_arr <= b_arr * (1.0 + 1e-12))),
    )
