"""The one way a service's ValidationError reaches the person: on the form, or as a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form


def errors_to_form(form: Form, exc: ValidationError) -> None:
    """Field errors next to their field (when the form has it), everything else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def errors_to_message(request, exc: ValidationError) -> None:
    """A refusal of an action that has no form of its own: one error message with every reason."""
    messages.error(request, " ".join(exc.messages))
