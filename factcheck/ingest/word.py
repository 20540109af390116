"""Word (.docx) files, read as a stream with every size checked before and during reading.

A .docx is a zip of XML parts. python-docx (which factcheck used before) parses the whole
body into a tree of Python objects first: a 600 KB file holding 5.6 million empty
paragraphs took 354 seconds and 3.9 GB. Here the zip's directory is checked first (how
many members, how large they say they unpack), then the body part ``word/document.xml``
is inflated in 64 KB pieces (counting the bytes that really come out) and fed to expat,
keeping only the paragraph being read. Reading stops at the first cap: paragraphs, XML
elements, unpacked bytes, or characters of text.

The text is laid out as python-docx gave it: body paragraphs in order, each table as one
line per row with cells split by tabs, a cell's paragraphs split by newlines. Drawings, text boxes
and deleted or moved-away text are left out. Merged table cells are read once (python-docx
repeated them in every cell they span).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from factcheck.ingest.errors import IngestError, corrupt, human_size, too_large_to_read, wrong_type
from factcheck.ingest.limits import CharBudget, ParseLimits
from factcheck.ingest.sniff import zip_kind

_WORD = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML"
    }
)
_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"

DOCUMENT_PART = "word/document.xml"
_CORE_PART = "docProps/core.xml"
_MAX_CORE_BYTES = 1024 * 1024
_CHUNK = 64 * 1024

# Word elements whose content is not the document's running text.
_SKIPPED = frozenset({"drawing", "pict", "object", "txbxContent", "del", "moveFrom"})
# Run children that stand for characters, as python-docx reads them.
_RUN_CHARACTERS = {"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "-"}


@dataclass(frozen=True)
class WordText:
    text: str
    title: str | None
    author: str | None


def read_docx(name: str, data: bytes, limits: ParseLimits, max_chars: int | None) -> WordText:
    """The text and core properties of the Word document in ``data``.

    Raises :class:`IngestError` ``corrupt`` (not a readable .docx), ``wrong_type`` (a zip
    of another kind, such as a spreadsheet), ``too_large`` (over one of ``limits`` or over
    ``max_chars`` characters of text).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = _checked_members(name, archive, limits)
            body = members[DOCUMENT_PART]
            reader = _BodyReader(name, limits, CharBudget(name, max_chars))
            _feed(name, archive, body, limits.max_document_xml_bytes, reader.parser)
            title, author = _core_properties(name, archive, members.get(_CORE_PART))
    except IngestError:
        raise
    # What zipfile, zlib and expat raise on a damaged file, an unsupported compression
    # method (NotImplementedError), an encrypted member (RuntimeError) or a DTD (ValueError).
    except (
        zipfile.BadZipFile,
        zlib.error,
        expat.ExpatError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as error:
        raise corrupt(name, "Word document") from error
    return WordText(text=reader.text(), title=title, author=author)


def _not_word(name: str, kind: str) -> IngestError:
    if kind == "a zip archive":
        return corrupt(name, "Word document")  # a zip, but of nothing we can name
    return wrong_type(name, "a Word (.docx) document", kind)


def _checked_members(
    name: str, archive: zipfile.ZipFile, limits: ParseLimits
) -> dict[str, zipfile.ZipInfo]:
    """The zip's members by name, once their count and declared sizes are within limits."""
    infos = archive.infolist()
    if len(infos) > limits.max_zip_members:
        raise too_large_to_read(
            name,
            f"it holds {len(infos):,} files inside, and factcheck opens Word documents "
            f"with at most {limits.max_zip_members:,}",
        )
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_unpacked_bytes:
        raise _unpacks_to(name, declared, limits.max_unpacked_bytes)
    members = {info.filename: info for info in infos}
    body = members.get(DOCUMENT_PART)
    if body is None:
        raise _not_word(name, zip_kind(set(members)))
    if body.file_size > limits.max_document_xml_bytes:
        raise _unpacks_to(name, body.file_size, limits.max_document_xml_bytes, part="its text")
    return members


def _unpacks_to(name: str, size: int, cap: int, part: str = "it") -> IngestError:
    return too_large_to_read(
        name,
        f"{part} unpacks to {human_size(size)}, more than the {human_size(cap)} "
        'factcheck unpacks (a small file that unpacks to a huge one is a "zip bomb")',
    )


def _feed(
    name: str,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    cap: int,
    parser: expat.XMLParserType,
) -> None:
    """Inflate ``member`` piece by piece into ``parser``, counting the bytes that really
    come out: a member whose directory entry understates its size is still stopped."""
    inflated = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            inflated += len(chunk)
            if inflated > cap:
                raise _unpacks_to(name, inflated, cap, part="a part of it")
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _new_parser() -> expat.XMLParserType:
    """An expat parser that refuses DTDs (Word never writes one; entity tricks need one)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    return parser


def _refuse_doctype(*_: object) -> None:
    raise ValueError("a document type declaration in a Word XML part")


@dataclass
class _Table:
    rows: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    lines: list[str] | None = None  # the open cell's paragraphs


class _BodyReader:
    """expat handlers that turn ``word/document.xml`` into text, one paragraph at a time."""

    def __init__(self, name: str, limits: ParseLimits, budget: CharBudget) -> None:
        self.name = name
        self.limits = limits
        self.budget = budget
        self.blocks: list[str] = []
        self.stack: list[str] = []  # local names of the open Word elements ("" for others)
        self.skipping = 0  # open elements whose content is left out
        self.paragraph: list[str] | None = None
        self.paragraph_depth = 0
        self.in_text = False
        self.table: _Table | None = None
        self.table_depth = 0
        self.paragraphs = 0
        self.elements = 0
        self.parser = _new_parser()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._characters

    def text(self) -> str:
        return "\n".join(self.blocks)

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limits.max_xml_elements:
            raise too_large_to_read(
                self.name,
                f"its text part has more than {self.limits.max_xml_elements:,} XML elements",
            )
        local = _word_name(tag)
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(local)
        if self.skipping or local in _SKIPPED or tag.startswith(_COMPATIBILITY):
            self.skipping += 1
            return
        if local == "p":
            self._open_paragraph()
        elif local == "tbl":
            self._open_table()
        elif local == "tc" and self.table is not None and self.table_depth == 1:
            self.table.lines = []
        if self.paragraph is not None and parent == "r":
            if local == "t":
                self.in_text = True
            elif local in _RUN_CHARACTERS:
                self._add(_RUN_CHARACTERS[local])
            elif local == "br" and _break_type(attributes) in ("", "textWrapping"):
                self._add("\n")

    def _end(self, tag: str) -> None:
        local = self.stack.pop()
        if self.skipping:
            self.skipping -= 1
            return
        if local == "t":
            self.in_text = False
        elif local == "p":
            self._close_paragraph()
        elif local == "tbl":
            self._close_table()
        elif self.table is not None and self.table_depth == 1:
            if local == "tc" and self.table.lines is not None:
                self.table.cells.append("\n".join(self.table.lines))
                self.table.lines = None
            elif local == "tr":
                self.table.rows.append("\t".join(self.table.cells))
                self.table.cells = []

    def _characters(self, data: str) -> None:
        if self.in_text and not self.skipping:
            self._add(data)

    def _add(self, text: str) -> None:
        if self.paragraph is not None:
            self.budget.spend(len(text))
            self.paragraph.append(text)

    def _open_paragraph(self) -> None:
        self.paragraph_depth += 1
        if self.paragraph_depth == 1:
            self.paragraph = []

    def _close_paragraph(self) -> None:
        self.paragraph_depth -= 1
        self.paragraphs += 1
        if self.paragraphs > self.limits.max_paragraphs:
            raise too_large_to_read(
                self.name, f"it has more than {self.limits.max_paragraphs:,} paragraphs"
            )
        if self.paragraph_depth or self.paragraph is None:
            return
        text = "".join(self.paragraph)
        self.paragraph = None
        if self.table is not None and self.table.lines is not None:
            self.table.lines.append(text)
        elif self.table is None:
            self._add_block(text)

    def _open_table(self) -> None:
        self.table_depth += 1
        if self.table_depth == 1:
            self.table = _Table()

    def _close_table(self) -> None:
        self.table_depth -= 1
        if self.table_depth or self.table is None:
            return
        rows, self.table = self.table.rows, None
        self._add_block("\n".join(rows))

    def _add_block(self, text: str) -> None:
        if self.blocks:
            self.budget.spend(1)  # the newline between blocks
        self.blocks.append(text)


def _word_name(tag: str) -> str:
    """The local name of a Word element, or "" for elements of other vocabularies."""
    namespace, _, local = tag.rpartition(" ")
    return local if namespace in _WORD else ""


def _break_type(attributes: dict[str, str]) -> str:
    for key, value in attributes.items():
        if key.rpartition(" ")[2] == "type":
            return value
    return ""


def _core_properties(
    name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo | None
) -> tuple[str | None, str | None]:
    """The document's title and author (``dc:title``, ``dc:creator``), when it has them."""
    if member is None or member.file_size > _MAX_CORE_BYTES:
        return None, None
    found: dict[str, list[str]] = {"title": [], "creator": []}
    current: list[list[str] | None] = [None]

    def start(tag: str, _: dict[str, str]) -> None:
        namespace, _sep, local = tag.rpartition(" ")
        current[0] = found.get(local) if namespace == _DUBLIN_CORE else None

    def end(_: str) -> None:
        current[0] = None

    def characters(data: str) -> None:
        if current[0] is not None:
            current[0].append(data)

    parser = _new_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    _feed(name, archive, member, _MAX_CORE_BYTES, parser)
    title, author = ("".join(found[key]) or None for key in ("title", "creator"))
    return title, author
