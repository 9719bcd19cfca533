"""Helpers for the intake API tests: JSON requests, problem+json checks, token clients, and the
bodies of a police report and a resident's web report."""

import secrets

from django.test import Client

from eendak.api.authentication import hash_token
from eendak.api.models import ServiceToken
from eendak.api.tests.support import (  # noqa: F401 - the API's one set, re-exported
    PROBLEM,
    assert_problem,
    body,
    invalid_names,
    patch_json,
    post_json,
)
from eendak.core.models import Municipality, Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

API = "/api/v1"


def token_client(membership, name="koppeling") -> Client:
    """A client that authenticates with a service token of ``membership`` (no session)."""
    token = secrets.token_urlsafe(32)
    ServiceToken.objects.create(membership=membership, name=name, prefix=token[:8],
                                key_hash=hash_token(token))
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def local_team_member(municipality: str):
    team = Organisation.objects.get(name=f"Lokaal team {municipality}")
    return f.membership(Role.LOCAL_TEAM_WORKER, team)


def municipality_id(name="Tilburg") -> int:
    return Municipality.objects.get(name=name).pk


def police_report(**overrides) -> dict:
    """A police report about a family in Tilburg: mother (victim), father (suspect), a child."""
    tilburg = municipality_id()
    data = {
        "channel": "police",
        "reporter": {"name": "Agent K. de Boer", "isProfessional": True, "role": "justitie_politie",
                     "sector": "politie", "organisationName": "Politie Tilburg",
                     "phone": "013-0000000"},
        "violenceTypes": ["partnergeweld", "kindermishandeling"],
        "additionalInfo": [],
        "duration": "1_5_jaar",
        "account": "Politie werd gebeld door buren na geschreeuw; moeder had een blauw oog.",
        "isAcute": False,
        "municipality": tilburg,
        "involved": [
            {"role": "victim", "newPerson": {"givenNames": "Fatma", "surname": "Yilmaz", "sex": "V",
                                             "dateOfBirth": "1988-04-12", "bsn": "999990019",
                                             "street": "Heuvelring", "houseNumber": "12",
                                             "postcode": "5038CL", "city": "Tilburg"}},
            {"role": "suspect", "newPerson": {"givenNames": "Kees", "surnamePrefix": "van der",
                                              "surname": "Berg", "sex": "M",
                                              "dateOfBirth": "1985-01-30"}},
            {"role": "child", "newPerson": {"givenNames": "Noah", "surnamePrefix": "van der",
                                            "surname": "Berg", "sex": "M",
                                            "dateOfBirth": "2017-09-03"}},
        ],
    }
    data.update(overrides)
    return data


def web_report(**overrides) -> dict:
    """A neighbour's report through the web form, typed in by Veilig Thuis: one child, a mother."""
    data = {
        "channel": "web",
        "reporter": {"name": "J. Jansen", "isProfessional": False, "role": "niet_beroepsmatig",
                     "sector": "niet_van_toepassing", "email": "buurman@example.org",
                     "relation": "buurman"},
        "violenceTypes": ["kindermishandeling"],
        "account": "Ik hoor bijna elke avond een kind huilen en een volwassene schreeuwen.",
        "municipality": municipality_id(),
        "involved": [
            {"role": "child", "newPerson": {"givenNames": "Sem", "surname": "de Vries",
                                            "dateOfBirth": "2019-06-01", "bsnStatus": "absent"}},
            {"role": "suspect", "newPerson": {"givenNames": "Linda", "surname": "de Vries",
                                              "sex": "V", "dateOfBirth": "1990-02-14"}},
        ],
    }
    data.update(overrides)
    return data
