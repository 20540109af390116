"""Optional language-model backend: pick check-worthy sentences and rewrite them as claims.

The local pipeline (:func:`factcheck.extraction.extract`) always runs first. Its numbered
sentences -- never the raw article -- are then sent to an OpenAI-compatible
``/v1/chat/completions`` endpoint, which answers with strict JSON::

    {"claims": [{"sentence": 3, "text": "Riverton's mayor Linda Okafor said ..."}]}

Each claim is a self-contained, atomic rewrite of one sentence (pronouns resolved, compound
sentences split into several claims with the same sentence number) and keeps that
sentence's exact span in the article. If the model times out, cannot be reached, answers
with an HTTP error, invalid JSON or JSON of the wrong shape, the local candidates are
returned unchanged together with a notice saying what went wrong: model failures never
raise to the caller.

Pure: no Flask and no configuration lookup of its own. The app builds an
:class:`LLMConfig` (see :func:`config_from_env`) and passes it in. See docs/llm.md.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from factcheck.extraction.pipeline import ExtractedSentence, extract, sentence_to_dict
from factcheck.extraction.score import Reason

# (url, headers, body, timeout) -> response body; raises on any failure.
Transport = Callable[[str, dict[str, str], bytes, float], bytes]

MAX_SENTENCES = 150  # the top sentences by local score that are sent to the model
MAX_SENTENCE_CHARS = 1_000  # longer sentences are cut when sent (their spans are not)
MAX_CLAIMS = 300  # claims beyond this are dropped
MAX_CLAIM_CHARS = 1_000  # a longer claim text makes the answer invalid
MAX_RESPONSE_BYTES = 2_000_000
LLM_REASON = Reason("llm", "picked by the language model", 0.0)
FALLBACK = "showing the local model's candidates"

SYSTEM_PROMPT = """\
You help fact-checkers find check-worthy factual claims in a news article.
You receive the article's sentences, each prefixed with its number in square brackets.
Pick the sentences that state a checkable fact: figures, statistics, events, dates, \
records, or facts attributed to someone. Skip opinions, predictions, questions and \
sentences with nothing to verify.
For each picked sentence, write its claim so that it can be understood on its own:
- replace pronouns and vague references ("she", "the council", "the figure") with what \
they refer to, using the other sentences;
- keep numbers, dates and who made the claim ("according to X", "X said");
- if the sentence makes several separate claims, write one claim per fact, each with the \
same sentence number.
Answer with a JSON object and nothing else, in exactly this form:
{"claims": [{"sentence": <number of the sentence>, "text": "<the claim>"}]}
Use only sentence numbers from the list. If no sentence is check-worthy, answer \
{"claims": []}."""


@dataclass(frozen=True)
class LLMConfig:
    """Where and how to call the model.

    ``url`` is a base URL ("https://llm.example.org" or ".../v1") or the full
    ".../v1/chat/completions" URL; ``timeout`` is in seconds, for connecting and for each
    read of the answer.
    """

    url: str
    model: str
    api_key: str | None = None
    timeout: float = 20.0


@dataclass(frozen=True)
class LLMClaim:
    """One self-contained, atomic claim written by the model.

    ``sentence_index`` indexes :attr:`LLMResult.sentences`; ``start``/``end`` are that
    sentence's span in the article body.
    """

    text: str
    sentence_index: int
    start: int
    end: int


@dataclass(frozen=True)
class LLMResult:
    """The local extraction, the model's claims (empty when it failed) and a notice.

    ``notice`` is None when the model answered correctly, else a sentence for the user
    naming the failure and saying that the local candidates are shown.
    """

    sentences: list[ExtractedSentence]
    claims: list[LLMClaim]
    notice: str | None


class LLMError(Exception):
    """The model could not be used; the message completes "The language model ..."."""


def config_from_env(environ: Mapping[str, str]) -> LLMConfig | None:
    """An LLMConfig from FACTCHECK_LLM_URL, _MODEL, _API_KEY (and _TIMEOUT, seconds).

    None when the URL or the model is not set (the backend is off). A bad timeout value
    raises ValueError, so a misconfiguration shows at start-up.
    """
    url = environ.get("FACTCHECK_LLM_URL", "").strip()
    model = environ.get("FACTCHECK_LLM_MODEL", "").strip()
    if not url or not model:
        return None
    api_key = environ.get("FACTCHECK_LLM_API_KEY", "").strip() or None
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"FACTCHECK_LLM_URL must be an http:// or https:// URL, got {url!r}")
    raw_timeout = environ.get("FACTCHECK_LLM_TIMEOUT", "").strip()
    try:
        timeout = float(raw_timeout) if raw_timeout else LLMConfig.timeout
    except ValueError:
        timeout = 0.0
    if not 0 < timeout < float("inf"):
        raise ValueError(
            f"FACTCHECK_LLM_TIMEOUT must be a number of seconds above 0, got {raw_timeout!r}"
        )
    return LLMConfig(url=url, model=model, api_key=api_key, timeout=timeout)


def chat_completions_url(url: str) -> str:
    """The full chat-completions URL for a base URL, a ".../v1" URL or the full URL."""
    url = url.strip().rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    if url.endswith("/v1"):
        return url + "/chat/completions"
    return url + "/v1/chat/completions"


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1")


def urllib_transport(url: str, headers: dict[str, str], body: bytes, timeout: float) -> bytes:
    """POST `body` to `url` with the standard library; proxies from the environment are
    honoured except for loopback addresses."""
    import urllib.request  # on first use: `extract` never needs an HTTP client

    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    handlers = [urllib.request.ProxyHandler({})] if _is_loopback(url) else []
    opener = urllib.request.build_opener(*handlers)
    with opener.open(request, timeout=timeout) as response:
        data: bytes = response.read(MAX_RESPONSE_BYTES + 1)
    if len(data) > MAX_RESPONSE_BYTES:
        raise LLMError(f"sent an answer larger than {MAX_RESPONSE_BYTES:,} bytes")
    return data


def _selected(sentences: list[ExtractedSentence]) -> list[int]:
    """Indices of the sentences sent to the model: the top MAX_SENTENCES by local score,
    in document order."""
    if len(sentences) <= MAX_SENTENCES:
        return list(range(len(sentences)))
    ranked = sorted(range(len(sentences)), key=lambda i: (-sentences[i].score, i))
    return sorted(ranked[:MAX_SENTENCES])


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SENTENCE_CHARS else text[: MAX_SENTENCE_CHARS - 1] + "…"


def build_messages(sentences: list[ExtractedSentence], indices: list[int]) -> list[dict[str, str]]:
    """The chat messages: instructions, then the numbered sentences (original indices)."""
    lines = [f"[{index}] {_one_line(sentences[index].text)}" for index in indices]
    note = ""
    if len(indices) < len(sentences):
        note = (
            f" (the {len(indices)} most promising of {len(sentences)}; "
            "the numbers are positions in the whole article)"
        )
    user = f"Sentences of the article{note}:\n" + "\n".join(lines)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def build_request(
    config: LLMConfig, sentences: list[ExtractedSentence], indices: list[int]
) -> tuple[str, dict[str, str], bytes]:
    """URL, headers and JSON body of the chat-completions request."""
    payload = {
        "model": config.model,
        "messages": build_messages(sentences, indices),
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return chat_completions_url(config.url), headers, body


def _strip_fences(content: str) -> str:
    """Accept an answer wrapped in a Markdown code fence despite the JSON mode."""
    text = content.strip()
    if text.startswith("```") and text.endswith("```") and len(text) >= 6:
        text = text[3:-3].strip()
        if text[:4].lower() == "json":
            text = text[4:]
    return text.strip()


def _content(raw: bytes) -> str:
    """The assistant message of a chat-completions response body."""
    try:
        envelope = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise LLMError("returned a response that is not valid JSON") from error
    try:
        content = envelope["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as error:
        raise LLMError("returned a response without choices[0].message.content") from error
    if not isinstance(content, str):
        raise LLMError("returned a message whose content is not text")
    return content


def parse_claims(content: str, allowed: set[int]) -> list[tuple[int, str]]:
    """Validate the model's JSON answer; (sentence index, claim text) pairs in answer order.

    Any sentence number outside `allowed`, a non-integer number, an empty or over-long text
    or a missing "claims" list makes the whole answer invalid (LLMError): a model that
    miscounted once cannot be trusted with the other numbers either.
    """
    try:
        data = json.loads(_strip_fences(content))
    except ValueError as error:
        raise LLMError("returned invalid JSON") from error
    claims = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(claims, list):
        raise LLMError('returned JSON without a "claims" list')
    result = []
    for position, item in enumerate(claims[:MAX_CLAIMS]):
        if not isinstance(item, dict):
            raise LLMError(f"returned claim {position} that is not an object")
        index, text = item.get("sentence"), item.get("text")
        if isinstance(index, str) and index.strip().isascii() and index.strip().isdigit():
            index = int(index)
        if not isinstance(index, int) or isinstance(index, bool):
            raise LLMError(f"returned claim {position} without a sentence number")
        if index not in allowed:
            raise LLMError(f"referred to sentence {index}, which it was not sent")
        if not isinstance(text, str) or not text.strip():
            raise LLMError(f"returned claim {position} with an empty text")
        text = " ".join(text.split())
        if len(text) > MAX_CLAIM_CHARS:
            raise LLMError(f"returned claim {position} longer than {MAX_CLAIM_CHARS} characters")
        result.append((index, text))
    return result


def _ask(
    config: LLMConfig,
    sentences: list[ExtractedSentence],
    indices: list[int],
    transport: Transport,
) -> list[tuple[int, str]]:
    import urllib.error  # with the transport's own import, on first use

    url, headers, body = build_request(config, sentences, indices)
    try:
        raw = transport(url, headers, body, config.timeout)
    except LLMError:
        raise
    except urllib.error.HTTPError as error:
        error.close()
        raise LLMError(f"answered with HTTP error {error.code}") from error
    except TimeoutError as error:
        raise LLMError(f"did not answer in {config.timeout:g} s") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise LLMError(f"did not answer in {config.timeout:g} s") from error
        raise LLMError(f"could not be reached ({error.reason})") from error
    except (OSError, ValueError) as error:  # connection reset, bad URL, http.client errors
        raise LLMError(f"could not be reached ({type(error).__name__}: {error})") from error
    return parse_claims(_content(raw), set(indices))


def _mark_picked(sentences: list[ExtractedSentence], picked: set[int]) -> list[ExtractedSentence]:
    """Check-worthy = picked by the model; local scores and reasons are kept."""
    return [
        replace(
            sentence,
            checkworthy=index in picked,
            reasons=(*sentence.reasons, LLM_REASON) if index in picked else sentence.reasons,
        )
        for index, sentence in enumerate(sentences)
    ]


def extract_with_llm(
    text: str,
    config: LLMConfig,
    *,
    threshold: float | None = None,
    transport: Transport | None = None,
) -> LLMResult:
    """Extract locally, then let the model pick and rewrite the check-worthy claims.

    On success the returned sentences are check-worthy exactly when the model picked them
    (with an "llm" reason added); on any model failure they are the local extraction
    unchanged, `claims` is empty and `notice` says what happened. A bad `threshold` still
    raises ValueError, as in :func:`extract`.
    """
    sentences = extract(text, threshold=threshold)
    if not sentences:
        return LLMResult(sentences=sentences, claims=[], notice=None)
    indices = _selected(sentences)
    try:
        answer = _ask(config, sentences, indices, transport or urllib_transport)
    except LLMError as error:
        return LLMResult(
            sentences=sentences, claims=[], notice=f"The language model {error}; {FALLBACK}."
        )
    claims = [
        LLMClaim(
            text=claim,
            sentence_index=index,
            start=sentences[index].start,
            end=sentences[index].end,
        )
        for index, claim in answer
    ]
    picked = {claim.sentence_index for claim in claims}
    return LLMResult(sentences=_mark_picked(sentences, picked), claims=claims, notice=None)


def result_to_dict(result: LLMResult) -> dict[str, Any]:
    """JSON-ready form of an LLMResult (sentences as in :func:`sentence_to_dict`)."""
    return {
        "sentences": [sentence_to_dict(sentence) for sentence in result.sentences],
        "claims": [
            {
                "text": claim.text,
                "sentence_index": claim.sentence_index,
                "start": claim.start,
                "end": claim.end,
            }
            for claim in result.claims
        ],
        "notice": result.notice,
    }
