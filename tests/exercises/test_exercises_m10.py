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
