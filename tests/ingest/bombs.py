"""Hostile files, built when a test or benchmark runs (never committed): small files that
describe enormous documents, and files whose content is not what their name says.

Word files are written with zipfile (a .docx is a zip of XML parts), PDFs with fpdf2 (the
one real page) and pypdf's writer (the page tree).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable

import pypdf
from fpdf import FPDF
from pypdf.generic import DictionaryObject, NameObject, NumberObject

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_BODY_START = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD}"><w:body>'
_BODY_END = "</w:body></w:document>"


def docx_from_body(pieces: Iterable[bytes], *, extra_members: int = 0) -> bytes:
    """A minimal .docx whose ``word/document.xml`` body is ``pieces``, streamed into the
    zip (so a body of hundreds of megabytes never sits in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELATIONSHIPS)
        with archive.open("word/document.xml", "w") as body:
            body.write(_BODY_START.encode())
            for piece in pieces:
                body.write(piece)
            body.write(_BODY_END.encode())
        for number in range(extra_members):
            archive.writestr(f"word/media/image{number}.png", b"")
    return buffer.getvalue()


def docx_bomb(paragraphs: int = 5_600_000) -> bytes:
    """The bomb of the security review: about 550 KB zipped, ``paragraphs`` one-letter
    paragraphs (180 MB of XML) inside."""
    batch = 10_000
    chunk = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * batch
    return docx_from_body(chunk for _ in range(paragraphs // batch))


def docx_with_empty_paragraphs(paragraphs: int) -> bytes:
    """``paragraphs`` empty paragraphs: 6 bytes each, so a million stay under the caps on
    unpacked size and only the paragraph cap can stop them."""
    batch = 10_000
    return docx_from_body(b"<w:p/>" * batch for _ in range(paragraphs // batch))


def docx_with_text(characters: int) -> bytes:
    """Paragraphs of 100 characters of text, ``characters`` in all (give or take one)."""
    text = ("The council spent four million pounds on roads in 2025. " * 2)[:100].encode()
    paragraph = b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"
    return docx_from_body(paragraph for _ in range(characters // len(text)))


def understating_sizes(docx: bytes) -> bytes:
    """``docx`` with every member's uncompressed size in the zip directory set to 1 byte,
    as a bomb that hides its size would."""
    data = bytearray(docx)
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        position = data.find(signature)
        while position != -1:
            struct.pack_into("<I", data, position + offset, 1)
            position = data.find(signature, position + 4)
    return bytes(data)


def html_with_paragraphs(paragraphs: int) -> bytes:
    """A page of ``paragraphs`` short paragraphs with a bold word each: trafilatura's time
    on it grows faster than linearly (25,000 take it over ten seconds of CPU)."""
    body = b"<p>a <b>b</b></p>" * paragraphs
    return b"<html><body><article>" + body + b"</article></body></html>"


def html_with_nested_tables(depth: int, article: bytes) -> bytes:
    """``article`` in the outer cell of ``depth`` layout tables nested one in another, each
    cell opening with a heading: the page of an old site, gone wrong."""
    opening = b"<table><tr><td><h3>x</h3>" * depth
    closing = b"</td></tr></table>" * depth
    return b"<html><body>" + article + opening + closing + b"</body></html>"


def html_with_cells(cells: int, cell: bytes = b"<td>7</td>") -> bytes:
    """One table of ``cells`` cells, ten to a row."""
    rows = (b"<tr>" + cell * 10 + b"</tr>") * (cells // 10)
    return b"<html><body><table>" + rows + b"</table></body></html>"


def one_page_pdf(text: str = "The council spent 4 million pounds on roads.") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(text=text)
    return bytes(pdf.output())


def pdf_sharing_one_content_stream(pages: int = 100_000, *, declared: int | None = None) -> bytes:
    """A PDF of ``pages`` pages that all draw the same content stream: each page is a
    small dictionary pointing at the one stream, so 100,000 pages take about 9 MB.
    ``declared`` sets the page count the file claims (``/Count``), true by default."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(one_page_pdf())))
    first = writer.pages[0]
    tree = writer.root_object["/Pages"].get_object()
    tree[NameObject("/MediaBox")] = first.mediabox  # inherited, not repeated per page
    shared = {NameObject(key): first.raw_get(key) for key in ("/Contents", "/Resources")}
    for _ in range(pages - 1):
        page = DictionaryObject({NameObject("/Type"): NameObject("/Page"), **shared})
        tree["/Kids"].append(writer._add_object(page))
    tree[NameObject("/Count")] = NumberObject(pages if declared is None else declared)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
