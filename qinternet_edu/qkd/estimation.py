"""Parameter estimation: reveal a random sample of the sifted key to estimate the QBER.

The revealed bits are discarded; the rest of the key goes on to error
correction. The sample's error fraction estimates the QBER with the
binomial standard error sqrt(Q (1 - Q) / k); :func:`qber_upper_bound` turns
it into a bound that holds except with probability epsilon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_bits, check_int, check_real, make_rng

__all__ = ["QBEREstimate", "estimate_qber", "qber_upper_bound"]


@dataclass(frozen=True)
class QBEREstimate:
    """A QBER estimate from a revealed sample, and the keys that remain secret."""

    qber: float
    errors: int
    sample_size: int
    standard_error: float
    alice_key: np.ndarray = field(repr=False, compare=False)
    bob_key: np.ndarray = field(repr=False, compare=False)
    sampled: np.ndarray = field(repr=False, compare=False)

    @property
    def remaining(self) -> int:
        """Length of the key left after removing the sample."""
        return int(self.alice_key.size)


def estimate_qber(
    alice_key, bob_key, *, sample_fraction=0.1, sample_size=None, seed=None, rng=None
) -> QBEREstimate:
    """Estimate the QBER on a random sample of the sifted key and discard the sample.

    Args:
        alice_key, bob_key: the sifted keys (0/1 arrays of equal length).
        sample_fraction: fraction of positions to reveal, in (0, 1]
            (ignored when ``sample_size`` is given).
        sample_size: exact number of positions to reveal, in [1, len(key)].
        seed, rng: randomness for choosing the sample (public, shared).

    Returns:
        A :class:`QBEREstimate` with the estimate, its standard error and the
        keys without the sampled positions.

    Example:
        >>> a = [0, 1, 1, 0, 1, 0, 0, 1]
        >>> b = [0, 1, 0, 0, 1, 0, 0, 1]
        >>> e = estimate_qber(a, b, sample_size=8, seed=1)
        >>> e.qber, e.errors, e.remaining
        (0.125, 1, 0)
    """
    a = check_bits("alice_key", alice_key)
    b = check_bits("bob_key", bob_key)
    if a.size != b.size:
        raise ValueError(
            f"alice_key and bob_key must have the same length; got {a.size} and {b.size}"
        )
    if a.size == 0:
        raise ValueError("alice_key must not be empty")
    if sample_size is None:
        frac = check_real("sample_fraction", sample_fraction, low=0.0, high=1.0, low_open=True)
        k = max(1, round(frac * a.size))
    else:
        k = check_int("sample_size", sample_size, low=1, high=a.size)
    generator = make_rng(seed, rng)
    chosen = generator.choice(a.size, size=k, replace=False)
    sampled = np.zeros(a.size, dtype=bool)
    sampled[chosen] = True
    errors = int(np.count_nonzero(a[sampled] != b[sampled]))
    q = errors / k
    return QBEREstimate(
        qber=q,
        errors=errors,
        sample_size=k,
        standard_error=math.sqrt(q * (1.0 - q) / k),
        alice_key=a[~sampled],
        bob_key=b[~sampled],
        sampled=sampled,
    )


def qber_upper_bound(errors, sample_size, *, epsilon=1e-10):
    """An upper bound on the true error rate that fails with probability at most ``epsilon``.

    Hoeffding's inequality for k independent samples: the true rate exceeds
    errors/k + sqrt(ln(1/epsilon) / (2k)) with probability <= epsilon. (A
    sample drawn without replacement from a finite key obeys the same bound,
    Serfling 1974.)

    Args:
        errors: errors seen in the sample, in [0, sample_size].
        sample_size: revealed bits, >= 1.
        epsilon: failure probability in (0, 1).

    Returns:
        The bound (not capped; a bound above 1/2 means no key can be made).

    Source: W. Hoeffding, J. Am. Stat. Assoc. 58, 13 (1963); R. J. Serfling,
    Ann. Stat. 2, 39 (1974).

    Example:
        >>> round(qber_upper_bound(200, 10_000, epsilon=1e-10), 4)
        0.0539
    """
    k = check_int("sample_size", sample_size, low=1)
    e = check_int("errors", errors, low=0, high=k)
    eps = check_real("epsilon", epsilon, low=0.0, high=1.0, low_open=True, high_open=True)
    return e / k + math.sqrt(math.log(1.0 / eps) / (2.0 * k))
