"""What every Eendak API view shares: problem+json errors whatever renderer was negotiated, the
documented problem responses, the ``Location`` of every 201 (``locations``), numeric ids in URLs,
and the acting ``Actor``; and the helpers the
domain apps' views share (``EendakAPIHelpers``): the input and the query string validated, the
lookup that asks a permission, the page in a read's log entry, and the 409 of two people acting at
once (``Conflict``)."""

from django.db import IntegrityError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from eendak.core.actors import Actor
from eendak.core.permissions import refusal, require

from .locations import created_path
from .schema import ProblemAutoSchema, ProblemSerializer


class ProblemErrorsMixin:
    """Render errors as JSON problem details even where HTML, YAML or the browsable API was chosen.

    The exception handler sets the problem+json content type; without this a browser asking for
    text/html would get an HTML page labelled as JSON.
    """

    schema = ProblemAutoSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The screens export a list with ``?formaat=csv|xlsx`` (core.exports); the API answers
        # JSON only (docs/modules.md, "Exports of lists"). Asked anyway: a clear 400, not a
        # silently ignored parameter and a JSON page the caller takes for the file.
        if "formaat" in request.query_params:
            raise exceptions.ValidationError({"formaat": [
                "De API antwoordt alleen in JSON. Een lijst als CSV of Excel downloadt u op het "
                "scherm van die lijst (?formaat=csv of ?formaat=xlsx)."]})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == status.HTTP_201_CREATED and not response.has_header("Location"):
            # Resolved without the deployment's script prefix (``path_info``), which is put back
            # in front: behind a prefix such as /eendak/ the routes are still found.
            found = created_path(request.path_info, getattr(response, "data", None))
            prefix = request.path[:len(request.path) - len(request.path_info)]
            response["Location"] = request.build_absolute_uri(prefix + found)
        return response

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def actor(self) -> Actor:
        return Actor.from_request(self.request)


class EendakAPIView(ProblemErrorsMixin, APIView):
    pass


class EendakGenericViewSet(ProblemErrorsMixin, viewsets.GenericViewSet):
    # Ids are numbers (the router uses path converters): anything else is a plain 404 instead of a
    # database type error, and the schema says "integer".
    lookup_value_converter = "int"


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EendakGenericViewSet):
    pass


# --- What the domain apps' views share ------------------------------------------------------------------


class Conflict(exceptions.APIException):
    """Two people acting at once: the database's constraint caught the second and the service's
    transaction rolled back. An app's views name what was changed (``conflict_detail``)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = ("Iemand anders deed op hetzelfde moment hetzelfde. Er is niets opgeslagen; "
                      "bekijk het opnieuw en probeer het nog eens.")
    default_code = "conflict"


def conflict_response(description: str = "Tegelijk door een ander gewijzigd; er is niets "
                      "opgeslagen.") -> OpenApiResponse:
    """The documented 409 of an operation that two people may do at once."""
    return OpenApiResponse(ProblemSerializer, description=description)


CONFLICT = conflict_response()

# The one download of a file (``core.download_once``): its refusals, as every such endpoint documents.
DOWNLOAD_ONCE_RESPONSES = {
    409: OpenApiResponse(ProblemSerializer, description="Het bestand is nog niet klaar."),
    410: OpenApiResponse(ProblemSerializer, description="Het bestand is al gedownload (dat kan één "
                         "keer) of is er niet meer."),
}


class PassthroughRenderer(BaseRenderer):
    """The file is the answer whatever the client accepts; errors are still problem+json."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class EendakAPIHelpers:
    """Mixin for an app's views (``EendakGenericViewSet`` and ``EendakAPIView`` alike): the request's
    input and query string validated, the lookup that asks the permission, the page of a list in
    its read's log entry, and an ``IntegrityError`` answered as a 409 ``Conflict``.

    ``conflict_detail``: the 409's message; without it an ``IntegrityError`` is not caught here (a
    server error). ``target``: the record a change was aimed at, set by ``_found`` (the refused
    change's log entry, ``eendak.api.refusals``, points at it)."""

    conflict_detail: str = ""
    target = None

    def handle_exception(self, exc):
        return super().handle_exception(self._conflict(exc))

    def _conflict(self, exc):
        """An ``IntegrityError`` as the app's ``Conflict``; any other exception as it is."""
        if self.conflict_detail and isinstance(exc, IntegrityError):
            return Conflict(self.conflict_detail)
        return exc

    def _input(self, serializer_class, *, partial: bool = False, **context):
        """The request body, validated (a 400 naming the fields otherwise); ``context`` for the
        serializer (e.g. ``case=``), ``partial`` for a PATCH."""
        serializer = serializer_class(data=self.request.data, partial=partial, context=context)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _query(self, serializer_class):
        """The query string, validated (a 400 naming the parameters otherwise)."""
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _found(self, queryset, pk, permission: str, on=lambda obj: obj):
        """The object behind the URL, if ``permission`` allows the caller on it (``on(obj)``: the
        object the permission is declared on, e.g. a referral's case). Anything else — an id that
        does not exist, or one outside ``queryset``, included — is the one refusal: ``NotPermitted``,
        a logged 404."""
        obj = queryset.filter(pk=pk).first()
        if obj is None:
            raise refusal(permission, (queryset.model._meta.label_lower, str(pk)))
        self._looked_up(obj)
        require(self.actor(), permission, on(obj))
        self.target = obj
        return obj

    def _looked_up(self, obj) -> None:
        """Called by ``_found`` with the object it found, before the permission is asked: an app's
        views note what the request's log entries need to know (a break-the-glass look)."""

    def _page_detail(self, page, noun: str) -> str:
        """A list's read in the log: which page, and how many of what."""
        return f"pagina {self.paginator.page.number}: {len(page)} {noun}"
