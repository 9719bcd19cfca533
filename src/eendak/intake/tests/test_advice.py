"""Advice requests: anonymous allowed, contact details only with consent, conversion to a report."""

import pytest

from eendak.core.exceptions import RuleViolation
from eendak.intake import services as intake


@pytest.mark.django_db
def test_anonymous_advice_keeps_no_contact_details(intake_actor):
    with pytest.raises(RuleViolation, match="toestemming"):
        intake.register_advice(intake_actor, intake.AdviceData(
            channel="phone", asker_type="resident", question="Ik maak me zorgen om de buren.",
            anonymous=True, asker_phone="06-00000000"))
    advice = intake.register_advice(intake_actor, intake.AdviceData(
        channel="phone", asker_type="resident", question="Ik maak me zorgen om de buren.",
        anonymous=True))
    assert advice.asker_phone == "" and advice.reference.startswith("A-")


@pytest.mark.django_db
def test_advice_becomes_a_report_carrying_its_content(intake_actor, tilburg):
    advice = intake.register_advice(intake_actor, intake.AdviceData(
        channel="phone", asker_type="professional", question="Leerling vertelt over klappen thuis.",
        consent_to_contact=True, asker_name="Juf Annemarie", asker_phone="013-1111111",
        asker_role="onderwijs", asker_sector="onderwijs", municipality_id=tilburg.pk,
        violence_types=["kindermishandeling"], advice_given="Gesprek met ouders voorbereid."))
    report = intake.convert_advice_to_report(intake_actor, advice)
    assert "Leerling vertelt" in report.account and "Gesprek met ouders" in report.account
    assert report.reporter.name == "Juf Annemarie" and report.reporter.is_professional
    assert report.violence_types == ["kindermishandeling"]
    advice.refresh_from_db()
    assert advice.converted_to == report and advice.follow_up == "converted"
    with pytest.raises(RuleViolation, match="al omgezet"):
        intake.convert_advice_to_report(intake_actor, advice)
