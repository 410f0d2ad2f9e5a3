"""The multi-step form: each step saves the draft and validates its fields; it works as plain POSTs too.

The step's buttons (next, save, prev) post to the same address; `wizard` hands the POST to the
button's own view, which differ only in where they go after saving.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseFormSet
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from onboarding import rules, selectors, services
from onboarding.completeness import completeness
from onboarding.forms import (
    RECORDS_CREATORS,
    BasicsForm,
    ClassificationForm,
    ContactsForm,
    DecommissionForm,
    InformationTypeFormSet,
)
from onboarding.messages import MSG_DRAFT_SAVED
from onboarding.models import System
from onboarding.portfolio.models import Product
from onboarding.portfolio.services import ProductNearDuplicate, product_resolve
from onboarding.services.systems import INFO_FIELDS
from tenants.errors import errors_to_form, errors_to_message
from tenants.htmx import htmx_redirect

from . import form_error_status
from .error_summary import error_summary

STEPS = [
    ("grund", gettext_lazy("Grunduppgifter"), BasicsForm),
    ("kontakter", gettext_lazy("Kontaktpersoner"), ContactsForm),
    ("information", gettext_lazy("Information"), None),
    ("klassning", gettext_lazy("Personuppgifter och klassning"), ClassificationForm),
    ("avveckling", gettext_lazy("Avveckling och export"), DecommissionForm),
    ("granska", gettext_lazy("Granska och skicka in"), None),
]
STEP_KEYS = [key for key, _label, _form in STEPS]
PRODUCT_STEPS = ("grund", "granska")
TEMPLATE = "onboarding/wizard.html"


def _neighbour(step: str, offset: int) -> str | None:
    index = STEP_KEYS.index(step) + offset
    return STEP_KEYS[index] if 0 <= index < len(STEP_KEYS) else None


class WizardStepView(View):
    """GET shows a step; POST validates it and saves the draft, then `done` says where to go."""

    def dispatch(self, request, pk: int | None = None, step: str = "grund"):
        if step not in STEP_KEYS:
            raise Http404
        kommun = request.tenant
        if pk is None:
            self.system = System()
            if not rules.can_create(request.user, kommun):
                raise PermissionDenied
        else:
            # Only the first step (its form) and the review (the facts) show the product.
            with_product = step in PRODUCT_STEPS
            self.system = selectors.system_get(user=request.user, kommun=kommun, pk=pk, with_product=with_product)
            if not rules.can_edit(request.user, kommun, self.system):
                raise PermissionDenied
        self.step = step
        return super().dispatch(request)

    # --- forms -------------------------------------------------------------
    def _form(self, data=None):
        form_class = dict((k, f) for k, _label, f in STEPS)[self.step]
        if self.step == "information":
            initial = (
                [
                    {"name": it.name, **{f: getattr(it, f) for f in INFO_FIELDS}}
                    for it in self.system.information_types.all()
                ]
                if self.system.pk
                else []
            )
            return InformationTypeFormSet(data, initial=initial, prefix="info")
        if form_class is None:
            return None
        return form_class(data, instance=self.system)

    def _render(self, request, form, status=200, **extra):
        state = completeness(self.system) if self.system.pk else None
        context = {
            "system": self.system,
            "steps": [(k, label) for k, label, _f in STEPS],
            "step": self.step,
            "step_label": dict((k, label) for k, label, _f in STEPS)[self.step],
            "step_number": STEP_KEYS.index(self.step) + 1,
            "step_count": len(STEPS),
            "form": form,
            "error_summary": error_summary(form),
            "state": state,
            "records_creators": RECORDS_CREATORS,
            "previous_step": _neighbour(self.step, -1),
            "can_submit": bool(self.system.pk) and rules.can_submit(request.user, request.tenant, self.system),
            **extra,
        }
        if self.step == "granska":
            context["info_types"] = list(self.system.information_types.all())
        return render(
            request, TEMPLATE, context, status=status if status == 200 else form_error_status(request, status)
        )

    def get(self, request):
        return self._render(request, self._form())

    def post(self, request):
        form = self._form(request.POST)
        # A ModelForm's validation writes what was typed onto its instance (self.system): keep the saved values,
        # which the service compares with the form's to know what changed (as reading the system again would).
        saved = {field.attname: getattr(self.system, field.attname) for field in System._meta.concrete_fields}
        if form is not None and not form.is_valid():
            return self._render(request, form, status=422)
        try:
            self._save(request, form, saved)
        except ProductNearDuplicate as exc:
            # A question (which product did you mean?), not an error: nothing is wrong with what was typed.
            return self._render(request, form, candidates=exc.candidates)
        except ValidationError as exc:
            _refusal_to(request, form, exc)
            return self._render(request, form, status=422)
        return self.done(request)

    def done(self, request):
        raise NotImplementedError

    def _go(self, request, step: str):
        return htmx_redirect(request, reverse("onboarding:system_step", args=[self.system.pk, step]))

    # --- saving ------------------------------------------------------------
    def _save(self, request, form, saved: dict) -> None:
        user = request.user
        if self.step == "granska" or form is None:
            return
        if self.step == "information":
            rows = [
                {"name": f.cleaned_data["name"], **{k: f.cleaned_data.get(k) for k in INFO_FIELDS}}
                for f in form.forms
                if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
            ]
            services.information_types_set(system=self.system, rows=rows, actor=user)
            return
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        if self.step == "grund":
            data["product_id"] = self._product(form, user).pk
        if self.system.pk is None:
            self.system = services.system_create(data=data, actor=user)
        else:
            for name, value in saved.items():
                setattr(self.system, name, value)
            services.system_update(system=self.system, data=data, actor=user)

    def _product(self, form, user) -> Product:
        chosen = form.cleaned_data.get("use_product")
        if chosen:
            product = Product.objects.filter(pk=chosen).first()
            if product is not None:
                return product
        return product_resolve(
            name=form.cleaned_data["product_name"],
            vendor=form.cleaned_data.get("vendor", ""),
            confirm_new=form.cleaned_data.get("confirm_new", False),
            actor=user,
        )


def _refusal_to(request, form, exc: ValidationError) -> None:
    """A service's refusal: on the step's form (a formset's at its top), or as a message when no field fits."""
    if form is None or not hasattr(exc, "error_dict"):
        errors_to_message(request, exc)
    elif isinstance(form, BaseFormSet):
        form._non_form_errors = form.error_class(exc.messages)
    else:
        errors_to_form(form, exc)


class WizardSaveView(WizardStepView):
    """ "Spara utkast": stay on the step."""

    def done(self, request):
        messages.success(request, MSG_DRAFT_SAVED)
        return self._go(request, self.step)


class WizardNextView(WizardSaveView):
    """ "Spara och fortsätt" (and Enter in a field): the next step; the last step stays, saved."""

    def done(self, request):
        following = _neighbour(self.step, +1)
        return self._go(request, following) if following else super().done(request)


class WizardPreviousView(WizardNextView):
    """ "Spara och gå tillbaka": the previous step (the first step has none: then as "next")."""

    def done(self, request):
        previous = _neighbour(self.step, -1)
        return self._go(request, previous) if previous else super().done(request)


class WizardAddRowView(WizardNextView):
    """ "Lägg till en informationstyp": the rows as typed plus an empty one, focused; nothing is saved or checked."""

    def post(self, request):
        if self.step != "information":
            return super().post(request)
        typed = InformationTypeFormSet(request.POST, prefix="info")
        fields = list(typed.empty_form.fields)
        rows = [
            {name: request.POST.get(f"{row.prefix}-{name}", "") for name in fields if name != "DELETE"}
            for row in typed.forms
            if not request.POST.get(f"{row.prefix}-DELETE")
        ]
        formset = InformationTypeFormSet(initial=rows, prefix="info")
        formset.forms[-1].fields["name"].widget.attrs["autofocus"] = True
        return self._render(request, formset)


WIZARD_ACTIONS = {
    "next": WizardNextView,
    "save": WizardSaveView,
    "prev": WizardPreviousView,
    "add": WizardAddRowView,
}
_ACTION_VIEWS = {action: view.as_view() for action, view in WIZARD_ACTIONS.items()}


def wizard(request, pk: int | None = None, step: str = "grund"):
    """One address per step: the pressed button (POST `action`) picks its view; GET and no button: "next"."""
    action = request.POST.get("action", "next") if request.method == "POST" else "next"
    return _ACTION_VIEWS.get(action, _ACTION_VIEWS["next"])(request, pk=pk, step=step)
