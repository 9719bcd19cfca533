"""Finding who is already known while a report is taken.

The search looks across *all* persons, not only the households an organisation takes part in, so it
is Veilig Thuis's alone (``persons.search_all``); anyone else gets a 404. It is logged as a search
naming every candidate shown. Merging two records of one person is the persons app's
(``persons.api``, ``/person-merges/``).
"""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from eendak.api.base import EendakAPIView
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.access import ViewAccess
from eendak.persons.events import Event as PersonEvent

from .. import queries
from . import serializers as s


class PersonCandidatesView(EendakAPIView):
    """Candidates for "is this person already known?" while a report is taken."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("persons.search_all")]

    @extend_schema(
        tags=["personen zoeken"], summary="Is deze persoon al bekend? (kandidaten)",
        description="Exact op BSN, of tolerant op achternaam (ook geboortenaam, voorvoegsels, "
        "tikfouten, ontbrekende accenten), met voornamen en geboortedatum (ook met dag en maand "
        "omgewisseld) als u die weet. Met per kandidaat de score, de redenen, het gemaskeerde BSN, "
        "eerdere meldingen en casussen. Alleen voor Veilig Thuis; de zoekvraag en de getoonde "
        "kandidaten komen in het toegangslog.",
        parameters=[s.CandidateQuerySerializer], responses=s.CandidateSerializer(many=True))
    def get(self, request):
        query = s.CandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        criteria = query.validated_data
        bsn = criteria.get("bsn", "")
        found = queries.find_known_persons(
            request.user, bsn=bsn, surname=(criteria.get("surname") or "").strip(),
            given_names="" if bsn else (criteria.get("givenNames") or "").strip(),
            date_of_birth=None if bsn else criteria.get("dateOfBirth"),
        )
        audit.log_access(self.actor(), event=PersonEvent.PERSON_SEARCH, action=Action.SEARCH,
                         persons=[known.person for known in found], detail=_describe(criteria))
        return Response(s.CandidateSerializer(found, many=True).data)


def _describe(criteria) -> str:
    """For the log's detail, as the screen writes it: which criteria, never the BSN or the name."""
    if criteria.get("bsn"):
        return "op BSN"
    parts = ["achternaam"] + [label for key, label in (("givenNames", "voornaam"),
                                                       ("dateOfBirth", "geboortedatum"))
                              if criteria.get(key)]
    return "op " + ", ".join(parts)
