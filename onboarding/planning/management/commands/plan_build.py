"""plan_build: build the plan of the current draft inputs; --json prints it for scripts and benchmarks.

--time-limit: seconds the solver may search (default: the setting, PlanSettings.solver_time_limit).
"""

import argparse
import json
import time

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from onboarding.planning import inputs, services


class Command(BaseCommand):
    help = "Bygger anslutningsplanen av nuvarande indata. --json skriver planen som JSON; --save sparar ett utkast."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Skriv planen som JSON på standard ut.")
        parser.add_argument("--save", action="store_true", help="Spara planen som ett nytt utkast.")
        parser.add_argument("--title", default="", help="Rubrik för utkastet (med --save).")
        parser.add_argument(
            "--time-limit",
            type=_seconds,
            default=None,
            help="Sekunder som lösaren får söka (standard: inställningen under Kapacitet och regler).",
        )

    def handle(self, *args, json: bool = False, save: bool = False, title: str = "", time_limit=None, **options):
        started = time.perf_counter()
        with schema_context("public"):
            current = inputs.load()
            result = current.build(time_limit=time_limit)
            seconds = time.perf_counter() - started
            if save:
                plan = services.plan_build(title=title, actor=None, current=current, result=result)
                self.stderr.write(f"Utkast v{plan.number} sparat.")
        if json:
            data = result.as_dict()
            data["build_seconds"] = round(seconds, 3)
            data["scoring_model"] = current.model.version
            self.stdout.write(_dumps(data))
        else:
            summary = inputs.summary_of(result)
            self.stdout.write(
                f"{summary['planned']} system planerade, {summary['unplanned']} inte; "
                f"{len(summary['deadline_misses'])} avvecklingsdatum kan inte hållas; "
                f"{len(summary['fairness_misses'])} kommuner utan leverans i tid ({seconds:.2f} s)."
            )


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not 0 < seconds <= 3600:
        raise argparse.ArgumentTypeError("ange sekunder, mer än 0 och högst 3600")
    return seconds


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)
