"""Module 05 tasks: correct answers in another form pass, plausible mistakes fail."""

import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import exercises


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def test_05_1_sift():
    def right(alice_bits, alice_bases, bob_bits, bob_bases):
        return [b for b, x, y in zip(alice_bits, alice_bases, bob_bases, strict=True) if x == y]

    def bobs_bits(alice_bits, alice_bases, bob_bits, bob_bases):
        return [b for b, x, y in zip(bob_bits, alice_bases, bob_bases, strict=True) if x == y]

    def mismatched(alice_bits, alice_bases, bob_bits, bob_bases):
        return [b for b, x, y in zip(alice_bits, alice_bases, bob_bases, strict=True) if x != y]

    assert exercises.evaluate("05.1", right, hidden=True).passed
    for wrong in (bobs_bits, mismatched):
        assert exercises.evaluate("05.1", wrong).status == "failed", wrong.__name__


def test_05_2_sample_qber():
    def right(alice_key, bob_key, sample_positions):
        errors = sum(alice_key[i] != bob_key[i] for i in sample_positions)
        q = errors / len(sample_positions)
        return (q, math.sqrt(q * (1 - q) / len(sample_positions)))

    def whole_key(alice_key, bob_key, sample_positions):
        q = float(np.mean(np.asarray(alice_key) != np.asarray(bob_key)))
        return [q, math.sqrt(q * (1 - q) / len(sample_positions))]

    def key_length_in_error(alice_key, bob_key, sample_positions):
        q = right(alice_key, bob_key, sample_positions)[0]
        return [q, math.sqrt(q * (1 - q) / len(alice_key))]

    assert exercises.evaluate("05.2", right, hidden=True).passed
    for wrong in (whole_key, key_length_in_error):
        assert exercises.evaluate("05.2", wrong).status == "failed", wrong.__name__


def test_05_3_eve_qber():
    def right(eve_fraction, misalignment):
        q = eve_fraction / 4
        return q + misalignment - 2 * q * misalignment

    def half(eve_fraction, misalignment):
        q = eve_fraction / 2
        return q * (1 - misalignment) + (1 - q) * misalignment

    def added(eve_fraction, misalignment):
        return eve_fraction / 4 + misalignment

    assert exercises.evaluate("05.3", right, hidden=True).passed
    for wrong in (half, added):
        assert exercises.evaluate("05.3", wrong).status == "failed", wrong.__name__


def test_05_3_formula_matches_the_simulator():
    """The reference formula agrees with simulate_bb84 within 4 standard errors."""
    task = exercises.get_task("05.3")
    r = qie.simulate_bb84(400_000, eve_fraction=0.6, misalignment=0.08, seed=11)
    expected = task.reference(eve_fraction=0.6, misalignment=0.08)
    assert r.qber == pytest.approx(expected, abs=4 * r.qber_standard_error)


def test_05_4_expected_sifted():
    def right(n_pulses, length_km, attenuation_db_per_km, detector_efficiency):
        return n_pulses * detector_efficiency * 10 ** (-attenuation_db_per_km * length_km / 10) / 2

    def no_sifting(n_pulses, length_km, attenuation_db_per_km, detector_efficiency):
        return 2 * right(n_pulses, length_km, attenuation_db_per_km, detector_efficiency)

    def natural_exp(n_pulses, length_km, attenuation_db_per_km, detector_efficiency):
        return n_pulses * detector_efficiency * math.exp(-attenuation_db_per_km * length_km) / 2

    assert exercises.evaluate("05.4", right, hidden=True).passed
    for wrong in (no_sifting, natural_exp):
        assert exercises.evaluate("05.4", wrong).status == "failed", wrong.__name__


def test_05_4_matches_the_simulator():
    task = exercises.get_task("05.4")
    n = 2_000_000
    r = qie.simulate_bb84(n, length_km=30.0, detector_efficiency=0.5, seed=3)
    expected = task.reference(
        n_pulses=n, length_km=30.0, attenuation_db_per_km=0.2, detector_efficiency=0.5
    )
    assert r.sifted == pytest.approx(expected, abs=4 * math.sqrt(expected))


def _cheapest(
    length_km, n_bits, deadline_s, repetition_rate_hz, node_price, detectors, *, mistake=None
):
    """Search by cost, as a buyer would: the cheapest designs first."""
    designs = []
    for n in range(21):
        for name, det in detectors.items():
            links = 1 if mistake == "one detector" else n + 1
            designs.append((n * node_price + links * det["price"], n, name, det))
    for _cost, n, name, det in sorted(designs, key=lambda d: (d[0], d[1])):
        link_km = length_km if mistake == "whole fiber" else length_km / (n + 1)
        rate_bps = repetition_rate_hz * float(
            qie.decoy_bb84_key_rate(
                link_km,
                detector_efficiency=det["efficiency"],
                dark_count_probability=det["dark_count_probability"],
            )
        )
        if rate_bps * deadline_s >= n_bits:
            return n, name
    return -1, ""


def test_05_5_cheapest_design_and_mistakes():
    import functools

    assert exercises.evaluate("05.5", _cheapest, hidden=True, time_limit_s=60.0).passed
    for mistake in ("one detector", "whole fiber"):
        wrong = functools.partial(_cheapest, mistake=mistake)
        assert exercises.evaluate("05.5", wrong, time_limit_s=60.0).status == "failed"


def test_05_5_reach_of_the_catalogue_matches_the_decoy_model():
    # GYS detectors (efficiency 0.045, dark counts 1.7e-6) reach about 142 km (Lo, Ma, Chen,
    # PRL 94, 230504, 2005); a better detector reaches further, so the SNSPD is the only
    # catalogue entry that covers 280 km without a node.
    gys = qie.decoy_bb84_max_distance_km()
    assert gys == pytest.approx(142.0, abs=3.0)
    snspd = qie.decoy_bb84_max_distance_km(detector_efficiency=0.85, dark_count_probability=1e-8)
    apd = qie.decoy_bb84_max_distance_km(detector_efficiency=0.2, dark_count_probability=1e-6)
    assert apd < 280.0 < snspd
