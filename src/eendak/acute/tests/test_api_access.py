"""Need to know on the Spoedplein's API: another hospital gets the 404 of something that is not there
on every endpoint, logged under the permission's name, and nothing changes; the police see nothing
until the forensic report is shared with them on a recorded basis, and then that report (and its
photographs only when those were shared); Veilig Thuis reads what was sent to it, never the
photographs, and records nothing on the hospital's presentation."""

import json

import pytest

from eendak.acute.models import ForensicExamination
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import (
    API,
    PRESENTATIONS,
    assert_problem,
    assert_read,
    assert_refused,
    examined,
    ok,
    post_json,
    reported,
    shared_with_police,
    state,
    url_of,
    with_photo,
)
from .conftest import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pathway(toddler, adult, clinician, forensic_doctor, police):
    """The toddler examined and reported, with a photograph, reported to Veilig Thuis; a second
    presentation (the adult) waiting for the forensic doctor."""
    from eendak.acute import services

    examined(toddler, clinician, forensic_doctor)
    photo = with_photo(toddler, clinician)
    reported(toddler, clinician)
    return {"presentation": toddler, "photo": photo, "injury": toddler.injuries.first(),
            "examination": toddler.examinations.get(),
            "waiting": services.request_forensic(actor_for(clinician), adult,
                                                 question="Vastleggen")}


def every_endpoint(p, injury, examination, photo, police):
    """(method, url, body, permission): every endpoint on one presentation, with a body that would
    be accepted, so only who asks decides the answer."""
    return [
        ("get", url_of(p), None, "acute.view_presentation"),
        ("patch", url_of(p), {"explanation": "Anders"}, "acute.change_presentation"),
        ("post", url_of(p, "persons"), {"role": "companion", "newPerson": {"surname": "Test"}},
         "acute.change_presentation"),
        ("post", url_of(p, "injuries"), {"region": "chin", "kind": "bruise"}, "acute.record_injury"),
        ("post", url_of(p, "screening"), {"ticked": []}, "acute.record_screening"),
        ("post", url_of(p, "forensic-request"), {"question": "Nog een"}, "acute.request_forensic"),
        ("post", url_of(p, "photos"), {"description": "Wang", "consentBy": "Moeder"},
         "acute.add_photo"),
        ("post", url_of(p, "veilig-thuis"), {"kind": "advice", "text": "Vraag"},
         "acute.contact_veilig_thuis"),
        ("post", url_of(p, "willingness"), {"state": "discussed"}, "acute.record_willingness"),
        ("post", url_of(p, "shares"), {"organisation": police.pk, "basis": "court_order"},
         "acute.share_forensic_report"),
        ("post", url_of(p, "follow-ups"), {"kind": "other", "note": "Huisarts"},
         "acute.record_follow_up"),
        ("post", url_of(p, "discharge"), {"safeToGoHome": "yes", "destination": "home",
                                          "safetyConditions": "Oma"}, "acute.discharge"),
        ("get", url_of(p, "forensic-report"), None, "acute.view_forensic_report"),
        ("delete", f"{API}/acute-injuries/{injury.pk}/", None, "acute.record_injury"),
        ("post", f"{API}/forensic-examinations/{examination.pk}/report/",
         {"findings": "A", "conclusion": "B"}, "acute.report_forensic"),
        ("post", f"{API}/forensic-examinations/{examination.pk}/cancel/", {"reason": "Niet nodig"},
         "acute.request_forensic"),
        ("get", f"{API}/acute-photos/{photo.pk}/", None, "acute.view_photos"),
    ]


def send(client, method, url, data):
    if data is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_another_hospital_gets_a_logged_404_on_every_endpoint(login_as, clinician, other_clinician,
                                                              pathway, police):
    client = login_as(other_clinician)
    p = pathway["presentation"]
    before = state()

    for method, url, data, permission in every_endpoint(
            p, pathway["injury"], pathway["waiting"], pathway["photo"], police):
        assert_refused(send(client, method, url, data), other_clinician, permission, before)

    assert ok(client.get(PRESENTATIONS))["results"] == []


def test_another_hospitals_forensic_doctor_neither_sees_nor_reports_the_examination(
        login_as, other_hospital, pathway):
    doctor = f.membership(Role.FORENSIC_DOCTOR, other_hospital)
    client = login_as(doctor)
    waiting = pathway["waiting"]

    assert ok(client.get(f"{API}/forensic-examinations/"))["results"] == []
    assert_refused(post_json(client, f"{API}/forensic-examinations/{waiting.pk}/report/",
                             {"findings": "A", "conclusion": "B"}), doctor, "acute.report_forensic")
    assert ForensicExamination.objects.get(pk=waiting.pk).status == "requested"


def test_an_id_that_does_not_exist_is_the_same_logged_404(login_as, clinician, region):
    client = login_as(clinician)

    assert_refused(client.get(f"{PRESENTATIONS}987654/"), clinician, "acute.view_presentation")
    assert_refused(post_json(client, f"{PRESENTATIONS}987654/injuries/", {"kind": "bruise"}),
                   clinician, "acute.record_injury")
    assert_refused(client.get(f"{API}/acute-photos/987654/"), clinician, "acute.view_photos")


def test_the_police_see_nothing_until_the_report_is_shared_and_then_only_the_report(
        login_as, clinician, liaison, police, pathway):
    client = login_as(liaison)
    p, photo = pathway["presentation"], pathway["photo"]
    before = state()

    for method, url, data, permission in every_endpoint(
            p, pathway["injury"], pathway["waiting"], photo, police):
        assert_refused(send(client, method, url, data), liaison, permission, before)
    assert ok(client.get(f"{API}/shared-forensic-reports/"))["results"] == []
    # The work list is the hospital's and Veilig Thuis's (acute.view_work), as on the screen.
    assert_refused(client.get(PRESENTATIONS), liaison, "acute.view_work")

    share = shared_with_police(p, clinician, police)
    [listed] = ok(client.get(f"{API}/shared-forensic-reports/"))["results"]
    assert (listed["id"], listed["presentation"]["id"], listed["basis"]) == (
        share.pk, p.pk, "consent_representative")
    assert listed["patient"]["id"] == p.patient_id
    assert_read(liaison, "acute.shared_list", [p.patient_id])

    pdf = client.get(listed["reportUrl"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert_read(liaison, "acute.forensic_report_printed", [p.patient_id])
    assert_refused(client.get(url_of(p)), liaison, "acute.view_presentation")
    assert_refused(client.get(f"{API}/acute-photos/{photo.pk}/"), liaison, "acute.view_photos")

    shared_with_police(p, clinician, police, item="photos")
    image = client.get(f"{API}/acute-photos/{photo.pk}/")
    image.close()  # a file answer: closing it ends the request
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_veilig_thuis_reads_what_was_sent_never_the_photos_and_records_nothing(
        login_as, intake, clinician, forensic_doctor, toddler, adult):
    client = login_as(intake)
    assert_refused(client.get(url_of(toddler)), intake, "acute.view_presentation")
    examined(toddler, clinician, forensic_doctor)
    photo = with_photo(toddler, clinician)
    reported(toddler, clinician)
    before = state()

    seen = ok(client.get(url_of(toddler)))

    assert seen["photos"] is None and seen["forensicExamination"]["findings"] == "Twee hematomen."
    assert [p["id"] for p in ok(client.get(PRESENTATIONS))["results"]] == [toddler.pk]
    assert_refused(client.get(f"{API}/acute-photos/{photo.pk}/"), intake, "acute.view_photos")
    assert_refused(post_json(client, url_of(toddler, "injuries"), {"region": "chin",
                                                                   "kind": "bruise"}),
                   intake, "acute.record_injury", before)
    assert_refused(client.get(url_of(adult)), intake, "acute.view_presentation")
    assert client.get(url_of(toddler, "forensic-report")).status_code == 200


def test_the_figures_are_for_the_hospital_and_the_analyst_not_the_police(login_as, clinician,
                                                                          liaison, vt, toddler):
    analyst = f.membership(Role.ANALYST, vt)

    # The region's figures are published the CBS way: one presentation is "<5", its shares left out.
    [month] = ok(login_as(analyst).get(f"{API}/acute-figures/", {"months": 3}))["months"]
    assert (month["presentations"], month["published"], month["followUpShare"]) == ("<5", True, None)
    assert_refused(login_as(liaison).get(f"{API}/acute-figures/"), liaison, "acute.view_figures")
    assert_refused(login_as(analyst).get(PRESENTATIONS), analyst, "cases.view_work")
    assert_problem(login_as(clinician).get(f"{API}/acute-figures/", {"months": 99}), 400)
