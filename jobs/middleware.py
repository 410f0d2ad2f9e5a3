"""Tells the person when the work they started could not be handed to a worker yet (the broker down)."""

from django.contrib import messages

from .messages import MSG_WORK_STARTS_SOON
from .services import send_failed


class JobsSendFailedMiddleware:
    """After MessageMiddleware: a message added here is stored with the response and shown on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = send_failed.set(False)
        try:
            response = self.get_response(request)
            if send_failed.get() and hasattr(request, "_messages"):
                messages.info(request, MSG_WORK_STARTS_SOON)
            return response
        finally:
            send_failed.reset(token)
