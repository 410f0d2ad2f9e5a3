"""Archive backend tokens get their own table: expiry, rotation (two valid during a switch), revocation,
last use. The token every backend had becomes its first ArchiveToken, valid for a year from now."""

import datetime

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def tokens_from_backends(apps, schema_editor):
    ArchiveBackend = apps.get_model("deliveries_index", "ArchiveBackend")
    ArchiveToken = apps.get_model("deliveries_index", "ArchiveToken")
    expires = timezone.now() + datetime.timedelta(days=365)
    for backend in ArchiveBackend.objects.all():
        ArchiveToken.objects.create(
            backend=backend,
            token_hash=backend.token_hash,
            prefix="",
            expires_at=expires,
            revoked_at=None if backend.is_active else timezone.now(),
            last_used_at=backend.last_used_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("deliveries_index", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("prefix", models.CharField(max_length=8, verbose_name="början av nyckeln")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="skapad")),
                ("created_by_email", models.CharField(blank=True, max_length=254)),
                ("expires_at", models.DateTimeField(verbose_name="giltig till")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="återkallad")),
                ("revoked_by_email", models.CharField(blank=True, max_length=254)),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="senast använd")),
                (
                    "backend",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tokens",
                        to="deliveries_index.archivebackend",
                    ),
                ),
            ],
            options={
                "verbose_name": "API-nyckel",
                "verbose_name_plural": "API-nycklar",
                "ordering": ["backend", "-created_at", "-id"],
            },
        ),
        migrations.RunPython(tokens_from_backends, migrations.RunPython.noop),
        migrations.RemoveField(model_name="archivebackend", name="token_hash"),
    ]
