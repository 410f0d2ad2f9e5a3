"""Input for the readiness pages: mark done, reopen, the template's actions, the first connection, meetings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import Kommun

from .models import Category, ChecklistItem, Meeting, Responsible

EVERY_KOMMUN = "alla"
# A text field with its format said, not the browser's date widget: that one's segments follow the browser's own
# locale, so what a keyboard user types lands in different fields from machine to machine.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"inputmode": "numeric", "autocomplete": "off"})
DATE_HELP = _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-09-03.")


class MarkDoneForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, max_length=80)
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ReopenForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, max_length=80)
    reason = forms.CharField(label=_("Varför öppnas den igen?"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    note = forms.CharField(label=_("Vad har ändrats?"), max_length=300)


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["key", "title", "why", "category", "responsible", "days_before", "platform_check"]
        labels = {"key": _("Nyckel (samma i alla versioner)")}
        widgets = {"why": forms.Textarea(attrs={"rows": 2})}


class FirstConnectionForm(forms.Form):
    first_connection = forms.DateField(label=_("Planerad första anslutning"), widget=DATE, help_text=DATE_HELP)


class ActionFields(forms.Form):
    """One action from a meeting; `action_for` is a taking-part kommun's id, or every kommun."""

    action_title = forms.CharField(label=_("Åtgärd"), max_length=200, required=False)
    action_why = forms.CharField(label=_("Varför"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    action_category = forms.ChoiceField(label=_("Kategori"), choices=Category.choices, required=False)
    action_responsible = forms.ChoiceField(label=_("Vem i kommunen"), choices=Responsible.choices, required=False)
    action_due = forms.DateField(label=_("Klar senast"), required=False, widget=DATE, help_text=DATE_HELP)
    action_for = forms.ChoiceField(label=_("Läggs på checklistan för"), required=False)

    def __init__(self, *args, kommuner: list[Kommun], **kwargs):
        super().__init__(*args, **kwargs)
        self.kommuner = {str(k.pk): k for k in kommuner}
        choices = [(EVERY_KOMMUN, _("Alla kommuner"))] + [(str(k.pk), k.name) for k in kommuner]
        self.fields["action_for"].choices = choices

    def action(self) -> dict | None:
        """The action as the service takes it, or None when no title was given."""
        data = self.cleaned_data
        if not data.get("action_title"):
            return None
        return {
            "title": data["action_title"],
            "why": data.get("action_why", ""),
            "category": data.get("action_category") or Category.ORGANISATION,
            "responsible": data.get("action_responsible") or Responsible.ARKIVARIE,
            "due": data.get("action_due"),
            "kommun": self.kommuner.get(data.get("action_for") or EVERY_KOMMUN),
        }


class MeetingForm(ActionFields):
    date = forms.DateField(label=_("Datum"), widget=DATE, help_text=DATE_HELP)
    kind = forms.ChoiceField(label=_("Typ av möte"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    kommuner = forms.MultipleChoiceField(label=_("Kommuner som deltog"), widget=forms.CheckboxSelectMultiple)
    participants = forms.CharField(label=_("Deltagare"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    notes = forms.CharField(label=_("Anteckningar"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    field_order = ["date", "kind", "title", "kommuner", "participants", "notes"]

    def __init__(self, *args, kommuner: list[Kommun], **kwargs):
        super().__init__(*args, kommuner=kommuner, **kwargs)
        self.fields["kommuner"].choices = [(str(k.pk), k.name) for k in kommuner]

    def meeting_fields(self):
        return [self[name] for name in self.fields if not name.startswith("action_")]

    def action_fields(self):
        return [self[name] for name in self.fields if name.startswith("action_")]

    def meeting(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("date", "kind", "title", "participants", "notes")}
        return {**fields, "kommuner": [self.kommuner[pk] for pk in data["kommuner"]]}
