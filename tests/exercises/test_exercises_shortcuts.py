"""No shortcuts: a task that asks the learner to write a library function does not pass by
calling that function (it is switched off in the process running the learner's code), and
the instructor's solution still passes."""

import json
from pathlib import Path

import pytest

import qinternet_edu as qie
from qinternet_edu.exercises import evaluate
from qinternet_edu.exercises.nbgrader_grading import parse_check
from qinternet_edu.exercises.plain import from_plain, to_plain
from qinternet_edu.exercises.registry import get_task
from qinternet_edu.exercises.sandbox import run_in_sandbox
from qinternet_edu.exercises.shortcuts import SwitchedOff, check_switchable, switched_off

ROOT = Path(__file__).resolve().parents[2]

#: task -> a one-line answer that delegates to the library function the task asks for.
SHORTCUTS = {
    "00.2": lambda **kw: qie.fiber_transmissivity(kw["length_km"]),
    "01.4": lambda **kw: (
        qie.circuits.sample_counts(
            qie.circuits.measure_in_basis(kw["circuit"], "X"), shots=kw["shots"], seed=kw["seed"]
        ).get("0", 0)
        / kw["shots"]
    ),
    "02.2": lambda **kw: [
        (
            s := qie.chsh_score(
                kw["alice_angle_0"],
                kw["alice_angle_1"],
                kw["bob_angle_0"],
                kw["bob_angle_1"],
                visibility=kw["visibility"],
            )
        ).chsh_value,
        s.win_probability,
    ],
    "02.4": lambda **kw: qie.chsh_score(*kw["alice_angles"], *kw["bob_angles"]).win_probability,
    "05.1": lambda **kw: (
        qie.sift(kw["alice_bits"], kw["alice_bases"], kw["bob_bits"], kw["bob_bases"]).alice_key
    ),
    "06.4": lambda **kw: qie.decoy_bb84_max_distance_km(**kw),
    "08.1": lambda **kw: qie.slant_range_km(kw["elevation_deg"], altitude_km=kw["altitude_km"]),
    "08.4": lambda **kw: qie.pass_duration_s(**kw),
    "09.4": lambda **kw: [
        (link := qie.heralded_link(**kw)).success_probability,
        link.mean_waiting_time_s,
    ],
    "10.1": lambda **kw: qie.swap_fidelity(kw["f1"], kw["f2"]),
    "10.3": lambda **kw: [
        (r := qie.bbpssw(kw["fidelity"])).fidelity,
        r.success_probability,
    ],
    "11.1": lambda **kw: qie.memory_decay(kw["fidelity"], kw["time_s"], kw["coherence_time_s"]),
    "12.1": lambda **kw: list(
        qie.clock_sync_correlations(kw["offset_s"], frequency_hz=kw["frequency_hz"])
    ),
    "13.2": lambda **kw: abs(
        qie.complex_visibility(
            kw["baseline_m"],
            wavelength_m=kw["wavelength_m"],
            angular_diameter_rad=kw["angular_diameter_rad"],
        )
    ),
    "14.1": lambda **kw: qie.three_qubit_code_logical_error(kw["p"]),
}


def _solution_code(source):
    return "\n".join(
        line
        for line in source.splitlines()
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )


def instructor_solution(task_id):
    """The instructor's answer function for a task, from its source notebook's cells."""
    (folder,) = (ROOT / "exercises" / "source").glob(f"{task_id[:2]}_*")
    notebook = folder / f"{folder.name}_exercises.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    namespace = {"__name__": "__main__"}
    name = None
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = "".join(cell["source"])
        if meta.get("solution") or str(meta.get("grade_id", "")).endswith("_imports"):
            exec(compile(_solution_code(source), str(notebook), "exec"), namespace)
        found = parse_check(source)
        if found and found[0] == task_id:
            name = found[1]
    assert name is not None, f"no check cell of task {task_id}"
    return namespace[name]


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def test_every_task_with_a_switched_off_function_has_its_shortcut_tested():
    from qinternet_edu.exercises.registry import all_tasks

    assert {t.task_id for t in all_tasks() if t.switched_off} == set(SHORTCUTS)


def test_the_public_data_carries_what_is_switched_off(monkeypatch):
    from qinternet_edu.exercises.registry import reload_tasks

    monkeypatch.setenv("QINTERNET_EDU_PUBLIC_ONLY", "1")
    try:
        reload_tasks()
        task = get_task("05.1")
        assert not task.from_source and task.switched_off == ("sift",)
        result = evaluate("05.1", SHORTCUTS["05.1"], time_limit_s=60.0)
        assert result.status == "error" and "qie.sift is switched off here" in result.message
    finally:
        monkeypatch.delenv("QINTERNET_EDU_PUBLIC_ONLY")
        reload_tasks()


@pytest.mark.parametrize("task_id", sorted(SHORTCUTS))
def test_the_shortcut_fails_with_the_friendly_message(task_id):
    task = get_task(task_id)
    assert task.switched_off, f"task {task_id} switches off the function it asks for"
    result = evaluate(task_id, SHORTCUTS[task_id], time_limit_s=60.0)
    assert result.status == "error", result.message
    assert "this task asks you to write it yourself" in result.message
    assert f"qie.{task.switched_off[0]} is switched off here" in result.message


@pytest.mark.parametrize("task_id", sorted(SHORTCUTS))
def test_the_instructor_solution_still_passes(task_id):
    result = evaluate(task_id, instructor_solution(task_id), hidden=True, time_limit_s=60.0)
    assert result.status == "passed", result.message


def test_the_function_is_switched_off_by_every_path_and_restored():
    from qinternet_edu import swap_fidelity as bound  # bound before the switch
    from qinternet_edu.entanglement import swap_fidelity as bound_from_module

    def with_default(f=qie.swap_fidelity):
        return f(0.9, 0.9)

    paths = [
        lambda: qie.swap_fidelity(0.9, 0.9),
        lambda: qie.entanglement.swap_fidelity(0.9, 0.9),
        lambda: bound(0.9, 0.9),
        lambda: bound_from_module(0.9, 0.9),
        with_default,
    ]
    expected = bound(0.9, 0.9)
    with switched_off(("swap_fidelity",), "10.1"):
        for path in paths:
            with pytest.raises(SwitchedOff, match=r"qie\.swap_fidelity is switched off here"):
                path()
    for path in paths:
        assert path() == pytest.approx(expected, rel=1e-12)
    # Werner-state swap, Duer et al. (1999): F' = F1 F2 + (1 - F1)(1 - F2)/3, independently.
    assert expected == pytest.approx(0.81 + 0.01 / 3, rel=1e-12)


def test_the_library_itself_still_reaches_a_switched_off_function():
    # qie.link_budget computes its own slant range; a learner may still call it in 08.3.
    kwargs = dict(
        slant_range_km=1200.0,
        elevation_deg=40.0,
        direction="downlink",
        wavelength_m=810e-9,
        receiver_aperture_m=1.0,
        beam_divergence_rad=qie.MICIUS_DOWNLINK_DIVERGENCE_RAD,
    )
    before = qie.link_budget(**kwargs).total_loss_db
    with switched_off(("slant_range_km", "fiber_transmissivity")):
        assert qie.link_budget(**kwargs).total_loss_db == pytest.approx(before, rel=1e-12)
        with pytest.raises(SwitchedOff):
            qie.slant_range_km(40.0, altitude_km=500.0)


def test_bad_switched_off_names_are_refused():
    with pytest.raises(TypeError, match="not one string"):
        check_switchable("sift")
    with pytest.raises(ValueError, match=r"qie\.no_such_function does not exist"):
        check_switchable(("no_such_function",))
    with pytest.raises(TypeError, match="not a plain function"):
        check_switchable(("entanglement",))


def test_the_grading_sandbox_switches_it_off_too():
    task = get_task("10.1")
    request = {
        "imports": "import qinternet_edu as qie\nfrom qinternet_edu import swap_fidelity",
        "code": ["def swap(f1, f2):\n    return swap_fidelity(f1, f2)"],
        "answer": "swap",
        "kind": "function",
        "cases": [{"args": to_plain([]), "kwargs": to_plain({"f1": 0.9, "f2": 0.8})}],
        "helpers": "",
        "task": "10.1",
        "switched_off": list(task.switched_off),
    }
    outcome = run_in_sandbox(request, time_limit_s=60.0)
    assert outcome["stopped"]["status"] == "error"
    assert "qie.swap_fidelity is switched off here" in outcome["stopped"]["detail"]
    request["code"] = ["def swap(f1, f2):\n    return f1 * f2 + (1 - f1) * (1 - f2) / 3"]
    outcome = run_in_sandbox(request, time_limit_s=60.0)
    assert outcome["stopped"] is None
    assert from_plain(outcome["results"][0]) == pytest.approx(0.72 + 0.02 / 3, rel=1e-12)
