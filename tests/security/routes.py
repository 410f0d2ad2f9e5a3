"""Every route of a urlconf, walked through its includes, and the URLs that fill its parameters.

A parameter is filled by the entry of a registry whose key is the route up to and including the
parameter, converters left out: `system/<pk>` fills the pk of `system/<int:pk>/ta-bort/` and of
any route added under it later. A key may hold `*` (any text). A parameter no key matches is an
error, never a skip: a new kind of object in a URL must be given real objects to try.
"""

import fnmatch
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize


class UnregisteredParameter(LookupError):
    """A route takes a parameter that no registry entry fills."""


@dataclass(frozen=True)
class Route:
    """One endpoint: its path with placeholders (`system/<pk>/steg/<step>/`), the format string Django
    reverses it with, the names of its parameters in order, and the view it reaches."""

    path: str
    format: str
    params: tuple[str, ...]
    name: str | None
    callback: Callable
    urlconf: str

    def key_of(self, param: str) -> str:
        """The route up to and including the parameter: the registry key that fills it."""
        placeholder = f"<{param}>"
        return self.path[: self.path.index(placeholder) + len(placeholder)]

    def url(self, values: dict[str, str]) -> str:
        return "/" + self.format % values


def _piece(pattern) -> str:
    """The regex of one level, without the anchors Django adds (^ at the start, \\Z or $ at the end)."""
    regex = pattern.regex.pattern
    regex = regex.removeprefix("^")
    if regex.endswith(r"\Z"):
        regex = regex[:-2]
    elif regex.endswith("$") and not regex.endswith(r"\$"):
        regex = regex[:-1]
    return regex


def _walk(patterns, prefix: str) -> Iterable[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + _piece(pattern.pattern))
        else:
            yield prefix + _piece(pattern.pattern), pattern


def routes(urlconf: str) -> list[Route]:
    """Every endpoint of `urlconf`, includes followed to the end (Django's own reversal of the regex)."""
    found = []
    for regex, pattern in _walk(get_resolver(urlconf).url_patterns, ""):
        for fmt, params in normalize(regex):
            path = re.sub(r"%\((\w+)\)s", r"<\1>", fmt).replace("%%", "%")
            found.append(Route(path, fmt, tuple(params), pattern.name, pattern.callback, urlconf))
    return found


def match(patterns: Iterable[str], text: str) -> str | None:
    """The first pattern (exact text, or with `*` for any text) that `text` matches."""
    patterns = list(patterns)
    if text in patterns:
        return text
    return next((p for p in patterns if "*" in p and fnmatch.fnmatchcase(text, p)), None)


def entry(route: Route, param: str, registry: dict):
    """The registry's entry for one parameter of the route; an error when there is none."""
    key = match(registry, route.key_of(param))
    if key is None:
        raise UnregisteredParameter(
            f"{route.path}: no entry of the registry fills <{param}> "
            f"(add one for {route.key_of(param)!r} that makes real objects)"
        )
    return registry[key]


@dataclass(frozen=True)
class Filled:
    """One URL of a route and the registry key and value behind each of its parameters."""

    url: str
    values: tuple[tuple[str, str], ...]


def fill(route: Route, registry: dict, *args) -> list[Filled]:
    """Every URL of `route` with its parameters filled by `registry` (key -> entry whose .values(*args)
    gives the values), one URL per combination of values. Each URL must reach the route's own view."""
    choices = []
    for param in route.params:
        key = match(registry, route.key_of(param))
        values = [(key, str(value)) for value in entry(route, param, registry).values(*args)]
        if not values:
            raise UnregisteredParameter(f"{route.path}: the registry gave no value for <{param}>")
        choices.append(values)
    urls = []
    for combination in itertools.product(*choices):
        url = route.url({param: value for param, (_key, value) in zip(route.params, combination, strict=True)})
        try:
            reached = resolve(url, urlconf=route.urlconf)
        except Resolver404:
            raise UnregisteredParameter(f"{route.path}: {url} reaches no view") from None
        if reached.func is not route.callback:
            raise UnregisteredParameter(f"{route.path}: {url} reaches {reached.view_name}, not this route")
        urls.append(Filled(url, combination))
    return urls
