"""The documentation states facts the code decides: the roles, the public URLs, the settings read
from the environment and the demo accounts. These tests fail when the two drift apart."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from eendak.core.access import ViewAccess, access_of
from eendak.core.models import Membership
from eendak.core.roles import ROLE_SPECS, Role, role_spec
from eendak.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY_BASE32, create_demo_accounts

ROOT = Path(settings.BASE_DIR).parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"


def _between(text: str, begin: str, end: str) -> str:
    return text[text.index(begin) + len(begin) : text.index(end)]


def _generator():
    spec = importlib.util.spec_from_file_location("generate_roles", DOCS / "generate_roles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_role_is_documented():
    text = (DOCS / "roles.md").read_text(encoding="utf-8")
    missing = [role.value for role in ROLE_SPECS if f"`{role.value}`" not in text]
    assert missing == []
    assert set(ROLE_SPECS) == set(Role), "every Role needs a RoleSpec"


def test_role_table_is_generated_from_role_specs():
    generator = _generator()
    text = (DOCS / "roles.md").read_text(encoding="utf-8")
    assert generator.current_table(text) == generator.render_table(), (
        "docs/roles.md is out of date: run `.venv/bin/python docs/generate_roles.py`"
    )


def test_rule_table_is_generated_from_the_declared_permissions():
    generator = _generator()
    text = (DOCS / "roles.md").read_text(encoding="utf-8")
    assert generator.current_table(text, generator.RULES_BEGIN, generator.RULES_END) == (
        generator.render_rules()), "docs/roles.md is out of date: run `.venv/bin/python docs/generate_roles.py`"


def _url_patterns(patterns, prefix="/"):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_public_urls_are_exactly_the_ones_listed_in_security_md():
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(/[^`]*)`", _between(text, "<!-- public-urls:begin -->",
                                                          "<!-- public-urls:end -->"), re.M))
    listed_views = {url for url in listed if not url.startswith(settings.STATIC_URL)}
    public = {route for route, view in _url_patterns(get_resolver().url_patterns)
              if access_of(view) == ViewAccess.PUBLIC}

    assert public == listed_views, (
        "A public URL must be listed in docs/security.md (and in tests/test_url_access.py), and "
        "every URL listed there must be public."
    )
    assert f"{settings.STATIC_URL}…" in listed


def test_every_environment_variable_in_settings_is_documented():
    source = (Path(settings.BASE_DIR) / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""(?:environ\.get|env_int|env_bool)\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    operations = (DOCS / "operations.md").read_text(encoding="utf-8")

    assert names, "settings.py reads no environment variables? The pattern above needs updating."
    assert sorted(n for n in names if f"`{n}`" not in operations) == []


@pytest.mark.django_db
def test_readme_lists_every_demo_account_as_created():
    readme = README.read_text(encoding="utf-8")
    create_demo_accounts()
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z]+)` \|.*$", readme, re.M)}

    assert DEMO_PASSWORD in readme and DEMO_TOTP_KEY_BASE32 in readme
    assert sorted(rows) == sorted(a.username for a in DEMO_ACCOUNTS)
    for account in DEMO_ACCOUNTS:
        membership = Membership.objects.select_related("organisation").get(user__username=account.username)
        cells = [cell.strip() for cell in rows[account.username].strip("|").split("|")]
        assert cells[1] == str(Role(account.role).label)
        assert cells[2] == membership.organisation.name
        assert cells[3].startswith("yes" if role_spec(account.role).sees_personal_data else "no")


@pytest.mark.parametrize("document", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_relative_links_point_at_existing_files(document):
    text = document.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        if not (document.parent / target).exists():
            broken.append(target)
    assert broken == []
