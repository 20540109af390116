"""Original sample articles for the ingest tests (written for this suite), and the same
article as a Word file and a PDF, made when a test runs."""

import io

import docx
from fpdf import FPDF

ARTICLE_TITLE = "Harbour council doubles ferry fares"
ARTICLE_AUTHOR = "Mara Quill"
ARTICLE_OUTLET = "The Coastal Ledger"

ARTICLE_PARAGRAPHS = (
    "The Port Ellery harbour council voted on Tuesday to double the price of a single "
    "ferry crossing, from two pounds to four, starting in June.",
    "Councillor Ines Barrow said the increase was needed because fuel costs had risen by "
    '40 percent since 2021. "We have no other way to keep the service running," she told '
    "the meeting.",
    "Commuters who cross daily said the change would cost them more than 400 pounds a "
    "year. The ferry carries about 1,200 passengers on a weekday, according to the "
    "council's own figures.",
)

ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{ARTICLE_TITLE} | {ARTICLE_OUTLET}</title>
<meta property="og:title" content="{ARTICLE_TITLE}">
<meta name="author" content="{ARTICLE_AUTHOR}">
<meta property="article:published_time" content="2024-03-14T09:30:00Z">
<meta property="og:site_name" content="{ARTICLE_OUTLET}">
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>{ARTICLE_TITLE}</h1>
{"".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE_PARAGRAPHS)}
</article>
<footer>Copyright {ARTICLE_OUTLET}. All rights reserved.</footer>
</body>
</html>
"""

# The article as a plain text file: its title on the first line.
ARTICLE_TEXT = ARTICLE_TITLE + "\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS) + "\n"

# A page built by scripts: nothing to read without running them.
SCRIPT_APP_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>App</title></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div><script src="/static/js/main.js"></script></body></html>
"""

# What a site answers with 200 for an address it no longer has.
GONE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found | The Ledger</title></head>
<body><header><a href="/">The Ledger</a></header><main><h1>Sorry, we couldn't find that page</h1>
<p>It may have been moved or deleted. Try the search box or go back to the front page.</p>
</main></body></html>
"""

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4

# French on purpose: accents, guillemets, the euro sign and a dash all differ between
# Windows-1252 and the code pages a detector may confuse it with.
FRENCH_TEXT = (
    "Le café du port a rouvert ses portes mardi. « C'est déjà une fête », a déclaré la "
    "gérante, Hélène Müller.\r\nLe prix d'un crème est passé à 2,50 € — une hausse de "
    "10 %.\r\nLes habitués ont salué la décision du conseil municipal.\r\n"
)

SPANISH_TEXT = (
    "El alcalde de Cádiz anunció el martes que la piscina municipal reabrirá en junio. "
    "«Es una buena noticia para los niños», dijo la concejala Begoña Núñez. La obra "
    "costó 1,2 millones de euros, según el ayuntamiento.\n"
)


def make_docx(*, title: str | None = ARTICLE_TITLE) -> bytes:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.core_properties.author = ARTICLE_AUTHOR
    document.add_heading(ARTICLE_TITLE, level=1)
    for paragraph in ARTICLE_PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Fare before"
    table.rows[0].cells[1].text = "2 pounds"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(paragraphs: tuple[str, ...] = ARTICLE_PARAGRAPHS) -> bytes:
    pdf = FPDF()
    pdf.set_title(ARTICLE_TITLE)
    pdf.set_author(ARTICLE_AUTHOR)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
