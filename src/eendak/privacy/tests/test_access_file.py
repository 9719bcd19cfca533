"""The inzage file (AVG art. 15): the person's own file as a PDF, every other person absent from it
(not hidden: their names, numbers and contact data are not in the PDF's text at all), and the list
of who looked at the person's data."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action
from eendak.cases.models import CasePerson, ChildVoice, JournalEntry, SafetyCondition
from eendak.core.actors import Actor
from eendak.intake.models import Report, Reporter, ReportPerson
from eendak.persons import bsn as bsn_module
from eendak.persons.models import Relationship
from eendak.privacy import services as privacy
from eendak.privacy.access_file import Redactor
from eendak.privacy.workflow import RequestKind
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def family(household_with_case, intake, vt):
    """The child asks for inzage. The file mentions the parent, the partner, a neighbour (a related
    person outside the household) and the reporter by name."""
    household, case, (parent, partner, child) = household_with_case
    parent.given_names, parent.surname = "Wilhelmina", "Brouwersgracht"
    parent.save()
    partner.given_names, partner.surname = "Barend", "Kwakkelstein"
    partner.save()
    child.given_names, child.surname = "Fleur", "Kwakkelstein"
    child.save()
    neighbour = f.PersonFactory(given_names="Geertruida", surname="Overmeire")
    Relationship.objects.create(person=child, other=neighbour, kind="other")
    CasePerson.objects.create(case=case, person=child, role="child")
    CasePerson.objects.create(case=case, person=partner, role="suspect")
    SafetyCondition.objects.create(case=case, text="Barend Kwakkelstein komt niet in huis.",
                                   agreed_by="Wilhelmina Brouwersgracht", set_by=intake.user)
    JournalEntry.objects.create(
        case=case, kind="conversation", source_organisation=vt, author=intake.user,
        text="Gesprek met Wilhelmina en Fleur; buurvrouw Geertruida Overmeire was aanwezig.")
    ChildVoice.objects.create(case=case, child=child, account="Ik wil dat papa rustig is.",
                              recorded_by=intake.user, source_organisation=vt)
    report = Report.objects.create(
        reference="M-TEST-1", channel="phone", organisation=vt, household=household,
        account="Melder Pieternella Zonneveldt hoorde geschreeuw; Barend sloeg met deuren.",
        assessment_due_at=timezone.now() + timedelta(days=5))
    Reporter.objects.create(report=report, name="Pieternella Zonneveldt", phone="0612345678",
                            email="p.zonneveldt@example.org", relation="buurvrouw")
    ReportPerson.objects.create(report=report, person=child, role="child")
    ReportPerson.objects.create(report=report, person=partner, role="suspect")
    audit.log_access(Actor(intake.user, intake), event="person.read", action=Action.READ,
                     obj=child, persons=[child])
    audit.log_access(Actor(intake.user, intake), event="household.read", action=Action.READ,
                     persons=[child], emergency=True, reason="Kind in acuut gevaar na melding")
    return case, parent, partner, child, neighbour


def test_the_pdf_holds_the_persons_file_and_who_looked_and_no_one_else(
        privacy_officer, family, vt):
    case, parent, partner, child, neighbour = family
    officer = Actor(privacy_officer.user, privacy_officer)
    request = privacy.register_request(
        officer, person=child, kind=RequestKind.ACCESS, received_on=timezone.localdate(),
        received_via="letter", request_text="Inzage in mijn dossier, via mijn voogd.")
    made = privacy.build_access_file(officer, request)
    assert bytes(made.pdf).startswith(b"%PDF")
    text = pdf_text(bytes(made.pdf))
    # The person's own file.
    assert "Fleur Kwakkelstein" in text
    assert case.reference in text and "M-TEST-1" in text
    assert "Ik wil dat papa rustig is." in text
    assert "komt niet in huis" in text
    # Who looked: organisation, role, emergency with its reason.
    assert "Wie heeft uw gegevens ingezien" in text
    assert vt.name in text and "Kind in acuut gevaar na melding" in text
    # Nobody else: the parent, the partner, the neighbour, the reporter.
    for absent in ("Wilhelmina", "Brouwersgracht", "Barend", "Geertruida", "Overmeire",
                   "Pieternella", "Zonneveldt", "0612345678", "zonneveldt@example.org",
                   parent.street, parent.postcode):
        assert absent not in text, absent
    parent_bsn = bsn_module.decrypt(parent.bsn.encrypted_value)
    assert parent_bsn not in text.replace(" ", "").replace(".", "")
    assert "[weggelaten]" in text
    # The build is an export of the child's data, logged with the request.
    entry = AccessLogEntry.objects.get(event="access_file.built")
    assert entry.action == Action.EXPORT and entry.person_ids == [child.pk]


def test_the_redactor_removes_whole_words_and_keeps_the_persons_own_name():
    redact = Redactor({"Jan", "Jan de Vries", "de Vries", "Maria"}, own={"de Vries", "Anna"})
    assert redact("Jan de Vries sprak met Anna de Vries in januari") == \
        "[weggelaten] sprak met Anna de Vries in januari"
    assert redact("maria belde") == "[weggelaten] belde"
