"""The shared input checks: messages name the parameter, value and range; nothing is clipped."""

import math

import numpy as np
import pytest

from qinternet_edu._validation import (
    as_output,
    check_bits,
    check_choice,
    check_fidelity,
    check_int,
    check_nonnegative,
    check_positive,
    check_probability,
    check_real,
    isclose_sum,
    make_rng,
)


def test_check_real_returns_floats_for_scalars_and_arrays_for_arrays():
    assert check_real("x", 3) == 3.0
    assert isinstance(check_real("x", 3), float)
    assert isinstance(check_real("x", np.float32(2.5)), float)
    assert isinstance(check_real("x", np.int64(2)), float)
    out = check_real("x", [1, 2, 3])
    assert isinstance(out, np.ndarray)
    assert out.dtype == float
    assert check_real("x", np.array(1.5)) == 1.5


def test_check_real_message_names_parameter_value_and_range():
    with pytest.raises(ValueError, match=r"length_km must be in \[0, inf\); got -1"):
        check_real("length_km", -1, low=0)
    with pytest.raises(ValueError, match=r"x must be in \(0, 1\]; got 0.0"):
        check_real("x", 0.0, low=0, high=1, low_open=True)
    with pytest.raises(ValueError, match=r"x must be in \[0, 1\); got 1.0"):
        check_real("x", [0.5, 1.0], low=0, high=1, high_open=True)


@pytest.mark.parametrize("bad", [True, np.bool_(False), "1", None, 1 + 2j, {"x": 1}])
def test_check_real_rejects_non_real_types(bad):
    with pytest.raises(TypeError, match="x must be"):
        check_real("x", bad)


@pytest.mark.parametrize("bad", [[True, False], ["a"], np.array([1 + 1j]), [None]])
def test_check_real_rejects_non_real_arrays(bad):
    with pytest.raises(TypeError, match="x must be"):
        check_real("x", bad)


def test_check_real_rejects_nan_anywhere():
    with pytest.raises(ValueError, match="NaN"):
        check_real("x", math.nan)
    with pytest.raises(ValueError, match="NaN"):
        check_real("x", [0.0, np.nan])


def test_check_real_does_not_modify_or_clip():
    arr = np.array([0.2, 0.4])
    out = check_real("x", arr, low=0, high=1)
    assert out.tolist() == [0.2, 0.4]
    with pytest.raises(ValueError):
        check_real("x", 1.0 + 1e-12, high=1.0)


def test_specialised_checks():
    assert check_probability("p", 0) == 0.0
    assert check_probability("p", 1) == 1.0
    with pytest.raises(ValueError, match="p must be in"):
        check_probability("p", -1e-12)
    assert check_fidelity("f", 0.3, low=0.25) == 0.3
    with pytest.raises(ValueError, match=r"\[0.25, 1\]"):
        check_fidelity("f", 0.2, low=0.25)
    assert check_nonnegative("t", 0) == 0.0
    with pytest.raises(ValueError, match="t must"):
        check_nonnegative("t", -0.5)
    with pytest.raises(ValueError, match=r"T must be in \(0, inf\)"):
        check_positive("T", 0)


def test_check_int():
    assert check_int("n", 5, low=1) == 5
    assert check_int("n", np.int32(5)) == 5
    with pytest.raises(TypeError, match="n must be an integer"):
        check_int("n", 5.0)
    with pytest.raises(TypeError, match="n must be an integer"):
        check_int("n", True)
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 3\]; got 4"):
        check_int("n", 4, low=1, high=3)
    with pytest.raises(ValueError, match="n must be an integer <= 3"):
        check_int("n", 4, high=3)


def test_check_choice():
    assert check_choice("basis", "Z", ("Z", "X")) == "Z"
    with pytest.raises(ValueError, match="basis must be one of 'Z', 'X'; got 'Y'"):
        check_choice("basis", "Y", ("Z", "X"))
    with pytest.raises(TypeError, match="basis"):
        check_choice("basis", 0, ("Z", "X"))


def test_check_bits():
    assert check_bits("key", [True, False]).tolist() == [1, 0]
    assert check_bits("key", np.array([1.0, 0.0])).dtype == np.uint8
    assert check_bits("key", []).size == 0
    with pytest.raises(ValueError, match="key must contain only bits"):
        check_bits("key", [0, 1, 2])
    with pytest.raises(ValueError, match="one-dimensional"):
        check_bits("key", [[0, 1]])
    with pytest.raises(TypeError, match="key"):
        check_bits("key", [0.5, 1.0])
    with pytest.raises(TypeError, match="key"):
        check_bits("key", ["0", "1"])


def test_make_rng_is_reproducible_and_validates():
    a = make_rng(seed=3).random(4)
    b = make_rng(seed=3).random(4)
    assert a.tolist() == b.tolist()
    gen = np.random.default_rng(1)
    assert make_rng(rng=gen) is gen
    assert isinstance(make_rng(), np.random.Generator)
    with pytest.raises(ValueError, match="either seed or rng"):
        make_rng(seed=1, rng=gen)
    with pytest.raises(TypeError, match="rng"):
        make_rng(rng=42)
    for bad in (-1, 1.5, True, "7"):
        with pytest.raises(TypeError, match="seed"):
            make_rng(seed=bad)


def test_as_output_and_isclose_sum():
    assert isinstance(as_output(np.float64(2.0), 1.0), float)
    assert isinstance(as_output(np.array([2.0]), [1.0]), np.ndarray)
    assert isinstance(as_output(np.array(2.0), np.array(1.0)), np.ndarray)
    # Several inputs: an array among them makes the output an array.
    assert isinstance(as_output(np.array([1.0, 2.0]), 1.0, np.array([1.0, 2.0])), np.ndarray)
    assert isinstance(as_output(np.array(1.0), 1.0, 2.0), float)
    assert isclose_sum(np.array([0.25, 0.75]))
    assert not isclose_sum(np.array([0.25, 0.7]))


@pytest.mark.parametrize("bad", [math.inf, -math.inf, np.float64("inf"), [0.0, math.inf]])
def test_check_real_rejects_infinities_unless_allowed(bad):
    with pytest.raises(ValueError, match=r"x must be a finite number in \(-inf, inf\); got -?inf"):
        check_real("x", bad)


def test_check_real_infinity_message_and_opt_in():
    with pytest.raises(
        ValueError, match=r"length_km must be a finite number in \[0, inf\); got inf"
    ):
        check_real("length_km", math.inf, low=0.0)
    with pytest.raises(ValueError, match="finite"):
        check_probability("p", -math.inf)
    assert check_real("T", math.inf, low=0.0, low_open=True, allow_inf=True) == math.inf
    assert check_positive("T", math.inf, allow_inf=True) == math.inf
    assert check_nonnegative("t", [0.0, math.inf], allow_inf=True).tolist() == [0.0, math.inf]
    # An allowed infinity is still subject to the bounds.
    with pytest.raises(ValueError, match=r"x must be in \[0, 1\]; got inf"):
        check_real("x", math.inf, low=0.0, high=1.0, allow_inf=True)


def test_check_real_refuses_integers_too_large_for_a_float():
    with pytest.raises(ValueError, match=r"x must be a finite number.*too large"):
        check_real("x", 10**400)


def test_scalar_fast_path_agrees_with_the_general_path():
    # A plain float and the same value as a numpy scalar give the same result and errors.
    for value in (0.0, 0.5, 1, 3):
        assert check_real("x", value, low=0) == check_real("x", np.float64(value), low=0)
        assert type(check_real("x", value)) is float
    for value, kw in ((-1, {"low": 0}), (2.0, {"high": 1}), (0.0, {"low": 0, "low_open": True})):
        with pytest.raises(ValueError) as fast:
            check_real("x", value, **kw)
        with pytest.raises(ValueError) as slow:
            check_real("x", np.float64(value), **kw)
        assert str(fast.value).split("; got")[0] == str(slow.value).split("; got")[0]
    with pytest.raises(ValueError, match="NaN"):
        check_real("x", float("nan"))


def test_scalar_only_parameters_refuse_arrays_with_a_type_error():
    from qinternet_edu._validation import check_scalar

    assert check_scalar("mu", 0.5, low=0.0) == 0.5
    assert check_scalar("mu", np.array(0.5)) == 0.5  # a 0-d array is one number
    with pytest.raises(TypeError, match=r"mu must be a single real number in \[0, inf\)"):
        check_scalar("mu", [0.5, 0.6], low=0.0)
    with pytest.raises(TypeError, match="p must be a single real number"):
        check_probability("p", np.array([0.1, 0.2]), scalar=True)
    with pytest.raises(TypeError, match="x must be a real number or a regular array"):
        check_real("x", [[1.0], [1.0, 2.0]])


def test_check_size_refuses_work_beyond_the_machine():
    from qinternet_edu._validation import check_size

    assert check_size("n", 10, low=1, limit=100, why="test") == 10
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 100\] \(a day\); got 101"):
        check_size("n", 101, low=1, limit=100, why="a day")
    with pytest.raises(TypeError, match="n must be an integer"):
        check_size("n", 1e3, low=1, limit=100, why="a day")
    with pytest.raises(TypeError, match=r"n must be an integer .*array \[1, 2\]"):
        check_int("n", np.array([1, 2]))


def test_check_samples_refuses_monte_carlo_sizes_beyond_memory():
    from qinternet_edu._validation import MAX_SAMPLES, check_samples

    assert check_samples("n_trials", MAX_SAMPLES) == MAX_SAMPLES
    assert check_samples("n_trials", 0, low=0) == 0
    with pytest.raises(ValueError, match=r"n_trials must be an integer in \[1, 100000000\] \("):
        check_samples("n_trials", MAX_SAMPLES + 1)
    with pytest.raises(ValueError, match="n_trials must be an integer >= 1; got 0"):
        check_samples("n_trials", 0)
