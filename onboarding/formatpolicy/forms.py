"""The förvaltning's form for one PUID's rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PUID_VALIDATOR, Decision


class FormatRuleForm(forms.Form):
    puid = forms.CharField(label=_("PRONOM-id (PUID)"), max_length=20, validators=[PUID_VALIDATOR])
    name = forms.CharField(label=_("Format"), max_length=200)
    decision = forms.ChoiceField(label=_("Beslut"), choices=Decision.choices)
    note = forms.CharField(label=_("Anmärkning"), max_length=300, required=False)


class FormatRuleRemoveForm(forms.Form):
    puid = forms.CharField(max_length=20, validators=[PUID_VALIDATOR])
