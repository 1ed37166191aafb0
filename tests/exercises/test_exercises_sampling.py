"""Simulation tasks (01.4, 02.4): an honest sampler passes; the exact value, a fixed seed, an
unseeded sampler or far too few shots fail with a one-line message; an honest sampler's
failure probability is what :func:`honest_failure_probability` says."""

import itertools
import math
import time

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu.exercises import evaluate
from qinternet_edu.exercises.judging import judge
from qinternet_edu.exercises.plain import to_plain
from qinternet_edu.exercises.registry import compare_sampled, get_task
from qinternet_edu.exercises.sampling import (
    honest_failure_probability,
    seeds_for,
    spread_ratio,
    verdict,
)
from qinternet_edu.exercises.sandbox import run_in_sandbox

SIMULATIONS = ("01.4", "02.4")


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


# -- learners' answers -------------------------------------------------------------------------


def _plus(circuit, shots, seed):
    """P(+) from `shots` X-basis measurements, sampled with Qiskit's StatevectorSampler."""
    from qiskit.primitives import StatevectorSampler

    measured = circuit.copy()
    measured.h(0)
    measured.measure_all()
    result = StatevectorSampler(seed=seed).run([measured], shots=shots).result()[0]
    return result.data.meas.get_counts().get("0", 0) / shots


def _plus_exact(circuit, shots, seed):
    from qiskit.quantum_info import Statevector

    alpha, beta = Statevector(circuit).data
    return float(abs(alpha + beta) ** 2 / 2)


def _game(alice_angles, bob_angles, shots, seed, rule=lambda x, y: x & y):
    """The CHSH game on phi+, `shots` rounds per question pair, won when a XOR b = rule(x, y)."""
    wins = []
    for x in (0, 1):
        for y in (0, 1):
            qc = qie.circuits.bell_pair_circuit()
            qc.ry(-alice_angles[x], 0)
            qc.ry(-bob_angles[y], 1)
            measured = qie.circuits.measure_in_basis(qc, "Z")
            counts = qie.circuits.sample_counts(measured, shots=shots, seed=seed + 2 * x + y)
            won = sum(n for k, n in counts.items() if int(k[0]) ^ int(k[1]) == rule(x, y))
            wins.append(won / shots)
    return float(np.mean(wins))


def _pair_wins(alice_angles, bob_angles):
    """P(win) per question pair on phi+: equal outputs with probability cos^2((a - b) / 2)
    (Nielsen & Chuang, sec. 2.6), won for (x, y) != (1, 1), lost for (1, 1)."""
    wins = [math.cos((alice_angles[x] - bob_angles[y]) / 2) ** 2 for x in (0, 1) for y in (0, 1)]
    wins[3] = 1 - wins[3]
    return wins


def _game_exact(alice_angles, bob_angles, shots, seed):
    return float(np.mean(_pair_wins(alice_angles, bob_angles)))


HONEST = {"01.4": _plus, "02.4": _game}
EXACT = {"01.4": _plus_exact, "02.4": _game_exact}


@pytest.mark.parametrize("task_id", SIMULATIONS)
@pytest.mark.parametrize("hidden", [False, True], ids=["public", "hidden"])
def test_an_honest_sampler_passes_within_the_default_time_limit(task_id, hidden):
    start = time.perf_counter()
    result = evaluate(task_id, HONEST[task_id], hidden=hidden)
    assert result.passed, result.message
    # The learner's runs and the judge (started once per kernel) share the 5 s limit's scale.
    assert time.perf_counter() - start < 15.0


#: A wrong answer's kind -> what its one-line message says.
WRONG = {
    "exact value": "your estimates do not vary from seed to seed: this task asks you to "
    "sample, not to compute the exact probability",
    "fixed seed": "your estimates do not vary from seed to seed",
    "too few shots": "times as much as sampling with the given number of shots does: "
    "use all `shots`",
    "unseeded": "the same seed gave two different estimates",
}


def _wrong(task_id, kind):
    honest = HONEST[task_id]
    if kind == "exact value":
        return EXACT[task_id]
    if kind == "fixed seed":
        return lambda *args: honest(*args[:-1], 7)
    if kind == "too few shots":  # a twentieth: the spread is sqrt(20) = 4.5 times too large
        return lambda *args: honest(*args[:-2], args[-2] // 20, args[-1])
    draw = np.random.default_rng()
    return lambda *args: honest(*args[:-1], int(draw.integers(10**6)))


@pytest.mark.parametrize("task_id", SIMULATIONS)
@pytest.mark.parametrize("kind", sorted(WRONG))
def test_an_answer_that_does_not_sample_as_asked_fails_with_one_line(task_id, kind):
    result = evaluate(task_id, _wrong(task_id, kind))
    assert result.status == "failed", result.message
    assert WRONG[kind] in result.message
    assert "\n" not in result.message


def test_a_wrong_basis_or_a_wrong_rule_fails_on_the_mean():
    result = evaluate("01.4", lambda circuit, shots, seed: 1 - _plus(circuit, shots, seed))
    assert result.status == "failed" and "the mean of your estimates over 8 seeds" in result.message

    def or_rule(alice_angles, bob_angles, shots, seed):
        return _game(alice_angles, bob_angles, shots, seed, rule=lambda x, y: x | y)

    result = evaluate("02.4", or_rule)
    assert result.status == "failed" and "the mean of your estimates over 6 seeds" in result.message


def test_the_grading_sandbox_judges_a_simulation_alike():
    """The nbgrader path (a fresh interpreter, then judge) refuses the exact value too."""
    task = get_task("01.4")
    cases = task.make_cases(hidden=True)
    request = {
        "imports": "from qiskit.primitives import StatevectorSampler\n"
        "from qiskit.quantum_info import Statevector",
        "code": [],
        "answer": "plus_fraction",
        "kind": "function",
        "cases": [
            {"args": to_plain(list(c.args)), "kwargs": to_plain(dict(c.kwargs))} for c in cases
        ],
        "helpers": "",
        "task": "01.4",
        "switched_off": list(task.switched_off),
    }
    exact = (
        "def plus_fraction(circuit, shots, seed):\n"
        "    a, b = Statevector(circuit).data\n"
        "    return float(abs(a + b) ** 2 / 2)\n"
    )
    honest = (
        "def plus_fraction(circuit, shots, seed):\n"
        "    m = circuit.copy(); m.h(0); m.measure_all()\n"
        "    r = StatevectorSampler(seed=seed).run([m], shots=shots).result()[0]\n"
        "    return r.data.meas.get_counts().get('0', 0) / shots\n"
    )
    verdicts = {}
    for name, code in (("exact", exact), ("honest", honest)):
        outcome = run_in_sandbox({**request, "code": [code]}, time_limit_s=60.0)
        verdicts[name] = judge("01.4", True, outcome)
    assert verdicts["honest"] == ("passed", "", None)
    assert verdicts["exact"][0] == "failed" and "do not vary" in verdicts["exact"][1]


# -- the settings and the seeds ------------------------------------------------------------------


def _settings(task_id, hidden):
    task = get_task(task_id)
    size = task.seeds + 1
    return task, task.make_cases(hidden=hidden)[::size]


@pytest.mark.parametrize("task_id", SIMULATIONS)
def test_settings_are_well_inside_zero_one_and_the_exact_values_agree(task_id):
    task, settings = _settings(task_id, hidden=True)
    for case in settings:
        p, se = task.exact(**case.kwargs)
        assert 0.1 < p < 0.9, case.describe()
        assert p == pytest.approx(EXACT[task_id](**case.kwargs), abs=1e-12)
        assert se > 0


@pytest.mark.parametrize("task_id", SIMULATIONS)
def test_each_setting_runs_distinct_far_apart_seeds_and_repeats_the_first(task_id):
    task = get_task(task_id)
    cases = task.make_cases(hidden=True)
    size = task.seeds + 1
    assert len(cases) % size == 0
    all_seeds = []
    for k in range(0, len(cases), size):
        seeds = [c.kwargs["seed"] for c in cases[k : k + size]]
        assert seeds[-1] == seeds[0] and len(set(seeds[:-1])) == size - 1
        all_seeds += seeds[:-1]
    ordered = sorted(all_seeds)
    assert min(b - a for a, b in itertools.pairwise(ordered)) >= 4
    assert seeds_for(11, 8) == seeds_for(11, 8) != seeds_for(12, 8)


def test_the_same_seed_gives_the_same_estimate_and_different_seeds_differ():
    _task, (case, *_) = _settings("01.4", hidden=False)
    kwargs = dict(case.kwargs)
    first = _plus(**kwargs)
    assert _plus(**kwargs) == first
    assert _plus(**{**kwargs, "seed": kwargs["seed"] + 64}) != first


def test_bad_parameters_and_a_zero_standard_error_are_refused():
    with pytest.raises(ValueError, match="seeds must be an integer >= 3"):
        compare_sampled(seeds=1)
    with pytest.raises(ValueError, match="0 < low < 1 < high"):
        compare_sampled(seeds=8, low=1.5)
    with pytest.raises(ValueError, match="standard error > 0"):
        verdict([(1.0, 0.0)], [[1.0] * 9], seeds=8, z=5.5, low=0.25, high=2.0)


# -- the honest failure probability ---------------------------------------------------------------


def _honest_draws(task_id, hidden, n_checks, rng):
    """Estimates of an honest sampler, (n_checks, settings, seeds), drawn as binomial
    fractions (thousands of shots per estimate, as Qiskit's sampler draws them)."""
    task, settings = _settings(task_id, hidden)
    n = task.seeds
    draws, expected = [], []
    for case in settings:
        kw = case.kwargs
        if task_id == "01.4":
            p = _plus_exact(**kw)
            draws.append(rng.binomial(kw["shots"], p, size=(n_checks, n)) / kw["shots"])
        else:
            pairs = _pair_wins(kw["alice_angles"], kw["bob_angles"])
            fractions = rng.binomial(kw["shots"], pairs, size=(n_checks, n, 4)) / kw["shots"]
            draws.append(fractions.mean(axis=-1))
        expected.append(task.exact(**kw))
    return np.stack(draws, axis=1), expected


def _failures(values, expected, *, seeds, z, low, high):
    count = 0
    for check in values:
        blocks = [[*row, row[0]] for row in check]  # the repeat of a seed repeats its estimate
        count += verdict(expected, blocks, seeds=seeds, z=z, low=low, high=high) is not None
    return count


@pytest.mark.parametrize("task_id", SIMULATIONS)
@pytest.mark.parametrize("hidden", [False, True], ids=["public", "hidden"])
def test_honest_failure_probability_is_below_one_in_a_million_and_never_seen(task_id, hidden):
    task, settings = _settings(task_id, hidden)
    params = dict(task.compare.params)
    predicted = honest_failure_probability(
        settings=len(settings),
        seeds=params["seeds"],
        z=params["z"],
        low=params["low"],
        high=params["high"],
    )
    assert predicted < 1e-6
    values, expected = _honest_draws(task_id, hidden, 20_000, np.random.default_rng(2026))
    # 20 000 honest checks; the expected number of failures is below 0.02.
    assert _failures(values, expected, **params) == 0


@pytest.mark.parametrize("task_id", SIMULATIONS)
def test_the_chi_square_formula_matches_simulated_honest_checks_at_loose_bounds(task_id):
    """At bounds loose enough to fail often, the simulated failure rate of honest checks
    matches honest_failure_probability (the same law that gives < 1e-6 at the real bounds)."""
    task, settings = _settings(task_id, hidden=True)
    seeds = task.seeds
    loose = {"seeds": seeds, "z": 2.0, "low": 0.85, "high": 1.15}
    n_checks = 20_000
    values, expected = _honest_draws(task_id, True, n_checks, np.random.default_rng(13))
    observed = _failures(values, expected, **loose) / n_checks
    predicted = honest_failure_probability(settings=len(settings), **loose)
    assert 0.2 < predicted < 0.8
    # Four binomial standard errors of a rate estimated from 20 000 checks.
    assert observed == pytest.approx(predicted, abs=4 * math.sqrt(0.25 / n_checks))
    # And the spread ratio of honest estimates is about 1.
    se = np.array([s for _, s in expected])
    assert float(np.median(spread_ratio(values, se))) == pytest.approx(1.0, abs=0.03)


def test_honest_failure_probability_against_published_quantiles():
    # chi2 with 10 degrees of freedom: P(chi2 <= 3.247) = 0.025 and P(chi2 >= 20.483) = 0.025
    # (NIST/SEMATECH e-Handbook, table 1.3.6.7.4); 2 Phi(-1.96) = 0.05. With one setting of
    # 11 seeds: 1 - 0.95 * 0.95 = 0.0975.
    p = honest_failure_probability(
        settings=1, seeds=11, z=1.959964, low=math.sqrt(3.247 / 10), high=math.sqrt(20.483 / 10)
    )
    assert p == pytest.approx(1 - 0.95 * 0.95, abs=2e-4)


def test_the_installed_package_data_judges_a_simulation_alike(monkeypatch):
    """From public_cases.json alone (no tasks.py): the seeds, the expected values and
    standard errors and the comparison come from the data; the exact value still fails."""
    from qinternet_edu.exercises.registry import reload_tasks

    monkeypatch.setenv("QINTERNET_EDU_PUBLIC_ONLY", "1")
    try:
        reload_tasks()
        task = get_task("02.4")
        assert not task.from_source and task.seeds == 6
        assert evaluate("02.4", _game).passed
        assert "do not vary from seed to seed" in evaluate("02.4", _game_exact).message
    finally:
        monkeypatch.delenv("QINTERNET_EDU_PUBLIC_ONLY")
        reload_tasks()
