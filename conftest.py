"""Settings for the whole test run (library tests, doctests and nbval notebooks alike)."""

import os
import tempfile


def pytest_configure(config):
    # Exercise checks record passes in a progress file. Point every test, and every
    # notebook kernel nbval starts (kernels inherit this environment), at a temporary
    # folder so that running the suite never touches a learner's real progress.
    if "QINTERNET_EDU_DATA_DIR" not in os.environ:
        os.environ["QINTERNET_EDU_DATA_DIR"] = tempfile.mkdtemp(prefix="qinternet-edu-tests-")
