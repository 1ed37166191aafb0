"""Module 03 tasks: correct answers in another form pass, plausible mistakes fail."""

import math

import numpy as np
import pytest

from qinternet_edu import exercises


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def test_03_1_decibels():
    def right(length_km, attenuation_db_per_km, extra_loss_db):
        return 10 ** (-(attenuation_db_per_km * length_km + extra_loss_db) / 10)

    def amplitude_db(length_km, attenuation_db_per_km, extra_loss_db):  # 20 log10: voltages
        return 10 ** (-(attenuation_db_per_km * length_km + extra_loss_db) / 20)

    def no_extra(length_km, attenuation_db_per_km, extra_loss_db):
        return 10 ** (-attenuation_db_per_km * length_km / 10)

    assert exercises.evaluate("03.1", right, hidden=True).passed
    for wrong in (amplitude_db, no_extra):
        assert exercises.evaluate("03.1", wrong).status == "failed", wrong.__name__


def test_03_2_click_probability():
    def right(eta_channel, efficiency, dark_count_probability, mean_photon_number):
        if mean_photon_number is None:
            miss = 1 - eta_channel * efficiency
        else:
            miss = math.exp(-eta_channel * efficiency * mean_photon_number)
        return 1 - (1 - dark_count_probability) * miss

    def added(eta_channel, efficiency, dark_count_probability, mean_photon_number):
        mu = 1 if mean_photon_number is None else mean_photon_number
        return min(1.0, eta_channel * efficiency * mu + dark_count_probability)

    def binomial(eta_channel, efficiency, dark_count_probability, mean_photon_number):
        mu = 1 if mean_photon_number is None else mean_photon_number
        return 1 - (1 - dark_count_probability) * (1 - eta_channel * efficiency) ** mu

    assert exercises.evaluate("03.2", right, hidden=True).passed
    for wrong in (added, binomial):
        assert exercises.evaluate("03.2", wrong).status == "failed", wrong.__name__


def test_03_3_maximum_length():
    def right(efficiency, dark_count_probability, attenuation_db_per_km, signal_to_noise):
        eta = signal_to_noise * dark_count_probability / efficiency
        return max(0.0, -10 * math.log10(eta) / attenuation_db_per_km)

    def no_efficiency(efficiency, dark_count_probability, attenuation_db_per_km, signal_to_noise):
        return right(1.0, dark_count_probability, attenuation_db_per_km, signal_to_noise)

    def negative(efficiency, dark_count_probability, attenuation_db_per_km, signal_to_noise):
        eta = signal_to_noise * dark_count_probability / efficiency
        return -10 * math.log10(eta) / attenuation_db_per_km

    assert exercises.evaluate("03.3", right, hidden=True).passed
    for wrong in (no_efficiency, negative):
        assert exercises.evaluate("03.3", wrong).status == "failed", wrong.__name__


def test_03_4_plob_rate():
    def right(length_km, attenuation_db_per_km, repetition_rate_hz):
        eta = 10 ** (-attenuation_db_per_km * length_km / 10)
        return -repetition_rate_hz * np.log2(1 - eta)

    def linear(length_km, attenuation_db_per_km, repetition_rate_hz):  # 1.44 eta everywhere
        eta = 10 ** (-attenuation_db_per_km * length_km / 10)
        return repetition_rate_hz * eta / math.log(2)

    def natural_log(length_km, attenuation_db_per_km, repetition_rate_hz):
        eta = 10 ** (-attenuation_db_per_km * length_km / 10)
        return -repetition_rate_hz * math.log(1 - eta)

    assert exercises.evaluate("03.4", right, hidden=True).passed
    for wrong in (linear, natural_log):
        assert exercises.evaluate("03.4", wrong).status == "failed", wrong.__name__
