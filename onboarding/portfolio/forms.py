"""Input validation for the portfolio pages: the filters of the list and of the by-product page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.inventory.choices import ExportCapability, SystemStatus
from tenants.widgets import ManyOptionsSelect

from .selectors import PortfolioFilters, sort_choices


def _blank(choices) -> list:
    return [("", _("Alla")), *choices]


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök system eller produkt"), required=False, max_length=100)
    kommun = forms.TypedChoiceField(
        label=_("Kommun"), required=False, coerce=int, empty_value=None, widget=ManyOptionsSelect
    )
    produktnamn = forms.CharField(label=_("Produkt"), required=False, max_length=100)
    # A product picked on the by-product page (a link): hundreds of products make a select list too long.
    produkt = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(SystemStatus.choices))
    klassning = forms.TypedChoiceField(
        label=_("Klassning (högsta av K, R, T) minst"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank([(str(i), str(i)) for i in range(1, 5)]),
    )
    avveckling_fran = forms.DateField(
        label=_("Avvecklas från"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    avveckling_till = forms.DateField(
        label=_("Avvecklas till"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    export = forms.ChoiceField(label=_("Exportmöjlighet"), required=False, choices=_blank(ExportCapability.choices))
    sort = forms.ChoiceField(required=False, choices=sort_choices(), widget=forms.HiddenInput)

    def __init__(self, *args, kommuner=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = _blank([(str(k), n) for k, n in kommuner])

    def filters(self) -> PortfolioFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return PortfolioFilters(
            q=data.get("q") or "",
            kommun=data.get("kommun"),
            product=data.get("produkt"),
            product_name=data.get("produktnamn") or "",
            status=data.get("status") or "",
            min_class=data.get("klassning"),
            decommission_from=data.get("avveckling_fran"),
            decommission_to=data.get("avveckling_till"),
            export_capability=data.get("export") or "",
            sort=data.get("sort") or "kommun",
        )
