"""Loaded first (``-p tests.parallel_env`` in pytest's addopts), before Django reads its settings.

``make test`` runs the suite in two pytest-xdist workers, one per core. pytest-django gives each worker a
database of its own (``test_<name>_gw0``, ``_gw1``); this gives each its own Redis database too, so one
worker's Celery queues and cache flushes never reach the other's: worker N uses the database number of
REDIS_URL (CACHE_URL when set) plus N. A run without xdist is unchanged.
"""

import os
import re

worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if worker.startswith("gw"):
    offset = int(worker[2:])

    def _shifted(url: str) -> str:
        match = re.fullmatch(r"(redis://[^/]*)(?:/(\d+))?", url)
        if not match:
            return url
        return f"{match.group(1)}/{int(match.group(2) or 0) + offset}"

    for name in ("REDIS_URL", "CACHE_URL"):
        if os.environ.get(name):
            os.environ[name] = _shifted(os.environ[name])
