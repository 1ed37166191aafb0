"""A simple finite-key correction: fewer bits, an honest error bar, a shorter key.

With a finite key, Alice and Bob only *estimate* the phase-error rate from a
sample of k revealed bits. The true rate on the n key bits can exceed the
sample's rate Q by a statistical margin mu; privacy amplification must
assume Q + mu. Random sampling without replacement gives, except with
probability epsilon_pe,

    mu = sqrt( (n + k) / (n k) * (k + 1) / k * ln(1 / epsilon_pe) / 2 ),

and the key length is l = n [1 - h(Q + mu)] - leak_EC - 2 log2(1 / epsilon_pa).
This keeps the structure of the tight analysis of Tomamichel et al. (2012)
but is simplified (no separate correctness term, one-sided bound in the
form of Serfling's inequality): teach it as an illustration of why keys
need 1e5-1e6 signals, not as a certified bound.

Source: M. Tomamichel, C. C. W. Lim, N. Gisin, R. Renner, "Tight finite-key
analysis for quantum cryptography", Nat. Commun. 3, 634 (2012); R. J.
Serfling, Ann. Stat. 2, 39 (1974); V. Scarani, R. Renner, PRL 100, 200501 (2008).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import check_int, check_real
from ..information import binary_entropy

__all__ = ["FiniteKeyResult", "finite_key_length", "sampling_deviation"]


def _check_epsilon(name, value):
    out = check_real(name, value, low=0.0, high=1.0, low_open=True, high_open=True)
    if isinstance(out, np.ndarray):
        raise TypeError(f"{name} must be a single number in (0, 1)")
    return out


def sampling_deviation(n_key, sample_size, *, epsilon_pe=1e-10) -> float:
    """Margin mu by which the key's error rate may exceed the sample's (probability epsilon_pe).

    Args:
        n_key: key bits kept, >= 1.
        sample_size: bits revealed to estimate the QBER, >= 1.
        epsilon_pe: failure probability of the estimate, in (0, 1).

    Returns:
        mu = sqrt((n + k)/(n k) (k + 1)/k ln(1/epsilon_pe) / 2).

    Source: Serfling (1974), in the form used by Tomamichel et al. (2012).

    Example:
        >>> round(sampling_deviation(1_000_000, 100_000), 4)
        0.0112
    """
    n = check_int("n_key", n_key, low=1)
    k = check_int("sample_size", sample_size, low=1)
    eps = _check_epsilon("epsilon_pe", epsilon_pe)
    return math.sqrt((n + k) / (n * k) * (k + 1) / k * math.log(1.0 / eps) / 2.0)


@dataclass(frozen=True)
class FiniteKeyResult:
    """Key length after the finite-size correction."""

    n_sifted: int
    sample_size: int
    n_key: int
    qber: float
    deviation: float
    leaked_bits: int
    secret_length: int

    @property
    def secret_fraction(self) -> float:
        """Secret bits per sifted bit (0 when no key survives); the sample counts as spent."""
        return self.secret_length / self.n_sifted

    @property
    def secret_fraction_of_key(self) -> float:
        """Secret bits per bit kept for the key (the sifted bits less the sample)."""
        return self.secret_length / self.n_key


def finite_key_length(
    n_sifted,
    *,
    qber,
    sample_fraction=0.1,
    ec_efficiency=1.16,
    leaked_bits=None,
    epsilon_pe=1e-10,
    epsilon_pa=1e-10,
) -> FiniteKeyResult:
    """Secret key length of BB84 from ``n_sifted`` bits, with the finite-sample margin.

    Args:
        n_sifted: sifted bits, >= 2.
        qber: QBER Q measured on the sample, in [0, 0.5].
        sample_fraction: fraction of sifted bits revealed, in (0, 1).
        ec_efficiency: f >= 1; error correction leaks f n h(Q) bits unless
            ``leaked_bits`` says how many it really leaked.
        leaked_bits: measured leakage of error correction, >= 0 (optional).
        epsilon_pe, epsilon_pa: failure probabilities of the estimate and of
            privacy amplification, in (0, 1).

    Returns:
        A :class:`FiniteKeyResult`. As n_sifted grows its ``secret_fraction_of_key``
        tends to the asymptotic 1 - h(Q) - f h(Q), and its ``secret_fraction`` (per
        sifted bit) to (1 - sample_fraction) times that, the sample being spent on
        the estimate.

    Source: Tomamichel, Lim, Gisin, Renner, Nat. Commun. 3, 634 (2012)
    (simplified, see the module notes).

    Example:
        >>> small = finite_key_length(1_000, qber=0.02)
        >>> large = finite_key_length(10_000_000, qber=0.02)
        >>> small.secret_length, round(large.secret_fraction, 3)
        (0, 0.607)
    """
    n_s = check_int("n_sifted", n_sifted, low=2)
    q = check_real("qber", qber, low=0.0, high=0.5)
    frac = check_real(
        "sample_fraction", sample_fraction, low=0.0, high=1.0, low_open=True, high_open=True
    )
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    eps_pa = _check_epsilon("epsilon_pa", epsilon_pa)
    k = min(n_s - 1, max(1, round(frac * n_s)))
    n = n_s - k
    mu = sampling_deviation(n, k, epsilon_pe=epsilon_pe)
    if leaked_bits is None:
        leak = math.ceil(f * n * float(binary_entropy(q)))
    else:
        leak = check_int("leaked_bits", leaked_bits, low=0)
    phase = min(0.5, q + mu)
    length = n * (1.0 - float(binary_entropy(phase))) - leak - 2.0 * math.log2(1.0 / eps_pa)
    return FiniteKeyResult(
        n_sifted=n_s,
        sample_size=k,
        n_key=n,
        qber=float(q),
        deviation=mu,
        leaked_bits=int(leak),
        secret_length=max(0, math.floor(length)),
    )
