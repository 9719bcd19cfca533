"""seed_demo's refusals and options, and the demo_accounts table. What seed_demo does on a database
that holds a data set already (--if-empty, a second run, --reset) is in ``test_commands_seeded.py``,
which seeds that data set once for its tests."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from eendak.cases.models import Case
from eendak.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY_BASE32, create_demo_accounts
from eendak.persons.models import Household, Person, PersonBSN


def test_if_empty_and_reset_together_are_refused(seed):
    with pytest.raises(CommandError, match="niet allebei"):
        seed(persons=20, if_empty=True, reset=True)


def test_a_malformed_reference_date_is_refused(seed):
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        seed(persons=20, today="2-3-2026")
    assert not Person.objects.exists()


def test_the_bulk_path_on_2000_persons(seed):
    output = seed(persons=2000, seed=11)
    persons = Person.objects.filter(is_synthetic=True).count()
    assert 2000 <= persons <= 2010
    assert PersonBSN.objects.count() == persons
    households = Household.objects.filter(is_synthetic=True).count()
    cases = Case.objects.filter(is_synthetic=True).count()
    assert f"{households} huishoudens, {persons} personen, {cases} casussen" in output
    assert " s." in output


def test_seed_demo_refuses_in_production(seed, settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="productie"):
        seed(persons=20)
    assert not Person.objects.exists()


def test_demo_accounts_prints_every_account_with_password_and_second_factor(db):
    create_demo_accounts()
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    for account in DEMO_ACCOUNTS:
        assert account.username in text
        assert f"{account.first_name} {account.last_name}" in text
    assert DEMO_PASSWORD in text
    assert "code 000000" in text and DEMO_TOTP_KEY_BASE32 in text
    assert "Lokaal team Tilburg" in text and "Intakemedewerker Veilig Thuis" in text


def test_demo_accounts_says_when_the_accounts_do_not_exist_yet(db):
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "seed_demo" in out.getvalue()
