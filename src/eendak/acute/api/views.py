"""The acute pathway over HTTP (Spoedplein): presentations with their injury record, screening,
forensic examination and photographs, the contact with Veilig Thuis and what comes back, willingness
to report, sharing the forensic report, follow-up and discharge; the forensic doctor's queue; the
forensic reports shared with an organisation; the pilot figures. Every change is one function of
``acute.services``, every answer a read model of ``acute.queries``.

Who may: each endpoint asks the declared permission of what it does (``acute.permissions``), with the
object it does it to, **before** it reads the request's input — so a bad body never tells an
outsider that the presentation exists. A refusal is a ``NotPermitted``, answered like everywhere in
the API by the problem handler: the 404 of something that is not there, logged under the
permission's name; an id that does not exist gets the same refusal (``_found``). Lists are built
from the permissions' own querysets (``visible_presentations``, ``forensic_queue``, ``shares_with``,
through ``acute.queries``), so a list never shows what the detail would refuse. The gate of the
presentations' endpoints is a client-data role (``cases.view_work``: the police reach a shared
forensic report through one); their list asks ``acute.view_work`` like the screen, the other lists
their own permission.

What the data allows is the service's ``RuleViolation``: a 400 problem+json naming the camelCase
field (``raise_at``), nothing changed, and the attempt logged as failed (``LogRefusedChanges``, event
``acute.change_refused``). What is logged: every change by its service; every read here through
``acute.events.read``, once per request, naming the persons shown.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from eendak.api.base import (
    CONFLICT,
    EendakAPIHelpers,
    EendakAPIView,
    EendakGenericViewSet,
    PassthroughRenderer,
)
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import require
from eendak.persons.models import Person

from .. import files, pdf, queries, services
from ..events import Event as E
from ..events import read
from ..models import ForensicExamination, Injury, Photo, Presentation
from ..workflow import PresentationStatus
from . import serializers as s

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}
IMAGE = {(200, "image/jpeg"): OpenApiTypes.BINARY, (200, "image/png"): OpenApiTypes.BINARY}


class AcuteAPIMixin(EendakAPIHelpers, LogRefusedChanges):
    """Shared by the Spoedplein's viewsets: the gate and the log entry of a change refused for its
    input (the lookup that asks the permission, the input: ``EendakAPIHelpers``)."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("cases.view_work")]
    refused_event = E.CHANGE_REFUSED
    filter_backends = []
    # Two people acting at once (a second examination requested, a person named twice): the
    # database's constraint caught the second; the service's transaction rolled back.
    conflict_detail = ("Iemand anders wijzigde deze presentatie op hetzelfde moment. Er is niets "
                       "opgeslagen; bekijk de presentatie opnieuw en probeer het nog eens.")


def _detail_response(actor, presentation_id, status_code=status.HTTP_200_OK) -> Response:
    """The presentation's read model as an answer (a look, or a change's result): a read in the log
    that names the patient and the persons named with it."""
    presentation = queries.presentation_for(presentation_id)
    detail = queries.detail(actor, presentation)
    data = s.PresentationDetailSerializer(detail).data
    read(actor, E.PRESENTATION_READ, presentation,
         persons=[presentation.patient_id, *(n.person_id for n in detail.named)])
    return Response(data, status=status_code)


def _person(pk):
    """The person an id names, for the service to judge (a BSN match, or one the hospital knows).
    An id of nobody becomes a person the hospital does not know, so the service refuses it with its
    one message: the API does not tell which ids exist."""
    if pk is None:
        return None
    return Person.objects.filter(pk=pk).first() or Person(pk=pk)


def _new_person_paths(data: dict, existing: str, new: str) -> dict:
    """Where a person rule of the service points in the body."""
    if not data.get(new):
        return {}
    return {existing: f"{new}.surname", "bsn": f"{new}.bsn", "date_of_birth": f"{new}.dateOfBirth"}


# --- Presentations -------------------------------------------------------------------------------------


@extend_schema(tags=["spoedplein"],
               description="Presentaties op het Spoedplein van het ziekenhuis: het letsel, de "
               "screening, het forensisch onderzoek, Veilig Thuis en wat terugkomt. Het ziekenhuis "
               "ziet de eigen presentaties, Veilig Thuis wat ernaar is gestuurd. Elke opvraging en "
               "elke wijziging komt in het toegangslog.")
class PresentationViewSet(AcuteAPIMixin, EendakGenericViewSet):
    serializer_class = s.PresentationSerializer

    def get_queryset(self):
        return Presentation.objects.none()  # the caller decides the list; see ``list``

    @property
    def refused_event(self):
        # A search changes nothing: bad criteria are a 400, not a refused change.
        return "" if self.action == "patient_search" else E.CHANGE_REFUSED

    def _presentation(self, pk, permission: str) -> Presentation:
        return self._found(Presentation.objects.select_related("patient", "hospital"), pk,
                           permission)

    @extend_schema(summary="Presentaties",
                   description="Het ziekenhuis: de eigen presentaties; Veilig Thuis: die waarover "
                   "het is geconsulteerd of die bij het zijn gemeld. Nieuwste eerst. Eén regel in "
                   "het toegangslog noemt de getoonde patiënten.",
                   parameters=[OpenApiParameter("status", str, OpenApiParameter.QUERY,
                                                enum=PresentationStatus.values,
                                                description="open: op het Spoedplein; discharged: "
                                                "ontslagen.")])
    def list(self, request):
        # The work list's own rule, as on the screen (/spoedplein/): the hospital and Veilig Thuis.
        require(self.actor(), "acute.view_work")
        wanted = self._query(s.PresentationQuerySerializer)["status"]
        page = self.paginate_queryset(queries.presentations(request.user, status=wanted))
        read(self.actor(), E.WORK, persons=[p.patient_id for p in page],
             detail=self._page_detail(page, "presentaties"))
        return self.get_paginated_response(s.PresentationSerializer(page, many=True).data)

    @extend_schema(summary="Eén presentatie",
                   description="Het letsel op de lichaamskaart, de screening met de punten die de "
                   "kaart al toont, het forensisch onderzoek (bevindingen en conclusie voor wie het "
                   "rapport mag lezen), de foto's (alleen voor het ziekenhuis en met wie ze zijn "
                   "gedeeld), Veilig Thuis met zijn besluit, aangiftebereidheid, delen, vervolg en "
                   "ontslag.",
                   responses=s.PresentationDetailSerializer)
    def retrieve(self, request, pk):
        presentation = self._presentation(pk, "acute.view_presentation")
        return _detail_response(self.actor(), presentation.pk)

    @extend_schema(summary="Een patiënt op het Spoedplein vastleggen",
                   description="Een gevonden persoon (patient, uit /presentations/patient-search/) of "
                   "een nieuwe (newPatient). Een BSN dat al bekend is kiest die persoon.",
                   request=s.PresentationCreateSerializer,
                   responses={201: s.PresentationDetailSerializer})
    def create(self, request):
        require(self.actor(), "acute.register_presentation")
        data = self._input(s.PresentationCreateSerializer)
        details = {s.DETAIL_NAMES[name]: value for name, value in data.items()
                   if name in s.DETAIL_NAMES}
        try:
            presentation = services.register_presentation(self.actor(), services.PresentationData(
                arrived_at=data["arrivedAt"], patient=_person(data["patient"]),
                patient_data=s.person_data(data["newPatient"]) if data["newPatient"] else None,
                submission_key=data["submissionKey"] or None, **details))
        except RuleViolation as exc:
            raise_at(exc, _new_person_paths(data, "patient", "newPatient"))
        return _detail_response(self.actor(), presentation.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="De gegevens van het bezoek wijzigen",
                   description="Alleen de velden die u stuurt. Niet meer na het ontslag.",
                   request=s.PresentationChangeSerializer, responses=s.PresentationDetailSerializer)
    def partial_update(self, request, pk):
        presentation = self._presentation(pk, "acute.change_presentation")
        serializer = s.PresentationChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.update_presentation(self.actor(), presentation, **serializer.changes())
        except RuleViolation as exc:
            raise_at(exc, {"municipality_id": "municipality"})
        return _detail_response(self.actor(), presentation.pk)

    @extend_schema(summary="Wie is de patiënt? (zoeken)",
                   description="Op BSN (zeker: het ziekenhuis heeft het BSN van de patiënt), of op "
                   "achternaam met voornamen en geboortedatum (tolerant, alleen personen die het "
                   "ziekenhuis al kent). Komt als zoekactie in het toegangslog, met wie werd getoond.",
                   request=s.PatientSearchSerializer, responses=s.PatientCandidatesSerializer)
    @action(detail=False, methods=["post"], url_path="patient-search")
    def patient_search(self, request):
        require(self.actor(), "acute.register_presentation")
        data = self._input(s.PatientSearchSerializer)
        try:
            candidates = services.find_patient(
                self.actor(), bsn=data["bsn"].strip(), surname=data["surname"].strip(),
                given_names=data["givenNames"].strip(), date_of_birth=data["dateOfBirth"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.PatientCandidatesSerializer({"candidates": candidates}).data)

    @extend_schema(summary="Een persoon noemen bij de presentatie",
                   description="Een kind thuis, wie meekwam, de vermoedelijke pleger: eenmaal "
                   "genoemd, gaat mee met een melding bij Veilig Thuis.",
                   request=s.NamePersonInputSerializer,
                   responses={201: s.NamedPersonSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def persons(self, request, pk):
        presentation = self._presentation(pk, "acute.change_presentation")
        data = self._input(s.NamePersonInputSerializer)
        try:
            named = services.name_person(
                self.actor(), presentation, role=data["role"], person=_person(data["person"]),
                data=s.person_data(data["newPerson"]) if data["newPerson"] else None)
        except RuleViolation as exc:
            raise_at(exc, _new_person_paths(data, "person", "newPerson"))
        return Response(s.NamedPersonSerializer(named).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Letsel op de lichaamskaart",
                   description="Plaats (de zijde volgt eruit), soort, maat, kleur en geschatte "
                   "leeftijd, patroon, en of het past bij de uitleg.",
                   request=s.InjuryInputSerializer, responses={201: s.InjurySerializer})
    @action(detail=True, methods=["post"])
    def injuries(self, request, pk):
        presentation = self._presentation(pk, "acute.record_injury")
        data = self._input(s.InjuryInputSerializer)
        try:
            injury = services.record_injury(self.actor(), presentation, services.InjuryData(
                region=data["region"], kind=data["kind"], view=data["view"],
                length_mm=data["lengthMm"], width_mm=data["widthMm"], colour=data["colour"],
                age_estimate=data["ageEstimate"], patterned=data["patterned"],
                pattern=data["pattern"], explanation_fit=data["explanationFit"],
                note=data["note"]))
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.InjurySerializer(injury).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="De TEN-4-FACESp-checklist",
                   description="Voor een kind jonger dan 4. Positief ondersteunt het oordeel "
                   "(forensisch onderzoek, overleg met Veilig Thuis); het beslist nooit.",
                   request=s.ScreeningInputSerializer, responses={201: s.ScreeningSerializer})
    @action(detail=True, methods=["post"])
    def screening(self, request, pk):
        presentation = self._presentation(pk, "acute.record_screening")
        data = self._input(s.ScreeningInputSerializer)
        try:
            result = services.record_screening(self.actor(), presentation, ticked=data["ticked"],
                                               note=data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.ScreeningSerializer(result).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Forensisch-medisch onderzoek aanvragen",
                   description="Het komt in de wachtrij van de forensisch artsen van het ziekenhuis "
                   "(/forensic-examinations/).",
                   request=s.ForensicRequestInputSerializer,
                   responses={201: s.ExaminationSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="forensic-request")
    def forensic_request(self, request, pk):
        presentation = self._presentation(pk, "acute.request_forensic")
        data = self._input(s.ForensicRequestInputSerializer)
        try:
            examination = services.request_forensic(self.actor(), presentation,
                                                    question=data["question"])
        except RuleViolation as exc:
            raise_at(exc)
        return _examination_response(examination, status.HTTP_201_CREATED)

    @extend_schema(summary="Een forensische foto toevoegen",
                   description="multipart/form-data: file (JPEG of PNG, aan de inhoud "
                   "gecontroleerd), description en consentBy (wie toestemming gaf). Een beperkt "
                   "document: alleen het ziekenhuis, en met wie het rapport met foto's is gedeeld.",
                   request={"multipart/form-data": s.PhotoUploadSerializer},
                   responses={201: s.PhotoSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk):
        presentation = self._presentation(pk, "acute.add_photo")
        data = self._input(s.PhotoUploadSerializer)
        try:
            photo = services.add_photo(self.actor(), presentation, data["file"],
                                       description=data["description"],
                                       consent_by=data["consentBy"])
        except RuleViolation as exc:
            raise_at(exc)
        photo = Photo.objects.select_related("uploaded_by").get(pk=photo.pk)
        return Response(s.PhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Consultatie of melding bij Veilig Thuis",
                   description="Kanaal ziekenhuis, standaard acuut: de veiligheidsbeoordeling "
                   "start binnen 24 uur. Het letselverslag en de forensische conclusie gaan mee; "
                   "Veilig Thuis leest de presentatie. Het besluit van Veilig Thuis komt terug in "
                   "contacts van de presentatie.",
                   request=s.VeiligThuisInputSerializer, responses={201: s.ContactSerializer})
    @action(detail=True, methods=["post"], url_path="veilig-thuis")
    def veilig_thuis(self, request, pk):
        presentation = self._presentation(pk, "acute.contact_veilig_thuis")
        data = self._input(s.VeiligThuisInputSerializer)
        try:
            contact = services.contact_veilig_thuis(
                self.actor(), presentation, kind=data["kind"], text=data["text"],
                person_ids=data["persons"], is_acute=data["isAcute"],
                about_children=data["aboutChildren"])
        except RuleViolation as exc:
            raise_at(exc)
        contact = (type(contact).objects.select_related("report__decision", "advice",
                                                        "veilig_thuis", "sent_by")
                   .get(pk=contact.pk))
        return Response(s.ContactSerializer({"contact": contact,
                                             "outcome": queries.outcome(contact)}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Aangiftebereidheid",
                   description="Gevraagd, besproken, bereid of niet, aangifte gedaan (met datum, "
                   "politie-eenheid en kenmerk).",
                   request=s.WillingnessInputSerializer, responses=s.PresentationDetailSerializer)
    @action(detail=True, methods=["post"])
    def willingness(self, request, pk):
        presentation = self._presentation(pk, "acute.record_willingness")
        data = self._input(s.WillingnessInputSerializer)
        try:
            services.record_willingness(
                self.actor(), presentation, state=data["state"], note=data["note"],
                police_report_on=data["policeReportOn"], police_unit=data["policeUnit"],
                police_reference=data["policeReference"])
        except RuleViolation as exc:
            raise_at(exc)
        return _detail_response(self.actor(), presentation.pk)

    @extend_schema(summary="Het forensisch rapport delen",
                   description="Alleen op een vastgelegde grondslag: met de politie op toestemming "
                   "(van het slachtoffer, of de wettelijk vertegenwoordiger bij een kind jonger dan "
                   "12) of een vordering; meldrecht alleen met Veilig Thuis.",
                   request=s.ShareInputSerializer, responses={201: s.ShareSerializer})
    @action(detail=True, methods=["post"])
    def shares(self, request, pk):
        presentation = self._presentation(pk, "acute.share_forensic_report")
        data = self._input(s.ShareInputSerializer)
        try:
            share = services.share_forensic_report(
                self.actor(), presentation, organisation=data["organisation"], item=data["item"],
                basis=data["basis"], note=data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        share = type(share).objects.select_related("organisation", "shared_by").get(pk=share.pk)
        return Response(s.ShareSerializer(share).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Vervolghulp tegen herhaling",
                   description="Het lokale team (zonder organisatie: dat van de woongemeente), het "
                   "Veiligheidsteam (alleen na een melding bij Veilig Thuis), de casemanager van het "
                   "Centrum Seksueel Geweld, ouderenzorg of andere hulp.",
                   request=s.FollowUpInputSerializer, responses={201: s.FollowUpSerializer})
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk):
        presentation = self._presentation(pk, "acute.record_follow_up")
        data = self._input(s.FollowUpInputSerializer)
        try:
            follow_up = services.record_follow_up(
                self.actor(), presentation, kind=data["kind"], note=data["note"],
                organisation=data["organisation"], started_on=data["startedOn"])
        except RuleViolation as exc:
            raise_at(exc)
        follow_up = type(follow_up).objects.select_related("organisation").get(pk=follow_up.pk)
        return Response(s.FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Ontslag: is het vanavond veilig om naar huis te gaan?",
                   description="Met de veiligheidsafspraken met het gezin; volgens het Haags "
                   "protocol eerst de kinderen thuis melden bij Veilig Thuis.",
                   request=s.DischargeInputSerializer, responses=s.PresentationDetailSerializer)
    @action(detail=True, methods=["post"])
    def discharge(self, request, pk):
        presentation = self._presentation(pk, "acute.discharge")
        data = self._input(s.DischargeInputSerializer)
        try:
            services.discharge(self.actor(), presentation, safe_to_go_home=data["safeToGoHome"],
                               destination=data["destination"],
                               safety_conditions=data["safetyConditions"])
        except RuleViolation as exc:
            raise_at(exc)
        return _detail_response(self.actor(), presentation.pk)

    @extend_schema(summary="Het forensisch rapport (PDF)",
                   description="Voor het ziekenhuis, Veilig Thuis waarbij is gemeld, en een "
                   "organisatie waarmee het rapport op een grondslag is gedeeld. Elke afdruk komt als "
                   "export in het toegangslog.",
                   responses=PDF)
    @action(detail=True, methods=["get"], url_path="forensic-report",
            renderer_classes=[PassthroughRenderer])
    def forensic_report(self, request, pk):
        presentation = self._presentation(pk, "acute.view_forensic_report")
        return pdf.forensic_report_response(self.actor(), presentation)


def _examination_response(examination, status_code=status.HTTP_200_OK) -> Response:
    examination = (ForensicExamination.objects
                   .select_related("presentation", "requested_by", "forensic_doctor")
                   .get(pk=examination.pk))
    return Response(s.ExaminationSerializer(examination).data, status=status_code)


# --- One injury ----------------------------------------------------------------------------------------


@extend_schema(tags=["spoedplein"])
class InjuryViewSet(AcuteAPIMixin, EendakGenericViewSet):
    serializer_class = s.InjurySerializer

    def get_queryset(self):
        return Injury.objects.none()  # one injury at a time; see ``destroy``

    @extend_schema(summary="Letsel verwijderen dat per vergissing is vastgelegd",
                   description="Zolang de patiënt er is.", responses={204: None})
    def destroy(self, request, pk):
        injury = self._found(Injury.objects.select_related("presentation"), pk,
                             "acute.record_injury")
        try:
            services.remove_injury(self.actor(), injury)
        except RuleViolation as exc:
            raise_at(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- The forensic doctor's queue -------------------------------------------------------------------------


@extend_schema(tags=["spoedplein"])
class ForensicExaminationViewSet(AcuteAPIMixin, EendakGenericViewSet):
    """Examinations asked of the hospital's forensic doctors: the queue, the report, and the
    clinician withdrawing a request."""

    serializer_class = s.QueueEntrySerializer

    def get_permissions(self):
        if self.action == "list":
            return [IsVerifiedActor(), requires("acute.view_forensic_queue")()]
        return super().get_permissions()

    def get_queryset(self):
        return ForensicExamination.objects.none()  # see ``list``

    def _examination(self, pk, permission: str) -> ForensicExamination:
        return self._found(ForensicExamination.objects.select_related("presentation"), pk,
                           permission)

    @extend_schema(summary="De wachtrij van de forensisch artsen",
                   description="Aangevraagde onderzoeken van het eigen ziekenhuis, langst aanwezige "
                   "patiënt eerst, met de tijd sinds aankomst. Eén regel in het toegangslog noemt de "
                   "getoonde patiënten.")
    def list(self, request):
        page = self.paginate_queryset(queries.examinations_waiting(request.user))
        read(self.actor(), E.FORENSIC_QUEUE, persons=[e.presentation.patient_id for e in page],
             detail=self._page_detail(page, "onderzoeken"))
        return self.get_paginated_response(
            s.QueueEntrySerializer(page, many=True, context={"now": timezone.now()}).data)

    @extend_schema(summary="Het forensisch rapport vastleggen (forensisch arts)",
                   description="Bevindingen en conclusie; daarna is het rapport als PDF te lezen "
                   "(/presentations/{id}/forensic-report/).",
                   request=s.ForensicReportInputSerializer, responses=s.ExaminationSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk):
        examination = self._examination(pk, "acute.report_forensic")
        data = self._input(s.ForensicReportInputSerializer)
        try:
            examination = services.report_forensic(
                self.actor(), examination, findings=data["findings"],
                conclusion=data["conclusion"], examined_at=data["examinedAt"])
        except RuleViolation as exc:
            raise_at(exc)
        return _examination_response(examination)

    @extend_schema(summary="De aanvraag intrekken (behandelaar)",
                   request=s.ForensicCancelInputSerializer, responses=s.ExaminationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk):
        examination = self._examination(pk, "acute.request_forensic")
        data = self._input(s.ForensicCancelInputSerializer)
        try:
            examination = services.cancel_forensic(self.actor(), examination,
                                                   reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return _examination_response(examination)


# --- A photograph ----------------------------------------------------------------------------------------


@extend_schema(tags=["spoedplein"])
class PhotoViewSet(AcuteAPIMixin, EendakGenericViewSet):
    """A forensic photograph: the image itself, for the hospital and an organisation the photographs
    were shared with on a recorded basis."""

    pagination_class = None
    renderer_classes = [PassthroughRenderer]

    def get_queryset(self):
        return Photo.objects.none()  # one photograph at a time; see ``retrieve``

    @extend_schema(summary="Een forensische foto",
                   description="Het beeld zelf, met zijn type; nooit in een cache. Elke opvraging "
                   "komt in het toegangslog.",
                   responses=IMAGE)
    def retrieve(self, request, pk):
        photo = self._found(Photo.objects.select_related("presentation"), pk, "acute.view_photos")
        return files.photo_response(self.actor(), photo)


# --- Shared with the caller's organisation ---------------------------------------------------------------


@extend_schema(tags=["spoedplein"])
class SharedReportViewSet(AcuteAPIMixin, EendakGenericViewSet):
    """Forensic reports an organisation outside the hospital received on a recorded basis."""

    permission_classes = [IsVerifiedActor, requires("acute.view_shared")]
    serializer_class = s.SharedReportSerializer

    def get_queryset(self):
        return queries.shared_with(self.request.user)

    @extend_schema(summary="Forensische rapporten gedeeld met uw organisatie",
                   description="Met de grondslag waarop ze zijn gedeeld en het adres van het rapport "
                   "(PDF). Nieuwste eerst. Eén regel in het toegangslog noemt de patiënten.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        read(self.actor(), E.SHARED_LIST, persons=[share.presentation.patient_id for share in page],
             detail=self._page_detail(page, "gedeelde rapporten"))
        return self.get_paginated_response(s.SharedReportSerializer(page, many=True).data)


# --- The pilot figures -------------------------------------------------------------------------------------


@extend_schema(tags=["spoedplein"])
class FiguresView(AcuteAPIMixin, EendakAPIView):
    """The pilot's figures: counts per month, no person (so no read of personal data to log)."""

    eendak_access = ViewAccess.STAFF
    permission_classes = [IsVerifiedActor, requires("acute.view_figures")]

    @extend_schema(summary="Cijfers van de pilot",
                   description="Per maand van aankomst, nieuwste eerst: presentaties (per route), "
                   "de mediane tijd van aankomst tot forensisch onderzoek en tot het eerste contact "
                   "met Veilig Thuis, aangiftebereidheid, aangiftes en gestarte vervolghulp. Het "
                   "ziekenhuis de eigen cijfers, de analist die van de regio. Alleen aantallen.",
                   parameters=[OpenApiParameter("months", int, OpenApiParameter.QUERY,
                                                description="Hoeveel maanden terug (1-36, "
                                                "standaard 12).")],
                   responses=s.FiguresSerializer)
    def get(self, request):
        months = self._query(s.FiguresQuerySerializer)["months"]
        rows = queries.figures(request.user, months=months)
        return Response(s.FiguresSerializer({"months": rows}).data)
