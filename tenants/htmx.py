"""The one helper that decides "partial or whole page" for HTMX requests (django-htmx), and the query string
that a list page's links (pager, sort, downloads) carry."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect


def render_page_or_partial(request, template: str, context: dict, *, partial: str, status: int = 200) -> HttpResponse:
    """Render `template#partial` for an HTMX request, else the whole page (template-partials syntax)."""
    name = f"{template}#{partial}" if request.htmx else template
    return render(request, name, context, status=status)


def htmx_redirect(request, url: str) -> HttpResponse:
    """After a successful POST: HX-Redirect for HTMX, a plain 302 otherwise."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def query_without(request, *names: str) -> str:
    """The request's query string without `names` (e.g. the page number): what a list's links keep of its filters."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
