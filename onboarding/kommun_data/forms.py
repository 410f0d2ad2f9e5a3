"""Input validation for the förvaltning's departure pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DepartureForm(forms.Form):
    """When the kommun's data may be deleted, and why then (both go into the audit trail)."""

    delete_on = forms.DateField(
        label=_("Raderingsdatum"),
        help_text=_("Tidigast den dagen får kommunens schema och filer raderas (ÅÅÅÅ-MM-DD)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    reason = forms.CharField(label=_("Skäl"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DeleteForm(forms.Form):
    confirm = forms.CharField(
        label=_("Skriv kommunens underdomän för att bekräfta"), max_length=42,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip
