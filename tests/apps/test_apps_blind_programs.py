"""A blind-computing round as node programs agrees with the closed form of qie.apps.blind."""

import math

import numpy as np
import pytest

from qinternet_edu.apps import blind_programs
from qinternet_edu.apps.blind import server_view_distribution


@pytest.mark.parametrize("k", range(8))
def test_result_is_zero_with_cos_squared_half_phi(k):
    # Broadbent, Fitzsimons, Kashefi (2009): measuring |+> at angle phi gives 0 with
    # probability cos^2(phi/2); cos^2(pi/8) = 0.8536 is the published pi/4 value
    phi = k * math.pi / 4
    r = blind_programs.blind_round_on_network(phi, seed=10 + k)
    assert r.p_result_0 == pytest.approx(math.cos(phi / 2) ** 2, abs=1e-9)
    assert int(r.stage) == 3


def test_known_value_at_quarter_pi():
    r = blind_programs.blind_round_on_network(math.pi / 4, seed=1)
    assert r.p_result_0 == pytest.approx(0.853553, abs=1e-6)


def test_delta_is_on_the_grid_and_uniform_whatever_phi():
    # blindness: the server's angle delta is uniform on the eight angles for every phi
    for phi in (0.0, math.pi / 2):
        deltas = [
            round(blind_programs.blind_round_on_network(phi, seed=s).delta_rad / (math.pi / 4)) % 8
            for s in range(80)
        ]
        counts = np.bincount(deltas, minlength=8)
        assert counts.min() >= 3, counts  # 80 draws of a uniform over 8: >= 3 each, p > 0.99
    assert server_view_distribution(math.pi / 2).shape[0] >= 8


def test_bad_secrets_are_refused():
    with pytest.raises(ValueError, match="theta_index"):
        blind_programs.blind_round_programs(0.0, theta_index=8, r=0)
    with pytest.raises(ValueError, match="phi_rad"):
        blind_programs.blind_round_programs(0.3, theta_index=0, r=0)
