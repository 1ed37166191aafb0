"""Fault tolerance on a few qubits: a repetition-code memory with noisy syndrome measurements.

A stage-4 node keeps a qubit alive by measuring the parities of a code over
and over, and those measurements are themselves faulty. This module holds
the smallest model that shows what that means, the *phenomenological* noise
model of Dennis, Kitaev, Landahl and Preskill (2002) applied to the
distance-d bit-flip repetition code:

- the logical qubit is stored in d data qubits, a|0...0> + b|1...1>;
- in each of ``n_rounds`` rounds every data qubit flips (X) with probability
  p, then the d - 1 parities Z_i Z_{i+1} are measured, and each *outcome* is
  wrong with probability q (the measurement, not the qubit, fails);
- at the end the data qubits are read out directly, which gives one last,
  perfect syndrome, and a decoder chooses the correction.

A data flip changes a parity for good; a measurement error changes one
outcome for a single round. Telling them apart needs the syndrome *history*,
so the decoder looks at all rounds at once. Here it is the maximum-likelihood
decoder: the hidden state is the data-error pattern E_t (2^d values), the
syndromes are noisy observations of it, and a forward pass of the hidden
Markov model (vectorized over shots) gives the posterior of the two
patterns E and E + 1...1 that fit the final readout; the decoder keeps the
likelier one. With repeated rounds the decoding problem lives on a
two-dimensional space-time lattice, the same matching problem as the toric
code with perfect measurements, whose optimal threshold Dennis et al.
estimate at about 11 % (the Nishimori point of the random-bond Ising model).
Below the threshold a larger code stores the qubit better; above it, worse.

Honest limits: only bit flips (the repetition code does nothing against phase
flips), a phenomenological rather than circuit-level model, and perfect
final readout. A code against all Pauli errors with circuit-level noise,
the surface code, has a threshold near 1 % (Fowler, Mariantoni, Martinis,
Cleland 2012), which is why real nodes need error rates far below the 11 % here.

Sources: E. Dennis, A. Kitaev, A. Landahl, J. Preskill, "Topological quantum
memory", J. Math. Phys. 43, 4452 (2002), arXiv:quant-ph/0110143; A. G. Fowler,
M. Mariantoni, J. M. Martinis, A. N. Cleland, Phys. Rev. A 86, 032324 (2012);
M. A. Nielsen, I. L. Chuang (2010), Sec. 10.1.1 (the repetition code);
L. R. Rabiner, Proc. IEEE 77, 257 (1989) (the forward algorithm).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from ._validation import check_int, check_probability, make_rng

__all__ = [
    "LogicalPairResult",
    "RepetitionMemoryResult",
    "RepetitionSyndromeHistory",
    "ThresholdSweep",
    "repetition_code_logical_error_exact",
    "repetition_code_threshold_sweep",
    "sample_repetition_syndromes",
    "simulate_logical_pair",
    "simulate_repetition_memory",
    "unencoded_memory_error",
]

_MAX_DISTANCE = 9
_CHUNK_STATES = 2_000_000  # shots x 2^d floats per chunk, so memory stays flat


def _check_code(distance, n_rounds):
    d = check_int("distance", distance, low=1, high=_MAX_DISTANCE)
    if d % 2 == 0:
        raise ValueError(f"distance must be odd (majority needs no ties); got {distance!r}")
    t = check_int("n_rounds", n_rounds, low=1, high=10_000)
    return d, t


def _check_noise(data_error_probability, measurement_error_probability):
    p = float(check_probability("data_error_probability", data_error_probability))
    if measurement_error_probability is None:
        q = p
    else:
        q = float(check_probability("measurement_error_probability", measurement_error_probability))
    return p, q


@cache
def _syndrome_table(d: int) -> np.ndarray:
    """syn[E, i] = E_i XOR E_{i+1} for every data-error pattern E (bit i of the integer)."""
    e = np.arange(2**d)[:, None]
    bits = (e >> np.arange(d)[None, :]) & 1
    return (bits[:, :-1] ^ bits[:, 1:]).astype(np.uint8)


def unencoded_memory_error(*, data_error_probability, n_rounds):
    """Error probability of one bare qubit after n rounds of flips: (1 - (1 - 2p)^n) / 2.

    An odd number of the n independent flips leaves the bit flipped.

    Args:
        data_error_probability: flip probability p per round, in [0, 1].
        n_rounds: number of rounds, >= 1.

    Returns:
        The probability that the stored bit is wrong at the end.

    Source: the binomial parity identity, e.g. W. Feller, An Introduction to
    Probability Theory and Its Applications, Vol. 1 (1968), Ch. XI.

    Example:
        >>> round(unencoded_memory_error(data_error_probability=0.1, n_rounds=3), 6)
        0.244
    """
    p = float(check_probability("data_error_probability", data_error_probability))
    n = check_int("n_rounds", n_rounds, low=1)
    return 0.5 * (1.0 - (1.0 - 2.0 * p) ** n)


@dataclass(frozen=True)
class RepetitionSyndromeHistory:
    """One sampled memory run: where the faults were and what the syndrome showed.

    ``data_errors`` (n_rounds x d) and ``measurement_errors`` (n_rounds x d-1)
    mark the faults of each round; ``syndromes`` has n_rounds noisy rows and
    one final perfect row (from the data readout); ``defects`` marks where a
    syndrome bit changed from one row to the next (the first row against 0).
    """

    distance: int
    data_errors: np.ndarray
    measurement_errors: np.ndarray
    syndromes: np.ndarray
    defects: np.ndarray


def sample_repetition_syndromes(
    *,
    distance,
    n_rounds,
    data_error_probability,
    measurement_error_probability=None,
    seed=None,
    rng=None,
) -> RepetitionSyndromeHistory:
    """Sample one run of the repetition-code memory and return its syndrome history.

    A data flip in round t changes the syndrome from round t on (one defect
    pair in space, or one defect at the code's edge); a measurement error
    changes one outcome for one round only (a defect pair in time).

    Args:
        distance: odd number of data qubits d, in [1, 9].
        n_rounds: noisy syndrome rounds, >= 1.
        data_error_probability: flip probability p per data qubit and round.
        measurement_error_probability: probability q that a parity outcome
            is wrong (default: equal to p).
        seed, rng: randomness.

    Returns:
        A :class:`RepetitionSyndromeHistory`.

    Source: Dennis, Kitaev, Landahl, Preskill, J. Math. Phys. 43, 4452
    (2002), Sec. IV (syndrome history and its defects).

    Example:
        >>> h = sample_repetition_syndromes(distance=5, n_rounds=4,
        ...     data_error_probability=0.0, measurement_error_probability=1.0)
        >>> h.syndromes.tolist()[-1], int(h.defects.sum())
        ([0, 0, 0, 0], 8)
    """
    d, t = _check_code(distance, n_rounds)
    p, q = _check_noise(data_error_probability, measurement_error_probability)
    g = make_rng(seed, rng)
    data = (g.random((t, d)) < p).astype(np.uint8)
    meas = (g.random((t, d - 1)) < q).astype(np.uint8)
    state = np.cumsum(data, axis=0) & 1
    true_syn = (state[:, :-1] ^ state[:, 1:]).astype(np.uint8)
    noisy = true_syn ^ meas
    syndromes = np.vstack([noisy, true_syn[-1:]]).astype(np.uint8)
    previous = np.vstack([np.zeros((1, d - 1), dtype=np.uint8), syndromes[:-1]])
    return RepetitionSyndromeHistory(
        distance=d,
        data_errors=data,
        measurement_errors=meas,
        syndromes=syndromes,
        defects=(syndromes ^ previous).astype(np.uint8),
    )


def _flip_mix(alpha: np.ndarray, d: int, p: float) -> np.ndarray:
    """One round of independent flips on the belief over patterns: (N, 2^d) -> (N, 2^d)."""
    n = alpha.shape[0]
    a = alpha.reshape((n,) + (2,) * d)
    for axis in range(1, d + 1):
        a = (1.0 - p) * a + p * np.flip(a, axis=axis)
    return a.reshape(n, 2**d)


def _likelihood(measured: np.ndarray, table: np.ndarray, q: float) -> np.ndarray:
    """P(measured syndrome | pattern) for every shot and pattern: (N, 2^d)."""
    k = table.shape[1]
    mismatches = (measured[:, None, :] != table[None, :, :]).sum(axis=2)
    if q == 0.0:
        return (mismatches == 0).astype(float)
    if q == 1.0:
        return (mismatches == k).astype(float)
    return np.exp(mismatches * math.log(q) + (k - mismatches) * math.log1p(-q))


@lru_cache(maxsize=64)
def _likelihood_table(d: int, q: float) -> np.ndarray:
    """L[s, E] = P(measured syndrome s | pattern E), s and E as integers."""
    k = d - 1
    s_bits = ((np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1).astype(np.uint8)
    return _likelihood(s_bits, _syndrome_table(d), q)


def _decode_shots(g, n, d, t, p, q):
    """Simulate n shots and decode them; return which shots ended in a logical error."""
    weights = 1 << np.arange(d)
    syn_weights = 1 << np.arange(d - 1)
    noisy = _likelihood_table(d, q)
    exact = _likelihood_table(d, 0.0)
    state = np.zeros((n, d), dtype=np.uint8)
    alpha = np.zeros((n, 2**d))
    alpha[:, 0] = 1.0
    for _ in range(t):
        state ^= (g.random((n, d)) < p).astype(np.uint8)
        syn = state[:, :-1] ^ state[:, 1:]
        measured = syn ^ (g.random((n, d - 1)) < q).astype(np.uint8)
        alpha = _flip_mix(alpha, d, p) * noisy[measured.astype(np.int64) @ syn_weights]
        alpha /= alpha.sum(axis=1, keepdims=True)
    final = (state[:, :-1] ^ state[:, 1:]).astype(np.int64) @ syn_weights
    posterior = alpha * exact[final]
    guess = np.argmax(posterior, axis=1)  # ties: the lower pattern index
    truth = state.astype(np.int64) @ weights
    return guess != truth


@dataclass(frozen=True)
class RepetitionMemoryResult:
    """Monte Carlo of the repetition-code memory with the maximum-likelihood decoder.

    ``logical_error_rate`` (binomial ``standard_error``) is the fraction of
    shots in which the decoded logical bit was wrong after ``n_rounds``;
    ``unencoded_error`` is the exact error of one bare qubit stored as long.
    """

    distance: int
    n_rounds: int
    data_error_probability: float
    measurement_error_probability: float
    n_shots: int
    logical_errors: int
    logical_error_rate: float
    standard_error: float
    unencoded_error: float


def simulate_repetition_memory(
    *,
    distance,
    n_rounds,
    data_error_probability,
    measurement_error_probability=None,
    n_shots,
    seed=None,
    rng=None,
) -> RepetitionMemoryResult:
    """Store a bit in the repetition code for n rounds of noisy syndrome measurement.

    Vectorized over shots (in chunks): every shot draws its data flips and
    measurement errors, and the maximum-likelihood decoder (a forward pass
    over the 2^d data-error patterns) picks the correction from the whole
    syndrome history and the final readout.

    Args:
        distance: odd number of data qubits d, in [1, 9].
        n_rounds: noisy syndrome rounds, >= 1 (d rounds is the usual choice).
        data_error_probability: flip probability p per data qubit and round.
        measurement_error_probability: probability q that a parity outcome
            is wrong (default: equal to p, the usual phenomenological choice).
        n_shots: number of stored bits, >= 1.
        seed, rng: randomness.

    Returns:
        A :class:`RepetitionMemoryResult`.

    Source: the phenomenological model of Dennis, Kitaev, Landahl, Preskill,
    J. Math. Phys. 43, 4452 (2002); maximum-likelihood decoding by the forward
    algorithm (Rabiner, Proc. IEEE 77, 257, 1989). With one round and q = 0 the
    distance-3 code reproduces 3p^2 - 2p^3 (Nielsen and Chuang, Sec. 10.1.1).

    Example:
        >>> r = simulate_repetition_memory(distance=3, n_rounds=1,
        ...     data_error_probability=0.1, measurement_error_probability=0.0,
        ...     n_shots=100_000, seed=1)
        >>> abs(r.logical_error_rate - 0.028) < 4 * r.standard_error
        True
    """
    d, t = _check_code(distance, n_rounds)
    p, q = _check_noise(data_error_probability, measurement_error_probability)
    n = check_int("n_shots", n_shots, low=1, high=10**9)
    g = make_rng(seed, rng)
    chunk = max(1, _CHUNK_STATES // 2**d)
    errors = 0
    done = 0
    while done < n:
        size = min(chunk, n - done)
        errors += int(np.count_nonzero(_decode_shots(g, size, d, t, p, q)))
        done += size
    rate = errors / n
    return RepetitionMemoryResult(
        distance=d,
        n_rounds=t,
        data_error_probability=p,
        measurement_error_probability=q,
        n_shots=n,
        logical_errors=errors,
        logical_error_rate=rate,
        standard_error=math.sqrt(rate * (1.0 - rate) / n),
        unencoded_error=unencoded_memory_error(data_error_probability=p, n_rounds=t),
    )


def repetition_code_logical_error_exact(
    *, distance, n_rounds, data_error_probability, measurement_error_probability=None
) -> float:
    """Exact logical error of the optimal decoder, by enumerating every fault configuration.

    Each of the d n + (d - 1) n fault locations is on or off; the
    configurations are grouped by the syndrome history they produce, and the
    optimal decoder fails on the less likely of the two data-error classes
    that fit each history: p_L = sum over histories of min(P(class 0), P(class 1)).
    This is independent of the forward-pass decoder and checks it. Limited to
    at most 20 fault locations (about a million configurations).

    Args:
        distance: odd number of data qubits d.
        n_rounds: noisy syndrome rounds, >= 1.
        data_error_probability: p, in [0, 1].
        measurement_error_probability: q, in [0, 1] (default: p).

    Returns:
        The exact logical error probability.

    Source: maximum-likelihood decoding as in Dennis, Kitaev, Landahl,
    Preskill (2002), Sec. IV; for one round and q = 0 it is the textbook
    sum over k > d/2 of C(d, k) p^k (1 - p)^(d - k).

    Example:
        >>> round(repetition_code_logical_error_exact(distance=3, n_rounds=1,
        ...     data_error_probability=0.1, measurement_error_probability=0.0), 12)
        0.028
    """
    d, t = _check_code(distance, n_rounds)
    p, q = _check_noise(data_error_probability, measurement_error_probability)
    n_data, n_meas = d * t, (d - 1) * t
    n_faults = n_data + n_meas
    if n_faults > 20:
        raise ValueError(
            f"distance * n_rounds + (distance - 1) * n_rounds must be <= 20 for exact "
            f"enumeration; got {n_faults} (distance={d}, n_rounds={t})"
        )
    configs = np.arange(2**n_faults, dtype=np.int64)
    bits = np.empty((len(configs), n_faults), dtype=np.uint8)
    for k in range(n_faults):
        bits[:, k] = (configs >> k) & 1
    data = bits[:, :n_data].reshape(len(configs), t, d)
    meas = bits[:, n_data:].reshape(len(configs), t, d - 1)
    state = np.cumsum(data, axis=1, dtype=np.uint8) & 1
    syn = (state[:, :, :-1] ^ state[:, :, 1:]) ^ meas
    final = state[:, -1, :]
    k_data = data.reshape(len(configs), -1).sum(axis=1)
    k_meas = meas.reshape(len(configs), -1).sum(axis=1)
    prob = p**k_data * (1.0 - p) ** (n_data - k_data) * q**k_meas * (1.0 - q) ** (n_meas - k_meas)
    # Key: the noisy history, the final syndrome, and which class (bit 0 of E_T).
    final_syn = final[:, :-1] ^ final[:, 1:]
    key_bits = np.concatenate([syn.reshape(len(configs), -1), final_syn, final[:, :1]], axis=1)
    keys = np.zeros(len(configs), dtype=np.int64)
    for b in range(key_bits.shape[1]):
        keys |= key_bits[:, b].astype(np.int64) << b
    totals = np.bincount(keys, weights=prob, minlength=2 ** key_bits.shape[1])
    pairs = totals.reshape(2, -1).T  # the class bit is the highest bit of the key
    return float(np.minimum(pairs[:, 0], pairs[:, 1]).sum())


@dataclass(frozen=True)
class ThresholdSweep:
    """Logical error rates of several code distances over a range of physical error rates.

    ``logical_error_rates[i, j]`` (and ``standard_errors``) belong to
    ``distances[i]`` and ``data_error_probabilities[j]``; each distance runs
    d rounds with q = p. ``crossing`` estimates where two distances cross.
    """

    distances: tuple[int, ...]
    data_error_probabilities: np.ndarray
    logical_error_rates: np.ndarray
    standard_errors: np.ndarray
    n_shots: int

    def crossing(self, small, large) -> float | None:
        """Physical error rate where ``large`` stops beating ``small`` (linear interpolation).

        Returns None if the two curves do not cross inside the sweep.
        """
        i = self.distances.index(check_int("small", small))
        j = self.distances.index(check_int("large", large))
        diff = self.logical_error_rates[j] - self.logical_error_rates[i]
        ps = self.data_error_probabilities
        for k in range(len(ps) - 1):
            if diff[k] < 0.0 <= diff[k + 1]:
                frac = -diff[k] / (diff[k + 1] - diff[k])
                return float(ps[k] + frac * (ps[k + 1] - ps[k]))
        return None


def repetition_code_threshold_sweep(
    *, distances=(3, 5, 7), data_error_probabilities, n_shots, seed=None, rng=None
) -> ThresholdSweep:
    """Sweep the physical error rate for several distances (d rounds each, q = p).

    Below the threshold the curves fan out with larger codes lower; above it
    they cross over and the larger code does worse.

    Args:
        distances: odd code distances, each in [1, 9].
        data_error_probabilities: physical error rates p (q = p), each in [0, 1].
        n_shots: shots per point, >= 1.
        seed, rng: randomness (one stream for the whole sweep).

    Returns:
        A :class:`ThresholdSweep`.

    Source: Dennis, Kitaev, Landahl, Preskill (2002): optimal threshold of about
    11 % for the toric code with perfect measurements, the same two-dimensional
    decoding problem as this space-time history.

    Example:
        >>> s = repetition_code_threshold_sweep(distances=(3, 5),
        ...     data_error_probabilities=[0.02, 0.2], n_shots=20_000, seed=0)
        >>> bool(s.logical_error_rates[1, 0] < s.logical_error_rates[0, 0])
        True
        >>> bool(s.logical_error_rates[1, 1] > s.logical_error_rates[0, 1])
        True
    """
    ds = tuple(_check_code(d, 1)[0] for d in distances)
    if not ds:
        raise ValueError("distances must hold at least one distance; got ()")
    ps = np.array(
        [check_probability("data_error_probabilities", p) for p in data_error_probabilities]
    )
    if ps.size == 0:
        raise ValueError("data_error_probabilities must not be empty")
    n = check_int("n_shots", n_shots, low=1)
    g = make_rng(seed, rng)
    rates = np.zeros((len(ds), ps.size))
    errs = np.zeros_like(rates)
    for i, d in enumerate(ds):
        for j, p in enumerate(ps):
            r = simulate_repetition_memory(
                distance=d, n_rounds=d, data_error_probability=float(p), n_shots=n, rng=g
            )
            rates[i, j] = r.logical_error_rate
            errs[i, j] = r.standard_error
    return ThresholdSweep(
        distances=ds,
        data_error_probabilities=ps,
        logical_error_rates=rates,
        standard_errors=errs,
        n_shots=n,
    )


@dataclass(frozen=True)
class LogicalPairResult:
    """A Bell pair phi+ whose halves are stored in two nodes, encoded or bare.

    Bit flips on one half turn phi+ into psi+; flips on both halves cancel
    (X X phi+ = phi+). So the pair's fidelity is the probability that an even
    number of the two halves failed: ``logical_fidelity`` for the encoded
    halves (sampled, with ``standard_error``), ``physical_fidelity`` for bare
    qubits stored as long (exact).
    """

    distance: int
    n_rounds: int
    data_error_probability: float
    measurement_error_probability: float
    n_shots: int
    logical_fidelity: float
    standard_error: float
    physical_fidelity: float


def simulate_logical_pair(
    *,
    distance,
    n_rounds,
    data_error_probability,
    measurement_error_probability=None,
    n_shots,
    seed=None,
    rng=None,
) -> LogicalPairResult:
    """Fidelity of a logical Bell pair whose two halves each sit in a repetition-code memory.

    Each node encodes its half of phi+ (a|0..0> + b|1..1> per half) and runs
    n rounds of noisy syndrome measurement with the optimal decoder; the two
    memories fail independently, and the pair is phi+ again exactly when both
    or neither failed. Only bit flips are modelled (see the module notes).

    Args:
        distance: odd code distance d, in [1, 9] (1 is a bare qubit).
        n_rounds: rounds of storage, >= 1.
        data_error_probability: flip probability p per data qubit and round.
        measurement_error_probability: q (default: p).
        n_shots: number of pairs, >= 1.
        seed, rng: randomness.

    Returns:
        A :class:`LogicalPairResult`.

    Source: Dennis, Kitaev, Landahl, Preskill (2002) for the memory; the
    Pauli action on phi+ from Nielsen and Chuang (2010), Sec. 2.3.

    Example:
        >>> r = simulate_logical_pair(distance=5, n_rounds=5,
        ...     data_error_probability=0.02, n_shots=20_000, seed=4)
        >>> round(r.physical_fidelity, 4), bool(r.logical_fidelity > r.physical_fidelity)
        (0.8324, True)
    """
    d, t = _check_code(distance, n_rounds)
    p, q = _check_noise(data_error_probability, measurement_error_probability)
    n = check_int("n_shots", n_shots, low=1, high=10**9)
    g = make_rng(seed, rng)
    chunk = max(1, _CHUNK_STATES // 2**d)
    good = 0
    done = 0
    while done < n:
        size = min(chunk, n - done)
        fail_a = _decode_shots(g, size, d, t, p, q)
        fail_b = _decode_shots(g, size, d, t, p, q)
        good += int(np.count_nonzero(fail_a == fail_b))
        done += size
    fid = good / n
    bare = unencoded_memory_error(data_error_probability=p, n_rounds=t)
    return LogicalPairResult(
        distance=d,
        n_rounds=t,
        data_error_probability=p,
        measurement_error_probability=q,
        n_shots=n,
        logical_fidelity=fid,
        standard_error=math.sqrt(fid * (1.0 - fid) / n),
        physical_fidelity=(1.0 - bare) ** 2 + bare**2,
    )
