"""The JSON API on the consortium site (django-ninja): the archive backend confirms ingest.

Authentication: `Authorization: Bearer <token>`: a token of an archive backend (only its hash is
stored), valid until it expires or is revoked; two are valid while a backend switches to a new one.
The OpenAPI schema is served at /api/openapi.json and the documentation at /api/docs.
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import NinjaAPI, Schema, Status
from ninja.security import HttpBearer

from onboarding.deliveries import services

from .models import ArchiveBackend
from .services import archive_token_authenticate


class ArchiveBackendToken(HttpBearer):
    """A wrong, expired or revoked token answers 401 and changes nothing. The token's last use is recorded."""

    def authenticate(self, request, token: str) -> ArchiveBackend | None:
        found = archive_token_authenticate(token)
        if found is None:
            return None
        request.archive_token = found
        return found.backend


api = NinjaAPI(
    title="SkånEarkiv API",
    version="1.0",
    description="Arkivbackendens bekräftelse av inleverans (arkivering) av överlämnade leveranser.",
    urls_namespace="api",
    auth=ArchiveBackendToken(),
)


class ConfirmIn(Schema):
    archive_id: str


class ConfirmOut(Schema):
    delivery: UUID
    state: str
    archive_id: str
    kommun: str
    files: int
    bytes: int


class ErrorOut(Schema):
    detail: str


@api.post(
    "/v1/overlamningar/{delivery}/bekraftelse",
    response={200: ConfirmOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Bekräfta att en överlämnad leverans är arkiverad",
    operation_id="confirm_ingest",
)
def confirm_ingest(request, delivery: UUID, payload: ConfirmIn):
    """The archive names the package by the identifier in its file name (`<delivery>.zip` in its ingest area)."""
    try:
        handover = services.archive_confirm(handover_uuid=delivery, archive_id=payload.archive_id, backend=request.auth)
    except services.UnknownHandOver:
        return Status(404, {"detail": "Ingen överlämnad leverans har den identifieraren."})
    except services.AlreadyConfirmed as exc:
        return Status(409, {"detail": str(exc.args[0])})
    except ValidationError as exc:
        return Status(422, {"detail": " ".join(exc.messages)})
    return Status(
        200,
        {
            "delivery": handover.uuid,
            "state": handover.state,
            "archive_id": handover.archive_id,
            "kommun": handover.kommun.name,
            "files": handover.files,
            "bytes": handover.bytes,
        },
    )
