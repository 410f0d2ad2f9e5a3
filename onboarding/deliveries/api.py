"""The JSON API on the consortium site (django-ninja): the archive backend confirms ingest.

Authentication: `Authorization: Bearer <token>`: a token of an archive backend (only its hash is
stored), valid until it expires or is revoked; two are valid while a backend switches to a new one.
The OpenAPI schema is served at /api/openapi.json and the documentation at /api/docs.
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.security import HttpBearer

from onboarding.deliveries_index.models import ArchiveBackend
from onboarding.deliveries_index.services import archive_token_authenticate

from . import services


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


# The archive's identifier: at least one character that is not white space (the service strips it), at most
# 200 (what is stored). The schema says so, so a client sees from the contract what will be refused.
ARCHIVE_ID = Field(..., min_length=1, max_length=200, pattern=r"\S", description="Arkivets identifierare för paketet.")


class ConfirmIn(Schema):
    archive_id: str = ARCHIVE_ID


class ConfirmOut(Schema):
    delivery: UUID
    state: str
    archive_id: str
    kommun: str
    files: int
    bytes: int


class ErrorOut(Schema):
    detail: str


class FieldProblemOut(Schema):
    field: str = Field(..., description="Var i begäran, t.ex. body.payload.archive_id.")
    problem: str = Field(..., description="Vad som är fel, som en kod (missing, string_too_short, ...).")


class InvalidOut(Schema):
    """422: `detail` is a sentence (a string, like every error here); `errors` says which field and why."""

    detail: str
    errors: list[FieldProblemOut]


MSG_REQUEST_INVALID = "Begäran är ogiltig: %(fields)s saknas eller har fel form."
MSG_BODY_UNREADABLE = "Begärans innehåll kan inte läsas som JSON."


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """django-ninja's own refusals (400: a body that is not JSON) in the schema's ErrorOut shape, in Swedish."""
    detail = MSG_BODY_UNREADABLE if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestInvalid)
def request_invalid(request, exc: RequestInvalid):
    """The body or path does not follow the schema: 422 with `detail` a string (the schema's ErrorOut shape)."""
    problems = [
        {"field": ".".join(str(part) for part in error.get("loc", ())), "problem": str(error.get("type", ""))}
        for error in exc.errors
    ]
    fields = ", ".join(p["field"] for p in problems) or "begäran"
    return api.create_response(
        request, {"detail": MSG_REQUEST_INVALID % {"fields": fields}, "errors": problems}, status=422
    )


@api.post(
    "/v1/overlamningar/{delivery}/bekraftelse",
    response={200: ConfirmOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: InvalidOut},
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
        return Status(422, {"detail": " ".join(exc.messages), "errors": []})
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
