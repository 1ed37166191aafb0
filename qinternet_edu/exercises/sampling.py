"""Simulation tasks: an answer that samples is graded by the noise its samples show.

A task whose answer is a sampled estimate (a fraction of shots, seeded by a ``seed``
argument) uses :func:`compare_sampled`. Each of its settings (a public or hidden case) runs
with ``seeds`` different seeds, drawn by :func:`seeds_for`, and once more with the first
seed. The task's ``exact`` callable gives, per setting, the exact value ``p`` and the
standard error ``se`` of one honest estimate (``sqrt(p (1 - p) / shots)`` for a binomial
fraction). The check (:func:`verdict`) then asks, in this order:

1. the same seed gives the same estimate (a run can be repeated);
2. the estimates of a setting vary from seed to seed (the exact value, or a sampler whose
   seed is fixed, does not);
3. the spread has the size sampling predicts: with ``s_i`` the sample standard deviation of
   setting ``i`` over its ``n`` seeds, the pooled ratio
   ``R = sqrt(mean_i(s_i^2 / se_i^2))`` lies in ``[low, high]`` (far too few shots give
   ``R >> 1``);
4. the mean over the seeds of each setting lies within ``z se / sqrt(n)`` of ``p``.

For an honest sampler the estimates are close to normal (thousands of shots), so
``S (n - 1) R^2`` follows the chi-square law with ``S (n - 1)`` degrees of freedom (``S``
settings), independent of the means (Cochran's theorem; Rice, *Mathematical Statistics and
Data Analysis*, 3rd ed., sec. 6.3). The probability that an honest answer fails is therefore
:func:`honest_failure_probability`; the tasks choose ``z``, ``low``, ``high``, ``seeds`` and
the number of settings so that it stays below 1e-6 per check.

Example:
    >>> p = honest_failure_probability(settings=4, seeds=8, z=5.5, low=0.25, high=2.0)
    >>> f"{p:.1e}"
    '1.5e-07'
    >>> verdict([(0.5, 0.01)], [[0.5] * 9], seeds=8, z=5.5, low=0.25, high=2.0)[0][:47]
    'your estimates do not vary from seed to seed: t'
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = [
    "SEED_PARAMETER",
    "expand",
    "honest_failure_probability",
    "seeds_for",
    "spread_ratio",
    "verdict",
]

#: The keyword argument of a simulation task's cases that seeds the learner's sampler.
SEED_PARAMETER = "seed"

#: Seeds are multiples of this step plus one, so that a learner's ``seed + k`` for the
#: sub-runs of one estimate (k < 64) never reuses another seed's stream.
_SEED_STEP = 64


def seeds_for(seed: int, n: int) -> list[int]:
    """``n`` distinct seeds for one setting, derived from the case's ``seed`` (reproducible),
    at least 64 apart.

    Example:
        >>> seeds_for(11, 3) == seeds_for(11, 3)
        True
        >>> s = sorted(seeds_for(11, 8)); min(b - a for a, b in zip(s, s[1:])) >= 64
        True
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer >= 2 (seeds per setting); got {n!r}")
    rng = np.random.default_rng(int(seed))
    return [int(k) * _SEED_STEP + 1 for k in rng.choice(10**6 // _SEED_STEP, n, replace=False)]


def expand(case, n: int) -> list:
    """A simulation setting's runs: ``case`` with ``n`` seeds from :func:`seeds_for`, then
    with the first seed again; each labelled by the setting (a verdict is on all seeds).

    Raises:
        ValueError: the case has no integer ``seed`` keyword.
    """
    from dataclasses import replace

    seed = case.kwargs.get(SEED_PARAMETER)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValueError(f"a simulation case needs an integer {SEED_PARAMETER!r}; got {case!r}")
    label = (case.label or case.describe()) + f", {n} seeds"
    runs = seeds_for(int(seed), n)
    return [
        replace(case, kwargs={**case.kwargs, SEED_PARAMETER: s}, label=label)
        for s in [*runs, runs[0]]
    ]


def spread_ratio(values: np.ndarray, standard_errors: np.ndarray) -> np.ndarray:
    """The pooled ratio ``R = sqrt(mean_i(s_i^2 / se_i^2))`` of observed to predicted spread.

    Args:
        values: estimates, shape ``(..., settings, seeds)``.
        standard_errors: the standard error of one estimate per setting, shape
            ``(settings,)``, all > 0.
    """
    values = np.asarray(values, dtype=float)
    variances = values.var(axis=-1, ddof=1) / np.asarray(standard_errors, dtype=float) ** 2
    return np.sqrt(variances.mean(axis=-1))


def honest_failure_probability(
    *, settings: int, seeds: int, z: float, low: float, high: float
) -> float:
    """The probability that an honest sampler fails :func:`verdict` (normal estimates).

    ``1 - (1 - 2 Phi(-z))^settings * P(low^2 d <= chi2_d <= high^2 d)`` with
    ``d = settings (seeds - 1)``: the means and the sample variances of normal samples are
    independent (Rice, sec. 6.3), the means fail with probability ``2 Phi(-z)`` each.

    Example:
        >>> f"{honest_failure_probability(settings=3, seeds=6, z=5.5, low=0.25, high=2.0):.1e}"
        '5.3e-07'
    """
    from scipy.stats import chi2, norm

    d = settings * (seeds - 1)
    mean_ok = (1.0 - 2.0 * norm.sf(z)) ** settings
    spread_fail = chi2.cdf(low**2 * d, d) + chi2.sf(high**2 * d, d)
    return float(1.0 - mean_ok * (1.0 - spread_fail))


def verdict(
    expected: Sequence[tuple[float, float]],
    blocks: Sequence[Sequence[float]],
    *,
    seeds: int,
    z: float,
    low: float,
    high: float,
) -> tuple[str, int | None] | None:
    """None when the estimates look like honest sampling, else ``(problem, setting index)``
    (index None for the pooled spread).

    Args:
        expected: per setting, ``(exact value, standard error of one estimate)``.
        blocks: per setting, the ``seeds`` estimates followed by the repeat of the first seed.
        seeds, z, low, high: as in :func:`compare_sampled`.
    """
    exact = np.array([float(p) for p, _ in expected])
    se = np.array([float(s) for _, s in expected])
    if not np.all(se > 0):
        raise ValueError("every setting of a simulation task needs a standard error > 0")
    values = np.array([[float(v) for v in block[:seeds]] for block in blocks])
    for i, block in enumerate(blocks):
        if float(block[seeds]) != float(block[0]):
            return (
                f"the same seed gave two different estimates ({block[0]:.4g} and "
                f"{block[seeds]:.4g}): pass `seed` to the sampler so that a run can be repeated",
                i,
            )
    for i, row in enumerate(values):
        if np.all(row == row[0]):
            return (
                "your estimates do not vary from seed to seed: this task asks you to sample, "
                "not to compute the exact probability",
                i,
            )
    ratio = float(spread_ratio(values, se))
    if ratio > high:
        return (
            f"your estimates vary from seed to seed {ratio:.1f} times as much as sampling with "
            "the given number of shots does: use all `shots` for each estimate",
            None,
        )
    if ratio < low:
        return (
            f"your estimates vary from seed to seed only {ratio:.2f} times as much as sampling "
            "with the given number of shots does: sample exactly `shots` times",
            None,
        )
    tolerance = z * se / math.sqrt(seeds)
    for i, (row, p, tol) in enumerate(zip(values, exact, tolerance, strict=True)):
        mean = float(row.mean())
        if abs(mean - p) > tol:
            return (
                f"the mean of your estimates over {seeds} seeds is {mean:.4g}; sampling gives "
                f"{p:.4g} within {tol:.2g}",
                i,
            )
    return None
