"""The finite key of BB84: Tomamichel, Lim, Gisin and Renner's bound, with ε_sec and ε_cor.

With a finite key, Alice and Bob only *estimate* the phase-error rate from a
sample of k bits measured in the other basis. The true rate on the n key bits
can exceed the sample's rate Q by a statistical margin mu; privacy
amplification must assume Q + mu. Tomamichel et al. (2012) prove that the
protocol is epsilon_cor-correct and epsilon_sec-secret if the key length is

    l <= n [1 - h(Q + mu)] - leak_EC - log2( 2 / (epsilon_sec^2 epsilon_cor) ),

    mu = sqrt( (n + k) / (n k) * (k + 1) / k * ln(2 / epsilon_sec) ),

where leak_EC is what error correction revealed (here f n h(Q) unless the
measured leakage is given) and the preparation quality q of their Eq. (2) is
1 (BB84 with exactly complementary bases). mu comes from Serfling's bound
for sampling without replacement, P[error rate on n >= Q + mu] <= (epsilon_sec/2)^2.
The correctness term log2(1/epsilon_cor) is the hash that checks that
error correction worked. At n = 9,000, k = 1,000, Q = 1 %, f = 1.16 and
epsilon_sec = epsilon_cor = 1e-10 this gives 2,086 bits.

Source: M. Tomamichel, C. C. W. Lim, N. Gisin, R. Renner, "Tight finite-key
analysis for quantum cryptography", Nat. Commun. 3, 634 (2012), Eq. (2);
R. J. Serfling, "Probability inequalities for the sum in sampling without
replacement", Ann. Stat. 2, 39 (1974).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import check_int, check_real
from ..information import binary_entropy

__all__ = ["FiniteKeyResult", "finite_key_length", "sampling_deviation"]

# Sample fractions tried when ``sample_fraction=None`` asks for the best one.
_FRACTION_GRID = np.geomspace(1e-4, 0.6, 600)


def _check_epsilon(name, value):
    out = check_real(name, value, low=0.0, high=1.0, low_open=True, high_open=True)
    if isinstance(out, np.ndarray):
        raise TypeError(f"{name} must be a single number in (0, 1)")
    return out


def _mu(n, k, eps_sec):
    n = np.asarray(n, dtype=float)
    k = np.asarray(k, dtype=float)
    return np.sqrt((n + k) / (n * k) * (k + 1.0) / k * math.log(2.0 / eps_sec))


def sampling_deviation(n_key, sample_size, *, epsilon_sec=1e-10) -> float:
    """Margin mu by which the key's phase-error rate may exceed the sample's.

    Args:
        n_key: key bits kept, n >= 1.
        sample_size: bits measured to estimate the error rate, k >= 1.
        epsilon_sec: secrecy parameter in (0, 1); the margin fails with
            probability at most (epsilon_sec / 2)^2.

    Returns:
        mu = sqrt((n + k)/(n k) (k + 1)/k ln(2/epsilon_sec)).

    Source: Tomamichel, Lim, Gisin, Renner, Nat. Commun. 3, 634 (2012), from
    Serfling, Ann. Stat. 2, 39 (1974).

    Example:
        >>> round(sampling_deviation(9_000, 1_000), 4)
        0.1624
    """
    n = check_int("n_key", n_key, low=1)
    k = check_int("sample_size", sample_size, low=1)
    eps = _check_epsilon("epsilon_sec", epsilon_sec)
    return float(_mu(n, k, eps))


@dataclass(frozen=True)
class FiniteKeyResult:
    """Key length of the Tomamichel et al. (2012) finite-key bound, and its ingredients."""

    n_sifted: int
    sample_size: int
    n_key: int
    qber: float
    deviation: float
    leaked_bits: int
    epsilon_sec: float
    epsilon_cor: float
    secret_length: int

    @property
    def secret_fraction(self) -> float:
        """Secret bits per sifted bit (0 when no key survives); the sample counts as spent."""
        return self.secret_length / self.n_sifted

    @property
    def secret_fraction_of_key(self) -> float:
        """Secret bits per bit kept for the key (the sifted bits less the sample)."""
        return self.secret_length / self.n_key


def _length(n, k, q, f, eps_sec, eps_cor, leak=None):
    mu = _mu(n, k, eps_sec)
    phase = np.minimum(0.5, q + mu)
    if leak is None:
        leak = np.ceil(f * n * float(binary_entropy(q)))
    value = (
        n * (1.0 - np.asarray(binary_entropy(phase)))
        - leak
        - math.log2(2.0 / (eps_sec**2 * eps_cor))
    )
    return value, mu, leak


def finite_key_length(
    n_sifted,
    *,
    qber,
    sample_fraction=0.1,
    ec_efficiency=1.16,
    leaked_bits=None,
    epsilon_sec=1e-10,
    epsilon_cor=1e-10,
) -> FiniteKeyResult:
    """Secret key length of BB84 from ``n_sifted`` bits (Tomamichel et al. 2012).

    Of the sifted bits, k = ``sample_fraction`` n_sifted estimate the error
    rate and n = n_sifted - k form the key; the length is the bound of the
    module notes, rounded down, and 0 when it is not positive (the protocol
    then aborts).

    Args:
        n_sifted: sifted bits, >= 2.
        qber: error rate Q measured on the sample (and tolerated), in [0, 0.5].
        sample_fraction: fraction of sifted bits used for the estimate, in (0, 1);
            ``None`` picks the fraction that gives the longest key.
        ec_efficiency: f >= 1; error correction leaks f n h(Q) bits unless
            ``leaked_bits`` says how many it really leaked.
        leaked_bits: measured leakage of error correction, >= 0 (optional).
        epsilon_sec: secrecy (distance from an ideal key), in (0, 1).
        epsilon_cor: correctness (probability that Alice's and Bob's keys
            differ undetected), in (0, 1). The key is
            (epsilon_sec + epsilon_cor)-secure.

    Returns:
        A :class:`FiniteKeyResult`. As n_sifted grows its ``secret_fraction_of_key``
        tends to the asymptotic 1 - h(Q) - f h(Q).

    Source: M. Tomamichel, C. C. W. Lim, N. Gisin, R. Renner, Nat. Commun. 3,
    634 (2012), Eq. (2) with q = 1.

    Example:
        >>> finite_key_length(10_000, qber=0.01).secret_length
        2086
        >>> large = finite_key_length(10_000_000, qber=0.02)
        >>> round(large.secret_fraction, 3)
        0.6
    """
    n_s = check_int("n_sifted", n_sifted, low=2)
    q = check_real("qber", qber, low=0.0, high=0.5)
    if isinstance(q, np.ndarray):
        raise TypeError("qber must be a single number in [0, 0.5]")
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    eps_sec = _check_epsilon("epsilon_sec", epsilon_sec)
    eps_cor = _check_epsilon("epsilon_cor", epsilon_cor)
    leak = None if leaked_bits is None else check_int("leaked_bits", leaked_bits, low=0)
    if sample_fraction is None:
        ks = np.unique(np.clip(np.round(_FRACTION_GRID * n_s), 1, n_s - 1)).astype(int)
        values, _, _ = _length(n_s - ks, ks, q, f, eps_sec, eps_cor, leak)
        k = int(ks[int(np.argmax(values))])
    else:
        frac = check_real(
            "sample_fraction", sample_fraction, low=0.0, high=1.0, low_open=True, high_open=True
        )
        k = min(n_s - 1, max(1, round(frac * n_s)))
    n = n_s - k
    value, mu, leak_used = _length(n, k, q, f, eps_sec, eps_cor, leak)
    return FiniteKeyResult(
        n_sifted=n_s,
        sample_size=k,
        n_key=n,
        qber=float(q),
        deviation=float(mu),
        leaked_bits=int(leak_used),
        epsilon_sec=float(eps_sec),
        epsilon_cor=float(eps_cor),
        secret_length=max(0, math.floor(float(value))),
    )
