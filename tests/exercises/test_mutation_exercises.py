"""The checker's tolerance: absolute and relative tolerances do different jobs.

compare_allclose accepts |got - expected| <= atol + rtol |expected| (its docstring, the
rule of numpy.isclose). Near zero only atol counts, far from zero rtol dominates; a
checker that mixed the two up would pass wrong answers near zero.
"""

from __future__ import annotations

import pytest

from qinternet_edu.exercises.registry import compare_allclose


@pytest.mark.parametrize(
    ("expected", "got", "accepted"),
    [
        (0.0, 5e-10, True),  # within atol = 1e-9
        (0.0, 1e-7, False),  # 100 x atol: wrong near zero, even though 1e-7 < rtol = 1e-6
        (0.0, 2e-6, False),
        (1e6, 1e6 + 0.5, True),  # rtol |expected| = 1
        (1e6, 1e6 + 2.0, False),
        (-3.0, -3.0 - 1e-7, True),  # 1e-7 < 1e-9 + 3e-6
        (-3.0, -3.0 - 1e-4, False),
    ],
)
def test_default_tolerance_separates_absolute_and_relative(expected, got, accepted):
    compare = compare_allclose()  # rtol = 1e-6, atol = 1e-9
    scalar = compare(expected, got)
    array = compare([expected, expected], [expected, got])
    assert (scalar is None) is accepted
    assert (array is None) is accepted


def test_zero_absolute_tolerance_needs_an_exact_zero():
    compare = compare_allclose(rtol=1e-6, atol=0.0)
    assert compare(0.0, 0.0) is None
    assert compare(0.0, 1e-12) == "expected 0, got 1e-12"
    assert compare([0.0], [1e-12]) is not None


def test_a_number_and_a_list_of_one_follow_the_same_rule():
    # |got - expected| <= atol + rtol |expected|, as documented, for both shapes.
    compare = compare_allclose(rtol=0.1, atol=0.0)
    assert (compare(1.0, 1.105) is None) == (compare([1.0], [1.105]) is None)
    assert compare(1.0, 1.105) is not None
    assert compare(1.0, 1.095) is None and compare([1.0], [1.095]) is None
