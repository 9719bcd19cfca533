"""The plan on paper: an A4 PDF for the family meeting and one written for a child. Both are made
from the file's own data (nothing is fetched) and every print is in the access log."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from eendak.audit.models import AccessLogEntry, Action
from eendak.cases import pdf, services
from eendak.cases.models import PlanAction

from .views_helpers import case_url


@pytest.fixture
def plan(open_case, vt_actor, team_actor, tilburg_team):
    today = timezone.localdate()
    services.set_conditions(vt_actor, open_case, [("Vader komt niet in de woning.", "Vader")])
    version = services.new_plan_version(team_actor, open_case, note="Eerste plan")
    safety = services.add_goal(team_actor, version, part="safety",
                               text="Er is geen fysiek of verbaal geweld meer in het gezin.",
                               child_text="Thuis wordt er niet meer geslagen of gescholden.")
    services.add_goal(team_actor, version, part="help", text="Moeder krijgt schuldhulpverlening.")
    services.add_action(team_actor, safety, text="Veiligheidsplan met moeder opstellen",
                        owner_organisation=tilburg_team, owner=team_actor.user, start_on=today,
                        due_on=today + timedelta(days=14))
    child = open_case.household.members.get(role="child").person
    services.record_child_voice(team_actor, open_case, child=child,
                                account="Ik schrik als papa hard praat.",
                                wishes="Ik wil dat mama en papa niet meer ruzie maken.")
    return version, child


@pytest.fixture
def laid_out(monkeypatch):
    """Every PDF document the request lays out, as WeasyPrint placed it on the pages (for the font
    sizes, which the PDF's text does not carry)."""
    documents = []
    original = pdf.document

    def keep(template, context):
        rendered = original(template, context)
        documents.append(rendered)
        return rendered

    monkeypatch.setattr(pdf, "document", keep)
    return documents


def pdf_text(response) -> str:
    """The text a reader gets from the PDF itself, page by page, with the line breaks of the layout
    made spaces (a table cell wraps its sentence over several lines).

    Read by pypdf (pure Python, a dev dependency) on every machine: the answer must not depend on
    which optional tools are installed (``pdftotext -layout`` interleaved the cells of a table row,
    so a sentence in one cell was never found where poppler-utils happened to be present).
    """
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def font_sizes(rendered) -> list[float]:
    """Font sizes of the laid-out text, leaving out the page margins (the page numbers)."""
    sizes = []

    def walk(box):
        if type(box).__name__ == "MarginBox":
            return
        if isinstance(getattr(box, "text", None), str) and box.text.strip():
            sizes.append(box.style["font_size"])
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in rendered.pages:
        walk(page._page_box)
    return sizes


@pytest.mark.django_db
def test_the_plan_for_the_family_meeting(open_case, plan, team_actor, login_as):
    version, _ = plan
    response = login_as(team_actor.membership).get(case_url(open_case, "plan_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="plan-{open_case.reference}-v1.pdf"'
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000
    text = pdf_text(response)
    for expected in ("Veiligheids-, hulp- en herstelplan", "Er is geen fysiek of verbaal geweld meer",
                     "Moeder krijgt schuldhulpverlening.", "Veiligheidsplan met moeder opstellen",
                     "Vader komt niet in de woning.", "Lokaal team Tilburg"):
        assert expected in text
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (210 / 25.4 * 72, 297 / 25.4 * 72), rel=0.01)  # A4, in points
    # A tagged, accessible PDF (PDF/UA): a structure tree, marked content, its language and title.
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "nl" and reader.metadata.title
    entry = AccessLogEntry.objects.filter(event="case.plan_printed").get()
    assert entry.action == Action.EXPORT and entry.detail == "v1"
    assert entry.person_ids == sorted(open_case.household.members.values_list("person_id",
                                                                              flat=True))


@pytest.mark.django_db
def test_the_plan_written_for_the_child(open_case, plan, team_actor, login_as, laid_out):
    _, child = plan
    client = login_as(team_actor.membership)
    response = client.get(case_url(open_case, "plan_child_pdf") + f"?kind={child.pk}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response)
    assert f"Het plan voor {child.given_names}" in text
    assert "Thuis wordt er niet meer geslagen of gescholden." in text  # the child's words ...
    assert "fysiek of verbaal" not in text  # ... instead of the professionals'
    assert "Moeder krijgt schuldhulpverlening." in text  # no child's words: the goal as it is
    assert "Ik wil dat mama en papa niet meer ruzie maken." in text  # the child's own wishes
    assert "Ik schrik als papa hard praat." not in text  # the account stays in the file
    entry = AccessLogEntry.objects.filter(event="case.plan_printed").get()
    assert entry.person_ids == [child.pk] and entry.detail == "v1 kindversie"

    client.get(case_url(open_case, "plan_pdf"))
    child_sizes, family_sizes = font_sizes(laid_out[0]), font_sizes(laid_out[1])
    assert min(child_sizes) > min(family_sizes)
    assert max(child_sizes) > max(family_sizes)  # larger type throughout


@pytest.mark.django_db
def test_printing_before_there_is_a_plan_and_for_someone_who_is_no_child(open_case, vt_actor,
                                                                         login_as):
    client = login_as(vt_actor.membership)
    response = client.get(case_url(open_case, "plan_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "er is nog geen plan vastgelegd" in pdf_text(response)
    assert AccessLogEntry.objects.get(event="case.plan_printed").detail == "nog geen planversie"
    parent = open_case.household.members.get(role="parent").person
    assert client.get(case_url(open_case, "plan_child_pdf") + f"?kind={parent.pk}").status_code == 404
    assert client.get(case_url(open_case, "plan_pdf") + "?versie=7").status_code == 404


@pytest.mark.django_db
def test_an_earlier_version_can_be_printed(open_case, plan, team_actor, login_as):
    version, _ = plan
    services.mark_plan_agreed(team_actor, version, agreed_on=timezone.localdate())
    v2 = services.new_plan_version(team_actor, open_case, note="Bijgesteld")
    PlanAction.objects.filter(goal__version=v2).update(text="Gewijzigde actie")
    client = login_as(team_actor.membership)
    text = pdf_text(client.get(case_url(open_case, "plan_pdf") + "?versie=1"))
    assert "Veiligheidsplan met moeder opstellen" in text and "met het gezin afgesproken" in text


def test_nothing_is_fetched_while_rendering(monkeypatch):
    """An external stylesheet or image in a template would be refused, not downloaded."""
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF tried to reach the network")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    monkeypatch.setattr(pdf, "render_html", lambda template, context: (
        '<html><head><link rel="stylesheet" href="https://example.org/x.css"></head><body>'
        '<img src="https://example.org/logo.png" alt="logo"><p>Plan</p></body></html>'))
    content = pdf.render_pdf("ignored.html", {})
    assert content.startswith(b"%PDF")
    with pytest.raises(ValueError):
        pdf.NoFetching().fetch("https://example.org/logo.png")
