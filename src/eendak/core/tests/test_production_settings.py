"""Production settings refuse to start with development settings, in Dutch, and start when safe.

Each case runs a fresh interpreter: settings are read once at import, so only a new process shows
what a real production start would do.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

SRC = Path(__file__).resolve().parents[3]  # .../src
START = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"


@pytest.fixture
def safe_env(tmp_path):
    """A complete, safe production environment, built from nothing so the caller's env cannot leak in."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "eendak.settings",
        "EENDAK_ENV": "production",
        "EENDAK_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "EENDAK_FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "EENDAK_BSN_HASH_KEY": secrets.token_urlsafe(32),
        "EENDAK_ACCESS_LOG_KEY": secrets.token_urlsafe(32),
        "EENDAK_DEMO_OTP_CODE": "",
    }


def _start(env):
    return subprocess.run([sys.executable, "-c", START], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_safe_production_environment_starts(safe_env):
    result = _start(safe_env)

    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


@pytest.mark.parametrize(("change", "complaint"), [
    ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG staat aan"),
    ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY ontbreekt, is de ontwikkelsleutel of is te kort"),
    ({"DJANGO_SECRET_KEY": "eendak-development-only-not-a-secret"}, "DJANGO_SECRET_KEY ontbreekt"),
    ({"DJANGO_SECRET_KEY": "kort-geheim"}, "is te kort"),
    ({"EENDAK_DEMO_OTP_CODE": "000000"}, "EENDAK_DEMO_OTP_CODE (demo-snelkoppeling tweede factor) is gezet"),
    ({"EENDAK_FIELD_ENCRYPTION_KEYS": None}, "EENDAK_FIELD_ENCRYPTION_KEYS bevat de ontwikkelsleutel"),
    ({"EENDAK_BSN_HASH_KEY": None}, "EENDAK_BSN_HASH_KEY is de ontwikkelsleutel"),
    ({"DATABASE_URL": None}, "DATABASE_URL ontbreekt"),
    ({"EENDAK_ACCESS_LOG_KEY": None}, "EENDAK_ACCESS_LOG_KEY (sleutel van de hashketen"),
    ({"EENDAK_ACCESS_LOG_KEY": "k" * 31}, "EENDAK_ACCESS_LOG_KEY (sleutel van de hashketen"),
    ({"EENDAK_ACCESS_LOG_KEY": "0123456789" * 3}, "EENDAK_ACCESS_LOG_KEY (sleutel van de hashketen"),
    ({"EENDAK_ACCESS_LOG_OLD_KEYS": "oud"}, "EENDAK_ACCESS_LOG_OLD_KEYS bevat een te zwakke sleutel"),
    # Weak keys: one character, a repeated character, a known example key.
    ({"EENDAK_BSN_HASH_KEY": "x"}, "EENDAK_BSN_HASH_KEY is te zwak"),
    ({"EENDAK_BSN_HASH_KEY": "a" * 64}, "EENDAK_BSN_HASH_KEY is te zwak"),
    ({"EENDAK_BSN_HASH_KEY": "changeme"}, "EENDAK_BSN_HASH_KEY is te zwak"),
    ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_SECRET_KEY ontbreekt, is de ontwikkelsleutel of is te kort"),
    ({"DJANGO_SECRET_KEY": "django-insecure-" + "k" * 40}, "DJANGO_SECRET_KEY ontbreekt"),
    ({"DJANGO_SECRET_KEY_FALLBACKS": "oud"}, "DJANGO_SECRET_KEY_FALLBACKS bevat een te zwakke sleutel"),
    ({"EENDAK_FIELD_ENCRYPTION_KEYS": "x"}, "EENDAK_FIELD_ENCRYPTION_KEYS bevat een ongeldige of te zwakke sleutel"),
    ({"EENDAK_FIELD_ENCRYPTION_KEYS": "A" * 43 + "="},
     "EENDAK_FIELD_ENCRYPTION_KEYS bevat een ongeldige of te zwakke sleutel"),
])
def test_unsafe_production_environment_refuses_to_start(safe_env, change, complaint):
    env = dict(safe_env)
    for key, value in change.items():
        if value is None:
            env.pop(key)
        else:
            env[key] = value

    result = _start(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Eendak weigert te starten in productie" in result.stderr
    assert complaint in result.stderr
    assert "DEBUG" not in result.stdout


def test_demo_code_is_off_by_default_in_production(safe_env):
    env = dict(safe_env)
    env.pop("EENDAK_DEMO_OTP_CODE")

    result = subprocess.run(
        [sys.executable, "-c", START + "; print('DEMO', repr(settings.EENDAK_DEMO_OTP_CODE))"],
        env=env, capture_output=True, text=True, timeout=120, check=False)

    assert result.returncode == 0, result.stderr
    assert "DEMO ''" in result.stdout
