"""Clock synchronization with entanglement, and a GHZ network of clocks.

Entanglement-based synchronization (Jozsa, Abrams, Dowling, Williams). Alice
and Bob share singlets ``|psi-> = (|01> - |10>)/sqrt2`` of two-level systems
with the same transition frequency f (angular frequency w = 2 pi f). The
singlet is invariant under the joint free evolution U x U, so it carries no
clock of its own. Each party measures its qubit when its own clock reads the
agreed time; the true times differ by the clock offset Delta. Alice's
outcome projects Bob's qubit onto the opposite state, which then precesses
freely for the time Delta before Bob measures it, so

    <X_A X_B> = -cos(w Delta),   <X_A Y_B> = -sin(w Delta).

Bob measures half the pairs in X and half in Y; Alice announces her
outcomes (no timing information is sent). Then
``Delta = atan2(-<X_A Y_B>, -<X_A X_B>) / w``, unambiguous within one
period: |Delta| < 1/(2f). (In practice a coarse classical synchronization
brings the clocks within half a period first.) Each correlation is a mean of
+-1 values, so the standard error falls as 1/sqrt(N).

Model stated plainly: perfect singlets, no decoherence or loss, identical
qubit frequencies, instantaneous measurements.

Networks of clocks (Komar et al.). Over a fixed interrogation time, N
qubits that each acquire a phase phi estimate it with variance 1/N per
repetition (the standard quantum limit); N qubits in one GHZ state
``(|0...0> + |1...1>)/sqrt2`` acquire N phi and reach 1/N^2 (the
Heisenberg limit). Komar et al. distribute the GHZ state over the clocks of a
network and add a cascade of GHZ groups to resolve phase wrapping, reaching
the Heisenberg limit up to logarithmic factors. The simplified model here
keeps one qubit per clock, no noise, no laser phase noise, and a small phase
at the working point of a parity measurement; it shows only the N vs N^2
scaling.

Sources: R. Jozsa, D. S. Abrams, J. P. Dowling, C. P. Williams, "Quantum
clock synchronization based on shared prior entanglement", Phys. Rev. Lett.
85, 2010 (2000). P. Komar, E. M. Kessler, M. Bishof, L. Jiang,
A. S. Sorensen, J. Ye, M. D. Lukin, "A quantum network of clocks", Nat. Phys.
10, 582 (2014). GHZ phase estimation: J. J. Bollinger, W. M. Itano,
D. J. Wineland, D. J. Heinzen, Phys. Rev. A 54, R4649 (1996).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import (
    as_output,
    check_int,
    check_positive,
    check_real,
    check_samples,
    make_rng,
)

__all__ = [
    "ClockSyncResult",
    "GhzClockComparison",
    "clock_sync_correlations",
    "ghz_vs_independent_clocks",
    "simulate_clock_sync",
]


def _check_offset(true_offset_s, frequency_hz):
    """An offset within half a period, where the protocol's estimate is unambiguous."""
    offset = check_real("true_offset_s", true_offset_s)
    half_period = 0.5 / frequency_hz
    arr = np.asarray(offset)
    if np.any(np.abs(arr) >= half_period):
        raise ValueError(
            f"true_offset_s must be in (-{half_period:g}, {half_period:g}) s, within half a "
            f"period 1/(2 frequency_hz) where the phase is unambiguous; got {true_offset_s!r}"
        )
    return offset


def clock_sync_correlations(offset_s, *, frequency_hz):
    """The singlet correlations that reveal the offset: (<X_A X_B>, <X_A Y_B>).

    Args:
        offset_s: clock offset Delta in seconds (scalar or array), any real.
        frequency_hz: transition frequency f of the qubits, > 0.

    Returns:
        A tuple (-cos(2 pi f Delta), -sin(2 pi f Delta)) of floats or arrays.

    Source: R. Jozsa et al., Phys. Rev. Lett. 85, 2010 (2000): the
    anticorrelation probability cos^2(w Delta / 2) = (1 - <X_A X_B>)/2.

    Example:
        >>> cxx, cxy = clock_sync_correlations(0.0, frequency_hz=1e9)
        >>> cxx, cxy
        (-1.0, -0.0)
        >>> [round(c, 6) for c in clock_sync_correlations(0.25e-9, frequency_hz=1e9)]
        [-0.0, -1.0]
    """
    delta = check_real("offset_s", offset_s)
    f = check_positive("frequency_hz", frequency_hz)
    phase = 2.0 * math.pi * f * np.asarray(delta)
    return as_output(-np.cos(phase), offset_s), as_output(-np.sin(phase), offset_s)


@dataclass(frozen=True)
class ClockSyncResult:
    """Offset estimated from N shared singlets, with its standard error.

    ``correlation_xx`` and ``correlation_xy`` are the measured <X_A X_B> and
    <X_A Y_B>; ``standard_error_s`` is the delta-method error of the estimate,
    which falls as 1/sqrt(n_pairs).
    """

    true_offset_s: float
    estimated_offset_s: float
    standard_error_s: float
    n_pairs: int
    frequency_hz: float
    correlation_xx: float
    correlation_xy: float


def simulate_clock_sync(true_offset_s, *, n_pairs, frequency_hz, seed=None, rng=None):
    """Estimate a clock offset from measurements on N shared singlets (vectorized).

    Alice measures every pair in X at her clock's agreed time; Bob measures
    half the pairs in X and half in Y, a time Delta later in true time.
    Given Alice's outcome a, Bob's qubit points along -a (cos w Delta,
    sin w Delta, 0) on the Bloch sphere, which sets his outcome probabilities;
    the anticorrelated pairs in each basis are counted as binomial draws.

    Args:
        true_offset_s: the clock offset Delta, |Delta| < 1/(2 frequency_hz).
        n_pairs: number of shared singlets, >= 2.
        frequency_hz: transition frequency f of the qubits, > 0.
        seed, rng: randomness.

    Returns:
        A :class:`ClockSyncResult`; the estimate is atan2(-<XY>, -<XX>) / (2 pi f).

    Source: R. Jozsa, D. S. Abrams, J. P. Dowling, C. P. Williams, Phys. Rev.
    Lett. 85, 2010 (2000); error propagation by the delta method.

    Example:
        >>> res = simulate_clock_sync(1e-10, n_pairs=100_000, frequency_hz=1e9, seed=1)
        >>> abs(res.estimated_offset_s - 1e-10) < 4 * res.standard_error_s
        True
        >>> round(res.standard_error_s * 1e12, 1)  # picoseconds
        0.5
    """
    f = check_positive("frequency_hz", frequency_hz)
    if np.ndim(true_offset_s) != 0:
        raise TypeError(f"true_offset_s must be a single number; got {true_offset_s!r}")
    delta = _check_offset(true_offset_s, f)
    n = check_samples("n_pairs", n_pairs, low=2)
    generator = make_rng(seed, rng)
    omega = 2.0 * math.pi * f
    n_x = (n + 1) // 2
    n_y = n // 2
    # Given Alice's outcome a, Bob's qubit points along -a (cos, sin, 0), so the product
    # a b is -1 with probability (1 + component)/2 whatever a was: the number of
    # anticorrelated pairs in each basis is binomial (exact, and memory stays flat).
    anti_x = generator.binomial(n_x, 0.5 * (1.0 + math.cos(omega * delta)))
    anti_y = generator.binomial(n_y, 0.5 * (1.0 + math.sin(omega * delta)))
    c_xx = 1.0 - 2.0 * anti_x / n_x
    c_xy = 1.0 - 2.0 * anti_y / n_y
    phase = math.atan2(-c_xy, -c_xx)
    # Delta method: var(phase) = (c^2 var(s) + s^2 var(c)) / (c^2 + s^2)^2 with
    # c = -<XX>, s = -<XY>, var(c) = (1 - c^2)/n_x, var(s) = (1 - s^2)/n_y.
    c, s = -c_xx, -c_xy
    norm2 = c * c + s * s
    if norm2 == 0.0:
        raise ValueError(
            f"n_pairs = {n} is too small: both correlations came out 0, so the phase is "
            "undefined; use more pairs"
        )
    var_phase = (c * c * (1.0 - s * s) / n_y + s * s * (1.0 - c * c) / n_x) / (norm2 * norm2)
    return ClockSyncResult(
        true_offset_s=delta,
        estimated_offset_s=phase / omega,
        standard_error_s=math.sqrt(var_phase) / omega,
        n_pairs=n,
        frequency_hz=f,
        correlation_xx=c_xx,
        correlation_xy=c_xy,
    )


@dataclass(frozen=True)
class GhzClockComparison:
    """Phase-estimation variance of N clock qubits: independent (SQL) vs one GHZ state.

    Closed forms per the simplified model: ``independent_variance_rad2`` =
    1/(N nu) and ``ghz_variance_rad2`` = 1/(N^2 nu) for nu repetitions; the
    ``*_sampled`` fields are Monte Carlo variances of the estimator over
    ``n_trials`` runs (``None`` when n_trials = 0).
    """

    n_clocks: int
    n_repetitions: int
    independent_variance_rad2: float
    ghz_variance_rad2: float
    gain: float
    independent_variance_sampled: float | None = None
    ghz_variance_sampled: float | None = None
    estimates: np.ndarray | None = field(default=None, repr=False, compare=False)


def ghz_vs_independent_clocks(
    n_clocks, *, n_repetitions=100, phase_rad=0.0, n_trials=0, seed=None, rng=None
):
    """Compare phase estimation by N independent clock qubits with N qubits in a GHZ state.

    Each qubit (or the GHZ state as a whole) is read out at the working point
    of a Ramsey/parity measurement: outcome +1 with probability
    (1 + sin(k phi))/2, where k = 1 for a single qubit and k = N for the GHZ
    state, whose N qubits acquire N phi together. The estimate of phi is
    arcsin(mean outcome)/k. Over nu repetitions the variance is
    1/(N nu) independently (N nu outcomes with k = 1) and 1/(N^2 nu) for GHZ
    (nu outcomes with k = N), to leading order in 1/nu.

    Args:
        n_clocks: N, the number of clocks, one qubit each, >= 1.
        n_repetitions: nu, repetitions of the interrogation, >= 1.
        phase_rad: true phase phi per qubit; |N phi| must stay below pi/2
            so that the GHZ signal does not wrap (the issue Komar et al.
            solve with a cascade of GHZ groups).
        n_trials: Monte Carlo runs to sample the estimator's variance, >= 0.
        seed, rng: randomness for the Monte Carlo.

    Returns:
        A :class:`GhzClockComparison`; ``gain`` = N, the factor by which
        the GHZ variance beats the standard quantum limit.

    Source: P. Komar et al., Nat. Phys. 10, 582 (2014); J. J. Bollinger
    et al., Phys. Rev. A 54, R4649 (1996).

    Example:
        >>> cmp = ghz_vs_independent_clocks(10, n_repetitions=100)
        >>> cmp.independent_variance_rad2, cmp.ghz_variance_rad2, cmp.gain
        (0.001, 0.0001, 10.0)
    """
    n = check_int("n_clocks", n_clocks, low=1)
    nu = check_int("n_repetitions", n_repetitions, low=1)
    if np.ndim(phase_rad) != 0:
        raise TypeError(f"phase_rad must be a single number; got {phase_rad!r}")
    phi = check_real("phase_rad", phase_rad)
    if abs(n * phi) >= math.pi / 2:
        raise ValueError(
            f"phase_rad must satisfy |n_clocks * phase_rad| < pi/2 so that the GHZ phase does "
            f"not wrap; got {phase_rad!r} with n_clocks = {n}"
        )
    trials = check_samples("n_trials", n_trials, low=0)
    independent = 1.0 / (n * nu)
    ghz = 1.0 / (n * n * nu)
    if trials == 0:
        return GhzClockComparison(
            n_clocks=n,
            n_repetitions=nu,
            independent_variance_rad2=independent,
            ghz_variance_rad2=ghz,
            gain=float(n),
        )
    generator = make_rng(seed, rng)
    # Number of +1 outcomes is binomial; the mean outcome is 2 k / m - 1.
    plus_ind = generator.binomial(n * nu, 0.5 * (1.0 + math.sin(phi)), size=trials)
    plus_ghz = generator.binomial(nu, 0.5 * (1.0 + math.sin(n * phi)), size=trials)
    est_ind = np.arcsin(2.0 * plus_ind / (n * nu) - 1.0)
    est_ghz = np.arcsin(2.0 * plus_ghz / nu - 1.0) / n
    return GhzClockComparison(
        n_clocks=n,
        n_repetitions=nu,
        independent_variance_rad2=independent,
        ghz_variance_rad2=ghz,
        gain=float(n),
        independent_variance_sampled=float(np.mean((est_ind - phi) ** 2)),
        ghz_variance_sampled=float(np.mean((est_ghz - phi) ** 2)),
        estimates=np.stack([est_ind, est_ghz]),
    )
