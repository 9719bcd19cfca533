"""Query filters of core's endpoints (``?cbsCode=``, ``?type=``, ``?organisation=``, ...)."""

import django_filters

from ..models import Membership, Municipality, Organisation, User
from ..roles import OrganisationType, Role


class MunicipalityFilter(django_filters.FilterSet):
    cbsCode = django_filters.CharFilter(field_name="cbs_code", lookup_expr="iexact")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Municipality
        fields = []


class OrganisationFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices)
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.all())
    active = django_filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = Organisation
        fields = []


class UserFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        field_name="memberships__organisation", queryset=Organisation.objects.all(), distinct=True
    )
    role = django_filters.ChoiceFilter(field_name="memberships__role", choices=Role.choices,
                                       distinct=True)
    active = django_filters.BooleanFilter(field_name="is_active")
    username = django_filters.CharFilter(field_name="username", lookup_expr="icontains")

    class Meta:
        model = User
        fields = []


class MembershipFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(queryset=User.objects.all())
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all())
    role = django_filters.ChoiceFilter(choices=Role.choices)
    active = django_filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = Membership
        fields = []
