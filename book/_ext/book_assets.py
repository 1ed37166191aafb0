"""Sphinx extension of the web book: each inline script appears once per page.

Sphinx 7.4 keeps an inline script (a ``<script>`` with a body and no file)
twice when an extension adds it after the HTML builder started: once as
``filename=None`` and once as ``filename=''``. sphinx-thebe declares
``const THEBE_JS_URL`` that way, so the second copy is a JavaScript error
("Identifier 'THEBE_JS_URL' has already been declared") on every page. This
extension drops the second copy before each page is written.
"""

from __future__ import annotations


def _key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    return (getattr(script, "filename", script) or "", tuple(sorted(attributes.items())))


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept


def setup(app):
    app.connect("html-page-context", _dedupe_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
