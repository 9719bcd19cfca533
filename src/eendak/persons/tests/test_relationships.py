"""Relations between members of a household are recorded on the person page and logged."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.persons.models import Relationship
from eendak.testing import factories as f


@pytest.mark.django_db
def test_record_a_relation_within_the_household(household_with_case, vt, login_as):
    _household, _case, (parent, partner, child) = household_with_case
    client = login_as(f.membership(Role.VT_INTAKE, vt))
    response = client.post(reverse("persons:add_relationship", args=[parent.pk]),
                           {"other": child.pk, "kind": "parent", "note": ""})
    assert response.status_code == 302
    assert Relationship.objects.filter(person=parent, other=child, kind="parent").exists()
    assert AccessLogEntry.objects.filter(event="person.relationship_added").exists()
    page = client.get(reverse("persons:person_detail", args=[child.pk])).content.decode()
    assert escape(parent.full_name) in page and "ouder van" in page


@pytest.mark.django_db
def test_someone_outside_the_household_cannot_be_chosen(household_with_case, vt, login_as):
    _household, _case, (parent, *_rest) = household_with_case
    stranger = f.person_in(f.HouseholdFactory(), "parent")
    client = login_as(f.membership(Role.VT_INTAKE, vt))
    response = client.post(reverse("persons:add_relationship", args=[parent.pk]),
                           {"other": stranger.pk, "kind": "partner"})
    assert response.status_code == 400
    assert "Kies een gezinslid uit hetzelfde huishouden." in response.content.decode()
    assert not Relationship.objects.exists()


@pytest.mark.django_db
def test_an_outside_organisation_gets_404(household_with_case, police, login_as):
    _household, _case, (parent, partner, _child) = household_with_case
    client = login_as(f.membership(Role.PARTNER_LIAISON, police))
    response = client.post(reverse("persons:add_relationship", args=[parent.pk]),
                           {"other": partner.pk, "kind": "partner"})
    assert response.status_code == 404
    assert not Relationship.objects.exists()


@pytest.mark.django_db
def test_relationships_through_the_api(household_with_case, vt, login_as):
    _household, _case, (parent, partner, _child) = household_with_case
    client = login_as(f.membership(Role.VT_INTAKE, vt))
    url = f"/api/v1/persons/{parent.pk}/relationships/"
    bad = client.post(url, {"other": partner.pk, "kind": "vriend"}, content_type="application/json")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    made = client.post(url, {"other": partner.pk, "kind": "partner"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["otherName"] == partner.full_name
    assert [r["kind"] for r in client.get(url).json()] == ["partner"]
