"""Files built in memory for the upload tests: a minimal Word document, a zip bomb, a PDF/HTML
polyglot. No binary fixture is committed; each is made from a few lines of ``zipfile``."""

import functools
import io
import zipfile

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def content_types(main_part: str, main_type: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>')


def office_zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def minimal_docx() -> bytes:
    """The smallest Word document Word opens: content types, the package relation, the body."""
    return office_zip({
        "[Content_Types].xml": content_types("word/document.xml", DOCX_MAIN),
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
                       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                       '.org/officeDocument/2006/relationships/officeDocument" '
                       'Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?>'
                             '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                             'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Verslag</w:t>'
                             '</w:r></w:p></w:body></w:document>',
    })


def _add_zeros(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    block = bytes(1024 * 1024)
    with archive.open(name, "w", force_zip64=True) as member:
        for _ in range(megabytes):
            member.write(block)


@functools.cache
def zip_bomb(megabytes: int = 200) -> bytes:
    """A small zip (about 200 KB) that would unpack to ``megabytes`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _add_zeros(archive, "zeros.bin", megabytes)
    return buffer.getvalue()


@functools.cache
def docx_bomb() -> bytes:
    """A docx that looks right from outside, with 200 MB of zeros beside its body."""
    buffer = io.BytesIO(minimal_docx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _add_zeros(archive, "word/media/zeros.bin", 200)
    return buffer.getvalue()


POLYGLOT = (b"%PDF-1.4\n<html><body><script>fetch('/api/v1/cases/')</script></body></html>\n"
            b"1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
HTML_AS_PNG = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
