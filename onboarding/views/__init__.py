"""Pages of the systems registry, by sub-domain. Thin: check access, call one service or selector, render."""


def form_error_status(request, status: int = 422) -> int:
    """422 for a plain POST with errors; 200 for HTMX, which (htmx 2) does not swap 4xx answers."""
    return 200 if getattr(request, "htmx", False) else status
