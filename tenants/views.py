"""Pages: the start pages, invitations and the accessibility statement. Thin: each calls a selector or service."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views import View
from django.views.generic import TemplateView

from . import access, selectors, services
from . import messages as msg
from .errors import errors_to_form, errors_to_message
from .forms import AcceptInvitationForm, InvitationForm


def _invitation_context(request, form=None) -> dict:
    kommun = request.tenant
    roles = access.invitable_roles(request.user, kommun)
    return {
        "invitations": selectors.kommun_open_invitations(kommun=kommun, user=request.user),
        "invite_form": form if form is not None else (InvitationForm(roles=roles) if roles else None),
    }


class KommunStartView(TemplateView):
    """A kommun's start page: its people and open invitations."""

    template_name = "tenants/kommun_start.html"

    def get_context_data(self, **kwargs):
        kommun = self.request.tenant
        return {
            **super().get_context_data(**kwargs),
            "kommun": kommun,
            "members": selectors.kommun_members(kommun=kommun, user=self.request.user),
            **_invitation_context(self.request),
        }


class ConsortiumStartView(TemplateView):
    """The consortium's start page: the kommuner, their status and population.

    A person with roles only in kommuner is taken to their kommun instead.
    """

    template_name = "tenants/consortium_start.html"

    def get(self, request, *args, **kwargs):
        if access.consortium_role(request.user) is None:
            sites = access.sites_for_user(request.user)
            if len(sites) == 1:
                return HttpResponseRedirect(sites[0].url())
            return render(request, "tenants/choose_site.html", {"sites": sites})
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kommuner = selectors.consortium_kommuner(user=self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "kommuner": kommuner,
            "total_population": sum(k.latest_population.population for k in kommuner if k.latest_population),
            "members": selectors.kommun_members(kommun=self.request.tenant, user=self.request.user),
            **_invitation_context(self.request),
        }


class InvitationCreateView(View):
    """Invite a person by e-mail (HTMX: the invitation panel is re-rendered in place)."""

    def post(self, request):
        roles = access.invitable_roles(request.user, request.tenant)
        if not roles:
            raise Http404
        form = InvitationForm(request.POST, roles=roles)
        if form.is_valid() and self._invite(request, form):
            if not request.htmx:
                return redirect("start")
            form = None
        status = 200 if form is None else 422
        context = _invitation_context(request, form=form)
        if request.htmx:
            return render(request, "tenants/partials/invitations.html", context, status=status)
        return render(request, "tenants/invitation_form_page.html", context, status=status)

    def _invite(self, request, form) -> bool:
        """Whether the invitation went out; a refusal lands on the form, "not yours" is 404."""
        data = form.cleaned_data
        try:
            invitation, _token = services.invitation_create(
                kommun=request.tenant, email=data["email"], role=data["role"], actor=request.user
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
            return False
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, msg.MSG_INVITATION_SENT % {"email": invitation.email})
        return True


class InvitationRevokeView(View):
    def post(self, request, pk: int):
        invitation = selectors.invitation_get_for_user(user=request.user, kommun=request.tenant, pk=pk)
        try:
            services.invitation_revoke(invitation=invitation, actor=request.user)
        except ValidationError as exc:
            errors_to_message(request, exc)
        else:
            messages.success(request, msg.MSG_INVITATION_REVOKED % {"email": invitation.email})
        if request.htmx:
            return render(request, "tenants/partials/invitations.html", _invitation_context(request))
        return redirect("start")


class InvitationAcceptView(View):
    """The link in the invitation e-mail. Works only on the site of the kommun it was made for."""

    template_name = "tenants/invitation_accept.html"

    def _check(self, request, token):
        try:
            return services.invitation_for_token(token=token, kommun=request.tenant), None
        except ValidationError as exc:
            return None, exc

    def get(self, request, token: str):
        invitation, error = self._check(request, token)
        return self._render(request, invitation, error, AcceptInvitationForm())

    def post(self, request, token: str):
        invitation, error = self._check(request, token)
        email = invitation.email if invitation else ""
        form = AcceptInvitationForm(request.POST, email=email) if not request.user.is_authenticated else None
        if invitation is None:
            return self._render(request, invitation, error, form)
        if form is not None and not form.is_valid():
            return self._render(request, invitation, None, form, status=422)
        try:
            user = services.invitation_accept(
                token=token,
                kommun=request.tenant,
                user=request.user if request.user.is_authenticated else None,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else None,
            )
        except ValidationError as exc:
            return self._render(request, invitation, exc, form, status=422)
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, msg.MSG_WELCOME % {"role": invitation.get_role_display()})
        return redirect("start")

    def _render(self, request, invitation, error, form, status=None):
        context = {"invitation": invitation, "error": error, "form": form}
        return render(request, self.template_name, context, status=status or (200 if invitation else 404))


def favicon(request):
    """The icon at the address browsers ask for by themselves (pages name it in <head>)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


class AccessibilityStatementView(TemplateView):
    template_name = "tenants/accessibility.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contact": settings.PLATFORM_ACCESSIBILITY_CONTACT}


def healthz(request):
    """For load balancers: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability (PLATFORM_SECURITY_CONTACT), on every site.

    Expires is always half a year ahead: the file is made from the settings of the running platform, so it
    is as current as they are.
    """
    contacts = [c.strip() for c in settings.PLATFORM_SECURITY_CONTACT.split(",") if c.strip()]
    lines = [f"Contact: {c if ':' in c else 'mailto:' + c}" for c in contacts]
    expires = (datetime.now(UTC) + timedelta(days=182)).replace(hour=0, minute=0, second=0, microsecond=0)
    lines += [
        f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: sv, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
