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
