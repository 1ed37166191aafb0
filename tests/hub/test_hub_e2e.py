"""The course on a real JupyterHub with nbgrader's exchange, from release to grades (``-k hub``).

What runs, all on 127.0.0.1 and inside a temporary folder:

- JupyterHub (PyPI) with configurable-http-proxy (npm) and its default ``LocalProcessSpawner``,
  which starts each user's JupyterLab as the Unix user of the same name. The test creates three
  real Unix users. As on The Littlest JupyterHub (TLJH), a person who logs in as ``alice`` is
  the Unix user ``jupyter-alice`` (here through ``Authenticator.username_map``), and that Unix
  name is the student id nbgrader's exchange records.
- The course is configured with the files of ``docs/instructor-guide.md``, read from the guide
  itself (each is a code block after a ``<!-- hub-file: PATH -->`` marker), so the guide cannot
  drift from what was tested. The global folder of the guide (the users' environment's
  ``etc/jupyter``) is stood in for by a temporary folder on ``JUPYTER_CONFIG_PATH`` (after the
  user's ``~/.jupyter``, the order TLJH's users see), and the
  exchange by a temporary folder: the test never writes to the machine's /etc, /srv or to the
  shared Python environment. The instructor's files go to the instructor's real home.
- The instructor generates and releases the first assignment found in ``exercises/source/``;
  two students log in through the hub's login page in headless Chromium, fetch it from the
  Assignments panel, answer (alice correctly, bob with a wrong first task), save and submit;
  the instructor collects, autogrades, generates and releases feedback; the students fetch
  their feedback; ``nbgrader export`` writes the CSV whose scores are checked against the
  points the source notebook gives.
- Students do not get the instructor's tools (formgrader, create-assignment); the instructor
  does, and the formgrader, started from the instructor's home, lists the submissions.

Needs root (to create users and to spawn servers as them; CI runs as root), ``useradd``,
``configurable-http-proxy`` on PATH (``.ci/run`` installs it with npm) and Chromium; elsewhere
the test is skipped with the reason. When the Python interpreter lies under a folder other
users cannot enter (pyenv under /root), the test's users, and only they, are given search
access to those folders with ``setfacl`` for the duration of the test. Every process started
is stopped, the access is revoked and the users are deleted in teardown.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "instructor-guide.md"
SOURCE = ROOT / "exercises" / "source"

# What the guide calls the global folder and the exchange, and what the test puts there instead.
GUIDE_GLOBAL_DIR = "/opt/tljh/user/etc/jupyter"
GUIDE_EXCHANGE = "/srv/nbgrader/exchange"
GUIDE_INSTRUCTOR_HOME = "/home/jupyter-instructor"
USER_PREFIX = "jupyter-"  # TLJH's prefix of Unix user names

INSTRUCTOR = "instructor"
RIGHT, WRONG = "alice", "bob"
PASSWORD = "course-hub-test-password"  # the hub's shared password (loopback only)
COURSE_ID = "qinternet-edu"

HUB_START_TIMEOUT_S = 90
UI_TIMEOUT_MS = 120_000

HUB_FILE = re.compile(r"<!-- hub-file: (\S+) -->\s*\n```[a-z]*\n(.*?)```", re.DOTALL)

PLUGIN_FORMGRADER = "@jupyter/nbgrader:formgrader"
PLUGIN_CREATE = "@jupyter/nbgrader:create-assignment"


def guide_files() -> dict[str, str]:
    """The files the guide tells an administrator and an instructor to write, by path."""
    return {path: body for path, body in HUB_FILE.findall(GUIDE.read_text(encoding="utf-8"))}


def first_assignment() -> Path:
    """The source notebook of the first assignment in exercises/source/ (sorted by name)."""
    notebooks = sorted(SOURCE.glob("*/*.ipynb"))
    notebooks = [nb for nb in notebooks if ".ipynb_checkpoints" not in nb.parts]
    assert notebooks, f"no assignment notebooks under {SOURCE}"
    return notebooks[0]


# --------------------------------------------------------------------------------------------
# Checks that need no hub: the guide holds every file the hub test needs.


def test_hub_guide_has_the_files_the_test_writes():
    files = guide_files()
    expected = {
        f"{GUIDE_GLOBAL_DIR}/nbgrader_config.py",
        f"{GUIDE_GLOBAL_DIR}/labconfig/page_config.json",
        f"{GUIDE_GLOBAL_DIR}/jupyter_server_config.json",
        f"{GUIDE_INSTRUCTOR_HOME}/.jupyter/nbgrader_config.py",
        f"{GUIDE_INSTRUCTOR_HOME}/.jupyter/labconfig/page_config.json",
        f"{GUIDE_INSTRUCTOR_HOME}/.jupyter/jupyter_server_config.json",
    }
    assert set(files) == expected
    global_config = files[f"{GUIDE_GLOBAL_DIR}/nbgrader_config.py"]
    assert f'c.CourseDirectory.course_id = "{COURSE_ID}"' in global_config
    assert f'c.Exchange.root = "{GUIDE_EXCHANGE}"' in global_config
    assert "CourseDirectory.root" not in global_config, "the course root is the instructor's"
    instructor = files[f"{GUIDE_INSTRUCTOR_HOME}/.jupyter/nbgrader_config.py"]
    root = re.search(r'c\.CourseDirectory\.root = "([^"]+)"', instructor)
    assert root and root.group(1).startswith("/"), "the instructor's course root is absolute"
    for path, body in files.items():
        if path.endswith(".json"):
            json.loads(body)
        else:
            compile(body, path, "exec")


def test_hub_guide_life_cycle_matches_the_test():
    """The guide's assignment life cycle is the sequence of commands this test runs."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"<!-- hub-life-cycle -->\s*\n```bash\n(.*?)```", text, re.DOTALL)
    assert block, "the guide has no <!-- hub-life-cycle --> block"
    commands = [
        line.split("#")[0].split()[1]
        for line in block.group(1).splitlines()
        if line.startswith("nbgrader ")
    ]
    assert commands == [step for step, _ in INSTRUCTOR_STEPS_IN_ORDER]


def lms_script() -> str:
    """The guide's script turning nbgrader's grades.csv into Canvas and Moodle imports."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"<!-- lms-script -->\s*\n```python\n(.*?)```", text, re.DOTALL)
    assert block, "the guide has no <!-- lms-script --> block"
    return block.group(1)


def run_lms_script(folder: Path) -> tuple[list[list[str]], list[list[str]]]:
    """Run the guide's script in ``folder`` (holding grades.csv); the two tables it writes."""
    subprocess.run(
        [sys.executable, "-c", lms_script()], cwd=folder, check=True, capture_output=True
    )
    tables = []
    for name in ("canvas.csv", "moodle.csv"):
        with (folder / name).open(newline="") as handle:
            tables.append(list(csv.reader(handle)))
    return tables[0], tables[1]


NBGRADER_EXPORT_COLUMNS = [
    "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
    "raw_score", "late_submission_penalty", "score", "max_score",
]  # fmt: skip


def test_hub_guide_lms_script_pivots_grades(tmp_path):
    rows = [
        ["00_welcome", "", "", "jupyter-alice", "Liddell", "Alice", "alice@example.org",
         "7.0", "0.0", "7.0", "7.0"],
        ["00_welcome", "", "", "jupyter-bob", "Marley", "Bob", "bob@example.org",
         "6.0", "0.0", "6.0", "7.0"],
        ["01_qubits", "", "", "jupyter-alice", "Liddell", "Alice", "alice@example.org",
         "4.0", "4.0", "0.0", "5.0"],
    ]  # fmt: skip
    with (tmp_path / "grades.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(NBGRADER_EXPORT_COLUMNS)
        writer.writerows(rows)
    canvas, moodle = run_lms_script(tmp_path)
    assert canvas[0] == [
        "Student", "ID", "SIS User ID", "SIS Login ID", "Section", "00_welcome", "01_qubits"
    ]  # fmt: skip
    assert canvas[1] == ["Liddell, Alice", "", "", "alice", "", "7", "0"]  # after the penalty
    assert canvas[2] == ["Marley, Bob", "", "", "bob", "", "6", ""]  # no submission: blank
    assert moodle == [
        ["Email address", "00_welcome", "01_qubits"],
        ["alice@example.org", "7", "0"],
        ["bob@example.org", "6", ""],
    ]


def _verdicts(course, who: str) -> str:
    """The grade cells' outputs of ``who``'s autograded notebook, to say why a score is off."""
    lines = []
    for path in sorted((course.course_root / "autograded" / course.unix[who]).rglob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.metadata.get("nbgrader", {}).get("grade"):
                texts = [
                    output.get("text") or output.get("evalue") or str(output.get("data", ""))
                    for output in cell.get("outputs", [])
                ]
                lines.append(f"{cell.metadata['nbgrader']['grade_id']}: {' '.join(texts)[:300]}")
    return f"{who}'s grade cells:\n" + "\n".join(lines or ["(no autograded notebook)"])


INSTRUCTOR_STEPS_IN_ORDER = [
    ("generate_assignment", "release/"),
    ("release_assignment", "exchange"),
    ("collect", "submitted/"),
    ("autograde", "autograded/"),
    ("generate_feedback", "feedback/"),
    ("release_feedback", "exchange"),
    ("export", "grades.csv"),
]


# --------------------------------------------------------------------------------------------
# The hub.


def _skip_reason() -> str | None:
    if sys.platform != "linux":
        return "the hub test runs on Linux only (real Unix users, LocalProcessSpawner)"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return (
            "the hub test needs root: it creates Unix users and spawns their servers "
            "(CI runs as root; run it there or with sudo)"
        )
    for program in ("useradd", "userdel", "runuser"):
        if shutil.which(program) is None:
            return f"the hub test needs {program} (Debian's passwd/util-linux)"
    if shutil.which("configurable-http-proxy") is None:
        return (
            "configurable-http-proxy is not on PATH "
            "(npm install -g configurable-http-proxy; .ci/run does this)"
        )
    if _closed_folders() and shutil.which("setfacl") is None:
        return (
            f"{', '.join(map(str, _closed_folders()))} cannot be searched by other users, so "
            "the students' servers could not run this Python; the test grants its users "
            "access with setfacl, which is missing (apt-get install acl; .ci/run does this)"
        )
    return None


def _closed_folders() -> list[Path]:
    """Folders on the way to this Python, its environment or the checkout that others cannot
    search (for example /root, when the interpreter was built by pyenv as root)."""
    closed = []
    interpreter = Path(os.path.realpath(sys.executable))
    for path in (interpreter, Path(sys.prefix), Path(sys.base_prefix), ROOT):
        for part in path.parents if path.is_file() else [path, *path.parents]:
            if not part.stat().st_mode & stat.S_IXOTH and part not in closed:
                closed.append(part)
    return closed


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def _delete_user(name: str) -> None:
    import pwd  # Unix only: imported here so the module is collected (and skips) anywhere

    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    _kill_processes_of(name)
    subprocess.run(["userdel", "-r", "-f", name], capture_output=True, check=False)


def _kill_processes_of(name: str) -> None:
    """Stop, by process id, every process still running as a Unix user this test created."""
    import pwd

    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        pids.append(int(entry.name))
                except FileNotFoundError:
                    continue
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        if pids:
            time.sleep(1)


class Course:
    """The temporary hub site: users, global config folder, exchange, hub process."""

    def __init__(self, base: Path):
        self.base = base
        self.global_dir = base / "global" / "etc" / "jupyter"
        self.exchange = base / "srv" / "nbgrader" / "exchange"
        self.bin = Path(sys.executable).parent
        self.assignment_nb = first_assignment()
        self.assignment = self.assignment_nb.parent.name
        self.unix = {who: USER_PREFIX + who for who in (INSTRUCTOR, RIGHT, WRONG)}
        self.instructor_home = Path(f"/home/{self.unix[INSTRUCTOR]}")
        self.course_root = self.instructor_home / "qinternet-edu" / "exercises"
        self.hub_proc: subprocess.Popen | None = None
        self.url = ""
        self.timings: dict[str, float] = {}
        self.granted: list[tuple[Path, str]] = []

    # environment shared by the users' servers and the instructor's terminal commands
    def user_env(self) -> dict[str, str]:
        return {
            "PATH": f"{self.bin}:/usr/local/bin:/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "JUPYTER_CONFIG_PATH": str(self.global_dir),
            "LANG": "C.UTF-8",
        }

    def substitute(self, text: str) -> str:
        return (
            text.replace(GUIDE_GLOBAL_DIR, str(self.global_dir))
            .replace(GUIDE_EXCHANGE, str(self.exchange))
            .replace(GUIDE_INSTRUCTOR_HOME, str(self.instructor_home))
        )

    def write_guide_files(self) -> None:
        for path, body in guide_files().items():
            target = Path(self.substitute(path))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.substitute(body), encoding="utf-8")
        _run(["chown", "-R", f"{self.unix[INSTRUCTOR]}:", str(self.instructor_home / ".jupyter")])

    def create_users(self) -> None:
        for name in self.unix.values():
            _delete_user(name)
            _run(["useradd", "-m", "-s", "/bin/bash", name])

    def install_course(self) -> None:
        """The instructor's checkout of the course (here: the exercises folder of this one)."""
        self.course_root.parent.mkdir(parents=True)
        shutil.copytree(
            ROOT / "exercises",
            self.course_root,
            ignore=shutil.ignore_patterns(
                "release",
                "submitted",
                "autograded",
                "feedback",
                "gradebook.db",
                ".ipynb_checkpoints",
                "__pycache__",
            ),
        )
        # The course's own config names the exchange too: point it at the stand-in.
        config = self.course_root / "nbgrader_config.py"
        config.write_text(self.substitute(config.read_text(encoding="utf-8")), encoding="utf-8")
        students = self.course_root / "students.csv"
        with students.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "first_name", "last_name", "email"])
            for who in (RIGHT, WRONG):
                writer.writerow([self.unix[who], who.title(), "Student", f"{who}@example.org"])
        _run(
            [
                "chown",
                "-R",
                f"{self.unix[INSTRUCTOR]}:",
                str(self.instructor_home / "qinternet-edu"),
            ]
        )

    def grant_python(self) -> None:
        """Let the test's users (only them) search the folders on the way to this Python."""
        for folder in _closed_folders():
            before = _run(["getfacl", "--omit-header", "--absolute-names", str(folder)]).stdout
            self.granted.append((folder, before))
            # Search (x) is enough on the way to a folder; the checkout itself is a path entry
            # of the editable install, which Python lists (r) to import from it.
            access = "rx" if folder == ROOT else "x"
            for name in self.unix.values():
                _run(["setfacl", "-m", f"u:{name}:{access}", str(folder)])

    def revoke_python(self) -> None:
        """Put each folder's access list back as it was."""
        for folder, before in self.granted:
            subprocess.run(["setfacl", "-b", str(folder)], capture_output=True, check=False)
            subprocess.run(
                ["setfacl", "--set-file=-", str(folder)],
                input=before,
                capture_output=True,
                text=True,
                check=False,
            )
        self.granted.clear()

    def make_exchange(self) -> None:
        # The guide: sudo mkdir -p /srv/nbgrader/exchange
        #            sudo chmod ugo+rw /srv/nbgrader/exchange
        self.exchange.mkdir(parents=True)
        self.exchange.chmod(self.exchange.stat().st_mode | 0o666)

    def instructor(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        """Run a command as the instructor, in the course root, as from a hub terminal."""
        env = self.user_env() | {
            "HOME": str(self.instructor_home),
            "USER": self.unix[INSTRUCTOR],
            "JUPYTER_CONFIG_PATH": f"{self.instructor_home / '.jupyter'}:{self.global_dir}",
        }
        cmd = ["runuser", "-u", self.unix[INSTRUCTOR], "--", "env", "-i"]
        cmd += [f"{key}={value}" for key, value in env.items()]
        cmd += list(args)
        return _run(cmd, cwd=cwd or self.course_root, timeout=600)

    def start_hub(self, port: int, hub_port: int, api_port: int) -> None:
        hub_dir = self.base / "hub"
        hub_dir.mkdir()
        hub_dir.chmod(0o700)
        config = {
            "ip": "127.0.0.1",
            "port": port,
            "hub_port": hub_port,
            "api_port": api_port,
            "db": f"sqlite:///{hub_dir / 'jupyterhub.sqlite'}",
            "cookie_secret_file": str(hub_dir / "cookie_secret"),
            "chp": shutil.which("configurable-http-proxy"),
            "singleuser": str(self.bin / "jupyterhub-singleuser"),
            "password": PASSWORD,
            "username_map": {who: unix for who, unix in self.unix.items()},
            "environment": {k: v for k, v in self.user_env().items() if k != "JUPYTER_CONFIG_PATH"},
            "global_dir": str(self.global_dir),
        }
        (hub_dir / "jupyterhub_config.py").write_text(
            HUB_CONFIG.format(config=json.dumps(config)), encoding="utf-8"
        )
        env = dict(os.environ)
        env["PATH"] = f"{self.bin}:{env.get('PATH', '/usr/bin:/bin')}"
        env.pop("JUPYTERHUB_API_TOKEN", None)
        log = (hub_dir / "jupyterhub.log").open("wb")
        self.hub_log = hub_dir / "jupyterhub.log"
        self.hub_proc = subprocess.Popen(
            [str(self.bin / "jupyterhub"), "-f", str(hub_dir / "jupyterhub_config.py")],
            cwd=hub_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + HUB_START_TIMEOUT_S
        while True:
            if self.hub_proc.poll() is not None:
                pytest.fail(f"JupyterHub exited ({self.hub_proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterHub did not answer in {HUB_START_TIMEOUT_S} s:\n{self.log_tail()}"
                )
            time.sleep(0.5)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.hub_log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no hub log)"

    def stop(self) -> None:
        if self.hub_proc is not None and self.hub_proc.poll() is None:
            self.hub_proc.send_signal(signal.SIGTERM)  # cleanup_servers stops the users' servers
            try:
                self.hub_proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        if self.hub_proc is not None:
            for sig in (signal.SIGTERM, signal.SIGKILL):  # the proxy shares the hub's group
                try:
                    os.killpg(self.hub_proc.pid, sig)
                except ProcessLookupError:
                    break
                time.sleep(1)
        self.revoke_python()
        for name in self.unix.values():
            _delete_user(name)


HUB_CONFIG = """\
import json
cfg = json.loads({config!r})
c = get_config()  # noqa: F821
c.JupyterHub.ip = cfg["ip"]
c.JupyterHub.port = cfg["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = cfg["hub_port"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % cfg["api_port"]
c.ConfigurableHTTPProxy.command = [cfg["chp"]]
c.JupyterHub.db_url = cfg["db"]
c.JupyterHub.cookie_secret_file = cfg["cookie_secret_file"]
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "jupyterhub.authenticators.shared.SharedPasswordAuthenticator"
c.SharedPasswordAuthenticator.user_password = cfg["password"]
# TLJH names the Unix user of the person "alice" jupyter-alice; so does this map.
c.Authenticator.username_map = cfg["username_map"]
c.Authenticator.allowed_users = set(cfg["username_map"].values())
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [cfg["singleuser"]]
c.Spawner.default_url = "/lab"
c.Spawner.environment = cfg["environment"]
# The stand-in for the environment's config folder, after the user's own ~/.jupyter as on TLJH
# (JUPYTER_CONFIG_PATH alone would outrank ~/.jupyter).
c.Spawner.environment["JUPYTER_CONFIG_PATH"] = (
    lambda spawner: "/home/%s/.jupyter:%s" % (spawner.user.name, cfg["global_dir"])
)
c.Spawner.args = [
    "--LabApp.expose_app_in_browser=True",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
"""


@pytest.fixture(scope="module")
def course(get_free_port):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="qie-hub-"))
    base.chmod(0o755)
    site = Course(base)
    try:
        site.create_users()
        site.grant_python()
        site.make_exchange()
        site.install_course()
        site.write_guide_files()
        site.instructor("nbgrader", "db", "student", "import", "students.csv")
        site.start_hub(get_free_port(), get_free_port(), get_free_port())
        yield site
    finally:
        site.stop()
        shutil.rmtree(base, ignore_errors=True)


# JavaScript run in a user's JupyterLab ------------------------------------------------------

_APP_READY = "() => !!(window.jupyterapp && window.jupyterapp.shell)"

_HAS_PLUGIN = "(id) => window.jupyterapp.hasPlugin(id)"

_SET_ANSWERS = """async ([path, answers]) => {
    const app = window.jupyterapp;
    const widget = await app.commands.execute('docmanager:open', {path});
    await widget.context.ready;
    const cells = widget.content.model.cells;
    const done = [];
    for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        const meta = cell.getMetadata('nbgrader');
        if (meta && Object.prototype.hasOwnProperty.call(answers, meta.grade_id)) {
            cell.sharedModel.setSource(answers[meta.grade_id]);
            done.push(meta.grade_id);
        }
    }
    await widget.context.save();
    await widget.sessionContext.shutdown();
    return done;
}"""


def _login(browser, course: Course, who: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.goto(f"{course.url}/hub/login")
    page.fill("#username_input", who)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{re.escape(course.unix[who])}/lab"))
    page.wait_for_function(_APP_READY)
    page.evaluate(
        "async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }"
    )
    return context, page


def _open_assignments(page) -> None:
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute('nbgrader:open-assignment-list'); }"
    )


def _answers(course: Course, *, wrong_first: bool) -> tuple[dict[str, str], str]:
    """Each answer cell's source from the instructor's solution (markers removed).

    With ``wrong_first`` the first task's function returns None instead. Also returns the
    grade id of the check cell of the first task (the one the wrong answer loses).
    """
    nb = nbformat.read(course.assignment_nb, as_version=4)
    answers: dict[str, str] = {}
    first_check = ""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            lines = [
                line
                for line in cell.source.splitlines()
                if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
            ]
            source = "\n".join(lines) + "\n"
            if wrong_first and not answers:
                tree = ast.parse(source)
                functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
                assert functions, f"the first answer cell defines no function:\n{source}"
                source = f"def {functions[-1]}(*args, **kwargs):\n    return None\n"
            answers[meta["grade_id"]] = source
        elif meta.get("grade") and answers and not first_check:
            first_check = meta["grade_id"]
    return answers, first_check


def _points(course: Course) -> dict[str, float]:
    nb = nbformat.read(course.assignment_nb, as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: float(cell.metadata["nbgrader"]["points"])
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    }


def test_hub_course_end_to_end(course, browser):
    assignment = course.assignment
    timings = course.timings

    # The instructor releases the assignment through the exchange.
    for step in ("generate_assignment", "release_assignment"):
        start = time.monotonic()
        course.instructor("nbgrader", step, assignment)
        timings[step] = time.monotonic() - start
    released = course.exchange / COURSE_ID / "outbound" / assignment / course.assignment_nb.name
    assert released.exists(), f"release_assignment left nothing in the exchange at {released}"
    assert "### BEGIN SOLUTION" not in released.read_text()

    # Two students log in through the hub, fetch, answer and submit in the Assignments panel.
    sessions = {}
    for who, wrong in ((RIGHT, False), (WRONG, True)):
        context, page = _login(browser, course, who)
        sessions[who] = (context, page)
        assert not page.evaluate(_HAS_PLUGIN, PLUGIN_FORMGRADER), "students see the formgrader"
        assert not page.evaluate(_HAS_PLUGIN, PLUGIN_CREATE), "students see create-assignment"
        formgrader = page.request.get(f"{course.url}/user/{course.unix[who]}/formgrader")
        assert formgrader.status == 404, "a student's server serves the formgrader"

        _open_assignments(page)
        page.locator("#released_assignments_list button", has_text="Fetch").click()
        page.locator("#fetched_assignments_list button", has_text="Submit").wait_for()
        fetched = Path(f"/home/{course.unix[who]}/{assignment}/{course.assignment_nb.name}")
        assert fetched.exists(), f"{who}'s fetch did not write {fetched}"

        answers, _ = _answers(course, wrong_first=wrong)
        changed = page.evaluate(
            _SET_ANSWERS, [f"{assignment}/{course.assignment_nb.name}", answers]
        )
        assert sorted(changed) == sorted(answers)
        saved = {
            cell.metadata["nbgrader"]["grade_id"]: cell.source
            for cell in nbformat.read(fetched, as_version=4).cells
            if cell.metadata.get("nbgrader", {}).get("grade_id") in answers
        }
        assert {key: value.rstrip() for key, value in saved.items()} == {
            key: value.rstrip() for key, value in answers.items()
        }, "the answers were not saved"

        page.evaluate(
            "async () => { await window.jupyterapp.commands.execute('filebrowser:activate'); }"
        )
        _open_assignments(page)
        page.locator("#fetched_assignments_list button", has_text="Submit").click()
        page.locator("#submitted_assignments_list .item_name").first.wait_for()

    inbound = list((course.exchange / COURSE_ID / "inbound").iterdir())
    owners = sorted({name.name.split("+")[0] for name in inbound})
    assert owners == sorted(course.unix[w] for w in (RIGHT, WRONG)), inbound

    # The instructor collects, autogrades, generates and releases feedback, exports grades.
    for step in ("collect", "autograde", "generate_feedback", "release_feedback"):
        start = time.monotonic()
        course.instructor("nbgrader", step, assignment)
        timings[step] = time.monotonic() - start
    start = time.monotonic()
    course.instructor("nbgrader", "export")
    timings["export"] = time.monotonic() - start

    # The students fetch their feedback from the Assignments panel.
    for who in (RIGHT, WRONG):
        context, page = sessions[who]
        # A fresh workspace: the notebook is not reopened, so no kernel starts again.
        page.goto(f"{course.url}/user/{course.unix[who]}/lab?reset")
        page.wait_for_function(_APP_READY)
        page.evaluate("async () => { await window.jupyterapp.restored; }")
        _open_assignments(page)
        page.locator("button", has_text="Fetch Feedback").first.click()
        page.get_by_text("(view feedback)").first.wait_for()
        feedback = list(Path(f"/home/{course.unix[who]}/{assignment}/feedback").rglob("*.html"))
        assert feedback, f"{who} fetched no feedback"
        context.close()

    # The grades: the right answers score every point, the wrong one loses the first task's.
    points = _points(course)
    _, first_check = _answers(course, wrong_first=True)
    with (course.course_root / "grades.csv").open(newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    right, wrong = rows[course.unix[RIGHT]], rows[course.unix[WRONG]]
    total = sum(points.values())
    assert float(right["max_score"]) == pytest.approx(total, abs=1e-9)
    assert float(right["score"]) == pytest.approx(total, abs=1e-9), _verdicts(course, RIGHT)
    assert float(wrong["score"]) == pytest.approx(total - points[first_check], abs=1e-9)
    assert float(wrong["score"]) < float(right["score"])

    # The guide's script turns the real export into Canvas and Moodle imports.
    lms = course.base / "lms"
    lms.mkdir()
    shutil.copy2(course.course_root / "grades.csv", lms / "grades.csv")
    canvas, moodle = run_lms_script(lms)
    by_login = {row[3]: row for row in canvas[1:]}
    assert (
        by_login[RIGHT][-1] == f"{total:g}" and by_login[WRONG][-1] == f"{float(wrong['score']):g}"
    )
    assert [row[0] for row in moodle[1:]] == [f"{RIGHT}@example.org", f"{WRONG}@example.org"]

    # The instructor's formgrader, started in the home folder, finds the course and both
    # submissions (the course root in ~/.jupyter is absolute).
    context, page = _login(browser, course, INSTRUCTOR)
    assert page.evaluate(_HAS_PLUGIN, PLUGIN_FORMGRADER)
    api = page.request.get(
        f"{course.url}/user/{course.unix[INSTRUCTOR]}/formgrader/api/assignments"
    )
    assert api.status == 200, api.text()
    listed = {item["name"]: item for item in api.json()}
    assert listed[assignment]["num_submissions"] == 2
    context.close()

    print(f"\nnbgrader on the hub, {assignment}, 2 submissions (seconds):")
    for step, seconds in timings.items():
        print(f"  {step:<20} {seconds:6.1f}")
