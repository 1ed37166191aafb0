"""The grading child: a fresh interpreter that sees no task source, cannot read the course's
files, start programs or outlive its time limit, and returns plain results only."""

import time
from pathlib import Path

import pytest

from qinternet_edu.exercises.judging import judge
from qinternet_edu.exercises.nbgrader_grading import parse_check
from qinternet_edu.exercises.plain import to_plain
from qinternet_edu.exercises.sandbox import run_in_sandbox

ROOT = Path(__file__).resolve().parents[2]
TASKS = ROOT / "exercises" / "source" / "00_welcome" / "tasks.py"
CASES = [
    {"args": to_plain([]), "kwargs": to_plain({"a": a, "b": b})} for a in (0, 1) for b in (0, 1)
]


def _run(code, *, limit=60.0):
    request = {
        "imports": "import numpy as np\nimport qinternet_edu as qie",
        "code": [code],
        "answer": "xor_bits",
        "kind": "function",
        "cases": CASES,
        "helpers": "",
    }
    return run_in_sandbox(request, time_limit_s=limit)


def test_an_honest_answer_passes_with_any_parameter_names():
    outcome = _run("def xor_bits(x, y):\n    print('hello')\n    return x ^ y")
    assert outcome == {"results": [0, 1, 1, 0], "stopped": None}
    assert judge("00.1", False, outcome)[0] == "passed"


@pytest.mark.parametrize(
    "code",
    [
        f"SOURCE = open({str(TASKS)!r}).read()\ndef xor_bits(a, b):\n    return a ^ b",
        "import subprocess\nsubprocess.run(['true'])\ndef xor_bits(a, b):\n    return a ^ b",
        "import os\nos.system('true')\ndef xor_bits(a, b):\n    return a ^ b",
        "import qinternet_edu as qie\n"
        "def xor_bits(a, b):\n    return qie.exercises.get_task('00.1').reference(a, b)",
        f"open({str(ROOT / 'stolen.txt')!r}, 'w').write('x')\ndef xor_bits(a, b):\n    return 0",
        "import ctypes\nctypes.CDLL('libc.so.6').system(b'true')\n"
        "def xor_bits(a, b):\n    return a ^ b",
    ],
    ids=["read tasks.py", "subprocess", "os.system", "reference", "write outside", "libc"],
)
def test_what_the_child_may_not_do(code):
    outcome = _run(code)
    assert judge("00.1", False, outcome)[0] != "passed", outcome
    assert not (ROOT / "stolen.txt").exists()


def test_the_installed_packages_still_work_in_the_child():
    code = (
        "def xor_bits(a, b):\n    from qiskit import QuantumCircuit\n"
        "    return QuantumCircuit(1).num_qubits * (a ^ b)"
    )
    assert _run(code)["results"] == [0, 1, 1, 0]


def test_an_endless_loop_is_stopped_at_the_limit():
    start = time.monotonic()
    outcome = _run("while True:\n    pass", limit=5.0)
    assert time.monotonic() - start < 15.0
    assert outcome["stopped"]["status"] == "timeout"
    assert judge("00.1", False, outcome)[0] == "timeout"


def test_output_on_file_descriptor_1_does_not_disturb_the_results():
    outcome = _run(
        "import os\ndef xor_bits(a, b):\n    os.write(1, b'{\"results\"')\n    return a ^ b"
    )
    assert outcome["results"] == [0, 1, 1, 0]


def test_check_cells_are_read_from_their_source():
    assert parse_check('qie.exercises.check("05.3", qber, hidden=True)') == ("05.3", "qber")
    assert parse_check("print('hello')") is None
    assert parse_check("def broken(:") is None


def _batch(codes, *, limit=60.0, tasks=None):
    from qinternet_edu.exercises.sandbox import run_tasks_in_sandbox

    tasks = tasks or [
        {"answer": f"xor_{k}", "kind": "function", "cases": CASES, "helpers": "", "task": "00.1"}
        for k in range(len(codes))
    ]
    return run_tasks_in_sandbox(
        "import numpy as np\nimport qinternet_edu as qie", codes, tasks, time_limit_s=limit
    )


def test_one_child_grades_every_task_of_a_notebook_each_on_its_own():
    codes = [
        "def xor_0(a, b):\n    return a ^ b",
        "def xor_1(a, b):\n    while True:\n        pass",  # overruns its own limit only
        "def xor_2(a, b):\n    import os\n    os._exit(3)",  # ends its own process only
        "def xor_3(a, b):\n    return (a + b) % 2",
    ]
    start = time.monotonic()
    outcomes = _batch(codes, limit=4.0)
    assert time.monotonic() - start < 20.0
    statuses = [judge("00.1", False, o)[0] for o in outcomes]
    assert statuses == ["passed", "timeout", "error", "passed"], outcomes
    assert "exit code 3" in outcomes[2]["stopped"]["detail"]


def test_a_task_cannot_forge_the_answer_channel_or_fork():
    # The answer channel (the parent's descriptor 1) is closed in a task's process: writing
    # a forged "all passed" message to every descriptor can spoil only the task's own
    # outcome, never the notebook's, and a wrong answer stays wrong.
    passing = '{"results": [0, 1, 1, 0], "stopped": null}'
    forge = (
        "import os\n"
        f"FORGED = b'{{\"outcomes\": [{passing}, {passing}]}}'\n"
        "for fd in range(256):\n"
        "    try:\n        os.write(fd, FORGED)\n"
        "    except OSError:\n        pass\n"
        "def xor_0(a, b):\n    return 0\n"
    )
    fork = "import os\ndef xor_1(a, b):\n    return a ^ b\nos.fork()\nos.write(1, b'child')"
    outcomes = _batch([forge, fork])
    assert len(outcomes) == 2
    assert [judge("00.1", False, o)[0] for o in outcomes] == ["error", "error"], outcomes
    # Without the forging cell, the fork is refused (the cell stops there) and the
    # answer runs in a single process.
    outcomes = _batch(["def xor_0(a, b):\n    return a ^ b", fork])
    assert [judge("00.1", False, o)[0] for o in outcomes] == ["passed", "passed"], outcomes


def test_the_switch_off_belongs_to_its_own_task():
    code = "def uses_swap(**kw):\n    return qie.swap_fidelity(kw['f1'], kw['f2'])"
    cases = [{"args": to_plain([]), "kwargs": to_plain({"f1": 0.9, "f2": 0.9})}]
    tasks = [
        {"answer": "uses_swap", "kind": "function", "cases": cases, "helpers": "",
         "task": "10.1", "switched_off": ["swap_fidelity"]},
        {"answer": "uses_swap", "kind": "function", "cases": cases, "helpers": "",
         "task": "10.3", "switched_off": []},
    ]  # fmt: skip
    first, second = _batch([code], tasks=tasks)
    assert first["stopped"]["status"] == "error"
    assert "switched off" in first["stopped"]["detail"]
    assert second["stopped"] is None and second["results"][0] == pytest.approx(
        0.9 * 0.9 + 0.1 * 0.1 / 3, abs=1e-12
    )  # F' = F1 F2 + (1-F1)(1-F2)/3 for Werner pairs (Briegel et al. 1998)
