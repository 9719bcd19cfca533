from datetime import date

import pytest

from eendak.core.actors import Actor
from eendak.core.models import Municipality
from eendak.intake import services as intake
from eendak.persons.registry import PersonData


@pytest.fixture
def intake_actor(intake):
    intake.user.acting_membership = intake
    return Actor(user=intake.user, membership=intake, ip_address="127.0.0.1")


@pytest.fixture
def tilburg(region):
    return Municipality.objects.get(cbs_code="GM0855")


@pytest.fixture
def police_report_data(tilburg):
    """A police report about a family in Tilburg: mother (victim), father (suspect), a child."""

    def make(**overrides):
        data = intake.ReportData(
            channel="police",
            account="Politie werd gebeld door buren na geschreeuw; moeder had een blauw oog.",
            violence_types=["partnergeweld", "kindermishandeling"],
            reporter=intake.ReporterData(name="Agent K. de Boer", is_professional=True,
                                         role="justitie_politie", sector="politie",
                                         organisation_name="Politie Tilburg",
                                         phone="013-0000000"),
            involved=[
                intake.InvolvedPerson("victim", data=PersonData(
                    given_names="Fatma", surname="Yilmaz", sex="V",
                    date_of_birth=date(1988, 4, 12), bsn="999990019",
                    municipality_id=tilburg.pk)),
                intake.InvolvedPerson("suspect", data=PersonData(
                    given_names="Kees", surname="van der Berg", sex="M",
                    date_of_birth=date(1985, 1, 30),
                    municipality_id=tilburg.pk)),
                intake.InvolvedPerson("child", data=PersonData(
                    given_names="Noah", surname="van der Berg", sex="M",
                    date_of_birth=date(2017, 9, 3),
                    municipality_id=tilburg.pk)),
            ],
            municipality_id=tilburg.pk,
            duration="1_5_jaar",
        )
        for key, value in overrides.items():
            setattr(data, key, value)
        return data

    return make
