"""Classical information measures used throughout the course."""

from __future__ import annotations

import numpy as np

from ._validation import as_output, check_probability

__all__ = ["binary_entropy"]


def binary_entropy(p):
    """Shannon binary entropy h(p) = -p log2 p - (1-p) log2 (1-p), in bits.

    h(0) = h(1) = 0 and h(1/2) = 1. It measures, for example, how many bits per
    key bit error correction must reveal at a bit error rate p.

    Args:
        p: a probability in [0, 1] (scalar or array).

    Returns:
        h(p) in [0, 1] bits.

    Source: C. E. Shannon, "A Mathematical Theory of Communication",
    Bell Syst. Tech. J. 27, 379 (1948).

    Example:
        >>> binary_entropy(0.5)
        1.0
        >>> round(binary_entropy(0.11), 4)
        0.4999
    """
    q = np.asarray(check_probability("p", p), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -q * np.log2(q) - (1.0 - q) * np.log1p(-q) / np.log(2.0)
    h = np.where((q == 0.0) | (q == 1.0), 0.0, h)
    return as_output(h, p)
