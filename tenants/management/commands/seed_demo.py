"""Seed the demo: the consortium site, SkånEarkiv's 16 kommuner and one demo user per role (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from tenants import demo


class Command(BaseCommand):
    help = "Skapar demodata (kan köras flera gånger; inget skapas två gånger)."

    def handle(self, *args, **options):
        result = demo.seed()
        for hook in demo_hooks():
            hook(result)
        consortium = result["consortium"]
        self.stdout.write(self.style.SUCCESS(f"Demo klar: {len(result['kommuner'])} kommuner."))
        self.stdout.write(f"\nSamverkan (förvaltning, ledning): {consortium.url()}")
        for kommun in result["kommuner"][:3]:
            self.stdout.write(f"{kommun.name}: {kommun.url()}")
        self.stdout.write(f"... och {len(result['kommuner']) - 3} kommuner till på <underdomän>.{settings.PLATFORM_DOMAIN}")
        self.stdout.write(f"\nDemoinloggningar (lösenord: {settings.DEMO_PASSWORD}):")
        for user, spec in zip(result["users"], demo.DEMO_USERS, strict=True):
            where = spec.subdomain or "samverkan"
            self.stdout.write(f"  {spec.role:<12} {where:<10} {user.email}")
            secret = demo.totp_secret(user)
            if secret:
                self.stdout.write(f"{'':24}TOTP-hemlighet: {secret}  (kod: python manage.py demo_totp {user.email})")


def demo_hooks():
    """Later apps add their demo data by defining `seed_demo(result)` in <app>/demo.py."""
    from importlib import import_module

    from django.apps import apps

    hooks = []
    for config in apps.get_app_configs():
        if config.name in {"onboarding", "billing", "reports"}:
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            hooks.append(module.seed_demo)
    return hooks
