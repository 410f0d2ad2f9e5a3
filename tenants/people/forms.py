from django import forms
from django.utils.translation import gettext_lazy as _

from .messages import MSG_ROLE_NOT_ALLOWED


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), error_messages={"invalid_choice": MSG_ROLE_NOT_ALLOWED})

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
