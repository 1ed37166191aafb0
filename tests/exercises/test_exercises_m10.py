"""Module 10 tasks: correct answers in another form pass, plausible mistakes fail."""

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


def _v(f):
    return (4 * f - 1) / 3


def _f(v):
    return (1 + 3 * v) / 4


def test_10_1_visibility_product_passes_and_mistakes_fail():
    assert exercises.evaluate("10.1", lambda f1, f2: _f(_v(f1) * _v(f2)), hidden=True).passed
    assert exercises.evaluate("10.1", lambda f1, f2: f1 * f2).status == "failed"
    assert exercises.evaluate("10.1", lambda f1, f2: min(f1, f2)).status == "failed"


def test_10_2_chain_mistakes_fail():
    def right(link_fidelity, n_links):
        f = link_fidelity
        for _ in range(n_links - 1):
            f = f * link_fidelity + (1 - f) * (1 - link_fidelity) / 3
        return f

    assert exercises.evaluate("10.2", right, hidden=True).passed
    wrong = {
        "power of F": lambda link_fidelity, n_links: link_fidelity**n_links,
        "n swaps": lambda link_fidelity, n_links: _f(_v(link_fidelity) ** (n_links + 1)),
    }
    for name, answer in wrong.items():
        assert exercises.evaluate("10.2", answer).status == "failed", name


def test_10_3_bbpssw_mistakes_fail():
    def right(fidelity):
        f, e = fidelity, (1 - fidelity) / 3
        p = (f + e) ** 2 + (2 * e) ** 2  # bits agree: both pairs in {phi+, phi-} or both in psi
        return np.array([(f**2 + e**2) / p, p])

    assert exercises.evaluate("10.3", right, hidden=True).passed

    def classical_vote(fidelity):  # keep when both are good, as if only F and 1 - F mattered
        p = fidelity**2 + (1 - fidelity) ** 2
        return [fidelity**2 / p, p]

    def no_normalisation(fidelity):
        f, e = fidelity, (1 - fidelity) / 3
        p = f**2 + 2 * f * e + 5 * e**2
        return [f**2 + e**2, p]

    for wrong in (classical_vote, no_normalisation):
        assert exercises.evaluate("10.3", wrong).status == "failed", wrong.__name__


def _best(total_length_km, link_fidelity, max_segments, *, extra_swap=0, rounds="max", fid=True):
    keys = []
    for n in range(1, max_segments + 1):
        p = qie.heralded_link(length_km=total_length_km / n).success_probability
        wait = qie.expected_max_geometric(p, n) if rounds == "max" else 1 / p
        f = _f(_v(link_fidelity) ** (n + extra_swap)) if fid else 1.0
        keys.append(qie.secret_key_rate_bbm92(1.0, f) / wait)
    return None if max(keys) <= 0 else int(np.argmax(keys)) + 1


def test_10_4_design_mistakes_fail():
    assert exercises.evaluate("10.4", _best, hidden=True).passed
    wrong = {
        "one swap too many": lambda **kw: _best(**kw, extra_swap=1),
        "waits 1/p": lambda **kw: _best(**kw, rounds="one"),
        "ignores fidelity": lambda **kw: _best(**kw, fid=False),
        "always the most segments": lambda **kw: kw["max_segments"],
    }
    for name, answer in wrong.items():
        result = exercises.evaluate("10.4", lambda answer=answer, **kw: answer(**kw))
        assert result.status == "failed", name
    assert exercises.evaluate("10.4", lambda **kw: 2.0).status == "wrong type"
    assert math.isclose(qie.expected_max_geometric(0.5, 1), 2.0)


def _fewest_by_werner(
    total_length_km,
    link_fidelity,
    emission_efficiency,
    target_rate_hz,
    target_fidelity,
    *,
    product_rule=False,
):
    w = (4 * link_fidelity - 1) / 3
    for n in range(31):
        if product_rule:  # a plausible slip: multiplying fidelities
            fidelity = link_fidelity ** (n + 1)
        else:
            fidelity = (1 + 3 * w ** (n + 1)) / 4
        chain = qie.RepeaterChain(
            total_length_km=total_length_km,
            n_segments=n + 1,
            emission_efficiency=emission_efficiency,
        )
        rate_hz = 1 / qie.repeaters.analytic_delivery_time(chain, method="exact")
        if fidelity >= target_fidelity and rate_hz >= target_rate_hz:
            return n
    return -1


def test_10_5_fewest_for_rate_and_fidelity():
    import functools

    assert exercises.evaluate("10.5", _fewest_by_werner, hidden=True, time_limit_s=60.0).passed
    slip = functools.partial(_fewest_by_werner, product_rule=True)
    assert exercises.evaluate("10.5", slip, time_limit_s=60.0).status == "failed"
    # the rate alone, fidelity ignored, misses the case with no answer
    assert (
        exercises.evaluate(
            "10.5",
            lambda **kw: _fewest_by_werner(**{**kw, "target_fidelity": 0.0}),
            time_limit_s=60.0,
        ).status
        == "failed"
    )


def test_10_5_one_repeater_at_200_km_by_hand():
    # double-click heralding (Barrett and Kok, PRA 71, 060310, 2005): both photons cross half
    # a 100 km link (10^(-0.2 * 50 / 10) each), are emitted with 0.5, and the linear-optics
    # Bell measurement succeeds with 1/2. Two links finish after E[max] = 2/p - 1/(p (2 - p))
    # attempts (the maximum of two geometric variables).
    p_link = 0.5 * (10 ** (-0.2 * 50 / 10) * 0.5) ** 2
    chain = qie.RepeaterChain(total_length_km=200.0, n_segments=2, emission_efficiency=0.5)
    assert chain.link.success_probability == pytest.approx(p_link, rel=1e-9)
    attempts = 2 / p_link - 1 / (p_link * (2 - p_link))
    rate_hz = 1 / qie.repeaters.analytic_delivery_time(chain, method="exact")
    assert rate_hz == pytest.approx(1 / (attempts * chain.link.attempt_duration_s), rel=1e-9)
    assert rate_hz > 1.0  # so one repeater meets the 1 Hz target of the public case
    m10 = exercises.registry.tasks_module("10")
    case = dict(total_length_km=200.0, link_fidelity=0.99, emission_efficiency=0.5)
    assert m10._fewest_for_rate_and_fidelity(**case, target_rate_hz=1.0, target_fidelity=0.9) == 1
