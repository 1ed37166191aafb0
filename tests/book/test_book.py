"""The web book builds offline without a warning, its links resolve, and it renders in Chromium.

The book (Jupyter Book 1) is built once per session into a temporary folder
with the README's command (warnings as errors, nitpicky). While the course is
being written, the build uses the table of contents pruned to the files that
exist; ``test_toc_files_all_exist`` is red until every listed file is written.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"

OUTLINE_SLUGS = [
    "00_welcome",
    "01_qubits",
    "02_entanglement",
    "03_channels",
    "04_stage0_trusted_nodes",
    "05_stage1_bb84",
    "06_qkd_postprocessing",
    "07_password_identification",
    "08_satellites",
    "09_stage2_entanglement_distribution",
    "10_repeaters",
    "11_stage3_quantum_memory",
    "12_clock_synchronization",
    "13_telescopes",
    "14_stages4_5_quantum_computing_networks",
    "15_network_stack",
    "16_network_programming",
    "17_capstone",
]

DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s)\]>]+)", re.IGNORECASE)
ARXIV = re.compile(r"arxiv\.org/abs/([0-9]{4}\.[0-9]{4,5}|[a-z\-]+/[0-9]{7})", re.IGNORECASE)


def jupyter_book_command(toc: Path, output: Path, config: Path = BOOK / "_config.yml") -> list[str]:
    """The book build command (as in README.md), with the toc, output and config given."""
    exe = Path(sys.executable).with_name("jupyter-book")
    program = str(exe) if exe.exists() else (shutil.which("jupyter-book") or "jupyter-book")
    return [
        program,
        "build",
        ".",
        "--config",
        str(config),
        "--toc",
        str(toc),
        "--path-output",
        str(output),
        "-W",
        "-n",
        "--keep-going",
    ]


def _toc_files(toc: dict) -> list[str]:
    """Every file the toc lists (root first), without suffix, in order."""
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return files


def _exists(docname: str) -> bool:
    return any((ROOT / f"{docname}{suffix}").is_file() for suffix in (".md", ".ipynb"))


def _pruned_toc(toc: dict) -> dict:
    """The toc without the entries whose file is not written yet (and without empty parts)."""

    def prune(entries):
        kept = []
        for entry in entries or []:
            if not _exists(entry["file"]):
                continue
            entry = dict(entry)
            if "sections" in entry:
                entry["sections"] = prune(entry["sections"])
                if not entry["sections"]:
                    del entry["sections"]
            kept.append(entry)
        return kept

    parts = []
    for part in toc["parts"]:
        chapters = prune(part["chapters"])
        if chapters:
            parts.append({**part, "chapters": chapters})
    return {**toc, "parts": parts}


@pytest.fixture(scope="session")
def toc() -> dict:
    return yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))


def _missing_pages(toc: dict) -> list[str]:
    return [f for f in _toc_files(toc) if not _exists(f)]


def _config_for_partial_book(out: Path) -> Path:
    """A copy of book/_config.yml that tolerates links to chapters not written yet."""
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {})
    sphinx["local_extensions"] = {
        name: str((BOOK / path).resolve()) for name, path in sphinx["local_extensions"].items()
    }
    sphinx.setdefault("config", {})["suppress_warnings"] = ["myst.xref_missing"]
    path = out / "_config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, toc):
    """Build the book once; returns (html folder, build log).

    While some chapters are not written, the build uses the toc without them and
    tolerates links to them (``test_toc_files_all_exist`` is red meanwhile); once
    every page exists it is exactly the README's command.
    """
    out = tmp_path_factory.mktemp("book")
    toc_path, config_path = BOOK / "_toc.yml", BOOK / "_config.yml"
    if _missing_pages(toc):
        toc_path = out / "_toc.yml"
        toc_path.write_text(yaml.safe_dump(_pruned_toc(toc), sort_keys=False), encoding="utf-8")
        config_path = _config_for_partial_book(out)
    # A dot-folder with a Markdown file, as a test run leaves .pytest_cache/README.md: the
    # build must leave it out (a page outside the toc is a warning, so an error here).
    probe = ROOT / ".book-build-probe"
    probe.mkdir(exist_ok=True)
    (probe / "README.md").write_text("# Not a page of the book\n", encoding="utf-8")
    try:
        result = subprocess.run(
            jupyter_book_command(toc_path, out, config_path),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    log = result.stdout + result.stderr
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert result.returncode == 0, "the book build failed:\n" + "\n".join(warnings or [log[-6000:]])
    html = out / "_build" / "html"
    assert (html / "index.html").is_file(), log[-3000:]
    return html, log


# The configuration --------------------------------------------------------------------


def test_toc_follows_the_outline(toc):
    files = _toc_files(toc)
    notebooks = [f.removeprefix("notebooks/") for f in files if f.startswith("notebooks/")]
    exercises = [
        f.removeprefix("exercises/").removesuffix("_exercises")
        for f in files
        if f.startswith("exercises/")
    ]
    assert notebooks == OUTLINE_SLUGS, "the chapters must be the 16 outline notebooks, in order"
    assert exercises == OUTLINE_SLUGS, "each chapter must be followed by its exercise set"
    assert toc["root"] == "book/intro"
    assert {"book/glossary", "book/bibliography"} <= set(files)
    captions = [part["caption"] for part in toc["parts"]]
    for stage in ("Stage 0", "Stage 1", "Stage 2", "Stage 3", "Stages 4 and 5"):
        assert any(c.startswith(stage) for c in captions), f"no part for {stage}: {captions}"


def test_toc_files_all_exist(toc):
    """Every page of the full book exists (red until all notebooks and exercises are written)."""
    missing = _missing_pages(toc)
    assert not missing, f"{len(missing)} book pages not written yet: {missing}"


def test_config_renders_committed_outputs_offline():
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["only_build_toc_files"] is True
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["repository"]["url"] == "https://github.com/qinternet-edu/qinternet-edu"
    assert config["sphinx"]["config"]["nb_ipywidgets_js"] == {}


def test_config_leaves_out_dot_folders():
    """.pytest_cache, .hypothesis, .ipynb_checkpoints ... are never pages of the book."""
    from sphinx.util.matching import Matcher

    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    excluded = Matcher(config["exclude_patterns"])
    for path in (".pytest_cache/README.md", ".hypothesis/notes.md", "notebooks/.x/a.ipynb"):
        assert excluded(path), path
    for path in ("notebooks/00_welcome.ipynb", "book/intro.md", "exercises/00_welcome.ipynb"):
        assert not excluded(path), path


def test_config_serves_mathjax_from_the_book():
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    assert sphinx["mathjax_path"] == "mathjax/tex-chtml.js"
    static = [ROOT / folder for folder in sphinx["html_static_path"]]
    assert any((folder / "mathjax" / "tex-chtml.js").is_file() for folder in static)
    fonts = BOOK / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2"
    assert len(list(fonts.glob("MathJax_*.woff"))) >= 20, "MathJax's fonts are missing"


def test_syllabus_is_up_to_date_and_lists_every_task(toc):
    """book/syllabus.md is what book/make_syllabus.py writes from the lessons and the registry,
    and so is every lesson's Overview estimate (tests/book/test_estimated_time.py)."""
    import qinternet_edu as qie

    result = subprocess.run(
        [sys.executable, str(BOOK / "make_syllabus.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    page = (BOOK / "syllabus.md").read_text(encoding="utf-8")
    assert "book/syllabus" in _toc_files(toc)
    for slug in OUTLINE_SLUGS:
        assert f"../notebooks/{slug}.ipynb" in page, slug
        tasks = qie.exercises.list_tasks(slug[:2])
        assert tasks, f"module {slug[:2]} has no tasks"
        for task in tasks:
            assert f"**{task.task_id}** {task.title}" in page, task.task_id
    weeks = re.findall(r"^\| (\d+) \|", page, re.MULTILINE)
    assert sorted({int(w) for w in weeks}) == list(range(1, 14)), "13 weeks, each with a module"


def test_readme_shows_the_build_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        "jupyter-book build . --config book/_config.yml --toc book/_toc.yml "
        "--path-output book -W -n --keep-going"
    ) in readme


def test_bibliography_has_every_cited_paper():
    """Each DOI or arXiv link in a notebook's references has an entry in book/references.bib."""
    bib = (BOOK / "references.bib").read_text(encoding="utf-8").lower()
    missing = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for doi in DOI.findall(text):
            if doi.lower().rstrip(".,") not in bib:
                missing.append(f"{path.name}: doi {doi}")
        for eprint in ARXIV.findall(text):
            if eprint.lower() not in bib:
                missing.append(f"{path.name}: arXiv {eprint}")
    assert not missing, "add these papers to book/references.bib:\n" + "\n".join(missing)


def test_bib_entries_have_year_and_link():
    text = (BOOK / "references.bib").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=@)", text[text.index("@") :])
    assert len(entries) >= 20
    for entry in entries:
        key = entry.split("{", 1)[1].split(",", 1)[0]
        assert re.search(r"year\s*=\s*\{\d{4}\}", entry), f"{key}: no year"
        assert re.search(r"\b(doi|url)\s*=", entry), f"{key}: no doi or url"


@pytest.mark.slow
def test_stage_ladder_figure_script(tmp_path):
    """book/make_figures.py draws the landing page's picture with qie.plots.stage_ladder."""
    result = subprocess.run(
        [sys.executable, str(BOOK / "make_figures.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    png = tmp_path / "stage_ladder.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (BOOK / "figures" / "stage_ladder.png").is_file(), "commit book/figures/stage_ladder.png"


# The build ----------------------------------------------------------------------------


@pytest.mark.slow
def test_book_builds_without_warnings(built_book):
    _, log = built_book
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert not warnings, "\n".join(warnings)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


@functools.cache
def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.sources.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.stylesheets.append(attrs["href"])


def _remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


@pytest.mark.slow
def test_pages_load_no_remote_script(built_book):
    """Offline reading: every script and stylesheet of every page comes from the book itself,
    MathJax included."""
    html, _ = built_book
    pages = [p for p in sorted(html.rglob("*.html")) if "_static" not in p.parts]
    remote, mathjax_pages = [], 0
    for page in pages:
        parser = _Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        remote += [
            f"{page.relative_to(html)}: {u}"
            for u in parser.sources + parser.stylesheets
            if _remote(u)
        ]
        for src in parser.sources:
            if "tex-chtml.js" in src:
                mathjax_pages += 1
                assert (page.parent / urlsplit(src).path).resolve().is_file(), src
    assert not remote, "pages load from the internet:\n" + "\n".join(remote)
    assert mathjax_pages, "no page loads the book's own MathJax"


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            attrs = dict(attrs)
            self.images.append((attrs.get("src", ""), attrs.get("alt")))


HASH_LIKE = re.compile(r"^[0-9a-f]{16,}|\.(png|svg|jpe?g)$", re.IGNORECASE)


def test_figure_alt_text_comes_from_the_title():
    sys.path.insert(0, str(BOOK / "_ext"))
    try:
        from figure_alt import alt_text
    finally:
        sys.path.remove(str(BOOK / "_ext"))
    source = 'ax.set_title(f"BB84 at {length} km")\nax.set_xlabel("length (km)")'
    assert alt_text(source, "Loss") == (
        "Plot: BB84 at … km; horizontal axis: length (km) (section Loss)"
    )
    assert alt_text("qie.plots.stage_ladder()", "Ladder").endswith("(section Ladder)")
    assert not alt_text("qie.plots.stage_ladder()", "").startswith("Figure")  # the docstring
    assert alt_text('circuit.draw("mpl")', "Gates") == "Circuit diagram (section Gates)"
    assert alt_text("plt.plot(x, y)", "Results") == "Figure of the section Results"


@pytest.mark.slow
def test_figures_have_alt_text_not_a_hash(built_book):
    """Every image of every page has alt text, and none is a file name or hash."""
    html, _ = built_book
    pages = [p for p in sorted(html.rglob("*.html")) if "_static" not in p.parts]
    bad, count = [], 0
    for page in pages:
        parser = _Images()
        parser.feed(page.read_text(encoding="utf-8"))
        for src, alt in parser.images:
            if "_static" in src and "logo" in src:
                continue
            count += 1
            if not alt or not alt.strip() or HASH_LIKE.search(alt.strip()):
                bad.append(f"{page.relative_to(html)}: {src} alt={alt!r}")
    assert count >= 20, f"only {count} images in the book"
    assert not bad, f"{len(bad)} of {count} images lack real alt text:\n" + "\n".join(bad)


def test_stored_explorer_outputs_are_previews_not_reprs():
    """No lesson notebook stores a raw widget repr; each explorer stores a preview picture."""
    result = subprocess.run(
        [sys.executable, str(BOOK / "explorer_previews.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    explorers = 0
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                text = "".join(data.get("text/plain", ""))
                assert not re.match(r"\w+\(children=", text), f"{path.name}: {text[:60]}"
                if "qie.widgets." in cell.source and "_explorer(" in cell.source:
                    explorers += 1
                    assert data.get("image/png"), f"{path.name}: explorer without a preview"
    assert explorers >= 16


@pytest.mark.slow
def test_explorers_show_a_preview_and_a_note(built_book):
    html, _ = built_book
    chapters = sorted((html / "notebooks").glob("*.html"))
    previews = 0
    for chapter in chapters:
        text = chapter.read_text(encoding="utf-8")
        assert "(children=" not in text, f"{chapter.name}: a raw widget repr"
        parser = _Images()
        parser.feed(text)
        shown = [alt for _, alt in parser.images if alt and alt.startswith("First state of")]
        previews += len(shown)
        if shown:
            assert "picture of the explorer&#8217;s first state" in text or (
                "picture of the explorer\u2019s first state" in text
                or "picture of the explorer's first state" in text
            ), f"{chapter.name}: no note to open the notebook"
    assert previews >= 16, f"only {previews} explorer previews in the book"


@pytest.mark.slow
def test_internal_links_resolve(built_book):
    """Every relative href/src of every page points to a file (and an existing anchor)."""
    html, _ = built_book
    # Pages of the book (the theme's own template snippets in _static are not pages).
    pages = [p for p in sorted(html.rglob("*.html")) if "_static" not in p.parts]
    assert len(pages) >= 4
    broken = []
    for page in pages:
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "javascript:")):
                continue
            fragment = parts.fragment
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(html)}: {link}")
            elif fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                broken.append(f"{page.relative_to(html)}: {link} (no such anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken)


@pytest.mark.slow
def test_chapters_have_launch_buttons_and_exercise_pages(built_book):
    html, _ = built_book
    chapters = sorted((html / "notebooks").glob("*.html"))
    assert chapters, "no notebook chapter was built"
    for chapter in chapters:
        text = chapter.read_text(encoding="utf-8")
        assert "mybinder.org/v2/gh/qinternet-edu/qinternet-edu" in text, chapter.name
        assert f"urlpath=lab/tree/notebooks/{chapter.stem}.ipynb" in text, chapter.name
        exercise = f"../exercises/{chapter.stem}_exercises.html"
        assert exercise in _parse(chapter).links, f"{chapter.name}: no link to {exercise}"


# In a browser -------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def served_book(built_book, get_free_port):
    """The built HTML served over http://127.0.0.1:<free port>/ from a thread."""
    html, _ = built_book
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", get_free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _book_pages(html: Path) -> list[str]:
    """The landing page, then the reference pages and every chapter that was built."""
    pages = ["book/intro.html", "book/glossary.html", "book/bibliography.html"]
    pages += [p.relative_to(html).as_posix() for p in sorted((html / "notebooks").glob("*.html"))]
    pages += [p.relative_to(html).as_posix() for p in sorted((html / "exercises").glob("*.html"))]
    return pages


@pytest.mark.slow
@pytest.mark.browser
def test_pages_render_in_chromium(built_book, served_book, browser):
    """Landing page and chapters: no console errors, every image loaded, toc links resolve.

    Requests outside the local server are answered with an empty body and recorded: the
    book reads offline, so there must be none (MathJax comes from the book's _static).
    """
    html, _ = built_book
    pages = _book_pages(html)
    assert len(pages) >= 4, f"need the landing page and at least three chapters; got {pages}"
    context = browser.new_context()
    external: list[str] = []

    def route(route):
        if route.request.url.startswith(served_book):
            route.continue_()
        else:
            external.append(route.request.url)
            route.fulfill(status=200, body="", content_type="application/javascript")

    context.route("**/*", route)
    problems: list[str] = []
    toc_links: set[str] = set()
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                problems.append(f"{page.url}: console {msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: problems.append(f"{page.url}: page error: {exc}"))
        page.on(
            "response",
            lambda r: problems.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None,
        )
        for relative in pages:
            response = page.goto(f"{served_book}/{relative}", wait_until="load")
            assert response is not None and response.ok, f"{relative}: {response}"
            images = page.evaluate(
                """() => Array.from(document.images).map((img) => ({
                    src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0}))"""
            )
            broken = [img["src"] for img in images if not img["ok"]]
            assert not broken, f"{relative}: images not loaded: {broken}"
            if relative == "book/intro.html" or relative.startswith("notebooks/"):
                figures = page.evaluate(
                    """() => Array.from(document.querySelectorAll('article.bd-article img'))
                        .filter((img) => img.complete && img.naturalWidth > 0).length"""
                )
                assert figures, f"{relative}: no figure in the page's content"
            toc_links.update(
                page.eval_on_selector_all(
                    "nav.bd-docs-nav a.reference.internal", "links => links.map(a => a.href)"
                )
            )
        assert page.evaluate("document.title"), "page without a title"
        assert toc_links, "no table-of-contents links found in the sidebar"
        for url in sorted(toc_links):
            response = context.request.get(url)
            assert response.ok, f"toc link {url}: HTTP {response.status}"
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert not external, "requests left the book:\n" + "\n".join(sorted(set(external)))
