"""Fixtures shared by the test folders: the repository root, a free loopback port, Chromium."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Flags that keep a headless Debian Chromium quiet and offline-friendly in CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The root of the checkout (the folder holding pyproject.toml)."""
    return ROOT


@pytest.fixture(scope="session")
def get_free_port():
    """A callable returning a free port on 127.0.0.1 (usable from fixtures of any scope)."""
    return free_port


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the system Chromium; the test is skipped, saying why, when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on PATH (on Debian/Ubuntu: sudo apt-get install chromium)")


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium driven by playwright, shared by the browser tests of one worker."""
    from playwright.sync_api import sync_playwright  # a test dependency: fail loudly if absent

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
