"""Demand for the help catalogue's offers as JSON: counts only, no case, no household, no person."""

from rest_framework import serializers

MAX_ID = 2**63 - 1  # a database id: an absurd number is a 400, not an overflow in the database


class MunicipalityQuerySerializer(serializers.Serializer):
    municipality = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None,
        help_text="Alleen acties voor gezinnen in deze gemeente (id).")


class DemandOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kindLabel = serializers.CharField(source="get_kind_display")
    provider = serializers.CharField(source="provider.name")


class HelpDemandSerializer(serializers.Serializer):
    """One offer: how many plan actions wait for it and how long, beside what its provider says.
    Counts as the page publishes them (``dashboards.published_offer_demand``): rounded to 5, "<5"
    below 5, and the median and the comparison with capacity only over 5 or more."""

    offer = DemandOfferSerializer()
    waiting = serializers.CharField(help_text="Open acties in lopende plannen die dit aanbod "
                                    "inzetten, afgerond op 5; onder de 5 \"<5\".")
    medianDaysWaiting = serializers.FloatField(source="median_days_waiting", allow_null=True,
                                               help_text="Mediaan aantal dagen na de geplande "
                                               "start; leeg onder de 5 wachtende acties.")
    capacity = serializers.IntegerField(allow_null=True)
    waitingWeeks = serializers.IntegerField(source="waiting_weeks",
                                            help_text="De wachttijd die de aanbieder opgeeft.")
    exceeds = serializers.BooleanField(allow_null=True, help_text="Meer wachtende acties dan "
                                       "plaatsen; leeg onder de 5 wachtende acties.")
