"""pytest: the tasks' sources are loaded by the task registry, not collected as modules
(every module's file is called tasks.py)."""

collect_ignore_glob = ["source/*/tasks.py", "nbgrader_config.py"]
