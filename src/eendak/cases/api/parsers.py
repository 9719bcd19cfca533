"""The documents endpoint's multipart parser: a file name too long to read is about the name.

Django reads at most 1,024 bytes of headers per part of a multipart body (``MAX_TOTAL_HEADER_SIZE``,
a guard against slow parsing) and gives up on the whole body past it. A part's headers are its
``Content-Disposition`` with the file name and its ``Content-Type``, so a file name of about 950
characters or more is the one thing that passes it in an upload: DRF then called it a parse error,
and the API answered that the body was "geen geldige JSON". Here that one failure becomes the
validator's sentence about the name, at the field ``file``; the limit itself stays Django's.
"""

from rest_framework import exceptions
from rest_framework.parsers import MultiPartParser

from .. import uploads

# Django's MultiPartParserError message, which DRF quotes in its ParseError.
HEADER_TOO_LONG = "Request max total header size exceeded."


class DocumentMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError as exc:
            if HEADER_TOO_LONG in str(exc.detail):
                raise exceptions.ValidationError(
                    {"file": [uploads.name_too_long_message()]}) from exc
            raise
