"""Shared helpers for the public-entry tests (test_public_*.py): what a visitor types and sees."""

import re

from django.apps import apps
from django.urls import reverse

from eendak.core.models import Municipality


def row_counts() -> dict[str, int]:
    """The number of rows in every table: a page that stores nothing leaves this unchanged."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def submission_key_from(response) -> str:
    """The signed one-time key the form page handed out, as a browser would send it back."""
    match = re.search(r'name="submission_key" value="([^"]+)"', response.content.decode())
    assert match, "the form carries no submission key"
    return match.group(1)


def report_form_data(client, **overrides) -> dict:
    """A resident's report, filled in as on the page (a fresh key from a GET of the form)."""
    page = client.get(reverse("public:report"))
    tilburg = Municipality.objects.get(name="Tilburg")
    data = {
        "submission_key": submission_key_from(page),
        "website": "",
        "reporter_name": "Marieke Jansen",
        "reporter_phone": "06-12345678",
        "reporter_email": "",
        "relation": "buurvrouw",
        "is_professional": "nee",
        "account": "Ik hoor bijna elke avond geschreeuw en gebonk bij de buren. Gisteren huilde het "
                   "kind lang op de galerij.",
        "violence_types": ["partnergeweld", "kindermishandeling"],
        "duration": "1_6_maanden",
        "municipality": str(tilburg.pk),
        "address": "Galerijflat 12, Tilburg",
        "person_1_given": "Sanne",
        "person_1_surname": "de Vries",
        "person_1_age": "ongeveer 30",
        "person_1_role": "victim",
        "person_2_given": "",
        "person_2_surname": "",
        "person_2_age": "5",
        "person_2_role": "child",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def advice_form_data(client, **overrides) -> dict:
    page = client.get(reverse("public:advice"))
    data = {
        "submission_key": submission_key_from(page),
        "website": "",
        "asker_type": "resident",
        "question": "Mijn zus wordt door haar man gekleineerd en ze mag niet meer alleen de deur uit. "
                    "Wat kan ik doen?",
        "violence_types": ["partnergeweld"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
