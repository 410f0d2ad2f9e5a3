"""python manage.py seed_scale --kommuner 290 --systems-per-kommun 50: a large database for benchmarks."""

import random
import time

from django.core.management.base import BaseCommand, CommandError

from onboarding.scale import ensure_kommuner, seed_systems, settle


class Command(BaseCommand):
    help = "Fyller databasen med kommuner (SCB:s 290) och realistiska system för prestandamätningar. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--kommuner", type=int, default=290)
        parser.add_argument("--systems-per-kommun", type=int, default=50)
        parser.add_argument("--seed", type=int, default=290, help="Slumpfrö: samma frö ger samma data.")

    def handle(self, *args, kommuner: int, systems_per_kommun: int, seed: int, **options):
        if not 1 <= kommuner <= 290:
            raise CommandError("--kommuner ska vara mellan 1 och 290.")
        if not 1 <= systems_per_kommun <= 5000:
            raise CommandError("--systems-per-kommun ska vara mellan 1 och 5000.")
        rng = random.Random(seed)
        start = time.monotonic()
        found = ensure_kommuner(kommuner, rng=rng, log=self.stdout.write)
        self.stdout.write(f"{len(found)} kommuner klara efter {time.monotonic() - start:.1f} s.")
        created = seed_systems(found, systems_per_kommun, rng=rng, log=self.stdout.write)
        if created:
            settle(found)
        self.stdout.write(
            self.style.SUCCESS(
                f"Klart: {created} nya system i {len(found)} kommuner ({time.monotonic() - start:.1f} s)."
            )
        )
