"""Every registered task is solvable, and its stub is "not attempted" (covers later tasks)."""

import pytest

from qinternet_edu import exercises

TASKS = exercises.all_tasks()


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(folder))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)
    return folder


def _stub(task):
    if task.kind == "value":

        def stub():
            raise NotImplementedError()

    else:

        def stub(*args, **kwargs):
            raise NotImplementedError()

    return stub


def test_tasks_are_registered_in_order():
    ids = [t.task_id for t in TASKS]
    assert len(ids) >= 6 and len(set(ids)) == len(ids)
    assert ids == sorted(ids, key=lambda t: tuple(int(x) for x in t.split(".")))
    assert {"00", "01"} <= {t.module for t in TASKS}


@pytest.mark.parametrize("task", TASKS, ids=[t.task_id for t in TASKS])
def test_reference_passes_its_own_check(task):
    result = exercises.evaluate(task.task_id, task.reference, hidden=True, time_limit_s=60.0)
    if not result.passed:
        # A reference that calls the library function the learner writes is, as an answer,
        # the shortcut, refused (the instructor solutions pass: test_exercises_shortcuts).
        assert task.switched_off, result.message
        assert result.status == "error" and "is switched off here" in result.message
    assert task.title and task.points >= 0
    assert len(task.hints) >= 1, "every task needs at least one hint"


@pytest.mark.parametrize("task", TASKS, ids=[t.task_id for t in TASKS])
def test_stub_is_not_attempted(task):
    result = exercises.evaluate(task.task_id, _stub(task), time_limit_s=60.0)
    assert result.status == "not attempted"
    assert "not attempted yet" in result.message


@pytest.mark.parametrize("task", TASKS, ids=[t.task_id for t in TASKS])
def test_cases_are_seeded(task):
    first = [c.describe() for c in task.make_cases(hidden=True)]
    again = [c.describe() for c in task.make_cases(hidden=True)]
    assert first == again and len(first) >= 1


def test_list_tasks_by_module():
    assert [t.task_id for t in exercises.list_tasks("00")] == [
        "00.1",
        "00.2",
        "00.3",
        "00.4",
        "00.5",
    ]
    assert all(t.module == "01" for t in exercises.list_tasks("01"))
    assert exercises.list_tasks("98") == ()


def test_module_01_rejects_common_mistakes():
    import math

    # Z basis: |alpha| instead of |alpha|^2; X basis ignoring the relative phase.
    assert not exercises.evaluate("01.1", lambda alpha, beta: [abs(alpha), abs(beta)]).passed
    wrong_x = exercises.evaluate(
        "01.2",
        lambda alpha, beta: [
            (abs(alpha) + abs(beta)) ** 2 / 2,
            (abs(alpha) - abs(beta)) ** 2 / 2,
        ],
    )
    assert wrong_x.status == "failed"
    # Polarization: degrees passed to cos as if they were radians.
    radians_bug = exercises.evaluate(
        "01.5",
        lambda polarization_deg, basis: [
            math.cos(polarization_deg) ** 2,
            math.sin(polarization_deg) ** 2,
        ],
    )
    assert radians_bug.status == "failed"
