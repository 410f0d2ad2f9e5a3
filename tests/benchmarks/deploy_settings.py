"""Settings of tests/benchmarks/test_bench_deploy.py's `migrate_schemas` runs: the platform's, with onboarding's
migrations taken from the benchmark's temporary copy (which adds the deploy's migration) and the
multiprocessing executor's process count from the environment."""

import os

from config.settings import *  # noqa: F403

MIGRATION_MODULES = {"onboarding": os.environ["BENCH_DEPLOY_MIGRATIONS"]}
TENANT_MULTIPROCESSING_MAX_PROCESSES = int(os.environ.get("TENANT_MULTIPROCESSING_MAX_PROCESSES", "2"))
