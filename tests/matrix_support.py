"""What the two permission matrices share: the tally of combinations each checked, and the lines printed
when the run ends — each matrix its own count, then one grand total of reads and changes.

``tests/test_permission_matrix.py`` checks the reads (role x view x relation) and
``tests/test_permission_matrix_changes.py`` the changes (role x action x relation). Each calls
``started`` when its first test runs and ``finished`` when the session ends; the last one to finish
also prints the grand total, so one number covers every combination the run asserted.

Under pytest-xdist a worker has no terminal: each line is handed to the main process as a warning,
which lists it at the end of the run, one line per worker with that worker's share (add them up).
"""

import os
import warnings

MATRICES = ("reads", "changes")  # the order of the grand total

_counts: dict[str, int] = {}
_running: set[str] = set()


def started(matrix: str) -> None:
    _running.add(matrix)


def finished(request, matrix: str, count: int, line: str) -> None:
    """Print ``line`` (this matrix's own count); when no other matrix is still running, the grand
    total of every matrix that ran in this process too."""
    _counts[matrix] = count
    _running.discard(matrix)
    lines = [line]
    if not _running:
        lines.append(grand_total())
    _emit(request, lines)


def grand_total() -> str:
    parts = [f"{name} {_counts[name]}" if name in _counts else f"{name} not run"
             for name in MATRICES]
    total = sum(_counts.values())
    return (f"permission matrix, reads and changes: {total} (role, action or view, relation) "
            f"combinations checked — " + ", ".join(parts))


def _emit(request, lines: list[str]) -> None:
    plugins = request.config.pluginmanager
    reporter, capture = plugins.getplugin("terminalreporter"), plugins.getplugin("capturemanager")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        # An xdist worker has no terminal; a warning is what it hands to the main process, which
        # lists it at the end of the run (one line per worker, each with its share of the matrix).
        for line in lines:
            warnings.warn(f"{line} [worker {worker}]", UserWarning, stacklevel=1)
    elif reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # past the output capture: no -s needed
            reporter.write_line("")
            for line in lines:
                reporter.write_line(line)
    else:
        for line in lines:
            print(line)
