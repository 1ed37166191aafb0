"""Benchmarks of qinternet-edu (not tests): ``python -m bench`` prints a table.

Each ``bench/bench_<area>.py`` module defines ``run(quick: bool) -> list[Row]``;
the runner imports them all (or those named on the command line), runs each
and prints one table with the measured figure next to its target.
"""
