"""Benchmark triage of a 40-candidate article as the page's script does it (issue 18).

An editor signs in to gunicorn (one sync worker, SQLite, as `make run` serves) and
decides every candidate of 40-candidate articles through the same requests the keyboard
sends (desk.js posts the forms with `Accept: application/json` and swaps the row the
server returns): `a` (accept) and `r` (reject) alternately, `restore` on the rejected
ones, then "accept ticked" (10 at a time) and "reject below". Each request is timed by
the client, one at a time. Prints p50 and p95 per action (target: p95 < 200 ms) and the
machine's load, with the full page load for comparison (what each action cost before).

    python bench/triage.py [--articles 5]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/queue.py sits beside this file: keep the folder off the path so `import queue`
# finds the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import hashlib
import json
import os
import re
import statistics
import tempfile
import time
from collections import defaultdict
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, OpenerDirector, Request, build_opener

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.support import SECRET_KEY, free_port, start_gunicorn, stop
from factcheck import migrate
from factcheck.db import make_engine
from factcheck.domain import accounts
from factcheck.models import Article, Claim, ClaimStatus, Role
from factcheck.web.database import Database

CANDIDATES = 40
EMAIL = "bench-triage@example.org"
PASSWORD = "bench triage password"
TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def _seed(url: str, articles: int) -> list[int]:
    """The editor and `articles` articles of CANDIDATES candidates each; their ids."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    ids = []
    with Database(engine).factory() as session:
        editor = accounts.create_user(
            session, email=EMAIL, password=PASSWORD, role=Role.EDITOR, display_name="Bench"
        )
        for n in range(articles):
            sentences = [
                f"The harbour fund paid {100 + i} million pounds to contractor {i} in {1980 + i}."
                for i in range(CANDIDATES)
            ]
            body = " ".join(sentences)
            article = Article(
                title=f"Harbour contracts {n}",
                body=body,
                body_sha256=hashlib.sha256(f"{n}{body}".encode()).hexdigest(),
                created_by_id=editor.id,
            )
            start = 0
            for i, sentence in enumerate(sentences):
                start = body.index(sentence, start)
                article.claims.append(
                    Claim(
                        text=sentence,
                        source_sentence=sentence,
                        span_start=start,
                        span_end=start + len(sentence),
                        position=i,
                        score=round(0.99 - i * 0.02, 2),
                        reasons=[],
                        status=ClaimStatus.CANDIDATE,
                    )
                )
            session.add(article)
            session.flush()
            ids.append(article.id)
        session.commit()
    engine.dispose()
    return ids


def _login(base: str) -> OpenerDirector:
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{base}/login").read().decode()
    token = TOKEN.search(page)
    assert token, "no CSRF token on the login page"
    data = {"email": EMAIL, "password": PASSWORD, "csrf_token": token.group(1)}
    opener.open(f"{base}/login", data=urlencode(data).encode()).read()
    return opener


class Desk:
    """The triage page's requests, each timed and filed under its action."""

    def __init__(self, base: str, opener: OpenerDirector) -> None:
        self.base = base
        self.opener = opener
        self.times: dict[str, list[float]] = defaultdict(list)
        self.token = ""

    def page(self, article_id: int) -> dict[int, int]:
        """Load the triage page (timed as "page load"); return each row's version."""
        started = time.perf_counter()
        html = self.opener.open(f"{self.base}/desk/articles/{article_id}").read().decode()
        self.times["page load (before: each action)"].append(time.perf_counter() - started)
        token = TOKEN.search(html)
        assert token, "no CSRF token on the triage page"
        self.token = token.group(1)
        return _versions(html)

    def post(self, action: str, path: str, data: list[tuple[str, object]]) -> dict[str, object]:
        body = urlencode([("csrf_token", self.token), *data]).encode()
        request = Request(self.base + path, data=body, headers={"Accept": "application/json"})
        started = time.perf_counter()
        try:
            answer = json.loads(self.opener.open(request).read())
        except HTTPError as error:
            raise SystemExit(f"{action} {path}: {error.code} {error.read().decode()}") from error
        self.times[action].append(time.perf_counter() - started)
        assert "error" not in answer and not answer.get("refused"), answer
        return answer


def _versions(html: str) -> dict[int, int]:
    return {
        int(claim): int(version)
        for claim, version in re.findall(r'name="version_(\d+)" value="(\d+)"', html)
    }


def _row_version(answer: dict[str, object]) -> dict[int, int]:
    """The version on the buttons of each row the server sent back."""
    rows: dict[str, str] = answer["rows"]  # type: ignore[assignment]
    found = {}
    for claim_id, html in rows.items():
        version = re.search(r'name="version" value="(\d+)"', html)
        if version:
            found[int(claim_id)] = int(version.group(1))
    return found


def _triage(desk: Desk, article_id: int) -> None:
    versions = desk.page(article_id)
    ids = sorted(versions)
    rejected = []
    for n, claim_id in enumerate(ids[:30]):  # the keyboard: a, r, a, r ...
        action = "accept" if n % 2 == 0 else "reject"
        answer = desk.post(
            f"{action} (a/r)",
            f"/desk/claims/{claim_id}/triage/{action}",
            [("version", versions[claim_id])],
        )
        versions.update(_row_version(answer))
        if action == "reject":
            rejected.append(claim_id)
    for claim_id in rejected[:5]:
        answer = desk.post(
            "restore",
            f"/desk/claims/{claim_id}/triage/restore",
            [("version", versions[claim_id])],
        )
        versions.update(_row_version(answer))
    ticked = rejected[:5] + ids[30:35]  # the restored ones and five more
    desk.post(
        "accept ticked (10)",
        f"/desk/articles/{article_id}/bulk/accept",
        [("claim_ids", c) for c in ticked] + [(f"version_{c}", versions[c]) for c in ticked],
    )
    desk.post(
        "reject below (5)",
        f"/desk/articles/{article_id}/reject-below",
        [("below", "0.30")] + [(f"version_{c}", versions[c]) for c in ids[35:]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'triage.db'}"
        article_ids = _seed(url, args.articles)
        port = free_port()
        env = {
            "FACTCHECK_DATABASE_URL": url,
            "FACTCHECK_SECRET_KEY": SECRET_KEY,
            "FACTCHECK_TRUSTED_HOSTS": "127.0.0.1",
        }
        server = start_gunicorn("wsgi:app", port, env, workers=1, ready_path="/login")
        try:
            desk = Desk(f"http://127.0.0.1:{port}", _login(f"http://127.0.0.1:{port}"))
            _triage(desk, article_ids[0])  # warm-up: imports, caches, the first queries
            desk.times.clear()
            for article_id in article_ids[1:]:
                _triage(desk, article_id)
        finally:
            stop(server)
    print(f"triage of {CANDIDATES}-candidate articles, SQLite, gunicorn 1 sync worker")
    for action, samples in desk.times.items():
        ms = sorted(s * 1000 for s in samples)
        p95 = statistics.quantiles(ms, n=100)[94] if len(ms) > 1 else ms[0]
        verdict = "" if action.startswith("page") else ("  ok" if p95 < 200 else "  SLOW")
        print(
            f"  {action:34} n={len(ms):4}  p50 {statistics.median(ms):7.1f} ms"
            f"  p95 {p95:7.1f} ms{verdict}"
        )
    load = os.getloadavg()
    print(f"  machine load (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
