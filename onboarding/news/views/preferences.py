"""A person's choice of e-mail about news and their feed address (on every site), and the Atom feed itself."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views import View

from tenants.htmx import htmx_redirect

from .. import selectors, services
from ..forms import PreferenceForm
from ..messages import MSG_FEED_RENEWED, MSG_PREFERENCE_SAVED

TEMPLATE = "news/preferences.html"


def _page(request, form=None, status=200):
    preference = selectors.preference_of(request.user)
    token = selectors.feed_token(request.user)
    context = {
        "form": form or PreferenceForm(initial={"delivery": preference.delivery}),
        "feed_url": request.tenant.url(reverse("news:feed", args=[token])),
    }
    return render(request, TEMPLATE, context, status=status)


class PreferenceView(View):
    """E-mail now, a weekly digest, or none; and the address of this site's feed."""

    def get(self, request):
        selectors.items_for_site(user=request.user, site=request.tenant)  # 404 for those who may not be here
        return _page(request)

    def post(self, request):
        selectors.items_for_site(user=request.user, site=request.tenant)
        form = PreferenceForm(request.POST)
        if not form.is_valid():
            return _page(request, form, status=422)
        services.news_preference_set(user=request.user, delivery=form.cleaned_data["delivery"])
        messages.success(request, MSG_PREFERENCE_SAVED)
        return htmx_redirect(request, reverse("news:preferences"))


class FeedRenewView(View):
    def post(self, request):
        selectors.items_for_site(user=request.user, site=request.tenant)
        services.news_feed_renew(user=request.user)
        messages.success(request, MSG_FEED_RENEWED)
        return htmx_redirect(request, reverse("news:preferences"))


class NewsFeed(Feed):
    """The site's news as Atom, at the person's own secret address (feed readers cannot sign in): only the
    items addressed to this site, and only while the person may read it."""

    feed_type = Atom1Feed
    subtitle = "Förvaltningens nyheter till kommunen"

    def get_object(self, request, token: str):
        site = request.tenant
        return site, selectors.feed_reader(token=token, site=site)

    def link(self, obj):
        return obj[0].url("/nyheter/")

    def title(self, obj):
        return f"Nyheter från SkånEarkiv – {obj[0].name}"

    def items(self, obj):
        site, user = obj
        return selectors.feed_items(user=user, site=site)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return f"/nyheter/{item.pk}/"

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.publish_at
