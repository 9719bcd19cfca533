"""A person's address shielded from one organisation in a case is blank on the person page and API."""

import pytest
from django.urls import reverse

from eendak.cases import services as case_services
from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.testing import factories as f


@pytest.mark.django_db
def test_shielded_address_is_not_shown_to_the_shielded_from_organisation(
        household_with_case, vt, police, login_as):
    household, case, (victim, *_rest) = household_with_case
    victim.street, victim.house_number = "Opvangstraat", "7"
    victim.save()
    vt_member = f.membership(Role.VT_MONITOR, vt)
    vt_member.user.acting_membership = vt_member
    actor = Actor(user=vt_member.user, membership=vt_member)
    case_services.add_participant(actor, case, police, task="Strafrecht", legal_basis="statutory_task")
    case_services.shield_person(actor, case, person=victim, hidden_from=police,
                                reason="Slachtoffer verblijft in de opvang.")
    officer = login_as(f.membership(Role.PARTNER_LIAISON, police))
    page = officer.get(reverse("persons:person_detail", args=[victim.pk])).content.decode()
    assert "Opvangstraat" not in page and "Afgeschermd voor uw organisatie" in page
    api = officer.get(f"/api/v1/persons/{victim.pk}/").json()
    assert "Opvangstraat" not in str(api)
    colleague = login_as(vt_member)
    assert "Opvangstraat" in colleague.get(reverse("persons:person_detail", args=[victim.pk])).content.decode()
