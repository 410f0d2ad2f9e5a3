"""A kommun that has left is read-only: the förvaltning may read its pages, nobody may change anything there."""

from django.http import HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import reverse

from tenants.models import Kommun

from .messages import MSG_READ_ONLY

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Posts that change nothing of the kommun's: the reader's language (a cookie) and signing out.
PERSONAL_POSTS = ("set_language", "account_logout")


class ReadOnlyAfterLeavingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = request.tenant
        if tenant.is_consortium or tenant.status != Kommun.Status.LEFT or request.method in SAFE_METHODS:
            return self.get_response(request)
        if request.path in {reverse(name) for name in PERSONAL_POSTS}:
            return self.get_response(request)
        html = render_to_string("kommun_data/read_only.html", {"message": MSG_READ_ONLY}, request=request)
        return HttpResponseForbidden(html)
