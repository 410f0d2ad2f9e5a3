"""The start page's news block: `{% load news_tags %}{% start_news %}` in a site's start page, so the start
page's view needs no change (one query, the site's latest published items)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("news/partials/start.html", takes_context=True)
def start_news(context) -> dict:
    request = context["request"]
    return {"news_items": selectors.start_items(user=request.user, site=request.tenant), "request": request}
