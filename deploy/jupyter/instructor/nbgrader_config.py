# Instructors: the course root, absolute (their persistent home holds a clone of the course).
c = get_config()  # noqa: F821
c.CourseDirectory.root = "/home/jovyan/qinternet-edu/exercises"
