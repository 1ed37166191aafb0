"""nbgrader configuration of the qinternet-edu course (this folder is the course root).

Instructor workflow, from this folder with the course's virtual environment activated
(nbgrader runs `alembic` by name, so the environment's bin/ must be on PATH):

    nbgrader generate_assignment 01_qubits      # source/ -> release/ (solutions removed)
    nbgrader release_assignment 01_qubits       # to the exchange (JupyterHub)
    nbgrader collect 01_qubits                  # exchange -> submitted/
    nbgrader autograde 01_qubits                # submitted/ -> autograded/, scores in gradebook.db
    nbgrader generate_feedback 01_qubits        # autograded/ -> feedback/ (HTML)
    nbgrader release_feedback 01_qubits

See docs/instructor-guide.md and docs/grading.md.
"""

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "qinternet-edu"
c.CourseDirectory.root = "."
# Solutions become this stub; the checks report "not attempted yet" until it is replaced.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
# Learners see only the visible checks; hidden tests run at autograding.
c.ClearSolutions.enforce_metadata = True
# A check stops a learner's endless loop after 5 s; this bounds a whole cell (an endless
# loop at a cell's top level costs at most this).
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60
c.ExecutePreprocessor.kernel_name = "python3"
# The built-in exchange on a shared server (The Littlest JupyterHub): one Unix user per student.
c.Exchange.root = "/srv/nbgrader/exchange"
# Released files: the notebook only (the learner copies elsewhere in this folder are for
# self-paced use and are not part of an assignment).
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "backups",
    "tasks.py",  # the reference and hidden cases stay with the instructor
]

# Grading outside the student's kernel (docs/grading.md): right after nbgrader executes the
# notebook, each task's check cell is graded again from the answer cells alone, run in a
# fresh, limited interpreter; the outputs the kernel left in grade cells are replaced.
try:
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        Execute,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )
except ImportError:  # a student's server without nbgrader's converters: nothing to grade
    pass
else:
    # Not guarded: if nbgrader can grade here but the course package cannot be imported,
    # grading must stop with that error rather than fall back to grading inside the
    # student's kernel.
    from qinternet_edu.exercises.nbgrader_grading import GradeOutsideKernel

    c.Autograde.autograde_preprocessors = [
        Execute,
        GradeOutsideKernel,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    c.GradeOutsideKernel.time_limit_s = 60.0
