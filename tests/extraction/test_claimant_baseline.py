"""Nothing lost: every claimant found on the shared articles before attribution was rewritten
from general rules (issues 15 and 21) is still found, or the change is listed below.

The baseline (tests/extraction/data/claimant_baseline.json, made by
scripts/claimant_baseline.py before the rewrite) holds file, span and hashes only, never
article text. A claimant counts as still found when its old form is the new claimant, the
words the sentence used for it (``named_as``, with or without a title) or the role and the
name together ("Foreign Secretary Ana Lind"): normalisation renames, it does not lose.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from factcheck.extraction.attribution import Attribution, attribute
from factcheck.extraction.names import clean_name
from factcheck.extraction.segment import segment

BASELINE = Path(__file__).resolve().parent / "data" / "claimant_baseline.json"

# Sentences whose claimant changed, read one by one: "better" (the new claimant is right or
# closer), "both wrong" (neither is the speaker), "worse" (the old one was closer).
BETTER, BOTH_WRONG, WORSE = "better", "both wrong", "worse"
CHANGED = {
    # Session 22, the second claimants walk (training articles only):
    "010.txt:1177:1363": (BETTER, 'the person after "leader of the <Body>", not "<Body> <Name>"'),
    "014.txt:962:1097": (
        BETTER,
        '"He said" after the subject who accused another: the subject, not the man accused',
    ),
    "014.txt:1098:1236": (
        BETTER,
        'the quotation that goes on after that "He said": the same speaker',
    ),
    "026.txt:388:479": (BETTER, '"The book, <Title>, said X felt": the book, not X'),
    "001.txt:2361:2430": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "001.txt:2431:2597": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "002.txt:848:984": (
        BETTER,
        "the speaker named before it with an aside between dashes, not the man he praised",
    ),
    "002.txt:985:1040": (
        BETTER,
        "the speaker named before it with an aside between dashes, not the man he praised",
    ),
    "002.txt:1041:1100": (
        BETTER,
        "the speaker named before it with an aside between dashes, not the man he praised",
    ),
    "002.txt:1101:1140": (
        BETTER,
        "the speaker named before it with an aside between dashes, not the man he praised",
    ),
    "003.txt:1713:1896": (
        BETTER,
        '"what the government says": the government, without the clause\'s words',
    ),
    "005.txt:184:312": (BETTER, "the role phrase kept whole, not its last word"),
    "005.txt:430:496": (BETTER, '"he said" after the new speaker, not a man named in passing'),
    "005.txt:1423:1540": (BETTER, '"as the police said": the police, without the clause\'s words'),
    "008.txt:1510:1683": (BETTER, 'the person "of" an organisation, not its last word'),
    "008.txt:3803:3978": (BETTER, "a place after a preposition is not the speaker"),
    "009.txt:914:1083": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "009.txt:1084:1189": (BOTH_WRONG, '"The union says": the union, never resolved'),
    "009.txt:1190:1356": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "009.txt:1357:1432": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "009.txt:1433:1554": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "011.txt:35:180": (BETTER, "the role phrase kept whole, not its last word"),
    "011.txt:1400:1458": (BETTER, '"he" is the man just introduced, not a woman (Ms)'),
    "011.txt:1459:1552": (BETTER, "the same quotation, the same speaker"),
    "011.txt:1553:1613": (BETTER, "the same quotation, the same speaker"),
    "011.txt:1614:1714": (BOTH_WRONG, "no attribution: a miscounted quotation carries on"),
    "012.txt:842:901": (WORSE, "the same person, named by a role not linked to his name"),
    "012.txt:1488:1613": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "013.txt:2147:2310": (BETTER, "the body a spokesman speaks for, not his role word"),
    "013.txt:2311:2379": (BETTER, "the body a spokesman speaks for, not his role word"),
    "013.txt:2473:2550": (BETTER, "the body a spokesman speaks for, not his role word"),
    "013.txt:2676:2799": (BETTER, "a body named inside a quotation is quoted by the speaker"),
    "013.txt:2800:2957": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "013.txt:2958:3039": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "013.txt:3040:3114": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "013.txt:3159:3245": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "014.txt:2882:3040": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "015.txt:575:714": (
        BETTER,
        '"The report said": the report (the verb "report" had been read after "The")',
    ),
    "015.txt:716:1010": (BETTER, "the same quotation, the report's"),
    "015.txt:1011:1172": (BETTER, '"It said" is the organisation named before'),
    "015.txt:1173:1289": (BETTER, "a capitalised word that is not a speaker"),
    "016.txt:969:1141": (BETTER, "an opening participle is not a speaker"),
    "016.txt:1142:1185": (BETTER, "an opening participle is not a speaker"),
    "016.txt:2125:2222": (BETTER, '"police", without the words before the conjunction'),
    "017.txt:1651:1783": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "018.txt:1028:1173": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "018.txt:1174:1236": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "018.txt:1238:1471": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "018.txt:1472:1541": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "018.txt:1542:1623": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "018.txt:1624:1809": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "019.txt:2824:2886": (BOTH_WRONG, "the speaker praises without a speech verb"),
    "019.txt:2887:3070": (BOTH_WRONG, "the speaker condemns without a speech verb"),
    "020.txt:828:925": (BETTER, "the body a spokeswoman speaks for"),
    "021.txt:805:947": (BETTER, "the role phrase kept whole, not its last words"),
    "021.txt:1655:1786": (
        WORSE,
        "reported speech with no speech verb: the quotation's speaker by luck",
    ),
    "021.txt:1788:1981": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "021.txt:1982:2092": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "021.txt:2093:2206": (BOTH_WRONG, "a party calls for something without a speech verb"),
    "021.txt:2207:2255": (BOTH_WRONG, "a party calls for something without a speech verb"),
    "022.txt:2126:2223": (BOTH_WRONG, "the speaker is introduced without a speech verb"),
    "022.txt:2224:2399": (BOTH_WRONG, "the same quotation as the sentence before"),
    "022.txt:2400:2526": (BOTH_WRONG, "the same quotation as the sentence before"),
    "023.txt:712:865": (BOTH_WRONG, "a book is the source; neither names it"),
    "023.txt:867:1015": (BOTH_WRONG, '"It claims": the book named before, not an organisation'),
    "023.txt:1242:1437": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "023.txt:3066:3190": (BETTER, '"He" is the man named in the sentence before'),
    "025.txt:2549:2614": (BOTH_WRONG, "the speaker boasts without a speech verb"),
    "025.txt:2615:2777": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "025.txt:2778:2877": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "025.txt:2878:3004": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "025.txt:3005:3178": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "025.txt:3179:3389": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "025.txt:3390:3501": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "027.txt:1062:1163": (BETTER, '"He" is the man named in the sentence before'),
    "027.txt:2734:2983": (
        BOTH_WRONG,
        'a speech verb inside the quotation gave a wrong speaker; "observed" is no tag',
    ),
    "027.txt:2984:3012": (
        WORSE,
        'right before only through a speech verb inside the quotation; "confided" is no tag',
    ),
    "027.txt:3013:3135": (WORSE, "the same quotation"),
    "028.txt:650:817": (
        BETTER,
        "the quotation is the general secretary's, who spoke just before, not the body it names",
    ),
    "028.txt:818:890": (BETTER, "the same quotation"),
    "028.txt:891:1012": (BOTH_WRONG, '"He pointed out": the man named before, not the government'),
    "028.txt:1518:1638": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "028.txt:1639:1836": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "029.txt:499:619": (BETTER, "a weekday is not a speaker"),
    "029.txt:620:763": (BETTER, '"His spokesman" speaks for him'),
    "029.txt:1198:1317": (
        WORSE,
        "the speaker voices concern without a speech verb: right by luck before",
    ),
    "029.txt:1319:1402": (WORSE, '"he branded": right by luck before'),
    "030.txt:2675:2842": (BETTER, "the role phrase kept whole, not its last word"),
    "031.txt:1574:1709": (BETTER, "the body a spokesman speaks for"),
    "031.txt:1711:1860": (BOTH_WRONG, "no attribution: a miscounted quotation carries on"),
    "031.txt:2679:2802": (BETTER, "the body its officials speak for"),
    "031.txt:3094:3190": (BETTER, "the body a spokesman speaks for"),
    "031.txt:3640:3794": (BETTER, "inside Gerard Batten's quotation: his words, not Robert's"),
    "031.txt:3795:3875": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "032.txt:2360:2480": (WORSE, '"He challenged": right by luck before'),
    "033.txt:507:659": (BETTER, "the correspondent named after his role, not his employer"),
    "033.txt:1963:2114": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "033.txt:2115:2186": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "033.txt:2187:2284": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "034.txt:307:422": (BETTER, "the body a spokesman speaks for"),
    "034.txt:1130:1346": (BETTER, "the body a spokesman speaks for, its acronym expanded"),
    "035.txt:2338:2492": (BOTH_WRONG, "the speaker repeats calls without a speech verb"),
    "035.txt:2493:2647": (
        BOTH_WRONG,
        "a body named inside a quotation is not its speaker; the speaker is not found",
    ),
    "036.txt:514:678": (BETTER, '"after a survey said": the survey, without the clause\'s words'),
    "036.txt:2343:2444": (BETTER, "a role of four lower-case words before the name"),
    "036.txt:2445:2628": (BETTER, "the same speaker, her quotation continued"),
    "037.txt:1510:1643": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "037.txt:2333:2463": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "038.txt:1514:1633": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "038.txt:1634:1901": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "038.txt:1902:2058": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "038.txt:2059:2185": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "038.txt:2187:2337": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "038.txt:2338:2507": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "041.txt:1120:1293": (BETTER, "a weekday is not a speaker"),
    "041.txt:2331:2504": (BETTER, '"he said" is the man named in the sentence before'),
    "041.txt:2679:2850": (BETTER, '"The report said": the report, not words of a later clause'),
    "043.txt:1588:1724": (
        BETTER,
        "narration after a quotation reopened for a new paragraph: nobody's",
    ),
    "047.txt:34:127": (BETTER, "whose government: the country, not the bare noun"),
    "047.txt:236:379": (BETTER, "whose government: its president, not the bare noun"),
    "047.txt:1370:1519": (BETTER, "a place is not the speaker (none rather than a wrong one)"),
    "101.txt:16068:16330": (BETTER, '"I\'ll" is not a name'),
    "101.txt:17707:17786": (BETTER, "the tag after the quotation, not a speech verb inside it"),
    "101.txt:17787:17808": (BETTER, "the same quotation, continued"),
    "101.txt:24356:24436": (
        BETTER,
        'the tag after the quotation, not "What Hillary said" inside it',
    ),
    "101.txt:24437:24557": (BETTER, "the same speaker, continued"),
    "101.txt:26814:26854": (BETTER, "the quotation's speaker, not \"I'd\""),
    "102.txt:17659:17869": (BOTH_WRONG, "a phrase after a preposition; the quotation's author"),
    "102.txt:17870:17953": (BOTH_WRONG, "the same quotation, no speaker found now"),
    "102.txt:11528:11770": (BETTER, '"according to Australian nurse Bronnie Ware": the nurse'),
    "102.txt:17954:18035": (BOTH_WRONG, "the same quotation, no speaker found now"),
    "102.txt:18036:18078": (BOTH_WRONG, "the same quotation, no speaker found now"),
    "102.txt:18079:18215": (BOTH_WRONG, "the same quotation, no speaker found now"),
    "102.txt:32908:33147": (BETTER, '"In this wonderful book the author explains": the author'),
    "103.txt:1554:1818": (
        BETTER,
        "session 19: the person with his middle initial, the long role before him split off",
    ),
    "104.txt:7211:7308": (BETTER, "a Source line's web address gives its site"),
    "106.txt:348:445": (BETTER, '"President Trump": the full name the article gives him'),
    "109.txt:5656:5837": (BETTER, "whose advisers: the phrase kept whole"),
    "109.txt:7384:7562": (
        BOTH_WRONG,
        "a paper named inside a quotation is not its speaker; the speaker is not found",
    ),
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@cache
def _attributed(path: Path) -> dict[tuple[int, int], tuple[str, Attribution]]:
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    spans = segment(text)
    sentences = [text[start:end] for start, end in spans]
    return dict(zip(spans, zip(sentences, attribute(sentences), strict=True), strict=True))


def _forms(found: Attribution) -> set[str]:
    """The names under which a claimant counts as still found."""
    forms = {found.claimant, found.named_as}
    if found.named_as:
        forms.add(clean_name(found.named_as))
    if found.role and found.claimant:
        forms |= {f"{found.role} {found.claimant}", f"{found.role}'s {found.claimant}"}
    return {_digest(form) for form in forms if form}


def test_every_claimant_found_before_is_still_found(shared_articles: Path) -> None:
    rows = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert len(rows) > 500
    lost, changed = [], set()
    for row in rows:
        key = f"{row['file']}:{row['start']}:{row['end']}"
        sentence, found = _attributed(shared_articles / row["file"])[(row["start"], row["end"])]
        assert _digest(sentence) == row["sentence"], f"{key}: the article has changed"
        if row["claimant"] in _forms(found):
            continue
        changed.add(key)
        if key not in CHANGED:
            lost.append(key)
    assert lost == [], "claimants lost (list them in CHANGED with a reason if intended)"
    assert sorted(CHANGED.keys() - changed) == [], "listed as changed but found as before"


def test_the_seed_claimant_is_still_petro_kotin(seed_article: str) -> None:
    spans = segment(seed_article)
    sentences = [seed_article[start:end] for start, end in spans]
    found = dict(zip(sentences, attribute(sentences), strict=True))
    (estimates,) = [s for s in sentences if s.startswith("According to his estimates")]
    assert found[estimates].claimant == "Petro Kotin"
