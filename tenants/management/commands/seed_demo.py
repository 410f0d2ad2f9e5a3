"""Seed the demo: the consortium site, SkånEarkiv's 16 kommuner and one demo user per role (idempotent)."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenants import demo

# A command line message, not the web interface: both languages, so whoever runs it reads it.
MSG_NOT_IN_PRODUCTION = (
    "seed_demo skapar användare med ett publicerat lösenord och körs bara med DJANGO_DEBUG=1 "
    "eller --i-know-this-is-not-production. / seed_demo creates users with a published password; it runs only "
    "with DJANGO_DEBUG=1 or --i-know-this-is-not-production."
)


class Command(BaseCommand):
    help = "Skapar demodata (kan köras flera gånger; inget skapas två gånger)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            help="Kör även utan DJANGO_DEBUG=1 (demoanvändarna får ett publicerat lösenord).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["i_know_this_is_not_production"]:
            raise CommandError(MSG_NOT_IN_PRODUCTION)
        result = demo.seed()
        for hook in demo_hooks():
            hook(result)
        consortium = result["consortium"]
        self.stdout.write(self.style.SUCCESS(f"Demo klar: {len(result['kommuner'])} kommuner."))
        self.stdout.write(f"\nSamverkan (förvaltning, ledning): {consortium.url()}")
        for kommun in result["kommuner"][:3]:
            self.stdout.write(f"{kommun.name}: {kommun.url()}")
        self.stdout.write(
            f"... och {len(result['kommuner']) - 3} kommuner till på <underdomän>.{settings.PLATFORM_DOMAIN}"
        )
        self.stdout.write(f"\nDemoinloggningar (lösenord: {settings.DEMO_PASSWORD}):")
        for user, spec in zip(result["users"], demo.DEMO_USERS, strict=True):
            where = spec.subdomain or "samverkan"
            self.stdout.write(f"  {spec.role:<12} {where:<10} {user.email}")
            secret = demo.totp_secret(user)
            if secret:
                self.stdout.write(f"{'':24}TOTP-hemlighet: {secret}  (kod: python manage.py demo_totp {user.email})")


def demo_hooks():
    """Apps add their demo data by defining `seed_demo(result)` in <app>/demo.py."""

    # In dependency order: systems, then the plan over them, then connections, costs, and reports of it all.
    order = [
        "onboarding",
        "onboarding.planning",
        "onboarding.deliveries",
        "billing",
        "onboarding.news",
        "onboarding.readiness",
        "reports",
    ]
    installed = {config.name for config in apps.get_app_configs()}
    hooks = []
    for name in order:
        if name not in installed:
            continue
        try:
            module = import_module(f"{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.demo":
                raise
            continue
        hooks.append(module.seed_demo)
    return hooks
