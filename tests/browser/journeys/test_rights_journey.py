"""An access request (inzage, AVG art. 15) in Chromium, by the demo privacy officer (``privacy``,
Veilig Thuis): she registers the request of a mother from her letter, takes it in hand, makes the
inzage file, and downloads the PDF. The PDF holds the mother's own data, her case file with every
other person left out (her partner's and her child's names are in the journal, and are not in the
PDF), and the list of who looked at her data. The request's page passes axe-core without a serious
finding.
"""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import BLOCKING_IMPACTS, axe_scan, describe, today_text

pytestmark = pytest.mark.browser

MOTHER = ("Ingrid", "Verbeterburg")
PARTNER = ("Reinout", "Zwanenveld")
CHILD = ("Tijmen", "Zwanenveld")


def field(text: str):
    return re.compile(rf"^{re.escape(text)}\s*\*?$")


def a_family(users):
    """A Tilburg household whose case Veilig Thuis holds, with a journal line that names all three."""
    from eendak.cases.models import JournalEntry
    from eendak.core.models import Membership
    from eendak.testing import factories as f

    vt = Membership.objects.get(user=users["privacy"]).organisation
    household = f.HouseholdFactory()
    mother = f.person_in(household, "parent", given_names=MOTHER[0], surname=MOTHER[1])
    f.person_in(household, "partner", given_names=PARTNER[0], surname=PARTNER[1])
    f.person_in(household, "child", given_names=CHILD[0], surname=CHILD[1])
    case = f.case_for(household, vt)
    JournalEntry.objects.create(
        case=case, kind="conversation", source_organisation=vt, author=users["privacy"],
        text=f"Gesprek met {MOTHER[0]}; {PARTNER[0]} {PARTNER[1]} wilde niet komen, "
             f"{CHILD[0]} was op school.")
    return mother


def test_an_access_request_gives_the_redacted_pdf_with_who_looked(journey, demo_accounts):
    mother = a_family(demo_accounts)
    page = journey.as_user("privacy")

    with journey.step("verzoek registreren"):
        page.locator("main").get_by_role("link", name="Verzoek registreren").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Verzoek van een betrokkene registreren")
        page.get_by_label(field("Persoonsnummer")).fill(str(mother.pk))
        page.get_by_label(field("Soort verzoek")).select_option("access")
        page.get_by_label(field("Ontvangen op")).fill(today_text())
        page.get_by_label(field("Ontvangen via")).select_option("letter")
        page.get_by_label(field("Wat vraagt de betrokkene")).fill(
            "Ik wil zien wat er over mij is vastgelegd en wie het heeft ingezien.")
        page.get_by_role("button", name="Registreren").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Inzage: verzoek AVG-")
        expect(page.locator("main")).to_contain_text(f"{MOTHER[0]} {MOTHER[1]}")

    with journey.step("in behandeling nemen en inzagebestand maken"):
        page.get_by_role("button", name="In behandeling nemen").click()
        expect(page.locator("main")).to_contain_text("In behandeling")
        page.get_by_role("button", name="Inzagebestand maken").click()
        expect(page.get_by_role("link", name=re.compile("Inzagebestand van"))).to_be_visible()

    with journey.step("de pagina van het verzoek is toegankelijk"):
        serious = [v for v in axe_scan(page) if v["impact"] in BLOCKING_IMPACTS]
        assert not serious, "\n".join(describe(v) for v in serious)

    with journey.step("PDF downloaden en lezen"):
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Inzagebestand van")).click()
        content = Path(download.value.path()).read_bytes()
        assert content.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(content))
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert f"{MOTHER[0]} {MOTHER[1]}" in text
        assert "Wie heeft uw gegevens ingezien" in text
        assert "Privacyfunctionaris" in text  # her own request's look, in the who-looked list
        for absent in (PARTNER[0], CHILD[0], "Zwanenveld"):
            assert absent not in text, f"{absent} staat in het inzagebestand"
        assert "[weggelaten]" in text
