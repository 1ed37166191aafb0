"""check / evaluate: behaviour on seeded cases, safe against the learner's bugs, one verdict."""

import dataclasses
import importlib
import json
import math
import time
from pathlib import Path

import numpy as np
import pytest

from qinternet_edu import exercises
from qinternet_edu.exercises import checking
from qinternet_edu.exercises.registry import (
    Case,
    Task,
    WrongType,
    compare_allclose,
    compare_bits,
    compare_equal,
    short,
)

# The function progress() shadows the submodule's name on the package.
progress_module = importlib.import_module("qinternet_edu.exercises.progress")


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(folder))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)
    return folder


def surviving_fraction_other_form(length_km):
    # Equivalent to 10 ** (-0.2 L / 10), written with exp and a base change.
    return math.exp(-0.02 * length_km * math.log(10))


def surviving_fraction_natural_log(length_km):
    # Subtly wrong: treats decibels as if the loss were exp(-alpha L).
    return math.exp(-0.2 * length_km / 10)


def relays_off_by_one(total_km, max_hop_km):
    return int(total_km // max_hop_km)


def relays_correct(total_km, max_hop_km):
    hops = -(-total_km // max_hop_km)
    return max(int(hops) - 1, 0)


def raises_key_error(total_km, max_hop_km):
    return {}["hops"]


def returns_string(total_km, max_hop_km):
    return "three"


def endless(total_km, max_hop_km):
    while True:
        pass


def not_attempted(total_km, max_hop_km):
    # YOUR CODE HERE
    raise NotImplementedError()


def test_equivalent_answer_passes_and_is_recorded(capsys, progress_dir):
    exercises.check("00.2", surviving_fraction_other_form)
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "passed" in out and "00.2" in out
    assert "00.2" in progress_module.passed_tasks()


def test_subtly_wrong_answers_fail_with_expected_and_got(capsys):
    exercises.check("00.2", surviving_fraction_natural_log)
    out = capsys.readouterr().out
    assert out.startswith("❌ not yet: Task")
    assert "expected 0.631, got 0.8187" in out  # 10 km: 10^-0.2 vs e^-0.2, rounded
    assert "length_km = 10" in out
    exercises.check("00.3", relays_off_by_one)
    out = capsys.readouterr().out
    assert "total_km = 100, max_hop_km = 100: expected 0, got 1" in out
    assert "hint('00.3')" in out
    assert progress_module.passed_tasks() == {}


def test_differently_written_relays_pass():
    assert exercises.evaluate("00.3", relays_correct, hidden=True).passed


def test_learner_exception_is_reported_without_traceback(capsys):
    exercises.check("00.3", raises_key_error)
    out, err = capsys.readouterr()
    assert "your code raised KeyError: 'hops'" in out
    assert "Traceback" not in out + err
    assert exercises.evaluate("00.3", raises_key_error).status == "error"


def test_wrong_type_names_the_expected_type(capsys):
    exercises.check("00.3", returns_string)
    out = capsys.readouterr().out
    assert "wrong type" in out and "expected an integer, got str 'three'" in out
    result = exercises.evaluate("00.1", 42)
    assert result.status == "wrong type"
    assert "expected a function" in result.message


def test_endless_loop_is_stopped(capsys):
    start = time.monotonic()
    exercises.check("00.3", endless, time_limit_s=1.0)
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    assert "did not finish within 1 s" in out and "It was stopped" in out
    assert "Traceback" not in out + err
    assert elapsed < 10.0
    assert exercises.evaluate("00.3", endless, time_limit_s=0.5).status == "timeout"


def test_endless_loop_without_fork_says_it_may_keep_running(monkeypatch):
    monkeypatch.setenv("QINTERNET_EDU_NO_FORK", "1")

    def slow(total_km, max_hop_km):
        time.sleep(3.0)  # ends on its own, so the background thread does not linger
        return 0

    result = exercises.evaluate("00.3", slow, time_limit_s=0.3)
    assert result.status == "timeout"
    assert "keep running in the background" in result.message
    assert exercises.evaluate("00.3", relays_correct).passed  # the thread path also checks


def test_not_implemented_is_not_attempted(capsys):
    exercises.check("00.3", not_attempted)
    out = capsys.readouterr().out
    assert "not attempted yet" in out
    assert "Traceback" not in out
    assert exercises.evaluate("00.3", not_attempted).status == "not attempted"


def test_learner_prints_are_shown_before_the_verdict(capsys):
    def chatty(a, b):
        print("thinking")
        return a ^ b

    exercises.check("00.1", chatty)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("thinking")
    assert lines[-1].startswith("✅ passed: Task 00.1, all 4 cases")


def test_nbgrader_mode_raises_assertion_error(monkeypatch, capsys, progress_dir):
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    with pytest.raises(AssertionError, match=r"not yet: Task 00\.3 on case"):
        exercises.check("00.3", relays_off_by_one)
    with pytest.raises(AssertionError, match="not attempted"):
        exercises.check("00.3", not_attempted)
    exercises.check("00.3", relays_correct, hidden=True)
    assert "passed" in capsys.readouterr().out
    assert not (progress_dir / "progress.json").exists()  # nothing recorded while grading


def test_under_autograde_the_kernel_runs_no_answer_and_passes_nothing(monkeypatch, progress_dir):
    # The grade comes from GradeOutsideKernel; a check cell left to the kernel fails closed.
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    calls = []

    def xor_bits(a, b):
        calls.append((a, b))
        return a ^ b

    with pytest.raises(AssertionError, match=r"Task 00\.1 is graded outside this kernel"):
        exercises.check("00.1", xor_bits, hidden=True)
    assert calls == []
    assert not (progress_dir / "progress.json").exists()


def test_grading_marker_line(monkeypatch, capsys):
    monkeypatch.setenv("QINTERNET_EDU_GRADING", "1")
    exercises.check("00.1", lambda a, b: a ^ b)
    verdict, marker = capsys.readouterr().out.splitlines()
    assert verdict.startswith("✅")
    assert json.loads(marker.removeprefix("QIE-CHECK ")) == {
        "hidden": False,
        "status": "passed",
        "task": "00.1",
    }


def test_check_result_is_frozen_and_readable():
    result = exercises.evaluate("00.1", lambda a, b: a ^ b)
    assert result.passed and result.n_cases == 4 and result.case is None
    assert "CheckResult(task_id='00.1', passed=True, status='passed'" in repr(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = False


def test_hidden_cases_are_added():
    visible = exercises.evaluate("00.2", surviving_fraction_other_form)
    hidden = exercises.evaluate("00.2", surviving_fraction_other_form, hidden=True)
    assert hidden.n_cases > visible.n_cases and hidden.hidden


def test_value_task_accepts_a_value_or_a_function():
    from qiskit import QuantumCircuit

    circuit = QuantumCircuit(1)
    circuit.h(0)
    circuit.z(0)
    assert exercises.evaluate("01.3", circuit).passed
    assert exercises.evaluate("01.3", lambda: circuit).passed
    plus = QuantumCircuit(1)
    plus.h(0)
    result = exercises.evaluate("01.3", plus)
    assert result.status == "failed" and "overlap with |-> is 0.000" in result.message
    assert exercises.evaluate("01.3", "|->").status == "wrong type"


def test_bad_inputs():
    with pytest.raises(ValueError, match="time_limit_s"):
        exercises.evaluate("00.1", lambda a, b: 0, time_limit_s=0)
    with pytest.raises(ValueError, match=r"task_id .00\.99. is not a known task"):
        exercises.evaluate("00.99", lambda: 0)
    with pytest.raises(TypeError, match="task_id"):
        exercises.evaluate(1, lambda: 0)


def test_compare_helpers():
    close = compare_allclose(rtol=0, atol=1e-3)
    assert close(0.5, 0.5004) is None
    assert close(0.5, 0.6) == "expected 0.5, got 0.6"
    assert close([0.5, 0.5], (0.5, 0.5)) is None
    assert "shape" in close([0.5, 0.5], [0.5])
    for bad in ("0.5", None, True):
        with pytest.raises(WrongType, match="expected a number"):
            close(0.5, bad)
    assert compare_equal()(2, 2) is None
    with pytest.raises(WrongType, match="expected an integer"):
        compare_equal()(2, "2")
    assert compare_bits()([1, 0], [True, False]) is None
    assert "1 of 2 bits differ" in compare_bits()([1, 0], [1, 1])
    with pytest.raises(WrongType, match="bits"):
        compare_bits()([1, 0], "10")
    assert short(1 / 3) == "0.3333" and short({"0": 0.25}) == "{'0': 0.25}"


def test_task_validation():
    def ref(x):
        return x

    with pytest.raises(ValueError, match="task_id"):
        Task(task_id="1.2", title="t", kind="function", reference=ref, cases=lambda rng: [])
    with pytest.raises(ValueError, match="kind"):
        Task(task_id="99.1", title="t", kind="guess", reference=ref, cases=lambda rng: [])
    with pytest.raises(ValueError, match="cases"):
        Task(task_id="99.1", title="t", kind="function", reference=ref)
    with pytest.raises(ValueError, match="points"):
        Task(task_id="99.1", title="t", kind="value", reference=ref, points=-1)
    with pytest.raises(TypeError, match="hints"):
        Task(task_id="99.1", title="t", kind="value", reference=ref, hints="one")
    assert Case({"x": 1}).describe() == "x=1"


def test_learner_exit_is_reported(capsys):
    def quits(a, b):
        import os

        os._exit(3)

    result = checking.evaluate("00.1", quits)
    assert result.status == "error" and "exit code 3" in result.message


def test_a_child_killed_by_a_signal_says_so():
    def killed(a, b):
        import os
        import signal

        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer does

    result = checking.evaluate("00.1", killed)
    assert result.status == "error"
    assert "stopped by the system (SIGKILL): out of memory?" in result.message
    assert "endless loop" not in result.message


def test_grandchildren_are_stopped_with_the_child(tmp_path):
    marker = tmp_path / "grandchild.pid"

    def spawns(total_km, max_hop_km):
        import subprocess
        import sys

        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        marker.write_text(str(child.pid))
        while True:
            pass

    assert checking.evaluate("00.3", spawns, time_limit_s=2.0).status == "timeout"
    pid = int(marker.read_text())
    for _ in range(50):  # the group was killed: the grandchild is gone (or a zombie)
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        except FileNotFoundError:
            break
        if state == "Z":
            break
        time.sleep(0.1)
    else:
        pytest.fail("the grandchild is still running")


def test_output_written_straight_to_file_descriptor_1_is_captured():
    def writes(a, b):
        import os

        os.write(1, b"straight to fd 1\n")
        return a ^ b

    result = checking.evaluate("00.1", writes)
    assert result.passed and "straight to fd 1" in result.output


def test_a_memory_hog_is_stopped_with_a_clear_message():
    def hog(a, b):
        block = bytearray(8 * 1024**3)
        return len(block)

    result = checking.evaluate("00.1", hog, time_limit_s=20.0)
    assert result.status == "error" and "MemoryError" in result.message
    assert "memory a check may use" in result.message


def test_a_dependent_task_runs_with_known_correct_helpers():
    namespace = {"np": np}
    exec(
        "def z_probabilities(alpha, beta):\n    return [0.5, 0.5]\n"  # a wrong 01.1
        "def x_probabilities(alpha, beta):\n    return [0.5, 0.5]\n"  # a wrong 01.2
        "def polarization_probabilities(polarization_deg, basis):\n"
        "    theta = np.radians(polarization_deg)\n"
        "    alpha, beta = np.cos(theta), np.sin(theta)\n"
        "    if basis == 'rectilinear':\n        return z_probabilities(alpha, beta)\n"
        "    return x_probabilities(alpha, beta)\n",
        namespace,
    )
    assert not checking.evaluate("01.1", namespace["z_probabilities"]).passed
    assert checking.evaluate("01.5", namespace["polarization_probabilities"]).passed
    assert namespace["z_probabilities"](1, 0) == [0.5, 0.5]  # the kernel's own is untouched


def test_every_verdict_starts_with_a_word_after_its_emoji():
    def endless_00_3(total_km, max_hop_km):
        while True:
            pass

    verdicts = {
        "passed": exercises.evaluate("00.3", relays_correct),
        "not yet": exercises.evaluate("00.3", lambda total_km, max_hop_km: -1),
        "error": exercises.evaluate("00.3", raises_key_error),
        "timeout": exercises.evaluate("00.3", endless_00_3, time_limit_s=0.5),
    }
    verdicts["not yet (type)"] = exercises.evaluate("00.3", returns_string)
    verdicts["not yet (stub)"] = exercises.evaluate("00.3", not_attempted)
    for word, result in verdicts.items():
        emoji, first = result.message.split(" ", 1)
        assert not emoji.isascii(), result.message
        assert first.startswith(word.split(" (")[0] + ":"), result.message


def test_under_nbgrader_the_error_is_the_whole_verdict(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    with pytest.raises(AssertionError) as info:
        exercises.check("00.3", lambda total_km, max_hop_km: -1)
    lines = info.value._render_traceback_()
    assert " ".join(lines) == str(info.value) and str(info.value).startswith("❌ not yet:")
    assert all(len(line) <= 80 for line in lines)
