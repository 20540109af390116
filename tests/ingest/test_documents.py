"""What a link leads to: which reader reads it, or what it is when factcheck reads none."""

from __future__ import annotations

import io
import zipfile

import pytest

from factcheck.ingest import IngestError
from factcheck.ingest.documents import read_fetched, reader_for
from tests.ingest.samples import ARTICLE_HTML, ARTICLE_TEXT, DOCX_TYPE, PNG, make_docx, make_pdf


def _zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("body", "content_type", "name", "reader"),
    [
        (ARTICLE_HTML.encode(), "text/html; charset=utf-8", None, ".html"),
        (ARTICLE_HTML.encode(), None, None, ".html"),
        (ARTICLE_HTML.encode(), "application/octet-stream", "fares.htm", ".html"),
        (ARTICLE_TEXT.encode(), "text/plain; charset=utf-8", None, ".txt"),
        (ARTICLE_TEXT.encode(), "application/octet-stream", "fares.txt", ".txt"),
        (make_pdf(), "application/pdf", None, ".pdf"),
        (make_pdf(), "text/plain", None, ".pdf"),  # the bytes say what it is
        (make_pdf(), "application/octet-stream", None, ".pdf"),
        (make_docx(), DOCX_TYPE, None, ".docx"),
        (make_docx(), "application/octet-stream", None, ".docx"),
    ],
)
def test_a_link_is_read_by_the_reader_of_its_type(
    body: bytes, content_type: str | None, name: str | None, reader: str
) -> None:
    assert reader_for(body, content_type, name) == reader


@pytest.mark.parametrize(
    ("body", "content_type", "what"),
    [
        (PNG, "image/png", "a PNG image"),
        (PNG, "text/html", "a PNG image"),
        (b"\x00\x00\x00\x18ftypmp42" + bytes(64), "video/mp4", "a video or audio file (MP4)"),
        (_zip_of("a.txt"), "application/zip", "a file of type application/zip"),
        (b'{"fares": [2, 4]}', "application/json", "a file of type application/json"),
        (bytes(range(256)), "application/octet-stream", "a file of unknown type"),
    ],
)
def test_a_link_to_a_type_factcheck_does_not_read_says_what_it_leads_to(
    body: bytes, content_type: str, what: str
) -> None:
    with pytest.raises(IngestError) as caught:
        reader_for(body, content_type)
    assert caught.value.code == "unsupported_type"
    assert caught.value.message.startswith(f"The link leads to {what}, not to a web page")


def test_a_spreadsheet_served_as_unknown_bytes_is_named_by_the_word_reader() -> None:
    with pytest.raises(IngestError) as caught:
        read_fetched(
            _zip_of("xl/workbook.xml"),
            "https://news.example/files/fares.xlsx",
            content_type="application/octet-stream",
            max_bytes=1024 * 1024,
        )
    assert caught.value.code == "wrong_type"
    assert "fares.xlsx is not a Word (.docx) document" in caught.value.message
    assert "an Excel spreadsheet" in caught.value.message
