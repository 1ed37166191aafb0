"""Sphinx extension of the web book: each notebook figure gets alt text from its title.

A figure in a notebook's outputs reaches the page as an image named by a hash, and
myst-nb gives it no alt text, so a screen reader reads the hash. This extension, after each
page is read, gives every output image of a code cell that has none an alt text taken from
what the figure says about itself, first match wins:

1. the titles and axis labels the cell sets (``set_title``, ``suptitle``, ``set_xlabel``,
   ``set_ylabel``; in f-strings the fields become "…");
2. the first line of the docstring of the ``qie.plots`` function the cell calls;
3. "Circuit diagram" for a circuit drawn with ``.draw("mpl")``;
4. otherwise "Figure of the section <title>".

Each alt text names its section too, so two similar figures stay apart.

An explorer cell (``qie.widgets.<name>_explorer()``) shows, in the book, the picture of its
first state that ``book/explorer_previews.py`` stored: its alt text says so, from the
explorer's docstring, and a note under it says to open the notebook to use the explorer.
"""

from __future__ import annotations

import re

from docutils import nodes

_STRING = r"""(f?)(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')"""
_CALL = {
    "title": re.compile(r"\.(?:set_title|suptitle)\(\s*" + _STRING),
    "x": re.compile(r"\.set_xlabel\(\s*" + _STRING),
    "y": re.compile(r"\.set_ylabel\(\s*" + _STRING),
}
_PLOTS = re.compile(r"\bqie\.plots\.([A-Za-z_][A-Za-z0-9_]*)\(")
_EXPLORER = re.compile(r"\bqie\.widgets\.([A-Za-z_][A-Za-z0-9_]*_explorer)\(")
EXPLORER_NOTE = (
    "A picture of the explorer's first state. To move its controls, open this notebook in "
    "JupyterLab: the launch button at the top of the page, or qinternet-edu lab from a "
    "checkout of the course."
)


def _text(match: re.Match) -> str:
    is_f, double, single = match.groups()
    text = double if double is not None else single
    if is_f:
        text = re.sub(r"\{[^{}]*\}", "…", text)
    return text.replace("\\n", " ").strip()


def _plots_summary(name: str, module: str = "plots") -> str | None:
    try:
        import importlib

        library = importlib.import_module(f"qinternet_edu.{module}")
    except ImportError:  # the book can build without the library; fall back to the section
        return None
    doc = getattr(getattr(library, name, None), "__doc__", None)
    if not doc:
        return None
    return doc.strip().splitlines()[0].rstrip(".")


def alt_text(source: str, section: str) -> str:
    """The alt text of a figure drawn by the code ``source`` in the section ``section``."""
    titles = [_text(m) for m in _CALL["title"].finditer(source)]
    xlabels = [_text(m) for m in _CALL["x"].finditer(source)]
    ylabels = [_text(m) for m in _CALL["y"].finditer(source)]
    where = f" (section {section})" if section else ""
    explorer = _EXPLORER.search(source)
    if explorer:
        summary = _plots_summary(explorer.group(1), "widgets") or explorer.group(1)
        return f"First state of the explorer: {summary}{where}"
    if titles:
        axes = []
        if xlabels:
            axes.append(f"horizontal axis: {xlabels[0]}")
        if ylabels:
            axes.append(f"vertical axis: {ylabels[0]}")
        tail = f"; {', '.join(axes)}" if axes else ""
        return f"Plot: {'; '.join(titles)}{tail}{where}"
    for name in _PLOTS.findall(source):
        summary = _plots_summary(name)
        if summary:
            return f"{summary}{where}"
    if re.search(r"""\.draw\(\s*["']mpl["']""", source):
        return f"Circuit diagram{where}"
    if xlabels or ylabels:
        return f"Plot of {' against '.join(ylabels[:1] + xlabels[:1])}{where}"
    return f"Figure of the section {section}" if section else "Figure"


def _section_title(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children:
            title = parent.next_node(nodes.title)
            if title is not None:
                return title.astext().strip()
        parent = parent.parent
    return ""


def _add_alt(app, doctree) -> None:
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        blocks = [b for b in cell.findall(nodes.literal_block)]
        source = blocks[0].astext() if blocks else ""
        images = list(cell.findall(nodes.image))
        for image in images:
            if not image.get("alt"):
                image["alt"] = alt_text(source, _section_title(cell))
        if images and _EXPLORER.search(source):
            note = nodes.paragraph(EXPLORER_NOTE, EXPLORER_NOTE, classes=["explorer-note"])
            cell.parent.insert(cell.parent.index(cell) + 1, note)


def setup(app):
    app.connect("doctree-read", _add_alt)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
