"""The Expertisecentrum's world: its staff, a course that builds two required competencies of
"Werken aan Veiligheid", a published session, and local-team workers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from eendak.core.actors import Actor
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.expertise import services
from eendak.expertise.models import Competency, Standard
from eendak.testing import factories as f


def actor_for(membership) -> Actor:
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


@pytest.fixture
def centre(region):
    return f.organisation(T.EXPERTISE_CENTRE)


@pytest.fixture
def staff(centre):
    return f.membership(Role.EXPERTISE_STAFF, centre)


@pytest.fixture
def staff_actor(staff):
    return actor_for(staff)


@pytest.fixture
def competencies(db):
    standard = Standard.objects.create(code="S1", title="Veiligheid centraal", order=1)
    return [Competency.objects.create(standard=standard, code="C1", title="Onveiligheid herkennen"),
            Competency.objects.create(standard=standard, code="C2",
                                      title="Veiligheidsplan maken")]


@pytest.fixture
def course(staff_actor, competencies):
    return services.save_course(staff_actor, services.CourseData(
        title="Werken aan Veiligheid – basis", audiences=["local_teams"],
        duration_hours=Decimal("6"), validity_months=24,
        competency_ids=[c.pk for c in competencies]))


@pytest.fixture
def session(staff_actor, course):
    start = timezone.now() + timedelta(days=7)
    planned = services.plan_session(staff_actor, course, starts_at=start,
                                    ends_at=start + timedelta(hours=6), place="Tilburg",
                                    trainer="Trainer Test", capacity=2)
    return services.move_session(staff_actor, planned, "published")


@pytest.fixture
def worker(tilburg_team):
    member = f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)
    member.user.email = f"werker{member.user.pk}@example.test"
    member.user.save()
    return member
