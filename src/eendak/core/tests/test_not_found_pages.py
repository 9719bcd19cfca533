"""With DEBUG on (the demo) a 404 is the page production shows, never Django's technical page that
lists every URL pattern; under /api/ it is problem+json."""

import pytest
from django.test import Client, override_settings

from eendak.testing import factories as f

pytestmark = [pytest.mark.django_db]

TECHNICAL = "Using the URLconf defined in"


@override_settings(DEBUG=True)
def test_an_unknown_address_shows_the_friendly_page_in_the_demo(login_as, intake):
    response = login_as(intake).get("/bestaat-niet/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina is niet gevonden" in html and TECHNICAL not in html
    assert "dossiers/<int" not in html  # nothing of the URL layout


@override_settings(DEBUG=True)
def test_a_refused_file_looks_like_a_missing_one_in_the_demo(login_as, intake):
    elsewhere = f.HouseholdFactory()  # a household no organisation of the worker takes part in

    response = login_as(intake).get(f"/personen/dossiers/{elsewhere.pk}/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina is niet gevonden" in html and TECHNICAL not in html


@override_settings(DEBUG=True)
def test_an_unknown_api_path_is_problem_json_in_the_demo(region):
    response = Client().get("/api/v1/bestaat-niet/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
