"""The event-level repeater protocol agrees in distribution with the vectorized Monte Carlo."""

import math

import numpy as np
import pytest
from scipy import stats

import qinternet_edu as qie
from qinternet_edu.netsim import run_repeater_protocol

N_EVENT = 10_000
N_VECTOR = 50_000

CHAINS = {
    "two links, linear-optics swap": dict(
        total_length_km=200.0, n_segments=2, swap_success_probability=0.5
    ),
    "four links, memories": dict(
        total_length_km=400.0, n_segments=4, coherence_time_s=0.5, link_fidelity=0.95
    ),
    "three links, uneven split": dict(
        total_length_km=150.0, n_segments=3, swap_success_probability=0.7, coherence_time_s=1.0
    ),
    "cut-off and memories": dict(
        total_length_km=200.0,
        n_segments=2,
        coherence_time_s=0.2,
        cutoff_time_s=0.01,
        link_fidelity=0.97,
    ),
    "purification": dict(
        total_length_km=100.0,
        n_segments=2,
        purification_rounds=1,
        link_fidelity=0.85,
        coherence_time_s=2.0,
    ),
    "dark counts, both memories": dict(
        total_length_km=300.0,
        n_segments=2,
        dark_count_probability=1e-4,
        coherence_time_s=1.0,
        memory_noise="both_memories",
    ),
}


def agree(event, vector, what, attempt_s=1.0):
    # both laws have atoms (times are sums of attempts, fidelities a few values): compare them
    # on a grid far finer than the atoms, so round-off of the two sums is not a difference
    a = np.round(getattr(event, what) / attempt_s, 6)
    b = np.round(getattr(vector, what) / attempt_s, 6)
    if np.ptp(a) == 0 and np.ptp(b) == 0:
        assert a[0] == pytest.approx(b[0], rel=1e-12)
        return
    # same law: the two-sample Kolmogorov-Smirnov test does not reject at 0.1 %
    assert stats.ks_2samp(a, b).pvalue > 1e-3, what


@pytest.mark.parametrize("name", list(CHAINS))
def test_without_classical_delays_both_levels_agree(name):
    chain = qie.RepeaterChain(**CHAINS[name])
    event = run_repeater_protocol(chain, N_EVENT, seed=1, classical_delays=False)
    vector = qie.simulate_repeater_chain(chain, N_VECTOR, seed=2)
    se_t = math.hypot(event.delivery_time_std_error_s, vector.delivery_time_std_error_s)
    assert event.mean_delivery_time_s == pytest.approx(vector.mean_delivery_time_s, abs=4 * se_t)
    se_f = math.hypot(event.fidelity_std_error, vector.fidelity_std_error)
    assert event.mean_fidelity == pytest.approx(vector.mean_fidelity, abs=4 * se_f + 1e-12)
    agree(event, vector, "delivery_times_s", chain.link.attempt_duration_s)
    agree(event, vector, "fidelities")


@pytest.mark.parametrize(
    "name", ["two links, linear-optics swap", "four links, memories", "purification"]
)
def test_with_classical_delays_it_agrees_with_the_taught_vectorized_model(name):
    chain = qie.RepeaterChain(**CHAINS[name])
    event = run_repeater_protocol(chain, N_EVENT, seed=3, classical_delays=True)
    taught = qie.RepeaterChain(**CHAINS[name], classical_communication=True)
    vector = qie.simulate_repeater_chain(taught, N_VECTOR, seed=4)
    agree(event, vector, "delivery_times_s", chain.link.attempt_duration_s)
    agree(event, vector, "fidelities")
    # and waiting for messages costs time against the delay-free protocol
    free = run_repeater_protocol(chain, N_EVENT, seed=3, classical_delays=False)
    assert event.mean_delivery_time_s > free.mean_delivery_time_s


def test_classical_delay_of_one_deterministic_swap_by_hand():
    # two 50 km links, p_swap = 1: the pair exists at the later herald, then the station at the
    # middle tells both ends, 50 km away: E[T] = tau E[max of two geometrics] + 50 km n / c
    chain = qie.RepeaterChain(total_length_km=100.0, n_segments=2)
    link = chain.link
    expected = (
        link.attempt_duration_s * qie.expected_max_geometric(link.success_probability, 2)
        + 50e3 * 1.4682 / 299_792_458.0
    )
    res = run_repeater_protocol(chain, N_EVENT, seed=5, classical_delays=True)
    assert res.mean_delivery_time_s == pytest.approx(
        expected, abs=4 * res.delivery_time_std_error_s
    )


def test_result_fields_and_validation():
    chain = qie.RepeaterChain(total_length_km=20.0, n_segments=2)
    res = run_repeater_protocol(chain, 100, seed=1)
    assert isinstance(res, qie.RepeaterChainResult)
    assert res.n_realizations == 100 and res.delivery_times_s.shape == (100,)
    assert res.rate_hz == pytest.approx(1 / res.mean_delivery_time_s)
    again = run_repeater_protocol(chain, 100, seed=1)
    assert np.array_equal(res.delivery_times_s, again.delivery_times_s)
    with pytest.raises(TypeError, match="chain"):
        run_repeater_protocol("chain", 10)
    with pytest.raises(ValueError, match="n_deliveries"):
        run_repeater_protocol(chain, 0)
    with pytest.raises(TypeError, match="classical_delays"):
        run_repeater_protocol(chain, 10, classical_delays=1)


def test_the_scalar_decay_is_the_library_memory_decay():
    from qinternet_edu.netsim.repeater_protocol import _Protocol

    chain = qie.RepeaterChain(total_length_km=20.0, coherence_time_s=0.3)
    proto = _Protocol(chain, np.random.default_rng(1), False, None)
    for f, t in [(1.0, 0.1), (0.9, 0.0), (0.6, 2.0)]:
        assert proto.decay(f, t) == pytest.approx(qie.memory_decay(f, t, 0.3), abs=1e-15)
