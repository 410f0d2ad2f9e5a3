"""Input for the "Skapa paket" page: the export, the information types it holds, and the checked metadata."""

from dataclasses import replace

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.validation import resources as res

from .services.metadata import agreement_types
from .services.writer import PackageMetadata


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe): a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def _categories():
    return [(term, term) for term in sorted(res.vocabulary(res.CONTENT_CATEGORY)) if term != "OTHER"]


class PackageBuildForm(forms.Form):
    files = MultipleFileField(
        label=_("Exporten"),
        help_text=_("En ZIP- eller TAR-fil med hela exporten, eller flera filer på en gång."),
    )
    information_types = forms.MultipleChoiceField(
        label=_("Informationstyper i exporten"), widget=forms.CheckboxSelectMultiple
    )
    label = forms.CharField(label=_("Paketets rubrik"), max_length=200)
    objid = forms.CharField(
        label=_("Paketets identifierare (OBJID)"), max_length=100, help_text=_("Blir också paketets mappnamn.")
    )
    archival_creator = forms.CharField(label=_("Arkivbildare"), max_length=150)
    content_category = forms.ChoiceField(label=_("Innehållskategori"), choices=_categories)
    period_from = forms.IntegerField(label=_("Period från år"), required=False, min_value=1800, max_value=2200)
    period_to = forms.IntegerField(label=_("Period till år"), required=False, min_value=1800, max_value=2200)

    def __init__(self, *args, agreement, defaults: PackageMetadata, **kwargs):
        initial = {
            "information_types": defaults.information_types,
            "label": defaults.label,
            "objid": defaults.objid,
            "archival_creator": defaults.archival_creator,
            "content_category": defaults.content_category,
            "period_from": defaults.period_from,
            "period_to": defaults.period_to,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.defaults = defaults
        self.fields["information_types"].choices = [(t, t) for t in agreement_types(agreement)]

    def metadata(self) -> PackageMetadata:
        """The pre-filled metadata with the person's checked values."""
        data = self.cleaned_data
        keys = ("label", "objid", "archival_creator", "content_category", "period_from", "period_to")
        return replace(self.defaults, **{k: data[k] for k in keys}, information_types=data["information_types"])
