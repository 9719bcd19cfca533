"""One rule and one message for a typed BSN, on every screen that asks for one.

The persons search, the intake's search and new-person form and the privacy officer's lookup each
had their own copy, with three different messages for the same mistake.
"""

import inspect
from importlib import import_module

import pytest
from django import forms
from django.apps import apps

from eendak.core.exceptions import RuleViolation
from eendak.persons import bsn as bsn_module
from eendak.persons.forms import BSNField, clean_bsn
from eendak.persons.registry import validate_bsn_input
from eendak.testing import factories as f

FAILS_THE_11_TEST = "123456789"


def _forms_with_a_bsn_field() -> list[type[forms.Form]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("eendak."):
            continue
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        found += [form for _, form in inspect.getmembers(module, inspect.isclass)
                  if issubclass(form, forms.Form) and form.__module__ == module.__name__
                  and "bsn" in form.base_fields]
    return found


def test_the_screens_with_a_bsn_field_are_found():
    names = {f"{form.__module__}.{form.__name__}" for form in _forms_with_a_bsn_field()}
    # The intake's "is this person already known?" search is the persons' KnownPersonSearchForm.
    assert {"eendak.persons.forms.PersonSearchForm", "eendak.persons.forms.KnownPersonSearchForm",
            "eendak.privacy.forms.PersonAccessLookupForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", _forms_with_a_bsn_field(),
                         ids=lambda form: f"{form.__module__}.{form.__name__}")
def test_every_bsn_field_refuses_with_the_one_message(form_class):
    form = form_class(data={"bsn": FAILS_THE_11_TEST, "bsn_status": "known"})
    assert form.errors["bsn"] == [str(bsn_module.INVALID_MESSAGE)]


def test_the_rule_services_use_has_the_same_message():
    with pytest.raises(RuleViolation) as refused:
        validate_bsn_input(FAILS_THE_11_TEST)
    assert refused.value.message == str(bsn_module.INVALID_MESSAGE)
    assert refused.value.field == "bsn"


def test_a_bsn_is_cleaned_to_its_nine_digits():
    digits = f.test_bsn()
    typed = f" {digits[:4]}.{digits[4:6]} {digits[6:]} "
    assert clean_bsn(typed) == digits
    assert clean_bsn("  ") == ""
    assert BSNField().clean(typed) == digits
    with pytest.raises(forms.ValidationError) as refused:
        BSNField().clean(FAILS_THE_11_TEST)
    assert refused.value.messages == [str(bsn_module.INVALID_MESSAGE)]
    assert refused.value.code == "invalid_bsn"
