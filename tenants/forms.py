"""Input validation for the pages about people and invitations."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .messages import MSG_PASSWORDS_DIFFER
from .models import User


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"), max_length=254)
    role = forms.ChoiceField(label=_("Roll"))

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["email"].widget.attrs.update(autocomplete="email")


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Ditt namn"), max_length=150)
    password1 = forms.CharField(
        label=_("Lösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Lösenord igen"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        password = data.get("password1")
        if password and password != data.get("password2"):
            self.add_error("password2", MSG_PASSWORDS_DIFFER)
        elif password:
            try:
                validate_password(password, User(email=self.email, full_name=data.get("full_name", "")))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data
