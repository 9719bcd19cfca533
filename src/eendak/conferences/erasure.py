"""The Veiligheidsteam's part of a destruction (``retention.registry``): the household's referrals
with their agenda items, contributions and decisions, and the measures concerning its persons. It
runs before the case file's eraser, whose cases the referrals protect."""

from django.db.models import Q

from .models import AgendaItem, Measure, Referral


def erase(erasure) -> None:
    referrals = Referral.objects.filter(case__household_id__in=erasure.households)
    erasure.deleted(AgendaItem.objects.filter(referral__in=referrals))
    erasure.deleted(referrals)
    erasure.deleted(Measure.objects.filter(Q(person_id__in=erasure.persons)
                                           | Q(case__household_id__in=erasure.households)))
