"""The Binder environment installs what the package needs, at versions its ranges allow."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"binder/requirements.txt must pin every line with ==: {line!r}"
            pins[canonicalize_name(name)] = version
    return pins


def test_binder_pins_satisfy_every_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"binder/requirements.txt lacks {requirement.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"binder pins {requirement.name}=={pins[name]}, outside {requirement.specifier}"
        )


def test_binder_installs_the_package_itself():
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install" in post_build and "-e ." in post_build
    assert "qinternet-edu" not in _pins()  # the package comes from the checkout, not a pin
