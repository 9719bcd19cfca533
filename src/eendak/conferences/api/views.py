"""The Veiligheidsteam's work over HTTP: referrals and the weekly triage, case conferences and their
agenda, the measures of criminal justice and care, feedback owed to an organisation, and what an
organisation brought into the conferences. Every change is one function of ``conferences.services``.

Who may: each endpoint asks the declared permission of what it does (``conferences.permissions``),
with the object it does it to, **before** it reads the request's input — so a bad body never tells
an outsider that the object exists. A refusal is a ``NotPermitted``, answered like everywhere in the
API by the problem handler: the 404 of something that is not there, logged under the permission's
name; an id that does not exist gets the same refusal (``_found``). Lists are built from the
permissions' own querysets (``visible_referrals``, ``visible_conferences`` ...), so a list never shows
what the detail would refuse; their gate is a client-data role (``cases.view_work``) or the list's own
permission (the triage, notices, own contributions).

What the data allows is the service's ``RuleViolation``: a 400 problem+json naming the camelCase
field (``raise_at``), nothing changed, and the attempt logged as failed (``LogRefusedChanges``, event
``conferences.change_refused``). What is logged: every change by its service; every read here through
``conferences.events.read``, naming the persons of the households shown.
"""

from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import (
    CONFLICT,
    EendakAPIHelpers,
    EendakAPIView,
    EendakGenericViewSet,
    PassthroughRenderer,
)
from eendak.api.pagination import PageNumberPagination
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.cases.api.views import CASE_CONFLICT
from eendak.cases.models import Case
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, require
from eendak.persons.permissions import note_emergency
from eendak.persons.queries import persons_of

from .. import pdf, queries, services, workflow
from ..events import Event as E
from ..events import read
from ..models import (
    AgendaItem,
    Conference,
    Measure,
    Notice,
    Referral,
)
from ..permissions import invited_items, referral_rule, visible_contributions
from . import serializers as s
from .filters import ReferralFilter


class SafetyTeamAPIMixin(EendakAPIHelpers, LogRefusedChanges):
    """Shared by the Veiligheidsteam's viewsets: the gate, the log entry of a change refused for its
    input, and a case's break-the-glass look noted when it is looked up (the lookup that asks the
    permission, the input: ``EendakAPIHelpers``)."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("cases.view_work")]
    refused_event = E.CHANGE_REFUSED
    filter_backends = []
    # Two people acting at once (the same household twice on an agenda): the database's constraint
    # caught the second; the service's transaction rolled back.
    conflict_detail = CASE_CONFLICT

    def _looked_up(self, obj):
        if isinstance(obj, Case):
            # Whether this is a break-the-glass look, decided once (persons.permissions): the log
            # entries of this request — a read, or a refused step — carry the grant's reason.
            note_emergency(self.request, [obj.household])


# --- Referrals ---------------------------------------------------------------------------------------


@extend_schema(tags=["veiligheidsteam"],
               description="Aanmeldingen bij het Veiligheidsteam, altijd via Veilig Thuis. Elke "
               "opvraging en elke wijziging komt in het toegangslog.")
class ReferralViewSet(SafetyTeamAPIMixin, EendakGenericViewSet):
    """Referrals: the list, one referral, referring (or asking Veilig Thuis to), Veilig Thuis's
    decision on a request, the triage's decision, and handing the family back."""

    serializer_class = s.ReferralSerializer
    filterset_class = ReferralFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return queries.referrals_for(self.request.user)

    def _show(self, pk, status_code=status.HTTP_200_OK):
        referral = queries.referral_detail(self.request.user, pk)
        if not allowed(self.request.user, "conferences.view_referral_history", referral):
            referral.history = None  # Veilig Thuis's history: for the team, VT and the triage
        return Response(s.ReferralDetailSerializer(referral).data, status=status_code)

    @extend_schema(summary="Aanmeldingen",
                   description="Het Veiligheidsteam en Veilig Thuis zien alle aanmeldingen; de "
                   "organisatie die een gezin aandroeg de eigen; de triagepartners die op de "
                   "triage wachten. Nieuwste eerst. Eén regel in het toegangslog noemt de personen "
                   "van de getoonde huishoudens.")
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        read(self.actor(), E.REFERRAL_LIST, persons=persons_of(*(r.case.household_id for r in page)),
             detail=self._page_detail(page, "aanmeldingen"))
        return self.get_paginated_response(s.ReferralSerializer(page, many=True).data)

    @extend_schema(summary="Eén aanmelding",
                   description="Met de voorgeschiedenis zoals geteld bij de aanmelding, het besluit "
                   "van Veilig Thuis, de triagebesluiten en de casusoverleggen waarop het gezin "
                   "stond (die u mag zien).",
                   responses=s.ReferralDetailSerializer)
    def retrieve(self, request, pk):
        referral = self._found(Referral.objects.select_related("case"), pk,
                               "conferences.view_referral")
        response = self._show(referral.pk)
        read(self.actor(), E.REFERRAL_READ, referral, persons=persons_of(referral.case.household_id))
        return response

    @extend_schema(summary="Een gezin aanmelden (Veilig Thuis) of Veilig Thuis vragen dat te doen",
                   description="Veilig Thuis, deelnemend aan de casus, meldt aan (conferences.refer): "
                   "het gezin komt op de triage van de week die de deadline toelaat. Een andere "
                   "deelnemende organisatie vraagt Veilig Thuis aan te melden "
                   "(conferences.request_referral); Veilig Thuis beslist en koppelt terug. De "
                   "voorgeschiedenis wordt uit het dossier geteld.",
                   request=s.ReferralInputSerializer, responses={201: s.ReferralDetailSerializer})
    def create(self, request):
        case_id = self._input(s.CaseIdSerializer)["case"]
        # Who refers is decided by who asks: Veilig Thuis refers, anyone else asks Veilig Thuis to.
        # Both permissions are about taking part in the case, so each refuses whoever does not.
        permission = referral_rule(self.actor())
        service = services.refer if permission == "conferences.refer" else services.request_referral
        case = self._found(Case.objects.select_related("household"), case_id, permission)
        data = self._input(s.ReferralInputSerializer)
        try:
            referral = service(self.actor(), case, reason=data["reason"], goal=data["goal"],
                               escalation_signals=data["escalationSignals"],
                               invited_partner_ids=data["invitedPartners"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(referral.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="Besluit van Veilig Thuis op een verzoek om aan te melden",
                   description="Aanmelden (het gezin komt op de triage) of niet, met de reden; de "
                   "partner die het vroeg krijgt het besluit terug.",
                   request=s.RequestDecisionInputSerializer, responses=s.ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk):
        referral = self._found(Referral.objects.select_related("case"), pk, "conferences.refer",
                               on=lambda r: r.case)
        data = self._input(s.RequestDecisionInputSerializer)
        try:
            services.decide_on_request(self.actor(), referral, refer_it=data["refer"],
                                       reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc, {"decision": "refer"})
        return self._show(referral.pk)

    @extend_schema(summary="Het besluit van de triage (Veiligheidsteam)",
                   description="Accepteren (met de regisseur van het team: het team gaat deelnemen, "
                   "krijgt zicht op veiligheid aangeboden en de regisseur wordt casuscoördinator), "
                   "niet accepteren, of nog niet (het gezin komt op de volgende triage) — met de "
                   "reden, die de aanmelder en Veilig Thuis terugkrijgen.",
                   request=s.TriageDecisionInputSerializer, responses=s.ReferralDetailSerializer)
    @action(detail=True, methods=["post"], url_path="triage-decision")
    def triage_decision(self, request, pk):
        referral = self._found(Referral.objects.select_related("case"), pk,
                               "conferences.decide_triage")
        data = self._input(s.TriageDecisionInputSerializer)
        try:
            services.decide_triage(self.actor(), referral, outcome=data["outcome"],
                                   reason=data["reason"], coordinator=data["coordinator"],
                                   seen_triage_on=data["triageOn"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(referral.pk)

    @extend_schema(summary="Het gezin teruggeven bij stabiele veiligheid (Veiligheidsteam)",
                   description="Het team, verantwoordelijk voor zicht op veiligheid, biedt de "
                   "overdracht aan het lokale team aan (dat accepteert via /cases/); Veilig Thuis "
                   "en het lokale team krijgen het signaal. Niet in de fase directe veiligheid.",
                   request=s.HandBackInputSerializer, responses=s.ReferralDetailSerializer)
    @action(detail=True, methods=["post"], url_path="hand-back")
    def hand_back(self, request, pk):
        referral = self._found(Referral.objects.select_related("case"), pk, "conferences.hand_back")
        data = self._input(s.HandBackInputSerializer)
        try:
            services.hand_back(self.actor(), referral, to_organisation_id=data["toOrganisation"],
                               note=data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(referral.pk)


# --- The team's work queues ------------------------------------------------------------------------


@extend_schema(tags=["werkvoorraad"])
class TeamWorkView(SafetyTeamAPIMixin, EendakAPIView):
    """The Veiligheidsteam's work queues, as its start page shows them (one read model, not a
    list of one kind of thing: no pagination; each queue is bounded by the read model)."""

    permission_classes = [IsVerifiedActor, requires("conferences.view_work")]

    @extend_schema(summary="Werkvoorraad van het Veiligheidsteam",
                   description="Aanmeldingen die op triage wachten, de agenda van de komende triage, "
                   "komende casusoverleggen, acties die eraan komen, maatregelen die aflopen, gezinnen "
                   "zonder casusoverleg en terugkoppeling. Alleen voor het Veiligheidsteam; één regel "
                   "in het toegangslog noemt de personen van de getoonde huishoudens.",
                   responses=s.TeamWorkSerializer)
    def get(self, request):
        work = queries.team_work(request.user)
        households = work.household_ids()
        data = s.TeamWorkSerializer(work).data
        read(self.actor(), E.WORK, persons=persons_of(*households),
             detail=f"triage {work.triage_on:%Y-%m-%d}")
        return Response(data)


# --- The weekly triage -----------------------------------------------------------------------------


class TriagePagination(PageNumberPagination):
    """A page of the triage list, with the triage day and the deadline for its agenda."""

    triage_on = None

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["triageOn"] = self.triage_on.isoformat()
        response.data["deadline"] = timezone.localtime(
            workflow.triage_deadline(self.triage_on)).isoformat()
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["triageOn"] = {
            "type": "string", "format": "date", "description": "De dag van deze triage."}
        paginated["properties"]["deadline"] = {
            "type": "string", "format": "date-time",
            "description": "Aanmeldingen vóór dit moment staan op deze triage."}
        return paginated


@extend_schema(tags=["veiligheidsteam"])
class TriageViewSet(SafetyTeamAPIMixin, EendakGenericViewSet):
    """The weekly triage agenda."""

    permission_classes = [IsVerifiedActor, requires("conferences.view_triage")]
    pagination_class = TriagePagination
    serializer_class = s.TriageEntrySerializer

    def get_queryset(self):
        return Referral.objects.none()  # the week decides the list; see ``list``

    @extend_schema(summary="De triage van een week",
                   description="Voor het Veiligheidsteam en de triagepartners (politie, OM, "
                   "Reclassering, Veilig Thuis): de aanmeldingen die op de triage van die week "
                   "wachten, ook die van eerdere weken waarover nog niet is beslist. Zonder week: "
                   "de triage van deze week (vandaag, of de eerstvolgende als die voorbij is).",
                   parameters=[OpenApiParameter(
                       "week", OpenApiTypes.DATE, OpenApiParameter.QUERY,
                       description="Een dag in de week (JJJJ-MM-DD).")])
    def list(self, request):
        week = self._query(s.WeekQuerySerializer)["week"]
        triage_on = (workflow.triage_day_of_week(week) if week
                     else workflow.coming_triage(timezone.localdate()))
        self.paginator.triage_on = triage_on
        page = self.paginate_queryset(queries.triage_list(request.user, triage_on))
        read(self.actor(), E.TRIAGE_LIST, persons=persons_of(*(r.case.household_id for r in page)),
             detail=f"triage {triage_on:%Y-%m-%d}, " + self._page_detail(page, "aanmeldingen"))
        return self.get_paginated_response(s.TriageEntrySerializer(page, many=True).data)


# --- Conferences -----------------------------------------------------------------------------------


def _conference_detail(who, conference: Conference) -> Conference:
    conference.visible_items = list(queries.items_of(conference, who))
    return conference


@extend_schema(tags=["veiligheidsteam"],
               description="Casusoverleggen van het Veiligheidsteam (MDA++): voor het team en de "
               "organisaties die voor een gezin op de agenda zijn uitgenodigd.")
class ConferenceViewSet(SafetyTeamAPIMixin, EendakGenericViewSet):
    serializer_class = s.ConferenceSerializer

    def get_queryset(self):
        return queries.conferences_for(self.request.user).order_by("starts_at", "pk")

    @extend_schema(summary="Casusoverleggen",
                   description="De overleggen met een gezin op de agenda waarvoor uw organisatie is "
                   "uitgenodigd (een consulterende partner: tot het overleg is gehouden).",
                   parameters=[OpenApiParameter(
                       "upcoming", bool, OpenApiParameter.QUERY,
                       description="true: alleen komende; false: alleen gehouden, geannuleerde en "
                       "voorbije.")])
    def list(self, request):
        upcoming = self._query(s.ConferenceQuerySerializer)["upcoming"]
        conferences = queries.conferences_for(request.user, upcoming=upcoming).order_by("starts_at",
                                                                                       "pk")
        page = self.paginate_queryset(conferences)
        read(self.actor(), E.CONFERENCE_LIST, detail=self._page_detail(page, "overleggen"))
        return self.get_paginated_response(s.ConferenceSerializer(page, many=True).data)

    @extend_schema(summary="Eén casusoverleg met zijn agenda",
                   description="De gezinnen op de agenda die u mag zien, met de uitgenodigden.",
                   responses=s.ConferenceDetailSerializer)
    def retrieve(self, request, pk):
        conference = self._found(Conference.objects.select_related("chair"), pk,
                                 "conferences.view_conference")
        conference = _conference_detail(request.user, conference)
        data = s.ConferenceDetailSerializer(conference).data
        read(self.actor(), E.CONFERENCE_READ, conference,
             persons=persons_of(*(i.referral.case.household_id for i in conference.visible_items)))
        return Response(data)

    @extend_schema(summary="Een casusoverleg plannen (Veiligheidsteam)",
                   request=s.ConferenceInputSerializer, responses={201: s.ConferenceDetailSerializer})
    def create(self, request):
        require(self.actor(), "conferences.plan_conference")
        data = self._input(s.ConferenceInputSerializer)
        try:
            conference = services.plan_conference(self.actor(), starts_at=data["startsAt"],
                                                  place=data["place"], chair=data["chair"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.ConferenceDetailSerializer(_conference_detail(request.user, conference)).data,
                        status=status.HTTP_201_CREATED)

    def _step(self, pk, step):
        conference = self._found(Conference.objects.all(), pk, "conferences.plan_conference")
        try:
            conference = step(self.actor(), conference)
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.ConferenceSerializer(
            Conference.objects.select_related("chair").get(pk=conference.pk)).data)

    @extend_schema(summary="Het casusoverleg is gehouden (Veiligheidsteam)",
                   description="Van dan af ziet een consulterende partner het gezin niet meer, alleen "
                   "de eigen inbreng (/own-conference-contributions/).",
                   request=None, responses=s.ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk):
        return self._step(pk, services.hold_conference)

    @extend_schema(summary="Het casusoverleg annuleren (Veiligheidsteam)", request=None,
                   responses=s.ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk):
        return self._step(pk, services.cancel_conference)

    @extend_schema(summary="Een gezin op de agenda zetten (Veiligheidsteam)",
                   description="Een geaccepteerd gezin. De vaste deelnemers worden ervoor uitgenodigd, "
                   "met de partners die de aanmelding noemde; consultingPartners nodigt "
                   "consulterende partners uit voor alleen dit gezin.",
                   request=s.AgendaItemInputSerializer,
                   responses={201: s.ItemFileSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def items(self, request, pk):
        conference = self._found(Conference.objects.all(), pk, "conferences.manage_agenda")
        data = self._input(s.AgendaItemInputSerializer)
        try:
            item = services.add_to_agenda(self.actor(), conference, data["referral"],
                                          consulting_ids=[o.pk for o in data["consultingPartners"]])
        except RuleViolation as exc:
            raise_at(exc)
        return _item_file_response(self.actor(), item, status.HTTP_201_CREATED)


def _item_file_response(actor, item, status_code):
    """The household's file as an answer (a look, or a change's result): a read in the log that
    names its persons."""
    file = queries.ItemFile.load(item)
    data = s.ItemFileSerializer(file).data
    read(actor, E.ITEM_READ, item, persons=file.persons, detail=file.conference.reference)
    return Response(data, status=status_code)


# --- One household on an agenda ------------------------------------------------------------------


@extend_schema(tags=["veiligheidsteam"],
               description="Eén gezin op de agenda van een casusoverleg. Een consulterende partner ziet "
               "het alleen zolang het op een agenda staat waarvoor hij is uitgenodigd en het overleg "
               "nog niet is gehouden.")
class AgendaItemViewSet(SafetyTeamAPIMixin, EendakGenericViewSet):
    serializer_class = s.ItemFileSerializer

    def get_queryset(self):
        return invited_items(self.request.user)

    def _item(self, pk, permission: str, on=lambda item: item) -> AgendaItem:
        return self._found(AgendaItem.objects.select_related("conference", "referral__case"), pk,
                           permission, on=on)

    def _file(self, item, status_code=status.HTTP_200_OK):
        """The household's file after a change: a look at its persons, so logged as a read too."""
        return _item_file_response(self.actor(), item, status_code)

    @extend_schema(summary="Eén gezin op de agenda",
                   description="Uitgenodigden en aanwezigen, de inbreng met bron en grondslag, of de "
                   "betrokkenen zijn geïnformeerd, de besluiten, de acties in het plan van het gezin "
                   "en de lopende maatregelen: wat ook het verslag toont.")
    def retrieve(self, request, pk):
        return _item_file_response(self.actor(), self._item(pk, "conferences.view_item"),
                                   status.HTTP_200_OK)

    @extend_schema(summary="Het verslag van dit gezin (PDF)",
                   description="Gemaakt uit hetzelfde leesmodel als het agendapunt; voor wie het "
                   "agendapunt mag lezen. Elke afdruk komt als export in het toegangslog.",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[PassthroughRenderer])
    def minutes(self, request, pk):
        return pdf.minutes_response(self.actor(), self._item(pk, "conferences.print_minutes"))

    @extend_schema(methods=["GET"], summary="De inbreng over dit gezin",
                   responses=s.ContributionSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Inbreng over dit gezin",
                   description="Met de grondslag van uw organisatie. Zonder conferenceOnly komt de "
                   "inbreng ook in het gedeelde journaal van de casus.",
                   request=s.ContributionInputSerializer, responses={201: s.ContributionSerializer})
    @action(detail=True, methods=["get", "post"])
    def contributions(self, request, pk):
        if request.method == "POST":
            item = self._item(pk, "conferences.contribute")
            data = self._input(s.ContributionInputSerializer)
            try:
                contribution = services.contribute(
                    self.actor(), item, text=data["text"], legal_basis=data["legalBasis"],
                    conference_only=data["conferenceOnly"])
            except RuleViolation as exc:
                raise_at(exc)
            contribution = (type(contribution).objects.select_related("organisation", "author")
                            .get(pk=contribution.pk))
            return Response(s.ContributionSerializer(contribution).data,
                            status=status.HTTP_201_CREATED)
        item = self._item(pk, "conferences.view_item")
        page = self.paginate_queryset(visible_contributions(request.user, item)
                                      .select_related("organisation", "author")
                                      .order_by("created_at", "pk"))
        read(self.actor(), E.ITEM_READ, item, persons=persons_of(item.referral.case.household_id),
             detail="inbreng, " + self._page_detail(page, "regels"))
        return self.get_paginated_response(s.ContributionSerializer(page, many=True).data)

    @extend_schema(summary="Een consulterende partner uitnodigen voor dit gezin (Veiligheidsteam)",
                   request=s.InvitationInputSerializer, responses={201: s.InvitationSerializer})
    @action(detail=True, methods=["post"])
    def invitations(self, request, pk):
        item = self._item(pk, "conferences.manage_agenda", on=lambda item: item.conference)
        data = self._input(s.InvitationInputSerializer)
        try:
            invitation = services.invite_partner(self.actor(), item, data["organisation"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="De uitnodiging van een consulterende partner intrekken (Veiligheidsteam)",
                   description="Voor het overleg: die partner ziet het gezin daarna niet meer. De "
                   "vaste deelnemers blijven uitgenodigd.",
                   request=s.WithdrawInvitationInputSerializer, responses=s.ItemFileSerializer)
    @action(detail=True, methods=["post"], url_path="withdraw-invitation")
    def withdraw_invitation(self, request, pk):
        item = self._item(pk, "conferences.manage_agenda", on=lambda item: item.conference)
        data = self._input(s.WithdrawInvitationInputSerializer)
        try:
            services.withdraw_invitation(self.actor(), item, data["organisation"],
                                         reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._file(item)

    @extend_schema(summary="Wie aanwezig was (Veiligheidsteam)",
                   description="Per uitnodiging: aanwezig of niet, en wie namens de organisatie.",
                   request=s.AttendanceInputSerializer, responses=s.ItemFileSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk):
        item = self._item(pk, "conferences.record_outcome")
        data = self._input(s.AttendanceInputSerializer)
        lines = {line["invitation"]: (line["attended"], line["attendee"])
                 for line in data["attendance"]}
        try:
            services.record_attendance(self.actor(), item, lines)
        except RuleViolation as exc:
            raise_at(exc)
        return self._file(item)

    @extend_schema(summary="Of de besproken personen zijn geïnformeerd (Veiligheidsteam)",
                   description="informed, not_yet, of unsafe met de reden waarom informeren nu "
                   "onveilig is.",
                   request=s.ItemInformingInputSerializer, responses=s.ItemFileSerializer)
    @action(detail=True, methods=["post"])
    def informing(self, request, pk):
        item = self._item(pk, "conferences.record_outcome")
        data = self._input(s.ItemInformingInputSerializer)
        try:
            services.record_informing(self.actor(), item, informed=data["informed"],
                                      reason=data["notInformedReason"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._file(item)

    @extend_schema(summary="Een besluit over dit gezin (Veiligheidsteam)",
                   request=s.ConferenceDecisionInputSerializer,
                   responses={201: s.ConferenceDecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk):
        item = self._item(pk, "conferences.record_outcome")
        data = self._input(s.ConferenceDecisionInputSerializer)
        try:
            decision = services.record_decision(self.actor(), item, text=data["text"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.ConferenceDecisionSerializer(decision).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een actie in het plan van het gezin (Veiligheidsteam)",
                   description="Met de organisatie die haar uitvoert, eventueel de uitvoerder, en de "
                   "uiterste datum. De actie komt in het ene plan van het gezin (/cases/{id}/); haar "
                   "status staat daar.",
                   request=s.ConferenceActionInputSerializer,
                   responses={201: s.ConferenceActionSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request, pk):
        item = self._item(pk, "conferences.record_outcome")
        data = self._input(s.ConferenceActionInputSerializer)
        try:
            link = services.agree_action(
                self.actor(), item, text=data["text"], owner_organisation=data["ownerOrganisation"],
                owner=data["owner"], due_on=data["dueOn"], decision=data["decision"])
        except RuleViolation as exc:
            raise_at(exc)
        link = (type(link).objects.select_related("plan_action__owner_organisation",
                                                  "plan_action__owner").get(pk=link.pk))
        return Response(s.ConferenceActionSerializer(link).data, status=status.HTTP_201_CREATED)


# --- Measures of criminal justice and care -------------------------------------------------------------


@extend_schema(tags=["veiligheidsteam"],
               description="Maatregelen van straf en zorg die de veiligheid van een gezin vormgeven, "
               "elk met data, bronorganisatie en de veiligheidsvoorwaarde die zij ondersteunt.")
class MeasureViewSet(SafetyTeamAPIMixin, EendakGenericViewSet):
    serializer_class = s.MeasureSerializer

    def get_queryset(self):
        return Measure.objects.none()  # always per case; see ``list``

    def _measure(self, pk) -> Measure:
        return self._found(Measure.objects.select_related("case"), pk, "conferences.change_measure")

    def _show(self, measure, status_code=status.HTTP_200_OK):
        measure = (Measure.objects.select_related("source_organisation", "recorded_by", "person")
                   .get(pk=measure.pk))
        return Response(s.MeasureSerializer(measure).data, status=status_code)

    @extend_schema(summary="De maatregelen in een casus",
                   description="Voor wie de casus mag zien. Lopende eerst, op begindatum.",
                   parameters=[OpenApiParameter("case", int, OpenApiParameter.QUERY, required=True,
                                                description="De casus (id).")])
    def list(self, request):
        case_id = self._query(s.CaseIdSerializer)["case"]
        case = self._found(Case.objects.select_related("household"), case_id,
                           "conferences.view_measures")
        page = self.paginate_queryset(queries.measures_of(case).select_related("recorded_by"))
        read(self.actor().seen_through(request), E.MEASURES_READ, case,
             persons=persons_of(case.household_id), detail=self._page_detail(page, "maatregelen"))
        return self.get_paginated_response(s.MeasureSerializer(page, many=True).data)

    @extend_schema(summary="Een maatregel vastleggen",
                   description="Elke deelnemende organisatie, als bron. Een tijdelijk huisverbod geldt "
                   "10 dagen; het signaal komt voor het afloopt.",
                   request=s.MeasureInputSerializer, responses={201: s.MeasureSerializer})
    def create(self, request):
        case_id = self._input(s.CaseIdSerializer)["case"]
        case = self._found(Case.objects.select_related("household"), case_id,
                           "conferences.record_measure")
        data = self._input(s.MeasureInputSerializer, case=case)
        try:
            measure = services.record_measure(
                self.actor(), case, kind=data["kind"], starts_on=data["startsOn"],
                ends_on=data["endsOn"], person=data["person"], description=data["description"],
                conditions=data["conditions"], supports_condition=data["supportsCondition"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(measure, status.HTTP_201_CREATED)

    @extend_schema(summary="Een maatregel verlengen (de bronorganisatie)",
                   description="Een huisverbod tot hoogstens EENDAK_HOUSE_BAN_MAX_DAYS dagen in "
                   "totaal (standaard 28).",
                   request=s.MeasureExtendInputSerializer, responses=s.MeasureSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk):
        measure = self._measure(pk)
        data = self._input(s.MeasureExtendInputSerializer)
        try:
            measure = services.extend_measure(self.actor(), measure, until=data["until"],
                                              reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(measure)

    @extend_schema(summary="Een maatregel beëindigen (de bronorganisatie)",
                   request=s.MeasureEndInputSerializer, responses=s.MeasureSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk):
        measure = self._measure(pk)
        data = self._input(s.MeasureEndInputSerializer)
        try:
            measure = services.end_measure(self.actor(), measure, reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(measure)


# --- Feedback owed to an organisation, and its own contributions -------------------------------------


@extend_schema(tags=["werkvoorraad"])
class NoticeViewSet(SafetyTeamAPIMixin, EendakGenericViewSet):
    """The feedback the Veiligheidsteam's work owes the acting organisation."""

    permission_classes = [IsVerifiedActor, requires("conferences.view_notices")]
    serializer_class = s.NoticeSerializer

    def get_queryset(self):
        return Notice.objects.none()  # see ``list``

    @extend_schema(summary="Terugkoppeling van het Veiligheidsteam",
                   description="Het besluit van Veilig Thuis aan de partner die vroeg, het besluit van "
                   "de triage aan de aanmelder, de teruggave aan Veilig Thuis en het lokale team. "
                   "Zonder all=true alleen wat nog niet gezien is.",
                   parameters=[OpenApiParameter("all", bool, OpenApiParameter.QUERY,
                                                description="true: ook wat al gezien is.")])
    def list(self, request):
        everything = self._query(s.NoticeQuerySerializer)["all"]
        page = self.paginate_queryset(queries.notices_for(request.user, unseen_only=not everything))
        read(self.actor(), E.NOTICES_READ,
             persons=persons_of(*(n.referral.case.household_id for n in page)),
             detail=self._page_detail(page, "terugkoppelingen"))
        return self.get_paginated_response(s.NoticeSerializer(page, many=True).data)

    @extend_schema(summary="Terugkoppeling als gezien markeren",
                   description="Was zij al gezien, dan verandert er niets (200).",
                   request=None,
                   responses=s.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk):
        notice = self._found(Notice.objects.select_related("referral__case"), pk,
                             "conferences.acknowledge_notice")
        already_seen = notice.seen_at is not None
        notice = services.acknowledge_notice(self.actor(), notice)
        if already_seen or notice.seen_by_id != request.user.pk:
            # Seen already (a colleague, another client): nothing changes, and the look at it is
            # logged as a read, as on the screen.
            read(self.actor(), E.NOTICES_READ, notice.referral,
                 persons=persons_of(notice.referral.case.household_id),
                 detail=f"terugkoppeling {notice.pk} was al gezien")
        return Response(s.NoticeSerializer(notice).data)


@extend_schema(tags=["veiligheidsteam"])
class OwnConferenceContributionViewSet(SafetyTeamAPIMixin, EendakGenericViewSet):
    """What the acting organisation brought into case conferences, also after they were held."""

    permission_classes = [IsVerifiedActor, requires("conferences.view_own_contributions")]
    serializer_class = s.OwnConferenceContributionSerializer

    def get_queryset(self):
        return (queries.own_contributions(self.request.user).select_related("organisation")
                .order_by("-created_at", "-pk"))

    @extend_schema(summary="De inbreng van uw organisatie in casusoverleggen",
                   description="Ook na het overleg, ook voor een consulterende partner die het gezin "
                   "zelf niet meer ziet. Eén regel in het toegangslog noemt de personen van de "
                   "betrokken huishoudens.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        read(self.actor(), E.OWN_CONTRIBUTIONS,
             persons=persons_of(*(c.item.referral.case.household_id for c in page)),
             detail=self._page_detail(page, "regels"))
        return self.get_paginated_response(
            s.OwnConferenceContributionSerializer(page, many=True).data)

