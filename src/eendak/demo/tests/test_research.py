"""The research export's demo: two studies by the demo analyst, one approved by the demo privacy
officer (with its key), one waiting; made again without doubling, removed by the reset."""

import pytest

from eendak.demo.accounts import create_demo_accounts
from eendak.demo.research import TITLES, remove_research_demo, seed_research
from eendak.monitoring.models import Study, StudyStatus

pytestmark = pytest.mark.django_db


def test_two_demo_studies_one_approved_one_waiting_and_removed_again(region):
    create_demo_accounts()
    assert seed_research() == 2
    assert seed_research() == 2  # an earlier demo's studies are removed first
    studies = {s.title: s for s in Study.objects.filter(title__in=TITLES)}
    assert len(studies) == 2
    approved, waiting = (studies[title] for title in TITLES)
    assert approved.status == StudyStatus.APPROVED and approved.key is not None
    assert approved.researcher.username == "analist" and approved.decided_by.username == "privacy"
    assert waiting.status == StudyStatus.SUBMITTED and waiting.key is None
    remove_research_demo()
    assert not Study.objects.filter(title__in=TITLES).exists()


def test_without_the_demo_accounts_nothing_is_made(region):
    assert seed_research() == 0 and not Study.objects.exists()
