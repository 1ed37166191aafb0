"""Repeater-chain simulation against an independent event-by-event reference.

Memory decoherence in nested purification: when two pairs meet, only the pair
that was ready first has waited in memory, so only it decays (depolarizing memory,
F(t) = 1/4 + (F0 - 1/4) exp(-t/T): L. Hartmann, B. Kraus, H.-J. Briegel, W. Dür,
PRA 75, 032310 (2007)). Swapping multiplies Werner parameters, so it cannot tell
which pair decayed; BBPSSW purification of unequal pairs can (C. H. Bennett et al.,
PRL 76, 722 (1996)), which is why this check uses two purification rounds.
"""

from __future__ import annotations

import math
import random

import pytest

import qinternet_edu as qie


def _decay(f, wait_s, coherence_s):
    return 0.25 + (f - 0.25) * math.exp(-wait_s / coherence_s)


def _bbpssw(f1, f2):
    """(output fidelity, success probability) of BBPSSW on Werner pairs F1, F2 (Bennett 1996)."""
    e1, e2 = (1.0 - f1) / 3.0, (1.0 - f2) / 3.0
    success = f1 * f2 + f1 * e2 + f2 * e1 + 5.0 * e1 * e2
    return (f1 * f2 + e1 * e2) / success, success


def _reference_purified_pair(rng, rounds, p, tau, f_link, coherence_s):
    """One realization: (ready time, fidelity) of a pair purified ``rounds`` times.

    Written per event, independently of the library's vectorized sampler: each
    elementary pair takes a geometric number of attempts; a failed purification
    discards both pairs and both sub-trees start again at that moment.
    """
    if rounds == 0:
        attempts = max(1, math.ceil(math.log(1.0 - rng.random()) / math.log1p(-p)))
        return attempts * tau, f_link
    start = 0.0
    while True:
        t_a, f_a = _reference_purified_pair(rng, rounds - 1, p, tau, f_link, coherence_s)
        t_b, f_b = _reference_purified_pair(rng, rounds - 1, p, tau, f_link, coherence_s)
        t_a, t_b = t_a + start, t_b + start
        ready = max(t_a, t_b)
        if t_a < t_b:  # pair a waited in memory for pair b
            f_a = _decay(f_a, t_b - t_a, coherence_s)
        else:
            f_b = _decay(f_b, t_a - t_b, coherence_s)
        f_out, success = _bbpssw(f_a, f_b)
        if rng.random() < success:
            return ready, f_out
        start = ready


def test_two_purification_rounds_with_memory_decay_match_an_event_by_event_reference():
    chain = qie.RepeaterChain(
        total_length_km=50.0,
        n_segments=1,
        link_fidelity=0.8,
        purification_rounds=2,
        coherence_time_s=0.005,
    )
    link = chain.link
    n = 20_000
    result = qie.simulate_repeater_chain(chain, n, seed=21)

    rng = random.Random(2024)
    samples = [
        _reference_purified_pair(
            rng, 2, link.success_probability, link.attempt_duration_s, 0.8, 0.005
        )
        for _ in range(n)
    ]
    ref_t = [t for t, _ in samples]
    ref_f = [f for _, f in samples]
    mean_f = sum(ref_f) / n
    se_f = math.sqrt(sum((f - mean_f) ** 2 for f in ref_f) / (n - 1) / n)
    mean_t = sum(ref_t) / n
    se_t = math.sqrt(sum((t - mean_t) ** 2 for t in ref_t) / (n - 1) / n)

    # 4 combined standard errors of two independent Monte Carlo means (n = 20,000 each).
    tol_f = 4.0 * math.hypot(se_f, result.fidelity_std_error)
    tol_t = 4.0 * math.hypot(se_t, result.delivery_time_std_error_s)
    assert result.mean_fidelity == pytest.approx(mean_f, abs=tol_f)
    assert result.mean_delivery_time_s == pytest.approx(mean_t, abs=tol_t)
    # the decay matters here: perfect memories would give a clearly higher fidelity
    assert mean_f < _bbpssw(*(_bbpssw(0.8, 0.8)[0],) * 2)[0] - 10 * tol_f
