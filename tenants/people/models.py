"""Which sessions a person has, so that removing or deactivating them can end every one at once."""

from django.conf import settings
from django.db import models


class SessionRecord(models.Model):
    """One signed-in session (Django's database session, by key); written at sign-in, dropped at logout."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.session_key[:6]}…"
