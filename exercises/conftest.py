"""Running the exercise notebooks under pytest (nbval) must not touch the learner's real
progress file: point the progress store at a temporary folder for the whole session."""

import os
import tempfile

os.environ.setdefault("QINTERNET_EDU_DATA_DIR", tempfile.mkdtemp(prefix="qie-progress-"))
