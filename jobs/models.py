"""The job rows (public schema): what was asked for, whether it was sent, who works on it, whether it is done."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of background work and its idempotency key: (schema, task, object id) is unique.

    `pending` is saved but not started (sent or not: `sent_at`); `running` has a worker that beats
    (`heartbeat_at`), and one whose heart stopped has vanished; `done` ends it, `gave_up` too, after
    `sends` tries; `refused` ends one that may not run at all (its kommun has left: `reason` says so).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Väntar på att starta")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        GAVE_UP = "gave_up", _("Kunde inte startas")
        REFUSED = "refused", _("Avvisat")

    schema_name = models.CharField(max_length=63)
    task = models.CharField(max_length=200)
    object_id = models.BigIntegerField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    sends = models.PositiveIntegerField(default=0, help_text="How often the task was handed to the broker.")
    sent_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=300, blank=True)
    language = models.CharField(
        max_length=10, blank=True, help_text="The language of the person who asked (messages the job writes)."
    )
    token = models.CharField(max_length=32, blank=True, help_text="The current claim; a stale worker's is not it.")
    worker = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0, help_text="How often a worker claimed it.")
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was refused (Swedish).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schema_name", "task", "object_id"], name="jobs_job_one_per_object")
        ]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="jobs_job_state_beat")]

    def __str__(self) -> str:
        return f"{self.task}({self.object_id}) in {self.schema_name}: {self.state}"
