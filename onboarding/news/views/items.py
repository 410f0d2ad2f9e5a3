"""The news list and an item on every site; writing and changing items on the consortium's (the förvaltning).
Every lookup goes through a selector that answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.views import View

from tenants import access
from tenants.errors import errors_to_form
from tenants.htmx import htmx_redirect

from .. import selectors, services
from ..forms import NewsItemForm
from ..messages import MSG_ALREADY_PUBLISHED, MSG_ITEM_PUBLISHED, MSG_ITEM_SCHEDULED

LIST_LIMIT = 100


class NewsListView(View):
    """The site's news, newest first (on the consortium's site with what waits for its time)."""

    def get(self, request):
        items = list(selectors.items_for_site(user=request.user, site=request.tenant)[:LIST_LIMIT])
        context = {"items": items, "can_write": access.is_forvaltning(request.user), "now": timezone.now()}
        return render(request, "news/list.html", context)


class NewsDetailView(View):
    def get(self, request, pk: int):
        item = selectors.item_get_for_user(user=request.user, site=request.tenant, pk=pk)
        context = {"item": item, "can_write": access.is_forvaltning(request.user)}
        return render(request, "news/detail.html", context)


def _saved(request, item):
    if item.is_published:
        messages.success(request, MSG_ITEM_PUBLISHED)
    else:
        when = formats.date_format(timezone.localtime(item.publish_at), "DATETIME_FORMAT")
        messages.success(request, MSG_ITEM_SCHEDULED % {"when": when})
    return htmx_redirect(request, reverse("news:detail", args=[item.pk]))


class NewsCreateView(View):
    """Write a news item (the förvaltning): to whom, and now or at a time."""

    template_name = "news/form.html"

    def get(self, request):
        access.require_forvaltning(request.user)
        return render(request, self.template_name, {"form": NewsItemForm()})

    def post(self, request):
        access.require_forvaltning(request.user)
        form = NewsItemForm(request.POST)
        if form.is_valid():
            try:
                item = services.news_item_create(**form.arguments(), actor=request.user)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                return _saved(request, item)
        return render(request, self.template_name, {"form": form}, status=422)


class NewsEditView(View):
    """Change an item that is not published yet."""

    template_name = "news/form.html"

    def get(self, request, pk: int):
        item = selectors.item_for_editing(user=request.user, pk=pk)
        if item.is_published:
            messages.error(request, MSG_ALREADY_PUBLISHED)
            return redirect("news:detail", pk=item.pk)
        return render(request, self.template_name, {"form": NewsItemForm.for_item(item), "item": item})

    def post(self, request, pk: int):
        item = selectors.item_for_editing(user=request.user, pk=pk)
        form = NewsItemForm(request.POST)
        if form.is_valid():
            try:
                item = services.news_item_update(item=item, **form.arguments(), actor=request.user)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                return _saved(request, item)
        return render(request, self.template_name, {"form": form, "item": item}, status=422)
