"""The finite key follows Tomamichel, Lim, Gisin, Renner, Nat. Commun. 3, 634 (2012)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import hypergeom

import qinternet_edu as qie


def _h(p):
    return 0.0 if p <= 0 else -p * math.log2(p) - (1 - p) * math.log2(1 - p)


def test_issue_value_at_ten_thousand_bits():
    # Issue 14: their bound gives 2,086 bits at N = 1e4 and Q = 1 % (10 % sampled, f = 1.16,
    # epsilon_sec = epsilon_cor = 1e-10); the former simplified code gave 3,244.
    fk = qie.finite_key_length(10_000, qber=0.01, ec_efficiency=1.16)
    assert fk.secret_length == 2086
    assert fk.secret_length < 3244
    assert fk.epsilon_sec == 1e-10 and fk.epsilon_cor == 1e-10


@pytest.mark.parametrize("n_sifted", [10_000, 100_000, 1_000_000])
@pytest.mark.parametrize("qber", [0.01, 0.025, 0.05])
def test_matches_eq2_evaluated_by_hand(n_sifted, qber):
    # Eq. (2) of Tomamichel et al. written out independently, eps_sec = 1e-10, eps_cor = 1e-12.
    eps_sec, eps_cor, f = 1e-10, 1e-12, 1.1
    k = round(0.1 * n_sifted)
    n = n_sifted - k
    mu = math.sqrt((n + k) / (n * k) * (k + 1) / k * math.log(2 / eps_sec))
    leak = math.ceil(f * n * _h(qber))
    bound = n * (1 - _h(min(0.5, qber + mu))) - leak - math.log2(2 / (eps_sec**2 * eps_cor))
    fk = qie.finite_key_length(
        n_sifted, qber=qber, ec_efficiency=f, epsilon_sec=eps_sec, epsilon_cor=eps_cor
    )
    assert fk.secret_length == max(0, math.floor(bound))
    assert fk.secret_length <= max(0.0, bound)  # never above their bound at the same epsilon


def test_serfling_margin_covers_the_exact_hypergeometric_tail():
    # Independent check of mu: sampling k of n + k bits without replacement, the chance that
    # the key's error rate exceeds the sample's by mu must be <= (eps_sec / 2)^2 for every
    # total number of errors (the exact hypergeometric tail, by scipy).
    n, k, eps = 900, 100, 1e-3
    mu = qie.sampling_deviation(n, k, epsilon_sec=eps)
    worst = 0.0
    for errors in range(0, n + k + 1, 5):
        j = np.arange(0, min(errors, k) + 1)
        bad = (errors - j) / n >= j / k + mu
        worst = max(worst, float(hypergeom.pmf(j[bad], n + k, errors, k).sum()))
    assert worst <= (eps / 2) ** 2
    assert worst > 0.0  # the margin is not absurdly large either: the tail is reachable


def test_correctness_epsilon_costs_its_log():
    a = qie.finite_key_length(100_000, qber=0.02, epsilon_cor=1e-10)
    b = qie.finite_key_length(100_000, qber=0.02, epsilon_cor=1e-20)
    assert a.secret_length - b.secret_length == pytest.approx(math.log2(1e10), abs=1.0)


def test_optimized_sample_beats_fixed_and_converges():
    fixed = qie.finite_key_length(100_000, qber=0.01)
    best = qie.finite_key_length(100_000, qber=0.01, sample_fraction=None)
    assert best.secret_length >= fixed.secret_length
    huge = qie.finite_key_length(10**10, qber=0.01, ec_efficiency=1.1, sample_fraction=None)
    asymptotic = qie.key_rate_with_ec_efficiency(0.01, 1.1)
    assert huge.secret_fraction == pytest.approx(asymptotic, rel=0.01)
    assert huge.secret_fraction < asymptotic


def test_no_key_from_few_signals_and_bad_input():
    assert qie.finite_key_length(1_000, qber=0.01).secret_length == 0
    with pytest.raises(ValueError, match="epsilon_cor"):
        qie.finite_key_length(10_000, qber=0.01, epsilon_cor=1.0)
    with pytest.raises(TypeError, match="qber"):
        qie.finite_key_length(10_000, qber=[0.01, 0.02])
