"""Module 09 tasks: correct answers in another form pass, plausible mistakes fail."""

import math

import numpy as np
import pytest

from qinternet_edu import exercises

C_FIBER_M_PER_S = 299_792_458.0 / 1.4682


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def _h(q):
    return 0.0 if q <= 0 or q >= 1 else -q * math.log2(q) - (1 - q) * math.log2(1 - q)


def test_09_1_formula_passes_and_mistakes_fail():
    def right(visibility):
        return np.array([2 * math.sqrt(2) * visibility, 0.5 - visibility / 2])

    assert exercises.evaluate("09.1", right, hidden=True).passed

    def fidelity_as_visibility(visibility):  # S from F = V instead of p = V
        p = (4 * visibility - 1) / 3
        return [2 * math.sqrt(2) * p, (1 - visibility) / 2]

    def qber_one_minus_v(visibility):
        return [2 * math.sqrt(2) * visibility, 1 - visibility]

    def tsirelson_always(visibility):
        return [2 * math.sqrt(2), (1 - visibility) / 2]

    for wrong in (fidelity_as_visibility, qber_one_minus_v, tsirelson_always):
        assert exercises.evaluate("09.1", wrong).status == "failed", wrong.__name__


def test_09_2_key_fraction_mistakes_fail():
    def right(visibility):
        return max(0.0, 1 - 2 * _h((1 - visibility) / 2))

    assert exercises.evaluate("09.2", right, hidden=True).passed

    def one_entropy(visibility):  # forgets privacy amplification
        return max(0.0, 1 - _h((1 - visibility) / 2))

    def no_clipping(visibility):
        return 1 - 2 * _h((1 - visibility) / 2)

    def qber_from_fidelity(visibility):  # Q = 1 - F instead of (1 - V)/2
        return max(0.0, 1 - 2 * _h(1 - (1 + 3 * visibility) / 4))

    for wrong in (one_entropy, no_clipping, qber_from_fidelity):
        assert exercises.evaluate("09.2", wrong).status == "failed", wrong.__name__


def test_09_3_thresholds():
    assert exercises.evaluate("09.3", [1 / math.sqrt(2), 0.78]).passed  # rounded Q = 11 %
    assert exercises.evaluate("09.3", lambda: (0.7071, 0.7799)).passed
    # Fidelity thresholds instead of visibilities, or the two swapped.
    assert exercises.evaluate("09.3", [0.7803, 0.835]).status == "failed"
    assert exercises.evaluate("09.3", [0.78, 1 / math.sqrt(2)]).status == "failed"


def _herald(
    length_km,
    scheme,
    detector_efficiency,
    emission_efficiency,
    bright_state_population,
    *,
    arm_km=None,
    double_factor=0.5,
    round_trip=1.0,
):
    arm = length_km / 2 if arm_km is None else arm_km(length_km)
    eta = emission_efficiency * detector_efficiency * 10 ** (-0.02 * arm)
    if scheme == "single_click":
        p = 2 * bright_state_population * eta
    else:
        p = double_factor * eta**2
    return [p, round_trip * length_km * 1e3 / C_FIBER_M_PER_S / p]


def test_09_4_heralding_mistakes_fail():
    assert exercises.evaluate("09.4", _herald, hidden=True).passed

    def whole_length(
        length_km, scheme, detector_efficiency, emission_efficiency, bright_state_population
    ):
        return _herald(
            length_km,
            scheme,
            detector_efficiency,
            emission_efficiency,
            bright_state_population,
            arm_km=lambda L: L,
        )

    def no_half(
        length_km, scheme, detector_efficiency, emission_efficiency, bright_state_population
    ):
        return _herald(
            length_km,
            scheme,
            detector_efficiency,
            emission_efficiency,
            bright_state_population,
            double_factor=1.0,
        )

    def one_way(
        length_km, scheme, detector_efficiency, emission_efficiency, bright_state_population
    ):
        return _herald(
            length_km,
            scheme,
            detector_efficiency,
            emission_efficiency,
            bright_state_population,
            round_trip=0.5,
        )

    for wrong in (whole_length, no_half, one_way):
        assert exercises.evaluate("09.4", wrong).status == "failed", wrong.__name__
