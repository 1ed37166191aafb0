"""Settings for the whole test run (library tests, doctests and nbval notebooks alike)."""

import os
import tempfile

from hypothesis import settings

# Each module's task file is called tasks.py and is loaded by the task registry, not collected
# as a test module; nbgrader's configuration is not a test module either.
collect_ignore_glob = ["exercises/source/*/tasks.py", "exercises/nbgrader_config.py"]

# Property tests draw the same examples on every run and every machine, so a red run
# can be reproduced and CI never fails by chance. Explore more with
# QINTERNET_EDU_HYPOTHESIS_PROFILE=explore (random draws, more examples).
settings.register_profile("deterministic", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("QINTERNET_EDU_HYPOTHESIS_PROFILE", "deterministic"))


def pytest_configure(config):
    # Exercise checks record passes in a progress file. Point every test, and every
    # notebook kernel nbval starts (kernels inherit this environment), at a temporary
    # folder so that running the suite never touches a learner's real progress.
    if "QINTERNET_EDU_DATA_DIR" not in os.environ:
        os.environ["QINTERNET_EDU_DATA_DIR"] = tempfile.mkdtemp(prefix="qinternet-edu-tests-")
