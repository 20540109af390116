"""No text makes the extractor slow: its time grows linearly with the length of any input.

Security review finding F1: `extract()` backtracked catastrophically on runs such as
"AAAA..." or "....", so one 40,000-character request held a worker for 45 s. Each family
of hostile text in tests/extraction/hostile.py is measured in a child process (a hang
costs a time limit, not the test run), in CPU time (other work on a shared machine does not
count), best of three, at two lengths four times apart.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import migrate
from factcheck.db import make_engine
from factcheck.domain import accounts
from factcheck.extraction import DEFAULT_THRESHOLD, FACTUAL_KINDS, extract, segment
from factcheck.models import Role
from factcheck.web.database import Database
from tests.extraction.hostile import CPU_BUDGET, FAMILIES, Family

REPO_ROOT = Path(__file__).resolve().parents[2]
# Linear time makes four times the text take about four times as long; quadratic, sixteen.
MAX_GROWTH = 8.0
# 20 s of CPU for 200,000 characters, the longest article accepted by default; the old code
# needed more than 120 s for several of these families.
MAX_SECONDS_PER_CHAR = 20.0 / 200_000
# Only a backstop: the child is killed first by its CPU budget.
WALL_TIMEOUT = 600
API_TIMEOUT = 30
LONGEST_ARTICLE = 200_000  # the default FACTCHECK_MAX_ARTICLE_CHARS


def _why_unfinished(returncode: int | None, stderr: str) -> str:
    if returncode is None:
        return f"did not finish within {WALL_TIMEOUT} s"
    if returncode == -signal.SIGXCPU:
        return f"took more than {CPU_BUDGET} s of CPU"
    return f"failed (exit status {returncode}): {stderr[-2000:]}"


@pytest.fixture(scope="module")
def measured() -> dict[str, list[float] | str]:
    """Each family's best CPU seconds at its two sizes, or why it has none: measured in one
    child process, which is killed when a family takes more than CPU_BUDGET s of CPU."""
    command = [sys.executable, "-m", "tests.extraction.hostile"]
    try:
        child = subprocess.run(
            command, cwd=REPO_ROOT, capture_output=True, timeout=WALL_TIMEOUT, check=False
        )
        stdout, returncode, stderr = child.stdout, child.returncode, child.stderr
    except subprocess.TimeoutExpired as timeout:
        stdout, returncode, stderr = timeout.stdout or b"", None, b""
    results: dict[str, list[float] | str] = {}
    for line in stdout.decode().splitlines():
        report = json.loads(line)
        results[report["label"]] = report.get(
            "seconds", _why_unfinished(returncode, stderr.decode(errors="replace"))
        )
    return results


@pytest.mark.parametrize("family", FAMILIES, ids=[family.label for family in FAMILIES])
def test_extraction_time_grows_linearly_with_hostile_text(
    family: Family, measured: dict[str, list[float] | str]
) -> None:
    result = measured.get(family.label, "not measured: an earlier family stopped the child")
    if isinstance(result, str):
        pytest.fail(f"extract() on {family.label!r} text {result}")
    small, large = family.sizes
    small_time, large_time = result
    assert large_time < MAX_GROWTH * small_time, (
        f"{family.label!r}: {small:,} characters took {small_time:.4f} s of CPU, "
        f"{large:,} took {large_time:.4f} s: more than {MAX_GROWTH:g} times as long"
    )
    assert large_time < MAX_SECONDS_PER_CHAR * large, (
        f"{family.label!r}: {large:,} characters took {large_time:.2f} s of CPU"
    )


# Hypothesis: random text from an alphabet of everything that has tripped a text processor.
_PIECES = [
    ".", "...", "!", "?", "?!", "…", "‼", "。", "\uff01", "?”", '."', ".)",
    "A", "B", "AB", "Mr.", "U.S.", "e.g.", "No.", "Oct.", "Inc.", "I",
    '"', "“", "”", "'", "\u2019", "\u2018", "«", "»", "(", ")", "[", "]",
    "-", "\u2013", "—", "A-", "al-", ",", ";", ":",
    "1", "5%", "1,000", "3.5", "$1.2bn", "2023", "1.", "(2)",
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\v", "\f", "\u2028", "\u00a0", "\u3000",
    "中文", "日本語。", "😡", "👍🏽", "👨‍👩‍👧", "\u00ad", "\u200b", "\u200d", "\ufeff",
    "\u0301", "\u0308", "\u0435",  # lone combining marks, a Cyrillic e
    "the", "a", "said", "says", "told", "citing", "according to", "Source:", "his",
    "estimates", "spokesman", "council", "Tom Breck", "Maria Ortiz", "Bank of England",
    "who", "has", "not", "Quote:", "Details:", "- ", "• ", "2. ", "OSLO (Nordwire) - ",
    "Updated 12:30 GMT", "(ADB)", "It says", "she", "Ms", "the firm", "The paper says",
    "chief executive", "Holdings", "Friday", "&amp;", "&#233;", "&#x1F600;", "&", "&amp",
    "iPhone", "eBay",
]  # fmt: skip
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.sampled_from(_PIECES).map(lambda piece: piece * 40),
        st.characters(blacklist_categories=["Cs"]),
    ),
    max_size=120,
).map("".join)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=hostile_text)
def test_extraction_keeps_its_contract_on_any_text(text: str) -> None:
    previous_end = 0
    covered = 0
    result = extract(text)
    sentences = segment(text)
    assert len(result) == len(sentences), "one result per sentence"
    for (start, end), sentence in zip(sentences, result, strict=True):
        assert previous_end <= start <= sentence.start < sentence.end <= end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        assert not sentence.text[0].isspace() and not sentence.text[-1].isspace()
        assert sentence.display_text.strip()
        assert 0.0 <= sentence.score <= 1.0
        factual = sentence.kind in FACTUAL_KINDS
        assert sentence.checkworthy == (
            factual and sentence.score >= DEFAULT_THRESHOLD and sentence.layout is None
        )
        assert sentence.claimant is None or sentence.claimant.strip()
        weights = [abs(reason.weight) for reason in sentence.reasons]
        assert weights == sorted(weights, reverse=True)
        covered += sum(not char.isspace() for char in text[start:end])
        previous_end = end
    assert covered == sum(not char.isspace() for char in text), "no character is dropped"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _read_token(url: str) -> str:
    """Migrate a new database at `url`; return a read-only API token of a checker."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Database(engine).factory() as session:
        checker = accounts.create_user(
            session, email="c@example.org", password="x" * 12, role=Role.CHECKER
        )
        raw, _ = accounts.create_token(session, checker, scope="read")
        session.commit()
    engine.dispose()
    return raw


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not start")


def test_a_read_only_token_cannot_stall_a_worker_with_the_longest_article(
    tmp_path: Path,
) -> None:
    """A real gunicorn worker, so that a regression fails on the client's timeout instead of
    hanging the test run (the old code took 45 s for 40,000 characters)."""
    url = f"sqlite:///{tmp_path}/extract.sqlite3"
    token = _read_token(url)
    longest = LONGEST_ARTICLE
    port = _free_port()
    gunicorn = ["gunicorn", "--workers", "1", "--timeout", "300", "--log-level", "error"]
    server = subprocess.Popen(
        [sys.executable, "-m", *gunicorn, "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "FACTCHECK_DATABASE_URL": url,
            "FACTCHECK_SECRET_KEY": "hostile-" + "k" * 32,
            "FACTCHECK_TRUSTED_HOSTS": "127.0.0.1",
            "FACTCHECK_MAX_ARTICLE_CHARS": str(LONGEST_ARTICLE),
        },
        start_new_session=True,  # its own process group, so that the worker dies with it
    )
    try:
        _wait_for(port, server)
        body = json.dumps({"text": "A" * longest})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=API_TIMEOUT)
        started = time.monotonic()
        try:
            conn.request(
                "POST",
                "/api/v1/extract",
                body=body,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            response = conn.getresponse()
            answer = json.loads(response.read())
        except TimeoutError:
            pytest.fail(f"no answer within {API_TIMEOUT} s to {longest:,} characters of 'A'")
        finally:
            conn.close()
        elapsed = time.monotonic() - started
    finally:
        # The whole group: a worker inside one long regular-expression call cannot act on
        # SIGTERM, and would outlive its master.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    assert response.status == 200, answer
    assert [(s["start"], s["end"]) for s in answer["sentences"]] == [(0, longest)]
    assert elapsed < API_TIMEOUT
