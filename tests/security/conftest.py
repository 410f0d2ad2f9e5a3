"""The isolation suite's figures, printed after the run: routes, URLs and requests asked, and what came back."""

from . import isolation_suite


def pytest_terminal_summary(terminalreporter):
    lines = isolation_suite.summary()
    if lines:
        terminalreporter.section("isolation: every route as every person who may not see it")
        for line in lines:
            terminalreporter.write_line(line)
