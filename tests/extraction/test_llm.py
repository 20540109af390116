"""The optional language-model backend, against a fake OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from factcheck.extraction import extract
from factcheck.extraction.llm import (
    MAX_SENTENCES,
    LLMConfig,
    LLMResult,
    chat_completions_url,
    config_from_env,
    extract_with_llm,
    result_to_dict,
)

ARTICLE = (
    "Harbourside council approved 48 million pounds for sea walls on Tuesday, according to "
    "the council's finance chief, Maria Lopes.\n\n"
    "The new wall will protect 3,200 homes and 40 shops, she said. I think it looks ugly.\n\n"
    "Will the work finish on time?\n"
)
FALLBACK = "showing the local model's candidates"

# (status, body) or None to stall without answering.
Reply = tuple[int, bytes] | None


def chat_reply(content: str) -> Reply:
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
    return 200, json.dumps(body).encode()


def claims_reply(claims: list[dict[str, Any]]) -> Reply:
    return chat_reply(json.dumps({"claims": claims}))


@dataclass
class FakeLLM:
    """A fake /v1/chat/completions server; `reply` decides every answer."""

    url: str
    reply: Reply = field(default_factory=lambda: claims_reply([]))
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    delay: float = 0.0  # seconds to think before answering


class _Handler(BaseHTTPRequestHandler):
    fake: FakeLLM  # set on a subclass per server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.fake.requests.append({
            "path": self.path,
            "headers": dict(self.headers.items()),
            "json": json.loads(body),
        })  # fmt: skip
        reply = self.fake.reply
        if self.fake.delay:
            self.fake.release.wait(self.fake.delay)
        if reply is None:
            self.fake.release.wait(10)  # stall until the test is over
            return
        status, payload = reply
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = False
    server.block_on_close = True  # server_close() joins the handler threads
    host, port = server.server_address[:2]
    fake = FakeLLM(url=f"http://{host!s}:{port}")
    server.RequestHandlerClass = type("Handler", (_Handler,), {"fake": fake})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


def config(fake: FakeLLM, **overrides: Any) -> LLMConfig:
    settings: dict[str, Any] = {"url": fake.url, "model": "fake-model-1", "api_key": "sk-test"}
    settings.update(overrides)
    return LLMConfig(**settings)


def assert_fallback(result: LLMResult, *words: str) -> None:
    assert result.claims == []
    assert result.notice is not None
    assert result.notice.startswith("The language model ")
    assert FALLBACK in result.notice
    for word in words:
        assert word in result.notice
    assert result.sentences == extract(ARTICLE), "the local candidates, unchanged"


def test_good_answer_gives_rewritten_atomic_claims_with_spans(fake_llm: FakeLLM) -> None:
    fake_llm.reply = claims_reply([
        {"sentence": 0, "text": "Harbourside council approved 48 million pounds for sea walls."},
        {"sentence": 1, "text": "The new Harbourside sea wall will protect 3,200 homes."},
        {"sentence": 1, "text": "The new Harbourside sea wall will protect 40 shops."},
    ])  # fmt: skip
    result = extract_with_llm(ARTICLE, config(fake_llm))
    assert result.notice is None
    local = extract(ARTICLE)
    assert [(s.text, s.start, s.end, s.score) for s in result.sentences] == [
        (s.text, s.start, s.end, s.score) for s in local
    ]
    assert [c.sentence_index for c in result.claims] == [0, 1, 1]
    assert result.claims[2].text == "The new Harbourside sea wall will protect 40 shops."
    for claim in result.claims:
        sentence = result.sentences[claim.sentence_index]
        assert (claim.start, claim.end) == (sentence.start, sentence.end)
        assert ARTICLE[claim.start : claim.end] == sentence.text
    assert ARTICLE[result.claims[1].start : result.claims[1].end].endswith("she said.")
    assert [s.checkworthy for s in result.sentences] == [True, True, False, False]
    picked = [any(r.kind == "llm" for r in s.reasons) for s in result.sentences]
    assert picked == [True, True, False, False]
    reason = next(r for r in result.sentences[0].reasons if r.kind == "llm")
    assert reason.label() == "language model: picked by the language model"
    assert json.loads(json.dumps(result_to_dict(result)))["claims"][0]["sentence_index"] == 0


def test_request_carries_model_key_and_numbered_sentences(fake_llm: FakeLLM) -> None:
    extract_with_llm(ARTICLE, config(fake_llm))
    (request,) = fake_llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    assert request["headers"]["Content-Type"] == "application/json"
    payload = request["json"]
    assert payload["model"] == "fake-model-1"
    assert payload["response_format"] == {"type": "json_object"}
    system, user = payload["messages"]
    assert system["role"] == "system" and '{"claims": [' in system["content"]
    assert user["role"] == "user"
    numbered = [line for line in user["content"].splitlines() if line.startswith("[")]
    assert numbered == [f"[{i}] {s.text}" for i, s in enumerate(extract(ARTICLE))]
    assert "\n\n" not in user["content"], "numbered sentences, not the raw text"


def test_no_authorization_header_without_a_key(fake_llm: FakeLLM) -> None:
    result = extract_with_llm(ARTICLE, config(fake_llm, api_key=None))
    assert result.notice is None and result.claims == []
    assert "Authorization" not in fake_llm.requests[0]["headers"]
    assert not any(s.checkworthy for s in result.sentences), "the model picked none"


def test_full_url_is_used_as_given(fake_llm: FakeLLM) -> None:
    extract_with_llm(ARTICLE, config(fake_llm, url=fake_llm.url + "/v1/chat/completions"))
    extract_with_llm(ARTICLE, config(fake_llm, url=fake_llm.url + "/v1/"))
    assert [r["path"] for r in fake_llm.requests] == ["/v1/chat/completions"] * 2


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (chat_reply("Sure! Sentences 0 and 1 are claims."), ["invalid JSON"]),
        ((200, b"<html>gateway</html>"), ["not valid JSON"]),
        ((500, b'{"error": "overloaded"}'), ["HTTP error 500"]),
        ((401, b'{"error": "bad key"}'), ["HTTP error 401"]),
        ((200, b'{"id": "x", "choices": []}'), ["choices[0].message.content"]),
        (chat_reply('{"claims": {"sentence": 0, "text": "x"}}'), ['"claims" list']),
        (chat_reply('[{"sentence": 0, "text": "x"}]'), ['"claims" list']),
        (claims_reply([{"sentence": "first", "text": "x"}]), ["without a sentence number"]),
        (claims_reply([{"sentence": 0, "text": "  "}]), ["empty text"]),
        (claims_reply([{"sentence": 0}]), ["empty text"]),
        (claims_reply([{"sentence": 0, "text": "x" * 5000}]), ["longer than"]),
    ],
)
def test_bad_answers_fall_back_to_the_local_model(
    fake_llm: FakeLLM, reply: Reply, words: list[str]
) -> None:
    fake_llm.reply = reply
    assert_fallback(extract_with_llm(ARTICLE, config(fake_llm)), *words)


@pytest.mark.parametrize("index", [4, 99, -1])
def test_out_of_range_sentence_numbers_fall_back(fake_llm: FakeLLM, index: int) -> None:
    fake_llm.reply = claims_reply([
        {"sentence": 0, "text": "Harbourside council approved 48 million pounds."},
        {"sentence": index, "text": "A claim about a sentence that does not exist."},
    ])  # fmt: skip
    assert_fallback(extract_with_llm(ARTICLE, config(fake_llm)), f"sentence {index}")


def test_answer_in_a_code_fence_is_accepted(fake_llm: FakeLLM) -> None:
    fake_llm.reply = chat_reply('```json\n{"claims": [{"sentence": 0, "text": "A claim."}]}\n```')
    result = extract_with_llm(ARTICLE, config(fake_llm))
    assert result.notice is None and [c.text for c in result.claims] == ["A claim."]


def test_stalling_server_times_out_with_a_notice(fake_llm: FakeLLM) -> None:
    fake_llm.reply = None
    result = extract_with_llm(ARTICLE, config(fake_llm, timeout=0.3))
    assert_fallback(result, "did not answer in 0.3 s")


def test_unreachable_server_falls_back() -> None:
    with socket.socket() as probe:  # find a free port, then close it: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = extract_with_llm(ARTICLE, LLMConfig(url=f"http://127.0.0.1:{port}", model="m"))
    assert_fallback(result, "could not be reached")


def test_transport_exceptions_never_reach_the_caller() -> None:
    def broken(url: str, headers: dict[str, str], body: bytes, timeout: float) -> bytes:
        raise ConnectionResetError("reset by peer")

    cfg = LLMConfig(url="https://llm.invalid", model="m")
    result = extract_with_llm(ARTICLE, cfg, transport=broken)
    assert_fallback(result, "could not be reached", "reset by peer")


def test_bad_threshold_still_raises() -> None:
    with pytest.raises(ValueError, match="threshold"):
        extract_with_llm(ARTICLE, LLMConfig(url="https://llm.invalid", model="m"), threshold=2)


def test_empty_text_does_not_call_the_model() -> None:
    def unused(url: str, headers: dict[str, str], body: bytes, timeout: float) -> bytes:
        raise AssertionError("called")

    cfg = LLMConfig(url="https://llm.invalid", model="m")
    assert extract_with_llm("  \n", cfg, transport=unused) == LLMResult([], [], None)


def recording_transport(
    answer: Callable[[list[int]], list[dict[str, Any]]], seen: list[list[int]]
) -> Callable[[str, dict[str, str], bytes, float], bytes]:
    """A transport that records the sentence numbers sent and answers from them."""

    def transport(url: str, headers: dict[str, str], body: bytes, timeout: float) -> bytes:
        user = json.loads(body)["messages"][1]["content"]
        numbers = [int(line[1 : line.index("]")]) for line in user.splitlines()[1:]]
        seen.append(numbers)
        content = json.dumps({"claims": answer(numbers)})
        return json.dumps({"choices": [{"message": {"content": content}}]}).encode()

    return transport


def test_long_articles_send_only_the_top_sentences_with_their_indices() -> None:
    facts = [f"Exports rose {n} percent in {1900 + n}, the ministry said." for n in range(60)]
    chatter = [f"I think day {n} was lovely." for n in range(200)]
    text = "\n".join(chatter[:100] + facts + chatter[100:])
    local = extract(text)
    seen: list[list[int]] = []
    last_fact = 159
    transport = recording_transport(lambda numbers: [{"sentence": last_fact, "text": "x"}], seen)
    result = extract_with_llm(
        text, LLMConfig(url="https://llm.invalid", model="m"), transport=transport
    )
    (numbers,) = seen
    assert len(local) == 260 and len(numbers) == MAX_SENTENCES
    assert numbers == sorted(numbers), "document order"
    assert set(range(100, 160)) <= set(numbers), "the factual sentences are all sent"
    lowest_sent = min(local[i].score for i in numbers)
    assert all(local[i].score <= lowest_sent for i in set(range(260)) - set(numbers))
    (claim,) = result.claims
    assert claim.sentence_index == last_fact
    assert text[claim.start : claim.end] == facts[-1]


def test_sentence_not_sent_counts_as_out_of_range() -> None:
    text = "\n".join(
        [f"Exports rose {n} percent in 1990." for n in range(10)] + ["I think so."] * 200
    )
    # Only the top 150 sentences by score are sent; answer with one that was not (which of
    # the identical "I think so." lines score lowest depends on their position).
    unsent: list[int] = []

    def answer(numbers: list[int]) -> list[dict[str, object]]:
        unsent.append(max(set(range(210)) - set(numbers)))
        return [{"sentence": unsent[0], "text": "x"}]

    transport = recording_transport(answer, [])
    cfg = LLMConfig(url="https://llm.invalid", model="m")
    result = extract_with_llm(text, cfg, transport=transport)
    assert result.claims == [] and result.notice is not None
    assert f"sentence {unsent[0]}" in result.notice


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://llm.example.org", "https://llm.example.org/v1/chat/completions"),
        ("https://llm.example.org/", "https://llm.example.org/v1/chat/completions"),
        ("https://llm.example.org/v1", "https://llm.example.org/v1/chat/completions"),
        ("https://x.org/openai/v1/chat/completions", "https://x.org/openai/v1/chat/completions"),
    ],
)
def test_chat_completions_url(url: str, expected: str) -> None:
    assert chat_completions_url(url) == expected


def test_config_from_env() -> None:
    assert config_from_env({}) is None
    assert config_from_env({"FACTCHECK_LLM_URL": "https://x.org"}) is None
    env = {
        "FACTCHECK_LLM_URL": " https://x.org ",
        "FACTCHECK_LLM_MODEL": "m1",
        "FACTCHECK_LLM_API_KEY": "",
    }
    assert config_from_env(env) == LLMConfig(url="https://x.org", model="m1")
    env |= {"FACTCHECK_LLM_API_KEY": "k", "FACTCHECK_LLM_TIMEOUT": "5"}
    assert config_from_env(env) == LLMConfig("https://x.org", "m1", "k", 5.0)
    with pytest.raises(ValueError, match="TIMEOUT"):
        config_from_env(env | {"FACTCHECK_LLM_TIMEOUT": "0"})


def test_a_sentence_number_of_a_digit_int_cannot_read_falls_back(fake_llm: FakeLLM) -> None:
    # Session 22: "²" passes str.isdigit(), and int() raised ValueError out of the parser.
    fake_llm.reply = claims_reply([{"sentence": "²", "text": "A claim."}])
    assert_fallback(extract_with_llm(ARTICLE, config(fake_llm)), "without a sentence number")
