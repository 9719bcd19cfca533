"""The Spoedplein's API lists and details cost the same number of queries however much they show
(``eendak.testing.query_counts``): the presentations, one presentation with its injuries, screenings,
photographs, contacts with Veilig Thuis, shares and follow-up, the forensic doctor's queue and the
reports shared with the police — each counted with a few rows, then with more."""

import pytest

from eendak.acute import services
from eendak.persons.registry import PersonData
from eendak.testing.query_counts import assert_flat

from .api_support import (
    API,
    PRESENTATIONS,
    examined,
    reported,
    shared_with_police,
    url_of,
    with_photo,
)
from .conftest import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def presentation_of(clinician, toddler_data):
    """make(): one more two-year-old at the clinician's hospital."""

    def make():
        return services.register_presentation(actor_for(clinician), services.PresentationData(
            pathway="child_abuse", patient_data=toddler_data,
            explanation="Van de trap gevallen."))

    return make


def test_the_list_does_not_grow(login_as, clinician, forensic_doctor, presentation_of, capsys):
    def add(n):
        for _ in range(n):
            presentation = presentation_of()
            examined(presentation, clinician, forensic_doctor)
            reported(presentation, clinician)
            presentation_of()  # and one without anything yet

    add(1)
    assert_flat(capsys, "API presentaties", login_as(clinician), PRESENTATIONS, grow=lambda: add(3))


def test_one_presentation_does_not_grow(login_as, clinician, forensic_doctor, toddler, police,
                                        capsys):
    actor = actor_for(clinician)
    examined(toddler, clinician, forensic_doctor)
    reported(toddler, clinician)

    def more():
        for n in range(3):
            services.record_injury(actor, toddler, services.InjuryData(region="chin",
                                                                       kind="abrasion"))
            services.record_screening(actor, toddler, ticked=["torso"])
            with_photo(toddler, clinician)
            services.contact_veilig_thuis(actor, toddler, kind="advice", text=f"Vraag {n}",
                                          person_ids=[])
            shared_with_police(toddler, clinician, police)
            services.record_follow_up(actor, toddler, kind="other", note=f"Huisarts {n}")
            services.name_person(actor, toddler, role="companion",
                                 data=PersonData(given_names=f"Begeleider{n}", surname="Test"))

    more()

    def rows(response):
        data = response.json()
        return sum(len(data[key]) for key in ("injuries", "screenings", "photos", "contacts",
                                              "shares", "followUps", "namedPersons"))

    assert_flat(capsys, "API presentatie (ziekenhuis)", login_as(clinician), url_of(toddler),
                grow=more, rows=rows)


def test_the_presentation_veilig_thuis_reads_does_not_grow(login_as, clinician, intake, toddler,
                                                           capsys):
    actor = actor_for(clinician)
    reported(toddler, clinician)

    def more():
        for n in range(3):
            services.record_injury(actor, toddler, services.InjuryData(region="chin",
                                                                       kind="abrasion"))
            services.contact_veilig_thuis(actor, toddler, kind="advice", text=f"Vraag {n}",
                                          person_ids=[])

    more()
    assert_flat(capsys, "API presentatie (Veilig Thuis)", login_as(intake), url_of(toddler),
                grow=more, rows=lambda r: len(r.json()["injuries"]) + len(r.json()["contacts"]))


def test_the_queue_and_the_shared_reports_do_not_grow(login_as, clinician, forensic_doctor,
                                                      liaison, police, presentation_of, capsys):
    actor = actor_for(clinician)

    def waiting(n):
        for _ in range(n):
            services.request_forensic(actor, presentation_of(), question="Vastleggen")

    waiting(1)
    assert_flat(capsys, "API forensische wachtrij", login_as(forensic_doctor),
                f"{API}/forensic-examinations/", grow=lambda: waiting(3))

    def shared(n):
        for _ in range(n):
            presentation = presentation_of()
            examined(presentation, clinician, forensic_doctor)
            shared_with_police(presentation, clinician, police)

    shared(1)
    assert_flat(capsys, "API gedeelde rapporten", login_as(liaison),
                f"{API}/shared-forensic-reports/", grow=lambda: shared(3))
