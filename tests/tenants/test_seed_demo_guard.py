"""seed_demo creates users with a published password: it refuses to run unless DEBUG is on or the
operator says, in so many words, that this is not production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tenants.management.commands.seed_demo import MSG_NOT_IN_PRODUCTION, Command
from tenants.models import User

ROOT = Path(__file__).resolve().parents[2]


def test_seed_demo_refuses_with_debug_off_and_creates_nobody(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo")
    assert str(refused.value) == MSG_NOT_IN_PRODUCTION
    assert "DJANGO_DEBUG=1" in MSG_NOT_IN_PRODUCTION and "--i-know-this-is-not-production" in MSG_NOT_IN_PRODUCTION
    assert not User.objects.filter(is_demo=True).exists()


def test_seed_demo_from_the_shell_exits_non_zero_with_the_message_in_swedish_and_english():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    done = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "körs bara" in done.stderr and "runs only" in done.stderr
    assert "Demo klar" not in done.stdout


def test_the_explicit_flag_is_an_option_of_the_command():
    options = Command().create_parser("manage.py", "seed_demo").parse_args(["--i-know-this-is-not-production"])
    assert options.i_know_this_is_not_production is True
    assert Command().create_parser("manage.py", "seed_demo").parse_args([]).i_know_this_is_not_production is False
