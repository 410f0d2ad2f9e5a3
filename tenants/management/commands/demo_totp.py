"""Print the current TOTP code of a demo user (only demo users, only with DEBUG on)."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenants.models import User


class Command(BaseCommand):
    help = "Skriver ut aktuell TOTP-kod för en demoanvändare (endast med DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp fungerar bara med DJANGO_DEBUG=1.")
        user = User.objects.filter(email__iexact=options["email"], is_demo=True).first()
        if user is None:
            raise CommandError("Ingen demoanvändare med den e-postadressen.")
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            raise CommandError("Användaren har ingen TOTP.")
        secret = decrypt(authenticator.data["secret"])
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
