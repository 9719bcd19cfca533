"""Fixtures for the demo-data tests: a seeding helper with a fixed reference date."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo accounts are hashed and checked on every seeding; argon2 would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """The Spoedplein's demo stores a synthetic forensic photo: in the test's own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seed(db):
    """seed(**options) -> the command's output. Fixed --today, few simulated reads unless asked."""

    def run(**options):
        options.setdefault("today", TODAY.isoformat())
        options.setdefault("reads", 30)
        out = StringIO()
        call_command("seed_demo", stdout=out, **options)
        return out.getvalue()

    return run


@pytest.fixture
def small_demo(seed):
    """The default small data set (about 800 persons), as ``make run`` loads it."""
    return seed(size="small", seed=1)


@pytest.fixture
def demo(seed):
    """Half the small data set: enough for every kind of household, quicker to build."""
    return seed(persons=400, seed=1)
