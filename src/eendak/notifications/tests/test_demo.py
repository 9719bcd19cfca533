"""The demo accounts' bells: notifications about the demo's own things, each one the account may
open, none naming a person, none mailed by the seeding."""

from io import StringIO

import pytest
from django.core.management import call_command

from eendak.core.permissions import Subject, allowed
from eendak.notifications.models import MailState, Notification
from eendak.persons.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_accounts_notifications(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO(), persons=80, reads=10, today="2026-03-02")
    notices = list(Notification.objects.select_related("membership__user", "membership__organisation"))
    owners = {n.membership.user.username for n in notices}
    assert {"intake", "coordinator", "politie"} <= owners
    assert all(n.is_synthetic and n.mail_state == MailState.NONE for n in notices)
    surnames = set(Person.objects.values_list("surname", flat=True))
    assert not [n.text for n in notices if any(s in n.text for s in surnames)]
    assert any(n.read_at for n in notices) and any(not n.read_at for n in notices)
    for notice in notices:
        assert allowed(Subject(notice.membership.user, notice.membership),
                       "notifications.view_notifications", notice)
