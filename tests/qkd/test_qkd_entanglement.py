"""BBM92 and E91: CHSH value 2 sqrt(2) V, QBER (1 - V)/2, loss, seeds and inputs."""

import math

import numpy as np
import pytest

import qinternet_edu as qie

TSIRELSON = 2 * math.sqrt(2)


@pytest.mark.parametrize("simulate", [qie.simulate_bbm92, qie.simulate_e91])
def test_perfect_pairs_reach_tsirelson_and_zero_qber(simulate):
    r = simulate(300_000, seed=1)
    assert r.qber == 0.0
    assert r.chsh == pytest.approx(TSIRELSON, abs=4 * r.chsh_standard_error)
    assert r.violates_chsh


@pytest.mark.parametrize("visibility", [0.95, 0.8, 0.6])
@pytest.mark.parametrize("simulate", [qie.simulate_bbm92, qie.simulate_e91])
def test_werner_visibility_sets_chsh_and_qber(simulate, visibility):
    r = simulate(300_000, visibility=visibility, seed=2)
    assert r.chsh == pytest.approx(TSIRELSON * visibility, abs=4 * r.chsh_standard_error)
    assert r.chsh == pytest.approx(
        qie.chsh_from_visibility(visibility), abs=4 * r.chsh_standard_error
    )
    q = (1 - visibility) / 2
    assert r.qber == pytest.approx(q, abs=4 * math.sqrt(q * (1 - q) / r.sifted))
    assert r.violates_chsh == (visibility > 0.75)


def test_werner_correlator_against_a_density_matrix():
    """E(a, b) = V cos(a - b) for the Werner state, checked with qiskit.quantum_info."""
    from qiskit.quantum_info import DensityMatrix, Operator, Statevector

    v, a, b = 0.8, 0.3, 1.4
    phi = Statevector([1, 0, 0, 1] / np.sqrt(2))
    rho = v * DensityMatrix(phi).data + (1 - v) * np.eye(4) / 4
    z = np.array([[1, 0], [0, -1]])
    x = np.array([[0, 1], [1, 0]])

    def obs(t):
        return math.cos(t) * z + math.sin(t) * x

    corr = np.real(np.trace(rho @ Operator(np.kron(obs(a), obs(b))).data))
    assert corr == pytest.approx(v * math.cos(a - b), abs=1e-12)


def test_sifted_fractions_match_the_settings():
    e91 = qie.simulate_e91(180_000, seed=3)
    assert e91.sifted / e91.coincidences == pytest.approx(
        2 / 9, abs=4 * math.sqrt(2 / 9 * 7 / 9 / e91.coincidences)
    )
    bbm = qie.simulate_bbm92(180_000, chsh_fraction=0.0, seed=4)
    assert bbm.sifted / bbm.coincidences == pytest.approx(
        0.5, abs=4 * math.sqrt(0.25 / bbm.coincidences)
    )
    assert bbm.chsh_rounds == 0
    assert bbm.chsh_standard_error == math.inf


def test_loss_on_both_arms_gives_coincidences_eta_a_eta_b():
    n = 400_000
    r = qie.simulate_bbm92(n, length_a_km=10.0, length_b_km=40.0, detector_efficiency=0.5, seed=5)
    p = qie.fiber_transmissivity(10.0) * qie.fiber_transmissivity(40.0) * 0.25
    assert r.coincidences / n == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / n))


def test_keys_and_seeds():
    a = qie.simulate_e91(20_000, visibility=0.9, return_keys=True, seed=6)
    b = qie.simulate_e91(20_000, visibility=0.9, return_keys=True, seed=6)
    assert a == b
    assert a.alice_key.size == a.sifted
    assert int(np.count_nonzero(a.alice_key != a.bob_key)) == a.errors


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(visibility=1.2), "visibility"),
        (dict(length_a_km=-1.0), "length_a_km"),
        (dict(length_b_km=-1.0), "length_b_km"),
        (dict(detector_efficiency=1.5), "detector_efficiency"),
        (dict(dark_count_probability=-0.1), "dark_count_probability"),
        (dict(chsh_fraction=1.5), "chsh_fraction"),
    ],
)
def test_bad_inputs(kwargs, name):
    with pytest.raises(ValueError, match=name):
        qie.simulate_bbm92(100, **kwargs)


def test_bad_pair_count_and_visibility():
    with pytest.raises(ValueError, match="n_pairs"):
        qie.simulate_e91(0)
    with pytest.raises(ValueError, match="visibility"):
        qie.chsh_from_visibility(-0.1)


def test_all_test_rounds_leave_the_qber_undefined_without_a_warning():
    # chsh_fraction = 1 asks for no key round: NaN by design, not a lost key.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = qie.simulate_bbm92(2_000, chsh_fraction=1.0, seed=6)
    assert r.sifted == 0 and math.isnan(r.qber)
    assert r.chsh == pytest.approx(2 * math.sqrt(2), abs=4 * r.chsh_standard_error)
    # With no test round, S is undefined too (NaN, not 0).
    assert math.isnan(qie.simulate_bbm92(2_000, chsh_fraction=0.0, seed=7).chsh)
