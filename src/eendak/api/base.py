"""What every Eendak API view shares: problem+json errors whatever renderer was negotiated, the
documented problem responses, numeric ids in URLs, and the acting ``Actor``."""

from rest_framework import mixins, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from eendak.core.actors import Actor

from .schema import ProblemAutoSchema


class ProblemErrorsMixin:
    """Render errors as JSON problem details even where HTML, YAML or the browsable API was chosen.

    The exception handler sets the problem+json content type; without this a browser asking for
    text/html would get an HTML page labelled as JSON.
    """

    schema = ProblemAutoSchema()

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
