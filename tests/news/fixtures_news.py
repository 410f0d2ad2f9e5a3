"""News made through the app's own services."""

from datetime import timedelta

from django.utils import timezone

from onboarding.news import services

BODY = (
    "## Vad händer nu\n\nVi besöker alla kommuner i höst.\n\n"
    "- Arkivarierna bjuds in till workshop\n- Anslutningsplanen beslutas i december\n\n"
    "Läs mer på [Riksarkivet](https://riksarkivet.se/)."
)


def make_item(actor, *, title="Höstens turné", to=None, body=BODY, later=None):
    """An item to every kommun (to=None) or to the kommuner given; published now, or `later` from now."""
    publish_at = timezone.now() + later if later is not None else None
    return services.news_item_create(
        title=title, body=body, to_all=to is None, kommuner=to or [], publish_at=publish_at, actor=actor
    )


def backdate(item, days: int):
    """An item published `days` ago (for digests): the row only, as if written then."""
    item.publish_at = timezone.now() - timedelta(days=days)
    item.save(update_fields=["publish_at"])
    return item
