"""A kommun's people and what a manager may change about them. 404 for everyone who may not manage them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from tenants import access
from tenants.errors import errors_to_message

from .. import selectors, services
from ..forms import RoleForm
from ..messages import MSG_MEMBERSHIP_REMOVED, MSG_MFA_RESET, MSG_ROLE_CHANGED, MSG_USER_DEACTIVATED


def _person_page(request, person, form=None, status=200):
    roles = access.manageable_roles(request.user, request.tenant)
    context = {
        "person": person,
        "form": form or RoleForm(roles=roles, initial={"role": person.membership.role}),
        "is_self": person.user.pk == request.user.pk,
        "is_forvaltning": access.is_forvaltning(request.user),
    }
    return render(request, "people/person.html", context, status=status)


def _name(user) -> str:
    return user.full_name or user.email


class PeopleListView(View):
    def get(self, request):
        people = selectors.people_of_kommun(kommun=request.tenant, user=request.user)
        return render(request, "people/list.html", {"people": people, "kommun": request.tenant})


class PersonView(View):
    def get(self, request, user_id: int):
        person = selectors.person_of_kommun(kommun=request.tenant, user=request.user, user_id=user_id)
        return _person_page(request, person)


class PersonRoleView(View):
    def post(self, request, user_id: int):
        person = selectors.person_of_kommun(kommun=request.tenant, user=request.user, user_id=user_id)
        form = RoleForm(request.POST, roles=access.manageable_roles(request.user, request.tenant))
        if not form.is_valid():
            return _person_page(request, person, form, status=422)
        try:
            membership = services.person_set_role(
                membership=person.membership, role=form.cleaned_data["role"], actor=request.user
            )
        except ValidationError as exc:
            errors_to_message(request, exc)
            return _person_page(request, person, form, status=422)
        role = membership.get_role_display()
        messages.success(request, MSG_ROLE_CHANGED % {"name": _name(person.user), "role": role})
        return redirect("people:person", user_id=user_id)


class PersonRemoveView(View):
    def post(self, request, user_id: int):
        person = selectors.person_of_kommun(kommun=request.tenant, user=request.user, user_id=user_id)
        try:
            services.person_remove(membership=person.membership, actor=request.user)
        except ValidationError as exc:
            errors_to_message(request, exc)
            return redirect("people:person", user_id=user_id)
        messages.success(request, MSG_MEMBERSHIP_REMOVED % {"name": _name(person.user)})
        return redirect("people:list")


class PersonDeactivateView(View):
    def post(self, request, user_id: int):
        access.require_forvaltning(request.user)
        person = selectors.person_of_kommun(kommun=request.tenant, user=request.user, user_id=user_id)
        try:
            services.user_deactivate(user=person.user, kommun=request.tenant, actor=request.user)
        except ValidationError as exc:
            errors_to_message(request, exc)
            return redirect("people:person", user_id=user_id)
        messages.success(request, MSG_USER_DEACTIVATED % {"name": _name(person.user)})
        return redirect(reverse("people:person", kwargs={"user_id": user_id}))


class PersonMfaResetView(View):
    def post(self, request, user_id: int):
        access.require_forvaltning(request.user)
        person = selectors.person_of_kommun(kommun=request.tenant, user=request.user, user_id=user_id)
        try:
            services.mfa_reset(user=person.user, kommun=request.tenant, actor=request.user)
        except ValidationError as exc:
            errors_to_message(request, exc)
            return redirect("people:person", user_id=user_id)
        messages.success(request, MSG_MFA_RESET % {"name": _name(person.user)})
        return redirect("people:person", user_id=user_id)
