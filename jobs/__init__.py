"""Background jobs that survive their worker and the broker: one row per job, its idempotency key.

A service saves the job in its own transaction (`services.job_enqueue`) and the task is sent after the
commit; a send that fails (the broker down) leaves the row waiting, and beat's sweep sends it later. The
worker claims the row before it works (`services.job_claim`): a task delivered twice does its work once,
and a job whose worker vanished (no heartbeat) is claimed again by the next one.
"""
