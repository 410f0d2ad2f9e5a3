"""Input validation for the news pages: an item (text, to whom, when), a person's e-mail choice, an issue."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import Kommun
from tenants.swedish import ordered

from .messages import MSG_NO_KOMMUNER, MSG_PUBLISH_AT_REQUIRED
from .models import Delivery, NewsItem

AUDIENCE_ALL, AUDIENCE_CHOSEN = "all", "chosen"
WHEN_NOW, WHEN_LATER = "now", "later"


class NewsItemForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown: en rad som börjar med ## blir en rubrik, - en punktlista, "
            "[länktext](https://exempel.se) en länk. Tom rad mellan stycken."
        ),
    )
    audience = forms.ChoiceField(
        label=_("Till"),
        widget=forms.RadioSelect,
        choices=[(AUDIENCE_ALL, _("Alla kommuner")), (AUDIENCE_CHOSEN, _("Valda kommuner"))],
        initial=AUDIENCE_ALL,
    )
    kommuner = forms.ModelMultipleChoiceField(
        label=_("Kommuner"),
        queryset=Kommun.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Gäller när nyheten går till valda kommuner."),
    )
    when = forms.ChoiceField(
        label=_("Publicering"),
        widget=forms.RadioSelect,
        choices=[(WHEN_NOW, _("Publicera nu")), (WHEN_LATER, _("Publicera vid en tidpunkt"))],
        initial=WHEN_NOW,
    )
    publish_at = forms.DateTimeField(
        label=_("Tidpunkt"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Gäller när nyheten publiceras vid en tidpunkt (svensk tid)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommuner"].queryset = Kommun.objects.active().order_by(ordered("name"))

    @classmethod
    def for_item(cls, item: NewsItem) -> "NewsItemForm":
        initial = {
            "title": item.title,
            "body": item.body,
            "audience": AUDIENCE_ALL if item.to_all else AUDIENCE_CHOSEN,
            "kommuner": list(item.kommuner.all()),
            "when": WHEN_LATER,
            "publish_at": timezone.localtime(item.publish_at),
        }
        return cls(initial=initial)

    def clean(self):
        data = super().clean()
        if data.get("audience") == AUDIENCE_CHOSEN and not data.get("kommuner"):
            self.add_error("kommuner", MSG_NO_KOMMUNER)
        if data.get("when") == WHEN_LATER and not data.get("publish_at"):
            self.add_error("publish_at", MSG_PUBLISH_AT_REQUIRED)
        return data

    def arguments(self) -> dict:
        """The keyword arguments of services.news_item_create / news_item_update."""
        data = self.cleaned_data
        to_all = data["audience"] == AUDIENCE_ALL
        return {
            "title": data["title"],
            "body": data["body"],
            "to_all": to_all,
            "kommuner": [] if to_all else list(data["kommuner"]),
            "publish_at": data["publish_at"] if data["when"] == WHEN_LATER else None,
        }


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(label=_("E-post om nyheter"), widget=forms.RadioSelect, choices=Delivery.choices)


class IssueForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    intro = forms.CharField(
        label=_("Inledning"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Markdown.")
    )
    items = forms.MultipleChoiceField(
        label=_("Nyheter i nyhetsbrevet"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Publicerade nyheter till alla kommuner, i den ordning de står."),
    )

    def __init__(self, *args, items: list[NewsItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [
            (str(i.pk), f"{i.title} ({timezone.localtime(i.publish_at):%Y-%m-%d})") for i in items
        ]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "intro": data["intro"], "item_ids": [int(pk) for pk in data["items"]]}
