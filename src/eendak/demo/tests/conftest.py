"""Fixtures for the demo-data tests: a seeding helper with a fixed reference date, and the data sets
most tests only read (``demo``, ``small_demo``, ...), seeded once per test module.

Seeding is the slow part of these tests (about 400 persons, or 800 for the small set, each with
households, cases, reports, conferences and an access-log history). A test that only looks at the
result does not need its own copy: ``seed_for_module(...)``, from a module-scoped fixture, seeds
once inside the module's transaction (the root conftest's ``module_transaction``) and each test's
savepoint rolls back to it — also after a test that reseeds with ``reset=True``. So a module that
uses one of them holds only tests that may see that data set; a test that needs an empty database
lives in another module.
"""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

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


def seed_for_module(tmp_path_factory, **options) -> str:
    """Seed as ``seed`` does, from a module-scoped fixture (inside ``module_transaction``).

    The function-scoped autouse fixtures (fast hashing, media in the test's directory, the root
    conftest's access-log checkpoints) are not there yet when a module-scoped fixture runs, so the
    seeding gets the same settings here, only while it runs: nothing lands in the work tree."""
    options.setdefault("today", TODAY.isoformat())
    options.setdefault("reads", 30)
    base = tmp_path_factory.mktemp("demo-module")
    out = StringIO()
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                           MEDIA_ROOT=base / "media", EENDAK_EXPORT_ROOT=base / "exports",
                           EENDAK_ACCESS_LOG_CHECKPOINT_DIR=base / "checkpoints"):
        call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def _module_small_demo(module_transaction, tmp_path_factory):
    return seed_for_module(tmp_path_factory, size="small", seed=1)


@pytest.fixture(scope="module")
def _module_demo(module_transaction, tmp_path_factory):
    return seed_for_module(tmp_path_factory, persons=400, seed=1)


@pytest.fixture
def small_demo(_module_small_demo, db):
    """The default small data set (about 800 persons), as ``make run`` loads it; seeded once for the
    test module (see the module docstring)."""
    return _module_small_demo


@pytest.fixture
def demo(_module_demo, db):
    """Half the small data set: enough for every kind of household, quicker to build; seeded once
    for the test module (see the module docstring)."""
    return _module_demo
