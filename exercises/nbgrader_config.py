"""nbgrader configuration of the qinternet-edu course (this folder is the course root).

Instructor workflow, from this folder with the course's virtual environment activated
(nbgrader runs `alembic` by name, so the environment's bin/ must be on PATH):

    nbgrader generate_assignment 01_qubits      # source/ -> release/ (solutions removed)
    nbgrader release_assignment 01_qubits       # to the exchange (JupyterHub)
    nbgrader collect 01_qubits                  # exchange -> submitted/
    nbgrader autograde 01_qubits                # submitted/ -> autograded/, scores in gradebook.db
    nbgrader generate_feedback 01_qubits        # autograded/ -> feedback/ (HTML)
    nbgrader release_feedback 01_qubits

See docs/instructor-guide.md.
"""

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "qinternet-edu"
c.CourseDirectory.root = "."
# Solutions become this stub; the checks report "not attempted yet" until it is replaced.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
# Learners see only the visible checks; hidden tests run at autograding.
c.ClearSolutions.enforce_metadata = True
# A check stops a learner's endless loop after 5 s; this bounds a whole cell.
c.ExecutePreprocessor.timeout = 300
c.ExecutePreprocessor.kernel_name = "python3"
# The built-in exchange on a shared server (The Littlest JupyterHub): one Unix user per student.
c.Exchange.root = "/srv/nbgrader/exchange"
# Released files: the notebook only (the learner copies elsewhere in this folder are for
# self-paced use and are not part of an assignment).
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "tasks.py"]
