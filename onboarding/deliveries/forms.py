"""Input validation for the connection, agreement and delivery pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from onboarding.deliveries_index.phases import Phase
from onboarding.deliveries_index.selectors import BoardFilters
from tenants.sizes import whole_gb
from tenants.widgets import ManyOptionsSelect

from .models import SubmissionAgreement
from .services.agreements import AGREEMENT_FIELDS
from .services.deliveries import too_big_message


class ConnectionCreateForm(forms.Form):
    system = forms.ModelChoiceField(label=_("System"), queryset=None, empty_label=_("Välj system"))
    planned_quarter = forms.CharField(
        label=_("Planerat kvartal"), required=False, max_length=8, help_text=_("Till exempel 2026 K3.")
    )

    def __init__(self, *args, systems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems


class QuarterForm(forms.Form):
    planned_quarter = forms.CharField(
        label=_("Planerat kvartal"), required=False, max_length=8, help_text=_("Till exempel 2026 K3.")
    )


class TransitionForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("Ny fas"), choices=Phase.choices)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skäl krävs när anslutningen pausas eller avbryts."),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = [(p, Phase(p).label) for p in targets]


class AgreementForm(forms.ModelForm):
    class Meta:
        model = SubmissionAgreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "information_types": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class DeliveryUploadForm(forms.Form):
    file = forms.FileField(label=_("Informationspaket (ZIP eller TAR)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.DELIVERY_MAX_BYTES
        field = self.fields["file"]
        field.help_text = _("Högst %(limit)s GB.") % {"limit": whole_gb(limit)}
        # The page's script refuses a bigger file before sending it (the server refuses it too).
        field.widget.attrs.update({"data-max-bytes": str(limit), "data-too-big": too_big_message()})

    @classmethod
    def too_big(cls) -> "DeliveryUploadForm":
        """The form as it answers a request whose declared size is already over the limit."""
        form = cls(data={})
        form.is_valid()
        form.errors["file"] = form.error_class([too_big_message()])
        return form


class BoardFilterForm(forms.Form):
    """The board's filters. The choices come as (id, label) pairs, not model instances: 290 kommuner and the
    products on the board were 600 instances made on every view of the board."""

    kommun = forms.TypedChoiceField(
        label=_("Kommun"), required=False, coerce=int, empty_value=None, widget=ManyOptionsSelect
    )
    produkt = forms.TypedChoiceField(
        label=_("Produkt"), required=False, coerce=int, empty_value=None, widget=ManyOptionsSelect
    )
    sena = forms.BooleanField(label=_("Bara försenade"), required=False)

    def __init__(self, *args, kommuner, products, **kwargs):
        """`kommuner`: (id, name) pairs; `products`: (id, name, vendor) triples, in the order to show them."""
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = [("", _("Alla kommuner")), *kommuner]
        self.fields["produkt"].choices = [
            ("", _("Alla produkter")),
            *((pk, f"{name} ({vendor})" if vendor else name) for pk, name, vendor in products),
        ]

    def filters(self) -> BoardFilters:
        """The chosen filters (none when the query is missing or wrong: the whole board)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return BoardFilters(
            kommun_id=data.get("kommun"), product_id=data.get("produkt"), late_only=bool(data.get("sena"))
        )


class ArchiveBackendForm(forms.Form):
    """A new archive backend and how long its first API token is valid."""

    name = forms.CharField(label=_("Namn"), max_length=100, help_text=_("Till exempel e-arkivets produktionsmiljö."))
    days = forms.IntegerField(
        label=_("Nyckeln gäller (dagar)"), min_value=1, max_value=3 * 365, initial=settings.ARCHIVE_TOKEN_DAYS
    )


class ArchiveTokenRotateForm(forms.Form):
    """A new token for a backend; the current one keeps working `overlap_days` more while the backend switches."""

    days = forms.IntegerField(
        label=_("Den nya nyckeln gäller (dagar)"), min_value=1, max_value=3 * 365, initial=settings.ARCHIVE_TOKEN_DAYS
    )
    overlap_days = forms.IntegerField(
        label=_("Den nuvarande nyckeln gäller kvar (dagar)"),
        min_value=0,
        max_value=90,
        initial=settings.ARCHIVE_TOKEN_OVERLAP_DAYS,
        help_text=_("Så länge fungerar båda nycklarna, så att arkivbackenden hinner byta. 0 stänger den genast."),
    )
