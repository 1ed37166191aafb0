"""Give every stored widget output of the lesson notebooks a preview instead of a raw repr.

An explorer cell's stored output holds the widget view (which needs a running kernel or the
saved widget state) and a ``text/plain`` fallback, ``interactive(children=(FloatSlider(...``,
which JupyterLab before the kernel runs and the web book show as a bare line of code. This
script rewrites, in place, each such output of ``notebooks/*.ipynb``:

- ``text/plain`` becomes a short note saying what the widget is and how to use it;
- ``image/png`` becomes a picture of the explorer's first state, from the notebook's saved
  widget state (so nothing is run): the figure its Output widget held when the notebook was
  executed, or, for an explorer that prints, a drawing of its controls with their first
  values above the text it printed.

Run it after executing a notebook (CONTRIBUTING.md, "Execute and commit"); the book's tests
fail while a stored output still shows a raw widget repr.

    python book/explorer_previews.py            # rewrite the notebooks
    python book/explorer_previews.py --check    # exit 1 if one still needs it
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

EXPLORER_NOTE = (
    "Interactive explorer (the picture shows its first state). Run the notebook's cells "
    "(Run > Run All Cells) to move its controls."
)
WIDGET_NOTE = "Interactive widget: run the notebook's cells (Run > Run All Cells) to see it."


def _first_image(state: dict, model_id: str, seen: set[str] | None = None) -> str | None:
    """The first PNG an Output widget below ``model_id`` holds, base64, or None."""
    seen = seen if seen is not None else set()
    if model_id in seen or model_id not in state:
        return None
    seen.add(model_id)
    model = state[model_id]
    if model.get("model_name") == "OutputModel":
        for output in model.get("state", {}).get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                return png
    for child in model.get("state", {}).get("children", []) or []:
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            found = _first_image(state, child.removeprefix("IPY_MODEL_"), seen)
            if found:
                return found
    return None


def _controls_and_text(state: dict, model_id: str) -> tuple[list[str], str]:
    """The (description = value) of the controls below ``model_id`` and its printed text."""
    controls, text = [], []
    model = state.get(model_id, {})
    for child in model.get("state", {}).get("children", []) or []:
        child_model = state.get(str(child).removeprefix("IPY_MODEL_"), {})
        child_state = child_model.get("state", {})
        if child_model.get("model_name") == "OutputModel":
            for output in child_state.get("outputs", []):
                if output.get("output_type") == "stream":
                    text.append(output.get("text", ""))
                elif "text/plain" in output.get("data", {}):
                    text.append(output["data"]["text/plain"])
        elif "description" in child_state:
            value = child_state.get("value")
            if value is None and "index" in child_state:
                labels = child_state.get("_options_labels") or []
                index = child_state["index"]
                value = labels[index] if isinstance(index, int) and index < len(labels) else index
            controls.append(f"{child_state['description']}: {value}")
    cleaned = re.sub(r"\x1b\[[0-9;]*[A-Za-z]|\r", "", "".join(text)).strip()
    return controls, cleaned


def _text_picture(controls: list[str], text: str) -> str:
    """A PNG (base64) drawing the controls and the printed text, in the explorer's order."""
    import base64
    import io
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    lines = ["Controls (first values):", *(f"  {c}" for c in controls), "", "Output:"]
    for line in text.splitlines() or [""]:
        lines += ["  " + part for part in textwrap.wrap(line, 86) or [""]]
    lines = lines[:40]
    figure = Figure(figsize=(7.2, 0.22 * len(lines) + 0.3), dpi=100)
    figure.patch.set_facecolor("#f7f7f7")
    for row, line in enumerate(lines):
        bold = line.endswith(":") and not line.startswith(" ")
        figure.text(
            0.02, 1 - (row + 0.8) / (len(lines) + 0.5), line, family="monospace",
            fontsize=9.5, color="#111111", weight="bold" if bold else "normal",
        )  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def preview_outputs(nb) -> int:
    """Rewrite the widget outputs of ``nb`` in place; returns how many changed."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    changed = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            model_id = data[WIDGET_VIEW]["model_id"]
            png = _first_image(state, model_id)
            if not png and "_explorer(" in cell.source:
                controls, text = _controls_and_text(state, model_id)
                if controls or text:
                    png = _text_picture(controls, text)
            new = dict(data)
            new["text/plain"] = EXPLORER_NOTE if png else WIDGET_NOTE
            if png:
                new["image/png"] = png
            if new != data:
                output["data"] = new
                changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a notebook needs it")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all lessons)")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if preview_outputs(nb):
            stale.append(path)
            if not args.check:
                nbformat.write(nb, path)
    if args.check and stale:
        print("raw widget outputs in: " + ", ".join(p.name for p in stale), file=sys.stderr)
        return 1
    for path in [] if args.check else stale:
        print(f"previews written: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
