"""The shape of every billing action: one POST by the förvaltning on one object."""

from django.core.exceptions import ValidationError
from django.views import View

from tenants import access
from tenants.errors import errors_to_message
from tenants.htmx import htmx_redirect


class ActionView(View):
    """`act` does the one thing and says where to go next; a refusal becomes a message and the person goes
    back to `refused_url`. Everyone but the förvaltning gets 404, as does an object they may not see."""

    def post(self, request, pk: int):
        access.require_forvaltning(request.user)
        obj = self.get_object(request, pk)
        try:
            target = self.act(request, obj)
        except ValidationError as exc:
            errors_to_message(request, exc)
            target = self.refused_url(obj)
        return htmx_redirect(request, target)

    def get_object(self, request, pk: int):
        raise NotImplementedError

    def act(self, request, obj) -> str:
        raise NotImplementedError

    def refused_url(self, obj) -> str:
        raise NotImplementedError
