"""Input validation for the billing pages."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CostLine, Period, Statement


class CostModelForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Namn"), max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class CostLineForm(forms.ModelForm):
    class Meta:
        model = CostLine
        fields = ["category", "label", "key", "amount", "vat_category", "vat_rate", "exemption_reason"]
        help_texts = {"amount": _("För anslutningsavgiften: kronor per invånare.")}


class BaseRowForm(forms.Form):
    """One kommun's counts in a draft model."""

    base_id = forms.IntegerField(widget=forms.HiddenInput)
    participates = forms.BooleanField(label=_("Deltar"), required=False)
    systems = forms.IntegerField(label=_("Anslutna system"), min_value=0)
    gb = forms.DecimalField(label=_("Levererade GB"), min_value=Decimal("0"), max_digits=12, decimal_places=3)
    deliveries = forms.IntegerField(label=_("Leveranser"), min_value=0)
    joining = forms.BooleanField(label=_("Ansluter i år"), required=False)


class _BaseRows(forms.BaseFormSet):
    @staticmethod
    def initial_of(base) -> dict:
        """A row's initial values from a stored CostBase."""
        return {
            "base_id": base.pk,
            "participates": True,
            "systems": base.systems,
            "gb": base.gb,
            "deliveries": base.deliveries,
            "joining": base.joining,
        }

    def rows(self) -> dict[int, dict]:
        """base id -> its counts, as costs.cost_bases_update takes them."""
        return {
            f.cleaned_data["base_id"]: {k: v for k, v in f.cleaned_data.items() if k != "base_id"} for f in self.forms
        }


BaseRowFormSet = forms.formset_factory(BaseRowForm, formset=_BaseRows, extra=0)


class WhatIfForm(forms.Form):
    join = forms.ModelMultipleChoiceField(
        label=_("Kommuner som ansluter"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    new_name = forms.CharField(label=_("Eller en ny kommun: namn"), max_length=60, required=False)
    new_population = forms.IntegerField(label=_("Den nya kommunens folkmängd"), min_value=1, required=False)
    leave = forms.ModelMultipleChoiceField(
        label=_("Kommuner som lämnar"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    line = forms.ModelChoiceField(label=_("Ändra budgetrad"), queryset=None, required=False)
    new_amount = forms.DecimalField(
        label=_("Nytt belopp (kr)"), min_value=Decimal("0"), decimal_places=2, max_digits=14, required=False
    )

    def __init__(self, *args, model, joinable, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["join"].queryset = joinable
        self.fields["leave"].queryset = participants
        self.fields["line"].queryset = model.lines.order_by("position")


class PrepareForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)


class StatementFilterForm(forms.Form):
    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=[("", _("Alla"))] + Period.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Alla"))] + Statement.Status.choices, required=False)
    kind = forms.ChoiceField(label=_("Typ"), choices=[("", _("Alla"))] + Statement.Kind.choices, required=False)


class CreditForm(forms.Form):
    reason = forms.CharField(label=_("Skäl till krediteringen"), max_length=300)
