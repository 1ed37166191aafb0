"""The explorers work in a real JupyterLab, driven by a headless Chromium.

A ``jupyter lab`` server (from this Python environment) starts on a free
loopback port with no token, over a temporary copy of the notebooks and with
temporary Jupyter config, data, runtime and settings folders, so nothing leaks
into the checkout or the user's home. For each notebook the browser opens it,
runs all cells, waits for the kernel to go idle, moves the explorer's first
slider with the keyboard and checks that the readout and the explorer's output
change. The server's process group is stopped at the end of the module.

Skipped (with the reason) only when no Chromium is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

# Every lesson notebook runs in the browser; the explorer's first slider is moved in each
# one that has a slider (00's widget is the learner's progress table, with none).
TARGETS = sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
REQUIRED = ["05_stage1_bb84.ipynb", "10_repeaters.ipynb"]
PRESENT_TARGETS = TARGETS
WITHOUT_SLIDER = {"00_welcome.ipynb"}

SERVER_START_TIMEOUT_S = 60
RUN_ALL_TIMEOUT_MS = 120_000
MAX_PRESSES = 8

# JupyterLab user settings for the test server: render every cell (no windowing, so
# the explorer is in the DOM), never autosave, never fetch news from the internet.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _get(url: str, timeout: float = 2.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status


def _stop(proc: subprocess.Popen, base_url: str) -> None:
    """Shut the server down (kernels first), then make sure its process group is gone."""
    try:
        request = urllib.request.Request(f"{base_url}/api/shutdown", method="POST")
        urllib.request.urlopen(request, timeout=5).close()
    except (urllib.error.URLError, OSError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue


def _end_sessions(base_url: str) -> None:
    """Shut down every kernel session of the server (one notebook at a time stays light)."""
    with urllib.request.urlopen(f"{base_url}/api/sessions", timeout=5) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(
            f"{base_url}/api/sessions/{session['id']}", method="DELETE"
        )
        urllib.request.urlopen(request, timeout=10).close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory, chromium_path, get_free_port):
    """A running JupyterLab over a temporary copy of the target notebooks; yields its URL."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "course"
    (root / "notebooks").mkdir(parents=True)
    for name in PRESENT_TARGETS:
        shutil.copy2(NOTEBOOKS / name, root / "notebooks" / name)
    settings = base / "settings"
    for relative, values in LAB_SETTINGS.items():
        path = settings / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = dict(os.environ)
    for var, folder in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
        ("QINTERNET_EDU_DATA_DIR", "progress"),
    ]:
        (base / folder).mkdir()
        env[var] = str(base / folder)
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    port = get_free_port()
    base_url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
        f"--ServerApp.root_dir={root}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = base / "jupyter-lab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{log_path.read_text()}")
            try:
                if _get(f"{base_url}/api/status") == 200:
                    break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer in {SERVER_START_TIMEOUT_S} s")
            time.sleep(0.25)
        yield base_url
    finally:
        _stop(proc, base_url)
    assert proc.poll() is not None, "jupyter lab is still running"


def test_browser_targets_exist():
    """The notebooks the browser must drive are there, and every lesson is among them."""
    missing = [name for name in REQUIRED if not (NOTEBOOKS / name).exists()]
    assert not missing, f"browser-tested notebooks not written yet: {missing}"


# JavaScript run in the page -------------------------------------------------------------

_KERNEL_IDLE = """() => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = w && w.sessionContext && w.sessionContext.session
        && w.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && w.context.isReady;
}"""

_RUN_ALL = """async () => {
    await window.jupyterapp.commands.execute('notebook:run-all-cells');
}"""

_ALL_EXECUTED = """() => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    if (kernel.status !== 'idle') return false;
    for (const cell of nb.widgets) {
        if (cell.model.type === 'code' && cell.model.sharedModel.getSource().trim()
            && !cell.model.executionCount) return false;
    }
    return true;
}"""

_ERRORS = """() => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    const errors = [];
    nb.widgets.forEach((cell, i) => {
        if (cell.model.type !== 'code') return;
        for (const out of cell.model.outputs.toJSON()) {
            if (out.output_type === 'error') errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
        }
    });
    return errors;
}"""

# What the explorer shows, without the slider readouts themselves: text and images.
_SNAPSHOT = """(area) => {
    const copy = area.cloneNode(true);
    copy.querySelectorAll('.widget-readout, .widget-slider').forEach((e) => e.remove());
    const images = Array.from(copy.querySelectorAll('img')).map((img) => img.src);
    return copy.textContent + '|' + images.join('|');
}"""


def _settled(page, area, *, polls: int = 40, interval_ms: int = 250) -> str:
    """The explorer's snapshot once the kernel is idle and it stopped changing."""
    page.wait_for_function(_KERNEL_IDLE)
    previous = area.evaluate(_SNAPSHOT)
    for _ in range(polls):
        page.wait_for_timeout(interval_ms)
        current = area.evaluate(_SNAPSHOT)
        if current == previous and page.evaluate(_KERNEL_IDLE):
            return current
        previous = current
    pytest.fail("the explorer's output kept changing")


@pytest.mark.parametrize("name", PRESENT_TARGETS)
def test_explorer_slider_moves_output(lab, browser, name, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")  # only this notebook open
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell")
        page.evaluate("async () => { await window.jupyterapp.started; }")
        page.wait_for_function(
            f"""() => {{
                const w = window.jupyterapp.shell.currentWidget;
                return !!w && !!w.context && w.context.path.endsWith({json.dumps(name)});
            }}"""
        )
        page.wait_for_function(_KERNEL_IDLE)
        page.evaluate(_RUN_ALL)
        page.wait_for_function(_ALL_EXECUTED, timeout=RUN_ALL_TIMEOUT_MS)
        assert page.evaluate(_ERRORS) == [], f"{name}: cells raised errors"
        if name in WITHOUT_SLIDER:
            widget = page.locator(".jp-OutputArea .jupyter-widgets").first
            widget.wait_for(state="visible")
            return

        slider = page.locator(".jp-OutputArea .widget-slider").first
        slider.wait_for(state="visible")
        slider.scroll_into_view_if_needed()
        area = slider.locator("xpath=ancestor::div[contains(@class,'jp-OutputArea ')][1]")
        readout = slider.locator(".widget-readout").first
        handle = slider.locator(".noUi-handle").first
        before_output = area.evaluate(_SNAPSHOT)

        # One key press is one new value and one recomputation in the kernel. A small step
        # may leave a rounded printout as it was, so press again (up to MAX_PRESSES times)
        # until the explorer shows something new.
        handle.focus()
        key = "ArrowRight"
        after_output = before_output
        for _ in range(MAX_PRESSES):
            previous_readout = readout.inner_text()
            handle.press(key)
            if readout.inner_text() == previous_readout:  # at the top of its range: step down
                key = "ArrowLeft"
                handle.press(key)
            assert readout.inner_text() != previous_readout, f"{name}: the slider did not move"
            after_output = _settled(page, area)
            if after_output != before_output:
                break
        assert after_output != before_output, f"{name}: the explorer's output did not change"
        assert page.evaluate(_ERRORS) == [], f"{name}: moving the slider raised an error"
        page.screenshot(path=str(tmp_path / f"{Path(name).stem}.png"), full_page=False)
        assert (tmp_path / f"{Path(name).stem}.png").stat().st_size > 0
    finally:
        context.close()
        _end_sessions(lab)
