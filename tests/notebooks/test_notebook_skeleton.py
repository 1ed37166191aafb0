"""Every course notebook follows the skeleton of CONTRIBUTING.md and was executed top to bottom.

The checks run on the committed files (no kernel): headings in order, the
imports cell, no physics re-implemented in long functions, a figure, an
explorer in a cell nbval ignores, references, the link to the exercises, and
outputs from one clean run. ``test_every_outline_notebook_exists`` lists the
eighteen modules of the outline: it is red until all of them are written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"

# The modules of the course outline, in order (number, slug).
OUTLINE = [
    ("00", "welcome"),
    ("01", "qubits"),
    ("02", "entanglement"),
    ("03", "channels"),
    ("04", "stage0_trusted_nodes"),
    ("05", "stage1_bb84"),
    ("06", "qkd_postprocessing"),
    ("07", "password_identification"),
    ("08", "satellites"),
    ("09", "stage2_entanglement_distribution"),
    ("10", "repeaters"),
    ("11", "stage3_quantum_memory"),
    ("12", "clock_synchronization"),
    ("13", "telescopes"),
    ("14", "stages4_5_quantum_computing_networks"),
    ("15", "network_stack"),
    ("16", "network_programming"),
    ("17", "capstone"),
]
OUTLINE_NAMES = [f"{number}_{slug}.ipynb" for number, slug in OUTLINE]

# The "##" headings every notebook has, in this order (content sections go between
# "Imports" and "Summary").
REQUIRED_HEADINGS = ["Overview", "Prerequisites", "Imports", "Summary", "What's next", "References"]

# A notebook may define a small helper (formatting a table, say), never a long function
# or class: the physics lives in qinternet_edu and is called as qie.<name>.
MAX_DEF_LINES = 6

EXPLORER_CALL = re.compile(r"\bqie\.widgets\.\w+\(")
EXERCISE_LINK = re.compile(r"\]\((\.\./exercises/[^)\s]+\.ipynb)\)")
YEAR = re.compile(r"\b(19|20)\d\d\b")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")

PRESENT = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _h2_headings(nb) -> list[tuple[int, str]]:
    """The level-2 headings of the markdown cells, with the index of their cell."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"^##\s+(.+?)\s*$", line)
            if match:
                found.append((index, match.group(1)))
    return found


def _section_cells(nb, heading: str) -> list:
    """The cells from the "## heading" cell up to the next "##" heading."""
    headings = _h2_headings(nb)
    for k, (index, title) in enumerate(headings):
        if title == heading:
            end = headings[k + 1][0] if k + 1 < len(headings) else len(nb.cells)
            return nb.cells[index : max(end, index + 1)]
    return []


def _python_source(cell) -> str:
    """The code of a cell with IPython magics and shell escapes blanked out."""
    lines = []
    for line in cell.source.splitlines():
        stripped = line.lstrip()
        lines.append("" if stripped.startswith(("%", "!")) else line)
    return "\n".join(lines)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def test_notebooks_folder_has_notebooks():
    assert PRESENT, f"no notebooks found in {NOTEBOOKS}"


def test_every_outline_notebook_exists():
    """All eighteen modules of the outline are written (red until the course is complete)."""
    present = {path.name for path in PRESENT}
    missing = [name for name in OUTLINE_NAMES if name not in present]
    assert not missing, (
        f"{len(missing)} of the {len(OUTLINE_NAMES)} outline notebooks are not written yet: "
        + ", ".join(missing)
    )


def test_no_notebook_outside_the_outline():
    unexpected = [path.name for path in PRESENT if path.name not in OUTLINE_NAMES]
    assert not unexpected, f"notebooks not in the outline (number or slug wrong?): {unexpected}"


@pytest.fixture(params=PRESENT, ids=[path.stem for path in PRESENT])
def notebook(request):
    path = request.param
    return path, _read(path)


def test_title_cell(notebook):
    path, nb = notebook
    number = path.name[:2]
    first = nb.cells[0]
    assert first.cell_type == "markdown", f"{path.name}: the first cell must be markdown"
    title = first.source.splitlines()[0] if first.source else ""
    assert re.fullmatch(rf"# {number} · \S.*", title), (
        f"{path.name}: first line must be '# {number} · Title'; got {title!r}"
    )


def test_headings_in_order(notebook):
    path, nb = notebook
    titles = [title for _, title in _h2_headings(nb)]
    positions = []
    for heading in REQUIRED_HEADINGS:
        assert heading in titles, f"{path.name}: missing '## {heading}'; found {titles}"
        positions.append(titles.index(heading))
    assert positions == sorted(positions), (
        f"{path.name}: headings out of order; expected {REQUIRED_HEADINGS}, found {titles}"
    )
    imports, summary = titles.index("Imports"), titles.index("Summary")
    assert summary - imports >= 2, (
        f"{path.name}: no '##' content section between Imports and Summary"
    )


def test_overview_names_the_stage(notebook):
    path, nb = notebook
    text = "\n".join(c.source for c in _section_cells(nb, "Overview") if c.cell_type == "markdown")
    assert re.search(r"\bstages?\b", text, re.IGNORECASE), (
        f"{path.name}: the Overview must say where the module sits on the stage ladder"
    )


def test_prerequisites_table(notebook):
    path, nb = notebook
    text = "\n".join(
        c.source for c in _section_cells(nb, "Prerequisites") if c.cell_type == "markdown"
    )
    has_table = re.search(r"^\|.*\|\s*$", text, re.MULTILINE) and re.search(
        r"^\|\s*:?-{3,}", text, re.MULTILINE
    )
    assert has_table, f"{path.name}: '## Prerequisites' needs a small markdown table"


def test_imports_cell(notebook):
    path, nb = notebook
    code = [c for c in _section_cells(nb, "Imports") if c.cell_type == "code"]
    assert code, f"{path.name}: no code cell under '## Imports'"
    assert re.search(r"^import qinternet_edu as qie\b", code[0].source, re.MULTILINE), (
        f"{path.name}: the imports cell must contain 'import qinternet_edu as qie'"
    )


def test_no_physics_reimplemented(notebook):
    """Code cells define no long function or class: physics is called from qie."""
    path, nb = notebook
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(_python_source(cell))
        except SyntaxError as exc:
            pytest.fail(f"{path.name} cell {index}: not valid Python: {exc}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                pytest.fail(f"{path.name} cell {index}: defines class {node.name}; use qie")
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                assert length <= MAX_DEF_LINES, (
                    f"{path.name} cell {index}: def {node.name} is {length} lines "
                    f"(max {MAX_DEF_LINES}); move the computation into qinternet_edu"
                )


def test_has_a_figure(notebook):
    path, nb = notebook
    images = [
        out
        for c in nb.cells
        if c.cell_type == "code"
        for out in c.get("outputs", [])
        if "image/png" in out.get("data", {})
    ]
    assert images, f"{path.name}: no figure (image/png output); run the notebook and commit"


def test_has_an_explorer_in_an_ignored_cell(notebook):
    path, nb = notebook
    cells = [c for c in nb.cells if c.cell_type == "code" and EXPLORER_CALL.search(c.source)]
    assert cells, f"{path.name}: no interactive explorer call qie.widgets.<name>(...)"
    untagged = [c.source for c in cells if "nbval-ignore-output" not in _tags(c)]
    assert not untagged, (
        f"{path.name}: explorer cells must be tagged nbval-ignore-output: {untagged}"
    )
    for cell in cells:
        assert cell.get("outputs"), f"{path.name}: explorer cell has no output: {cell.source!r}"


STAGE_NOTEBOOKS = [path for path in PRESENT if "stage" in path.stem]


@pytest.mark.parametrize("path", STAGE_NOTEBOOKS, ids=[path.stem for path in STAGE_NOTEBOOKS])
def test_stage_notebooks_show_the_ladder(path):
    nb = _read(path)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert re.search(r"qie\.plots\.stage_ladder\(\s*highlight\s*=", code), (
        f"{path.name}: a stage module shows its place with qie.plots.stage_ladder(highlight=...)"
    )


def test_references_have_year_and_link(notebook):
    path, nb = notebook
    text = "\n".join(
        c.source for c in _section_cells(nb, "References") if c.cell_type == "markdown"
    )
    # List items, with their indented continuation lines joined.
    entries = [
        " ".join(item.split())
        for item in re.split(r"^\s*(?:[-*]|\d+\.)\s+", text, flags=re.MULTILINE)[1:]
    ]
    assert entries, f"{path.name}: '## References' lists no papers"
    for entry in entries:
        assert YEAR.search(entry) and LINK.search(entry), (
            f"{path.name}: a reference needs a year and a link: {entry!r}"
        )


def test_links_to_its_exercises(notebook):
    path, nb = notebook
    last_markdown = next(c for c in reversed(nb.cells) if c.cell_type == "markdown")
    expected = f"../exercises/{path.stem}_exercises.ipynb"  # a name of its own
    links = EXERCISE_LINK.findall(last_markdown.source)
    assert expected in links, (
        f"{path.name}: the last markdown cell must link to its exercises [..]({expected}); "
        f"found {links}"
    )
    target = (path.parent / expected).resolve()
    assert target.is_file(), f"{path.name}: exercise notebook {target.relative_to(ROOT)} missing"


def test_executed_top_to_bottom(notebook):
    """One clean run: counts 1, 2, 3, ... in order, no errors, and no empty code cells."""
    path, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.source.strip() for c in code), f"{path.name}: remove empty code cells"
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{path.name}: execution counts {counts}; run the whole notebook once, from a fresh "
        "kernel, and commit it with its outputs (see CONTRIBUTING.md)"
    )
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", (
                f"{path.name} cell {index}: committed with an error: {out.get('ename')}"
            )
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                pytest.fail(f"{path.name} cell {index}: stderr output: {out.get('text')!r}")


def test_kernel_is_python3(notebook):
    path, nb = notebook
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{path.name}: kernelspec must be 'python3'"
    )


def test_whats_next_leads_to_the_next_module(notebook):
    """A learner can walk the course in order: each "What's next" links the next notebook."""
    path, nb = notebook
    names = [name for name in OUTLINE_NAMES if (NOTEBOOKS / name).exists()]
    position = names.index(path.name)
    if position + 1 == len(names):
        pytest.skip("the last module has no next one")
    text = "".join("".join(cell.source) for cell in _section_cells(nb, "What's next"))
    following = names[position + 1]
    assert f"({following})" in text or f"({following}#" in text, (
        f"{path.name}: 'What's next' should link to {following}"
    )


def test_no_execution_timestamps(notebook):
    """Committed notebooks carry no per-cell timing metadata, so re-running one leaves a clean diff.

    Execute with ``--ExecutePreprocessor.record_timing=False`` (see CONTRIBUTING.md).
    """
    path, nb = notebook
    timed = [k for k, cell in enumerate(nb.cells) if "execution" in cell.get("metadata", {})]
    assert not timed, f"{path.name}: cells {timed} carry execution timestamps"
