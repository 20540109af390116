"""Uploaded files: each supported type read, each kind of bad file refused clearly."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable

import pypdf
import pytest
from fpdf import FPDF

from factcheck.ingest import ALLOWED_EXTENSIONS, IngestError, read_upload
from tests.ingest.samples import (
    ARTICLE_AUTHOR,
    ARTICLE_HTML,
    ARTICLE_PARAGRAPHS,
    ARTICLE_TITLE,
    FRENCH_TEXT,
    SPANISH_TEXT,
    make_docx,
    make_pdf,
)

LIMIT = 1024 * 1024


def upload_error(filename: str, data: bytes, max_bytes: int = LIMIT) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_upload(filename, data, max_bytes=max_bytes)
    return caught.value


# --- happy paths ------------------------------------------------------------------------


def test_reads_utf8_text() -> None:
    text = "Ferry fares double\n\nThe council voted — 7 to 2 — for a “temporary” rise.\n"

    article = read_upload("fares.txt", text.encode("utf-8"), max_bytes=LIMIT)

    assert article.text == text
    assert article.title == "Ferry fares double"


def test_reads_utf8_text_with_a_byte_order_mark_and_windows_line_ends() -> None:
    data = "\ufeffLine one\r\nLine two\r\n".encode()

    assert read_upload("notes.txt", data, max_bytes=LIMIT).text == "Line one\nLine two\n"


def test_reads_utf16_text_from_notepad() -> None:
    data = "Compte rendu du conseil\r\nLe café rouvre.\r\n".encode("utf-16")

    article = read_upload("notes.txt", data, max_bytes=LIMIT)

    assert article.text == "Compte rendu du conseil\nLe café rouvre.\n"


def test_reads_windows_1252_text_with_accents() -> None:
    article = read_upload("cafe.txt", FRENCH_TEXT.encode("cp1252"), max_bytes=LIMIT)

    assert article.text == FRENCH_TEXT.replace("\r\n", "\n")


def test_reads_latin1_text_with_accents() -> None:
    article = read_upload("piscina.TXT", SPANISH_TEXT.encode("latin-1"), max_bytes=LIMIT)

    assert article.text == SPANISH_TEXT
    assert "Begoña Núñez" in article.text


def test_reads_markdown_as_written() -> None:
    source = f"# {ARTICLE_TITLE}\n\n*By {ARTICLE_AUTHOR}*\n\n{ARTICLE_PARAGRAPHS[0]}\n"

    article = read_upload("draft.md", source.encode(), max_bytes=LIMIT)

    assert article.text == source  # Markdown is not rendered: offsets match the file
    assert article.title == ARTICLE_TITLE


def test_reads_html() -> None:
    article = read_upload("saved page.html", ARTICLE_HTML.encode(), max_bytes=LIMIT)

    assert article.title == ARTICLE_TITLE
    assert article.author == ARTICLE_AUTHOR
    assert ARTICLE_PARAGRAPHS[1] in article.text


def test_reads_docx() -> None:
    article = read_upload(r"C:\Users\mara\Desktop\fares.docx", make_docx(), max_bytes=LIMIT)

    assert article.title == ARTICLE_TITLE
    assert article.author == ARTICLE_AUTHOR
    assert article.text.startswith(f"{ARTICLE_TITLE}\n{ARTICLE_PARAGRAPHS[0]}\n")
    assert "Fare before\t2 pounds" in article.text


def test_docx_without_a_title_takes_its_first_line() -> None:
    article = read_upload("fares.docx", make_docx(title=None), max_bytes=LIMIT)

    assert article.title == ARTICLE_TITLE


def test_reads_pdf() -> None:
    article = read_upload("fares.pdf", make_pdf(), max_bytes=LIMIT)

    assert article.title == ARTICLE_TITLE
    assert article.author == ARTICLE_AUTHOR
    assert "Port Ellery harbour council" in article.text
    assert "1,200 passengers" in article.text


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize("filename", ["fares.exe", "fares.doc", "fares", "fares.txt.zip"])
def test_refuses_unsupported_types_and_names_the_accepted_ones(filename: str) -> None:
    error = upload_error(filename, b"whatever")

    assert error.code == "unsupported_type"
    for extension in ALLOWED_EXTENSIONS:
        assert extension in error.message


@pytest.mark.parametrize("filename", ["empty.txt", "empty.docx", "empty.pdf"])
def test_refuses_empty_files(filename: str) -> None:
    error = upload_error(filename, b"")

    assert error.code == "empty"
    assert filename in error.message


def test_refuses_oversized_files_and_says_the_limit() -> None:
    error = upload_error("long.txt", b"a" * (2 * 1024 * 1024 + 1), max_bytes=2 * 1024 * 1024)

    assert error.code == "too_large"
    assert "up to 2 MB" in error.message


def test_refuses_binary_files_posing_as_text() -> None:
    data = random.Random(2).randbytes(4096).replace(b"\x00", b"\x01")

    error = upload_error("article.txt", data)

    assert error.code == "not_text"
    assert "binary file" in error.message


def test_refuses_binary_with_nul_bytes_posing_as_text() -> None:
    error = upload_error("article.txt", b"\x00\x01\x02 header" + bytes(range(256)) * 8)

    assert error.code == "not_text"


# --- the content must be what the extension says (F13) -----------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(2000)


def _zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_a_pdf_named_txt_is_refused_and_named() -> None:
    # It used to decode as Windows-1252 and become 1,643 "candidate claims" of gibberish.
    error = upload_error("report.txt", make_pdf())

    assert error.code == "wrong_type"
    assert error.message == (
        "report.txt is not a text file: it looks like a PDF. If it is the article, rename "
        "it to end in .pdf and upload it again."
    )


@pytest.mark.parametrize(
    ("filename", "make", "expected", "found", "advice"),
    [
        ("report.md", make_pdf, "a text file", "a PDF", "rename it to end in .pdf"),
        ("report.txt", make_docx, "a text file", "a Word document (.docx)", "end in .docx"),
        ("report.pdf", make_docx, "a PDF", "a Word document (.docx)", "end in .docx"),
        ("report.docx", make_pdf, "a Word (.docx) document", "a PDF", "end in .pdf"),
        ("report.html", make_pdf, "a web page (HTML)", "a PDF", "end in .pdf"),
        ("photo.txt", lambda: PNG, "a text file", "a PNG image", "Save the article as text"),
        ("photo.docx", lambda: PNG, "a Word (.docx) document", "a PNG image", "Save"),
        (
            "sheet.docx",
            lambda: _zip_of("[Content_Types].xml", "xl/workbook.xml"),
            "a Word (.docx) document",
            "an Excel spreadsheet (.xlsx)",
            "Save",
        ),
        (
            "old.docx",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "a Word (.docx) document",
            "an old-style Office document (.doc, .xls), or a password-protected one",
            "Save",
        ),
        ("notes.html", lambda: b"%PDF-1.7\n%\xe2\xe3", "a web page (HTML)", "a PDF", ".pdf"),
    ],
)
def test_content_of_another_type_is_refused_and_named(
    filename: str, make: Callable[[], bytes], expected: str, found: str, advice: str
) -> None:
    error = upload_error(filename, make())

    assert error.code == "wrong_type"
    assert error.message.startswith(f"{filename} is not {expected}: it looks like {found}. ")
    assert advice in error.message


def test_text_without_markup_is_not_taken_for_a_web_page() -> None:
    error = upload_error("notes.html", b"The council met on Tuesday.\n" * 20)

    assert error.code == "wrong_type"
    assert error.message.startswith("notes.html is not a web page: factcheck found no HTML markup")


@pytest.mark.parametrize(
    "text",
    [
        "BMW sales rose by 4 percent in 2024, the company said.\n",
        "MZ Wallace opened a shop on the high street.\n",
        "ID3 tags are not news. The council spent 4 million pounds.\n",
        "PK Industries reported a loss of 2 million pounds.\n",
    ],
)
def test_text_that_begins_like_a_signature_is_still_text(text: str) -> None:
    assert read_upload("note.txt", text.encode(), max_bytes=LIMIT).text == text


def test_html_in_utf16_is_recognised() -> None:
    article = read_upload("page.html", ARTICLE_HTML.encode("utf-16"), max_bytes=LIMIT)

    assert article.title == ARTICLE_TITLE


def test_refuses_a_corrupt_docx() -> None:
    broken = make_docx()[:2000]  # a zip cut short

    error = upload_error("fares.docx", broken)

    assert error.code == "corrupt"
    assert "Word document" in error.message


def test_refuses_a_zip_that_is_not_a_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")

    assert upload_error("fares.docx", buffer.getvalue()).code == "corrupt"


def test_refuses_a_corrupt_pdf() -> None:
    error = upload_error("fares.pdf", b"%PDF-1.7\nthis is not really a PDF\n")

    assert error.code == "corrupt"
    assert "PDF" in error.message


def test_refuses_a_pdf_without_text() -> None:
    error = upload_error("scan.pdf", make_pdf(paragraphs=()))

    assert error.code == "no_text"
    assert "scan" in error.message


def test_refuses_a_text_file_of_blank_lines() -> None:
    assert upload_error("blank.txt", b"\n\n   \n").code == "no_text"


def test_nul_characters_never_reach_the_article() -> None:
    """PDF metadata decoded from UTF-16 often carries NUL; PostgreSQL text cannot hold it
    (an upload of such a PDF was a server error there)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Crime rose by 5 percent in 2024.")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.add_metadata({"/Author": "Priya Nair\x00", "/Title": "Budget\x00 report"})
    data = io.BytesIO()
    writer.write(data)

    article = read_upload("report.pdf", data.getvalue(), max_bytes=LIMIT)

    assert (article.title, article.author) == ("Budget report", "Priya Nair")
    text = "Crime rose by 5 percent in 2024, the council said.\r\n" * 20 + "Stray NUL:\x00\r\n"
    assert "\x00" not in read_upload("notes.txt", text.encode("utf-16"), max_bytes=LIMIT).text
