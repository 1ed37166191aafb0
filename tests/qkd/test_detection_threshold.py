"""Detection-efficiency thresholds of CHSH (Garg, Mermin 1987) and of DI-QKD (Acín et al. 2007)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import qinternet_edu as qie


def test_chsh_threshold_is_garg_mermin():
    # Published: 2 / (1 + sqrt 2) = 82.8 % (Garg, Mermin, PRD 35, 3831 (1987)).
    eta = qie.chsh_detection_efficiency_threshold()
    assert eta == pytest.approx(0.8284, abs=1e-4)
    assert qie.chsh_with_detection_efficiency(eta) == pytest.approx(2.0, abs=1e-12)
    assert qie.chsh_with_detection_efficiency(1.0) == pytest.approx(2 * math.sqrt(2))


def test_chsh_with_losses_by_explicit_correlators():
    # Independent: each outcome pair of a maximally entangled pair at the standard CHSH angles,
    # with each no-click counted as +1: E = eta^2 cos(a - b) + (1 - eta)^2.
    eta = 0.87
    angles_a, angles_b = (0.0, math.pi / 2), (math.pi / 4, -math.pi / 4)
    corr = [[eta**2 * math.cos(a - b) + (1 - eta) ** 2 for b in angles_b] for a in angles_a]
    s = corr[0][0] + corr[0][1] + corr[1][0] - corr[1][1]
    assert qie.chsh_with_detection_efficiency(eta) == pytest.approx(s, rel=1e-12)


def test_diqkd_threshold_is_above_the_bell_threshold():
    eta = qie.diqkd_detection_efficiency_threshold()
    assert 0.92 < eta < 0.925
    assert eta > qie.chsh_detection_efficiency_threshold()
    # The key rate of Acín et al. evaluated by hand just above and below the threshold.
    for e, positive in ((eta + 1e-3, True), (eta - 1e-3, False)):
        s = 2 * math.sqrt(2) * e**2 + 2 * (1 - e) ** 2
        by_hand = qie.device_independent_key_rate(s, e * (1 - e))
        assert (by_hand > 0) is positive
        assert qie.diqkd_key_rate_with_detection_efficiency(e) == pytest.approx(by_hand, abs=1e-12)


def test_arrays_and_bad_input():
    rates = qie.diqkd_key_rate_with_detection_efficiency(np.array([0.5, 0.95, 1.0]))
    assert rates[0] == 0.0 and 0 < rates[1] < rates[2] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="detection_efficiency"):
        qie.chsh_with_detection_efficiency(1.2)
