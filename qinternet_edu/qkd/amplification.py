"""Privacy amplification: hash the corrected key to a shorter one that Eve knows nothing about.

Alice and Bob apply the same random Toeplitz matrix (a two-universal hash,
chosen publicly) to their identical keys. By the leftover hash lemma, if Eve's
uncertainty about the n-bit key is H_min bits, an output of
l = H_min - 2 log2(1/epsilon) bits is epsilon-close to uniform and
independent of everything Eve holds.

An m x n Toeplitz matrix is fixed by its n + m - 1 diagonals t, and
T x (mod 2) is a slice of the convolution t * x, computed here with a circular
FFT convolution of length n + m - 1 (not the 2n + m - 2 of the full linear
one) in O((n + m) log(n + m)) instead of O(n m): a 1e6-bit key hashes in well
under a second. The FFT runs in floating point; the convolution values are integers no
larger than n, the rounding error stays below 1e-6 for keys of millions of
bits, and every result is checked to lie within 0.25 of an integer before it
is reduced mod 2 (otherwise the key is split into short pieces, which keeps
the values small). The direct matrix product is available for checking.

Source: R. Impagliazzo, L. A. Levin, M. Luby, STOC '89, 12 (1989) (leftover
hash lemma); R. Renner, PhD thesis, ETH Zurich (2005), arXiv:quant-ph/0512258
(against quantum side information); H. Krawczyk, CRYPTO '94, LNCS 839, 129
(1994) (Toeplitz hashing is two-universal).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_bits, check_choice, check_int, check_real, make_rng
from ..information import binary_entropy
from ._common import fast_bits

__all__ = [
    "PrivacyAmplificationResult",
    "privacy_amplification",
    "secure_key_length",
    "toeplitz_hash",
]

_PIECE = 1 << 16
_DIRECT_LIMIT = 50_000_000


def _conv_mod2_fft(t: np.ndarray, x: np.ndarray, m: int) -> np.ndarray:
    """Entries n-1 .. n+m-2 of the convolution t * x, mod 2, via FFT (exactness checked).

    ``t`` holds the n + m - 1 diagonals. The full linear convolution has
    2n + m - 2 entries, but a circular one of any length L >= n + m - 1
    suffices: an entry j >= L wraps to j - L <= n + m - 3 - (L - n) < n - 1,
    below the wanted range, and nothing wraps onto it from above.
    """
    from scipy import fft

    n = x.size
    length = fft.next_fast_len(t.size, real=True)
    ft = fft.rfft(t.astype(np.float64), length)
    fx = fft.rfft(x.astype(np.float64), length)
    conv = fft.irfft(ft * fx, length)[n - 1 : n - 1 + m]
    rounded = np.rint(conv)
    if np.max(np.abs(conv - rounded), initial=0.0) > 0.25:
        raise ArithmeticError("FFT rounding too large")
    return (rounded.astype(np.int64) & 1).astype(np.uint8)


def _toeplitz_fft(t: np.ndarray, x: np.ndarray, m: int) -> np.ndarray:
    try:
        return _conv_mod2_fft(t, x, m)
    except ArithmeticError:
        pass
    # Split x into short pieces: each partial convolution has small integer values.
    n = x.size
    out = np.zeros(m, dtype=np.uint8)
    for start in range(0, n, _PIECE):
        piece = x[start : start + _PIECE]
        # Columns start..start+len-1 use diagonals t[i - j + n - 1].
        lo = n - 1 - (start + piece.size - 1)
        seg = t[lo : lo + piece.size + m - 1]
        out ^= _conv_mod2_fft(seg, piece, m)
    return out


def _toeplitz_direct(t: np.ndarray, x: np.ndarray, m: int) -> np.ndarray:
    n = x.size
    i = np.arange(m)[:, None]
    j = np.arange(n)[None, :]
    matrix = t[i - j + n - 1].astype(np.int64)
    return ((matrix @ x.astype(np.int64)) & 1).astype(np.uint8)


def toeplitz_hash(key, output_length, *, seed=None, rng=None, method="fft") -> np.ndarray:
    """Hash a bit string with a random binary Toeplitz matrix: T key (mod 2).

    The matrix is drawn from ``seed``/``rng`` (n + output_length - 1 random
    bits, its diagonals); Alice and Bob use the same seed to get the same hash.

    Args:
        key: the input bits (0/1 array), length n >= 1.
        output_length: m, in [0, n].
        seed, rng: the shared public randomness that picks the matrix.
        method: ``"fft"`` (fast, default) or ``"direct"`` (the explicit
            matrix product, for checking; limited to n m <= 5e7).

    Returns:
        The m hashed bits as uint8.

    Source: Krawczyk, CRYPTO '94 (1994); Toeplitz hashing in QKD post-processing
    as in e.g. Tang et al., "Toeplitz hashing for privacy amplification".

    Example:
        >>> k = [1, 0, 1, 1, 0, 0, 1, 0]
        >>> h1 = toeplitz_hash(k, 4, seed=7)
        >>> h2 = toeplitz_hash(k, 4, seed=7, method="direct")
        >>> h1.tolist() == h2.tolist(), h1.size
        (True, 4)
    """
    x = check_bits("key", key)
    if x.size == 0:
        raise ValueError("key must hold at least one bit")
    m = check_int("output_length", output_length, low=0, high=x.size)
    method = check_choice("method", method, ("fft", "direct"))
    generator = make_rng(seed, rng)
    t = fast_bits(generator, x.size + m - 1) if m else np.zeros(0, dtype=np.uint8)
    if m == 0:
        return np.zeros(0, dtype=np.uint8)
    if method == "direct":
        if x.size * m > _DIRECT_LIMIT:
            raise ValueError(
                f"method 'direct' builds an {m} x {x.size} matrix; use it for n * output_length "
                f"<= {_DIRECT_LIMIT} (got {x.size * m})"
            )
        return _toeplitz_direct(t, x, m)
    return _toeplitz_fft(t, x, m)


def secure_key_length(n_bits, *, qber=0.0, leaked_bits=0, epsilon=1e-10) -> int:
    """Final key length from the leftover hash lemma: n (1 - h(Q)) - leaked - 2 log2(1/epsilon).

    n (1 - h(Q)) is the asymptotic estimate of Eve's uncertainty about an
    n-bit BB84 key whose phase-error rate equals the bit-error rate Q
    (Shor-Preskill); ``leaked_bits`` are the parities revealed by error
    correction. Finite-size statistics are added in
    :mod:`qinternet_edu.qkd.finite_key`.

    Args:
        n_bits: corrected key length, >= 0.
        qber: Q in [0, 0.5].
        leaked_bits: bits revealed during error correction, >= 0.
        epsilon: distance from a perfect key, in (0, 1).

    Returns:
        The output length, >= 0 (0 means no secret key).

    Source: Impagliazzo, Levin, Luby (1989); Renner (2005); Shor, Preskill,
    PRL 85, 441 (2000).

    Example:
        >>> secure_key_length(100_000, qber=0.02, leaked_bits=16_000, epsilon=1e-10)
        69789
    """
    n = check_int("n_bits", n_bits, low=0)
    q = check_real("qber", qber, low=0.0, high=0.5)
    leak = check_int("leaked_bits", leaked_bits, low=0)
    eps = check_real("epsilon", epsilon, low=0.0, high=1.0, low_open=True, high_open=True)
    if isinstance(q, np.ndarray) or isinstance(eps, np.ndarray):
        raise TypeError("qber and epsilon must be single numbers")
    length = n * (1.0 - float(binary_entropy(q))) - leak - 2.0 * math.log2(1.0 / eps)
    return max(0, math.floor(length))


@dataclass(frozen=True)
class PrivacyAmplificationResult:
    """The final secret key and how its length was chosen."""

    input_length: int
    output_length: int
    qber: float
    leaked_bits: int
    epsilon: float
    key: np.ndarray = field(repr=False, compare=False)


def privacy_amplification(
    key, *, qber=0.0, leaked_bits=0, epsilon=1e-10, seed=None, rng=None
) -> PrivacyAmplificationResult:
    """Shorten a corrected key by Toeplitz hashing to the length the leftover hash lemma allows.

    Alice and Bob call this with the same key and the same ``seed`` and get
    the same final key. An empty key comes back when nothing can be kept
    secret.

    Args:
        key: the error-corrected key (0/1 array).
        qber: the error rate Q in [0, 0.5] (Eve's information n h(Q)).
        leaked_bits: bits revealed by error correction (e.g.
            ``CascadeResult.leaked_bits``).
        epsilon: security parameter in (0, 1).
        seed, rng: the public randomness choosing the hash.

    Returns:
        A :class:`PrivacyAmplificationResult`.

    Source: see :func:`secure_key_length` and :func:`toeplitz_hash`.

    Example:
        >>> import numpy as np
        >>> key = np.random.default_rng(1).integers(0, 2, 10_000)
        >>> r = privacy_amplification(key, qber=0.02, leaked_bits=1_600, seed=3)
        >>> r.output_length
        6919
    """
    x = check_bits("key", key)
    length = secure_key_length(x.size, qber=qber, leaked_bits=leaked_bits, epsilon=epsilon)
    out = toeplitz_hash(x, length, seed=seed, rng=rng) if x.size else np.zeros(0, np.uint8)
    return PrivacyAmplificationResult(
        input_length=int(x.size),
        output_length=int(out.size),
        qber=float(qber),
        leaked_bits=int(leaked_bits),
        epsilon=float(epsilon),
        key=out,
    )
