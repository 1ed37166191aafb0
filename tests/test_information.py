"""Binary entropy."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qinternet_edu as qie


def test_binary_entropy_known_values():
    assert qie.binary_entropy(0.0) == 0.0
    assert qie.binary_entropy(1.0) == 0.0
    assert qie.binary_entropy(0.5) == 1.0
    # The BB84 threshold: h(0.11) ~ 0.5, so 1 - 2 h(Q) vanishes near Q = 11 %
    # (Shor and Preskill, Phys. Rev. Lett. 85, 441 (2000)).
    assert qie.binary_entropy(0.11) == pytest.approx(0.5, abs=1e-3)
    assert qie.binary_entropy(0.25) == pytest.approx(0.8112781244591328, rel=1e-14)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.0, max_value=1.0))
def test_binary_entropy_is_symmetric_and_bounded(p):
    h = qie.binary_entropy(p)
    assert 0.0 <= h <= 1.0
    assert qie.binary_entropy(1.0 - p) == pytest.approx(h, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1e-300, max_value=1.0 - 1e-12))
def test_binary_entropy_matches_the_direct_formula(p):
    expected = -p * math.log2(p) - (1 - p) * math.log1p(-p) / math.log(2)
    assert qie.binary_entropy(p) == pytest.approx(expected, rel=1e-9, abs=1e-300)


def test_binary_entropy_keeps_the_linear_term_at_tiny_p():
    # h(p) = p log2(1/p) + p / ln 2 + O(p^2); 1 - p rounds to 1, log1p keeps p / ln 2.
    p = 1e-300
    assert qie.binary_entropy(p) == pytest.approx(p * math.log2(1 / p) + p / math.log(2), rel=1e-12)


def test_binary_entropy_is_vectorized_without_warnings():
    p = np.array([0.0, 0.11, 0.5, 1.0])
    h = qie.binary_entropy(p)
    assert isinstance(h, np.ndarray)
    assert h == pytest.approx([0.0, 0.49992, 1.0, 0.0], abs=1e-5)
    assert not np.isnan(h).any()
    assert isinstance(qie.binary_entropy(0.2), float)


@pytest.mark.parametrize(
    ("bad", "error"),
    [(-0.1, ValueError), (1.1, ValueError), (math.nan, ValueError), (True, TypeError),
     ("0.5", TypeError), (None, TypeError), ([0.5, 2.0], ValueError)],
)  # fmt: skip
def test_binary_entropy_rejects_bad_inputs(bad, error):
    with pytest.raises(error, match="p must"):
        qie.binary_entropy(bad)
