"""The Kubernetes deployment kit: the Zero to JupyterHub values file and the users' image.

The values file is checked two ways:

- always, against a schema of the keys it uses, written here from the Zero to JupyterHub
  chart's documented configuration (``jupyterhub`` chart 4.x, ``values.schema.yaml``): every
  key it sets must be one the chart knows, with the type the chart expects;
- against the chart's own published schema when a copy of the chart is at hand
  (``helm pull jupyterhub/jupyterhub --version 4.2.0 --untar`` and ``Z2JH_CHART_DIR`` set to
  the ``jupyterhub/`` folder it makes): the values are merged over the chart's defaults as
  Helm merges them (mappings merged, lists replaced) and validated with ``jsonschema``.
  Skipped, saying so, without a chart.

The image (``deploy/Dockerfile``) must install the course with nbgrader and ngshare's
exchange and carry the same Jupyter configuration files the instructor guide prescribes.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VALUES = DEPLOY / "z2jh-values.yaml"
DOCKERFILE = DEPLOY / "Dockerfile"
GUIDE = ROOT / "docs" / "instructor-guide.md"

STRING = {"type": "string"}
NUMBER = {"type": "number"}
BOOL = {"type": "boolean"}
QUANTITY = {"type": ["string", "null"]}  # memory: "1G", "512M"


def _object(properties: dict, *, closed: bool = True, required: tuple = ()) -> dict:
    schema = {"type": "object", "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    if required:
        schema["required"] = list(required)
    return schema


# The keys of the chart this course's values file may use, with the chart's types.
KNOWN_KEYS_SCHEMA = _object(
    {
        "hub": _object(
            {
                # traitlets configuration, class -> trait -> value (open by design)
                "config": {"type": "object", "additionalProperties": {"type": "object"}},
                "extraConfig": {"type": "object", "additionalProperties": STRING},
                "services": {
                    "type": "object",
                    "additionalProperties": _object(
                        {
                            "url": STRING,
                            "apiToken": STRING,
                            "admin": BOOL,
                            "display": BOOL,
                            "oauth_no_confirm": BOOL,
                        }
                    ),
                },
            }
        ),
        "singleuser": _object(
            {
                "image": _object(
                    {
                        "name": STRING,
                        "tag": STRING,
                        "pullPolicy": {"enum": [None, "", "IfNotPresent", "Always", "Never"]},
                    },
                    required=("name", "tag"),
                ),
                "defaultUrl": STRING,
                "memory": _object({"guarantee": QUANTITY, "limit": QUANTITY}),
                "cpu": _object({"guarantee": NUMBER, "limit": NUMBER}),
                "storage": _object(
                    {"type": {"enum": ["dynamic", "static", "none"]}, "capacity": STRING}
                ),
                "startTimeout": {"type": "integer"},
                "profileList": {
                    "type": "array",
                    "items": _object(
                        {
                            "display_name": STRING,
                            "slug": STRING,
                            "description": STRING,
                            "default": BOOL,
                            "kubespawner_override": {"type": "object"},
                        },
                        required=("display_name",),
                    ),
                },
            }
        ),
        "cull": _object(
            {"enabled": BOOL, "timeout": {"type": "integer"}, "every": {"type": "integer"}}
        ),
        "scheduling": _object(
            {
                "userScheduler": _object({"enabled": BOOL}),
                "podPriority": _object({"enabled": BOOL}),
                "userPlaceholder": _object({"enabled": BOOL, "replicas": {"type": "integer"}}),
            }
        ),
        "proxy": _object(
            {
                "https": _object(
                    {
                        "enabled": BOOL,
                        "hosts": {"type": "array", "items": STRING},
                        "letsencrypt": _object({"contactEmail": STRING}),
                    }
                )
            }
        ),
    }
)


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def test_deploy_values_use_only_keys_the_chart_knows(values):
    jsonschema.validate(values, KNOWN_KEYS_SCHEMA)


def test_deploy_values_known_keys_schema_can_fail(values):
    """The check above rejects a misspelt key and a wrong type (so it is not vacuous)."""
    misspelt = json.loads(json.dumps(values))
    misspelt["singleuser"]["memoryLimit"] = "2G"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(misspelt, KNOWN_KEYS_SCHEMA)
    wrong_type = json.loads(json.dumps(values))
    wrong_type["singleuser"]["cpu"]["limit"] = "two"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong_type, KNOWN_KEYS_SCHEMA)


def _helm_merge(defaults, override):
    """Helm's merge of values: mappings merge key by key, anything else is replaced."""
    if isinstance(defaults, dict) and isinstance(override, dict):
        merged = dict(defaults)
        for key, value in override.items():
            merged[key] = _helm_merge(defaults.get(key), value) if key in defaults else value
        return merged
    return override


def test_deploy_values_against_the_charts_published_schema(values):
    chart = os.environ.get("Z2JH_CHART_DIR")
    if not chart:
        pytest.skip(
            "no copy of the Zero to JupyterHub chart: helm pull jupyterhub/jupyterhub "
            "--version 4.2.0 --untar, then set Z2JH_CHART_DIR to the jupyterhub/ folder"
        )
    chart_dir = Path(chart)
    schema_path = next(
        (
            p
            for p in (chart_dir / "values.schema.json", chart_dir / "values.schema.yaml")
            if p.exists()
        ),
        None,
    )
    assert schema_path, f"no values.schema.json or .yaml in {chart_dir}"
    schema = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
    defaults = yaml.safe_load((chart_dir / "values.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(_helm_merge(defaults, values), schema)


def test_deploy_values_resources_and_profiles(values):
    single = values["singleuser"]
    assert single["image"]["name"] and single["image"]["tag"]
    assert single["defaultUrl"] == "/lab"
    slugs = [profile["slug"] for profile in single["profileList"]]
    assert slugs == ["student", "instructor"]
    instructor = single["profileList"][1]["kubespawner_override"]
    assert instructor["environment"]["JUPYTER_CONFIG_PATH"] == "/etc/jupyter/instructor"
    assert "ngshare" in values["hub"]["services"]
    for snippet in values["hub"]["extraConfig"].values():
        compile(snippet, "extraConfig", "exec")


def _guide_files() -> dict[str, str]:
    pattern = re.compile(r"<!-- hub-file: (\S+) -->\s*\n```[a-z]*\n(.*?)```", re.DOTALL)
    return dict(pattern.findall(GUIDE.read_text(encoding="utf-8")))


def test_deploy_image_installs_the_course_and_the_exchange():
    text = DOCKERFILE.read_text(encoding="utf-8")
    base = re.search(r"^FROM\s+(\S+)", text, re.MULTILINE)
    assert base and ":" in base.group(1) and not base.group(1).endswith(":latest"), "pin the base"
    assert re.search(r'pip install[^\n]*"/opt/qinternet-edu\[instructor\]"', text)
    assert "ngshare_exchange" in text
    for source, _ in re.findall(r"^COPY (?:--\S+ )*(deploy/\S+) (\S+)$", text, re.MULTILINE):
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which is missing"


def _dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves ``path`` (relative, with ``/``) out of the build context: the last
    matching pattern wins, ``!`` re-includes, a pattern matching a folder covers its files."""

    def regex(pattern: str) -> re.Pattern:
        out, i = "", 0
        while i < len(pattern):
            if pattern.startswith("**", i):
                out, i = out + ".*", i + 2
            elif pattern[i] == "*":
                out, i = out + "[^/]*", i + 1
            elif pattern[i] == "?":
                out, i = out + "[^/]", i + 1
            else:
                out, i = out + re.escape(pattern[i]), i + 1
        return re.compile(out + r"\Z")

    parts = path.split("/")
    prefixes = ["/".join(parts[: k + 1]) for k in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        matcher = regex(pattern.removeprefix("!").strip("/"))
        if any(matcher.match(prefix) for prefix in prefixes):
            ignored = not negate
    return ignored


def test_deploy_image_leaves_out_the_instructor_sources():
    """Every user's pod, a student's too, runs the image: its build context holds no task
    source (reference, hidden cases) and no solved notebook, but the learner copies."""
    lines = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    exercises = ROOT / "exercises"
    secret = sorted(exercises.glob("source/*/tasks.py")) + sorted(
        exercises.glob("source/*/*_exercises.ipynb")
    )
    assert len(secret) >= 2 * 18, "the course's sources were not found"
    kept = [p for p in secret if not _dockerignored(p.relative_to(ROOT).as_posix(), patterns)]
    assert not kept, f"the users' image would hold {[str(p.relative_to(ROOT)) for p in kept]}"
    learner = sorted(exercises.glob("*_exercises.ipynb"))
    assert learner and not any(
        _dockerignored(p.relative_to(ROOT).as_posix(), patterns) for p in learner
    )
    assert _dockerignored("exercises/source/00_welcome/tasks.py", ["exercises/source"])
    assert not _dockerignored(
        "exercises/source/00_welcome/tasks.py", ["exercises/source", "!exercises/source/*/*.py"]
    )
    assert not _dockerignored("exercises/source/00_welcome/tasks.py", ["exercises/*.py"])


def test_deploy_image_config_matches_the_guide():
    """The image turns the instructor tools off and on with the guide's very files."""
    guide = _guide_files()
    tljh = "/opt/tljh/user/etc/jupyter"
    home = "/home/jupyter-instructor/.jupyter"
    pairs = {
        "global/labconfig/page_config.json": f"{tljh}/labconfig/page_config.json",
        "global/jupyter_server_config.json": f"{tljh}/jupyter_server_config.json",
        "instructor/labconfig/page_config.json": f"{home}/labconfig/page_config.json",
        "instructor/jupyter_server_config.json": f"{home}/jupyter_server_config.json",
    }
    for image_file, guide_file in pairs.items():
        image = json.loads((DEPLOY / "jupyter" / image_file).read_text(encoding="utf-8"))
        assert image == json.loads(guide[guide_file]), image_file
    global_config = (DEPLOY / "jupyter" / "global" / "nbgrader_config.py").read_text()
    assert 'c.CourseDirectory.course_id = "qinternet-edu"' in global_config
    assert "configureExchange(" in global_config
    assert "CourseDirectory.root" not in global_config
    instructor = (DEPLOY / "jupyter" / "instructor" / "nbgrader_config.py").read_text()
    assert re.search(r'c\.CourseDirectory\.root = "/', instructor)
    for path in (DEPLOY / "jupyter").rglob("*.py"):
        compile(path.read_text(), str(path), "exec")
