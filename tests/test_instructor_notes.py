"""The instructor notes answer every explorer question, with numbers the library still gives.

docs/instructor-notes.md labels its answers ``NN.k`` (module NN, k-th question of the
explorer's list in notebooks/NN_*.ipynb). The numbers are recomputed here with the
explorers' data functions (via docs/instructor_notes_answers.py) and, where a closed form
exists, checked against it independently.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "docs" / "instructor-notes.md"
LEAD = re.compile(r"(Try\s+to\s+answer|Questions\s+to\s+try)\s*:", re.IGNORECASE)


def _answers_module():
    spec = importlib.util.spec_from_file_location(
        "instructor_notes_answers", ROOT / "docs" / "instructor_notes_answers.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _questions() -> dict[str, int]:
    """Number of explorer questions per module: bullets after "Try to answer:"; 1 for a
    challenge that says "Try to" in an explorer cell without a list."""
    counts = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        module = path.name[:2]
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            found = LEAD.search(text)
            if found:
                bullets = re.findall(r"^- ", text[found.end() :], re.MULTILINE)
                counts[module] = counts.get(module, 0) + len(bullets)
            elif "## Explore" in text and re.search(r"\bTry to\b", text):
                counts[module] = counts.get(module, 0) + 1
    return counts


def _labels() -> list[str]:
    return re.findall(r"^- \*\*(\d\d\.\d+)\*\*", NOTES.read_text(encoding="utf-8"), re.MULTILINE)


def test_docs_stay_out_of_the_book():
    config = (ROOT / "book" / "_config.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- docs\s*$", config, re.MULTILINE)
    assert "docs/" not in (ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")


def test_every_explorer_question_has_an_answer():
    counts = _questions()
    # 14 lessons with a list of three questions (01-14) and the capstone's challenge.
    assert len(counts) == 15 and sum(counts.values()) == 43
    expected = sorted(f"{m}.{k}" for m, n in counts.items() for k in range(1, n + 1))
    assert sorted(_labels()) == expected


def test_the_script_covers_the_same_modules():
    labels = set(_labels())
    module = _answers_module()
    names = {f"{int(fn.__name__[-2:]):02d}" for fn in module.MODULES}
    assert names == {label[:2] for label in labels}


def _notes() -> str:
    return NOTES.read_text(encoding="utf-8")


def test_channel_and_pair_numbers_match_the_library_and_closed_forms():
    m = _answers_module()
    a03, a09, a13, a14 = m.module_03(), m.module_09(), m.module_13(), m.module_14()
    # Fiber at 0.2 dB/km: 3 dB and 10 dB at 15 and 50 km; 0.16 dB/km reaches 80 dB at 500 km.
    assert a03["03.1"]["km_for_3db"] == pytest.approx(15.0, abs=1e-6)
    assert a03["03.1"]["km_for_10db"] == pytest.approx(50.0, abs=1e-6)
    assert a03["03.3"]["extra_km"] == pytest.approx(100.0, abs=1e-6)
    # Werner pairs: S = 2 at F = (3/sqrt2 + 1)/4; Q = 7 % at F = 1 - 1.5 * 0.07.
    assert a09["09.1"]["f_chsh"] == pytest.approx((3 / math.sqrt(2) + 1) / 4, abs=1e-6)
    assert a09["09.3"]["f_qber_7pc"] == pytest.approx(1 - 1.5 * 0.07, abs=1e-6)
    assert a09["09.1"]["qber_at_f_key"] == pytest.approx(0.110, abs=5e-4)
    # Uniform disk: first null at 1.22 lambda / theta (to 0.1 m, the script's grid).
    assert a13["13.1"]["baseline_first_null"] == pytest.approx(335.5, abs=0.2)
    # Nonlocal CNOT (4F + 1)/5 = 0.99 at F = 0.9875.
    assert a14["14.1"]["f_for_0.99"] == pytest.approx((5 * 0.99 - 1) / 4, abs=1e-6)
    notes = _notes()
    for text in ("F = 0.7803", "F = 0.8350", "F = 0.9375", "B = 275 m", "F = 0.9875"):
        assert text in notes, text
    assert f"F = {a09['09.2']['f_half_bit']:.4f}" in notes


def _short(x: float) -> str:
    """1.7e-3 style, as the notes write it."""
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def test_repeater_numbers_in_the_notes_match_the_library():
    a10 = _answers_module().module_10()
    notes = _notes().split("## Module 10")[1].split("## Module 11")[0]
    chains = a10["10.1"]
    best = max(chains, key=lambda n: chains[n]["key"])
    assert best == 4 and chains[16]["key"] == 0.0
    assert f"4 links:\n  {_short(chains[4]['key'])} bits per use" in notes
    assert f"8 give {_short(chains[8]['key'])}" in notes
    eight, sixteen, far = a10["10.2"]["8@400"], a10["10.2"]["16@800"], a10["10.2"]["8@800"]
    assert eight[0.98]["key"] == 0.0 and eight[0.985]["beats"]
    assert sixteen[0.99]["key"] == 0.0 and sixteen[0.995]["beats"]
    assert not far[1.0]["beats"] and far[1.0]["fidelity"] < 0.835
    assert f"0.985 gives {_short(eight[0.985]['key'])} bits per use" in notes
    assert f"0.995 gives {_short(sixteen[0.995]['key'])}" in notes
    assert f"F = {far[1.0]['fidelity']:.2f} even from perfect links" in notes
    purified = a10["10.3"]["8@400"][1]["key"]
    assert a10["10.3"]["4@400"][1]["key"] == 0.0
    assert f"0 to {_short(purified)} bits per use" in notes
