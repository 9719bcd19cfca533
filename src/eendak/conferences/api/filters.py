"""Query filters of the Veiligheidsteam's lists (camelCase parameter names)."""

import django_filters

from ..models import Referral
from ..workflow import ReferralStatus


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ReferralStatus.choices,
        help_text="Alleen aanmeldingen in deze status (bijv. referred: wacht op triage).")

    class Meta:
        model = Referral
        fields = []
