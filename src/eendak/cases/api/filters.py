"""Query filters of "my cases" and "own contributions" (camelCase parameter names)."""

import django_filters

from eendak.core.models import Municipality

from ..models import Case, CaseStatus, JournalEntry, Phase


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=CaseStatus.choices,
        help_text="Zonder filter de open casussen waaraan uw organisatie deelneemt; met "
        "status=closed de gesloten casussen waarin uw organisatie nog deelneemt (na afsluiten "
        "alleen Veilig Thuis).")
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    municipality = django_filters.ModelChoiceFilter(
        field_name="household__municipality", queryset=Municipality.objects.all(),
        help_text="De gemeente van het huishouden (id).")

    class Meta:
        model = Case
        fields = []


class OwnContributionFilter(django_filters.FilterSet):
    # Bounded like a database id, so an absurd number is a 400, not an overflow in the database.
    case = django_filters.NumberFilter(field_name="case_id", help_text="Alleen deze casus (id).",
                                       min_value=1, max_value=2**63 - 1)

    class Meta:
        model = JournalEntry
        fields = []
