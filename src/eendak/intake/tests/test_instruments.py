"""Risk instruments: public scoring computed, licensed ones outcome-only; a score never decides."""

import pytest

from eendak.core.exceptions import RuleViolation
from eendak.intake import instruments
from eendak.intake import services as intake


def answers(code, yes):
    return {item.code: item.code in yes for item in instruments.get(code).items}


def test_dash_bands():
    dash = instruments.get("dash")
    codes = [i.code for i in dash.items]
    assert dash.score(answers("dash", codes[:14])).band == "hoog risico"
    assert dash.score(answers("dash", codes[:13])).band == "gemiddeld risico"
    assert dash.score(answers("dash", codes[:10])).band == "gemiddeld risico"
    assert dash.score(answers("dash", codes[:9])).band == "standaard risico"


def test_rihg_two_reds_in_one_part_means_ban_in_principle():
    rihg = instruments.get("rihg")
    assert len(rihg.items) == 20 and {i.group for i in rihg.items} == {"A", "B", "C"}
    assert rihg.score(answers("rihg", {"A1", "A2"})).band == "huisverbod in beginsel"
    # Two reds in different parts do not.
    assert rihg.score(answers("rihg", {"A1", "B1"})).band == "geen huisverbod in beginsel"


@pytest.mark.django_db
def test_instrument_result_is_stored_with_version_and_assessor(intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    codes = [i.code for i in instruments.get("dash").items]
    result = intake.record_instrument(intake_actor, report, instrument_code="dash",
                                      answers=answers("dash", codes[:15]))
    assert (result.score, result.band, result.version) == (15, "hoog risico", "2009")
    assert result.assessed_by == intake_actor.user
    report.refresh_from_db()
    assert report.status == "received"  # the score decides nothing by itself


@pytest.mark.django_db
def test_incomplete_answers_and_licensed_outcome_rules(intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    with pytest.raises(RuleViolation, match="Beantwoord alle 24"):
        intake.record_instrument(intake_actor, report, instrument_code="dash", answers={"q01": True})
    with pytest.raises(RuleViolation, match="uitkomst"):
        intake.record_instrument(intake_actor, report, instrument_code="arij", answers={})
    result = intake.record_instrument(intake_actor, report, instrument_code="arij", answers={},
                                      outcome="Hoog risico volgens ARIJ.")
    assert result.score is None


@pytest.mark.django_db
def test_unknown_instrument_is_a_clear_refusal(intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    with pytest.raises(RuleViolation, match="Onbekend instrument") as exc:
        intake.record_instrument(intake_actor, report, instrument_code="tarot", answers={})
    assert exc.value.field == "instrument"
