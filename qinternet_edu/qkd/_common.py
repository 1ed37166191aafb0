"""Private helpers shared by the QKD simulators: fast random bits, Bernoulli masks, the channel.

Nothing here is public; the public simulators validate their inputs first and
then call these helpers with clean values.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_int, check_nonnegative, check_probability, check_real, check_size
from ..channels import fiber_transmissivity

#: The most pulses (or pairs) one simulator call accepts: at a few 1e7 per
#: second that is several minutes of work; more is refused, not started.
MAX_PULSES = 10**10
#: With ``return_keys=True`` the sifted keys are held in memory (bytes per bit).
MAX_PULSES_WITH_KEYS = 10**9
#: The largest vectorized step (a chunk of this many pulses needs about 1 GB).
MAX_CHUNK = 1 << 26
#: Above this many pulses a call takes more than a few seconds: show a progress bar.
PROGRESS_ABOVE = 200_000_000

#: Below this success probability a Bernoulli mask is drawn from geometric gaps
#: (cost proportional to the number of successes) instead of one number per trial.
_SPARSE_BELOW = 0.02
_TWO_32 = float(2**32)


def fast_bits(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` fair random bits as uint8 0/1, eight per random byte."""
    if n <= 0:
        return np.zeros(0, dtype=np.uint8)
    raw = np.frombuffer(rng.bytes((n + 7) // 8), dtype=np.uint8)
    return np.unpackbits(raw, count=n)


def fast_bases(rng: np.random.Generator, n: int, n_bases: int) -> np.ndarray:
    """``n`` uniformly random basis labels in {0, ..., n_bases - 1} as uint8."""
    if n_bases == 2:
        return fast_bits(rng, n)
    return rng.integers(0, n_bases, size=n, dtype=np.uint8)


def bernoulli_positions(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    """Sorted indices of the successes among ``n`` independent trials of probability ``p``.

    For small ``p`` the number of successes is drawn from the binomial law and
    their positions as a uniformly random subset of that size (the first
    distinct values of a stream of uniform indices), which is the same law as
    ``n`` separate coin flips at a cost proportional to the successes.
    """
    if p <= 0.0 or n <= 0:
        return np.zeros(0, dtype=np.int64)
    if p >= 1.0:
        return np.arange(n, dtype=np.int64)
    if p >= _SPARSE_BELOW:
        return np.flatnonzero(bernoulli_mask(rng, n, p))
    k = int(rng.binomial(n, p))
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    stream = np.zeros(0, dtype=np.int64)
    while True:
        extra = rng.integers(0, n, size=k + k // 8 + 16, dtype=np.int64)
        stream = np.concatenate([stream, extra])
        _, first = np.unique(stream, return_index=True)
        if first.size >= k:
            chosen = stream[np.sort(first)[:k]]
            return np.sort(chosen)


def bernoulli_mask(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    """Boolean mask of ``n`` independent trials that succeed with probability ``p``."""
    if p <= 0.0:
        return np.zeros(n, dtype=bool)
    if p >= 1.0:
        return np.ones(n, dtype=bool)
    if p < _SPARSE_BELOW:
        mask = np.zeros(n, dtype=bool)
        mask[bernoulli_positions(rng, n, p)] = True
        return mask
    # 32-bit uniform integers against a threshold: resolution 2**-32, twice as
    # fast as float64 uniforms. p >= 0.02 here, so the resolution is ample.
    threshold = np.uint32(min(round(p * _TWO_32), 2**32 - 1))
    return rng.integers(0, 2**32, size=n, dtype=np.uint32) < threshold


def bernoulli_bits(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    """Like :func:`bernoulli_mask` but as uint8 0/1 (fair coins use the fast path)."""
    if p == 0.5:
        return fast_bits(rng, n)
    return bernoulli_mask(rng, n, p).view(np.uint8)


def resolve_transmissivity(
    length_km, transmissivity, attenuation_db_per_km, *, length_name: str = "length_km"
) -> float:
    """The channel transmissivity from either a fiber length or a given value (not both)."""
    alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km, scalar=True)
    if length_km is not None and transmissivity is not None:
        raise ValueError(f"pass either {length_name} or transmissivity, not both")
    if transmissivity is not None:
        return check_probability("transmissivity", transmissivity, scalar=True)
    if length_km is None:
        return 1.0
    length = check_real(length_name, length_km, low=0.0, scalar=True)
    return fiber_transmissivity(length, alpha)


def check_scalar_probability(name: str, value) -> float:
    """A probability that must be one number (the simulators take no arrays)."""
    return check_probability(name, value, scalar=True)


def check_run_size(name: str, value, *, return_keys: bool, chunk_size) -> tuple[int, int]:
    """The number of pulses of one simulator call and its chunk, both within this machine."""
    limit = MAX_PULSES_WITH_KEYS if return_keys is True else MAX_PULSES
    why = (
        "the sifted keys of more would not fit in memory; simulate fewer or drop return_keys"
        if return_keys is True
        else "more would run for many minutes; simulate fewer and scale the counts"
    )
    n = check_size(name, value, low=1, limit=limit, why=why)
    chunk = check_int("chunk_size", chunk_size, low=1, high=MAX_CHUNK)
    return n, chunk


def progress(total: int, desc: str):
    """A tqdm progress bar over ``total`` pulses for a long run, else ``None``."""
    if total <= PROGRESS_ABOVE:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="pulse", unit_scale=True, leave=False)


class UndefinedQBERWarning(RuntimeWarning):
    """No bit was sifted, so the error rate is undefined and reported as NaN."""


def error_rate(errors: int, sifted: int, *, stacklevel: int = 3) -> float:
    """errors / sifted, or NaN with an :class:`UndefinedQBERWarning` when nothing was sifted.

    An empty sifted key has no error rate: reporting 0 would read as a
    perfect channel.
    """
    if sifted:
        return errors / sifted
    warnings.warn(
        "no bit was sifted (every pulse was lost or discarded), so the QBER is undefined "
        "and reported as NaN; send more pulses or use a less lossy channel",
        UndefinedQBERWarning,
        stacklevel=stacklevel,
    )
    return math.nan


@dataclass(frozen=True)
class PrepareMeasureCounts:
    """Counts of one prepare-and-measure run, shared by BB84 and the six-state protocol.

    ``qber`` is errors / sifted over the whole sifted key (NaN, with an
    :class:`UndefinedQBERWarning`, when nothing was sifted). ``eve_correct``
    counts the sifted bits Eve intercepted and guessed right. The keys are kept
    only when asked for (``return_keys=True``).
    """

    n_pulses: int
    detected: int
    sifted: int
    errors: int
    qber: float
    transmissivity: float
    eve_intercepted: int = 0
    eve_sifted: int = 0
    eve_correct: int = 0
    alice_key: np.ndarray | None = field(default=None, repr=False, compare=False)
    bob_key: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def detected_fraction(self) -> float:
        """Detections per pulse sent."""
        return self.detected / self.n_pulses

    @property
    def sifted_fraction(self) -> float:
        """Sifted bits per detection (about 1/2 for BB84, 1/3 with the six-state's three bases)."""
        return self.sifted / self.detected if self.detected else 0.0

    @property
    def qber_standard_error(self) -> float:
        """Binomial standard error of the QBER, sqrt(Q (1 - Q) / sifted) (NaN if nothing sifted)."""
        if not self.sifted:
            return math.nan
        return float(np.sqrt(self.qber * (1.0 - self.qber) / self.sifted))

    @property
    def eve_guess_probability(self) -> float:
        """Fraction of Eve's intercepted sifted bits she guessed right (0 if none)."""
        return self.eve_correct / self.eve_sifted if self.eve_sifted else 0.0
