"""Query filters of the work queue and the advice list (camelCase parameter names)."""

import django_filters

from eendak.core.models import Municipality

from ..models import AdviceFollowUp, AdviceRequest, Channel, Report
from ..workflow import ReportStatus
from .deadlines import overdue_condition


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.all())
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        help_text="true: alleen meldingen waarvan de termijn voor de veiligheidsbeoordeling "
        "verstreken is; false: alle andere.")

    class Meta:
        model = Report
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_condition()) if value else queryset.exclude(overdue_condition())


class AdviceFilter(django_filters.FilterSet):
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.all())
    followUp = django_filters.ChoiceFilter(field_name="follow_up", choices=AdviceFollowUp.choices)
    converted = django_filters.BooleanFilter(
        field_name="converted_to", lookup_expr="isnull", exclude=True,
        help_text="true: alleen adviesvragen die een melding zijn geworden.")

    class Meta:
        model = AdviceRequest
        fields = []
