"""Named points in the long jobs where a fault test can stop a worker, deterministically.

Inert unless JOBS_FAULT_HOOK_DIR is set in the worker's environment (only the fault tests set it).
Then `checkpoint("validation")` writes `<dir>/validation.reached` and waits until `<dir>/validation.go`
exists: the test kills the worker while it waits there, in the middle of the job, instead of guessing
a time.
"""

import os
import time
from pathlib import Path

POLL_SECONDS = 0.05


def checkpoint(name: str) -> None:
    folder = os.environ.get("JOBS_FAULT_HOOK_DIR")
    if not folder:
        return
    reached, go = Path(folder) / f"{name}.reached", Path(folder) / f"{name}.go"
    if go.exists():
        return
    reached.write_text(str(os.getpid()))
    while not go.exists():
        time.sleep(POLL_SECONDS)
