"""The grammar of a forecast: "is forecast to", "are expected to", "expects", "predicted that".

The labelling guideline (docs/annotation.md) makes a forecast a prediction however precise
its number: "Timber exports are forecast to reach 3 million tonnes in 2027." is not
check-worthy. The network learnt the opposite from the debates, where a promise or a
forecast with a number is labelled check-worthy half of the time, and the news labels are
too few to undo it: a forecast with a number and a future year scored as a quantity. So in
an article a sentence whose own clause is framed as a forecast is read as a prediction,
whatever the kind head says, as a headline is read as boilerplate.

The frame is narrow on purpose. It was written from the training sentences only (the news
train split and the made-up articles), where it matches 38 sentences, none of them labelled
check-worthy, and checked against CT24 train for words that look like a frame and are not
("projects" is mostly a noun there, so it is left out). Not a frame:
- a relative clause: "the road, which is expected to cost £96m" (the sentence's claim is
  the vote before it);
- a noun: "in line with forecasts", "beat forecasts", "their forecasts";
- a past forecast compared with the outcome: "£2bn less than the £30bn predicted in
  March" (no "that" or "would" follows);
- "due to", "will": a scheduled event or an announced measure is a fact by the guideline;
- "set to" before a number: "the rate was set to 5%" is a decision.
"""

from __future__ import annotations

import re

_FRAME = re.compile(
    # the passive and adjectival frames, present tense: "are forecast to rise"
    r"(?<![\w'])(?:is|are|'s|'re)\s+"
    r"(?:now\s+|widely\s+|also\s+|still\s+|not\s+|already\s+|currently\s+)?"
    r"(?:forecast|expected|projected|predicted|tipped|set|on\s+course|on\s+track|likely"
    r"|unlikely)\s+to\s+(?=[a-z])"
    r"|(?<![\w'])(?:is|are)\s+(?:forecast|projected|predicted|expected)\s+at\b"
    # the active verbs: "the federation forecasts 24,000 starts"
    r"|(?<![\w'])(?:forecasts|forecasting|predicts|predicting|expects|expecting)\b"
    # a reported forecast: "it forecast that inflation would fall"
    r"|(?<![\w'])(?:forecast|predicted|projected)\s+that\b"
    r"|(?<![\w'])(?:predicted|forecast)\b[^.;:!?]{0,60}?\bwould\b"
    r"|(?<![\w'])projections?\s+(?:suggest|show|indicate)",
    re.IGNORECASE,
)
# Words right before a match that make it no frame of the sentence's own clause: a
# relative pronoun, a determiner (a noun follows), or a comparison with a forecast.
_NOT_A_FRAME_AFTER = re.compile(
    r"\b(?:which|who|that|the|a|an|his|her|its|their|our|my|your|these|those|this"
    r"|official|latest|earlier|previous|new|own|with|than|of|beat|beats|beating|above"
    r"|below|exceeded|exceeding|missed|missing|topped)\s*$",
    re.IGNORECASE,
)
# Every frame holds one of these: most sentences skip the regex on a substring test.
_FRAME_WORDS = (
    "forecast",
    "expect",
    "project",
    "predict",
    "tipped",
    "set",
    "course",
    "track",
    "likely",
)
_LOOK_BACK = 20  # characters: enough for the longest word above and its space


def forecast_frame(sentence: str) -> str | None:
    """The words that frame `sentence` as a forecast ("are forecast to"), or None."""
    lowered = sentence.lower()
    if not any(word in lowered for word in _FRAME_WORDS):
        return None
    for match in _FRAME.finditer(sentence):
        before = sentence[max(0, match.start() - _LOOK_BACK) : match.start()]
        if not _NOT_A_FRAME_AFTER.search(before):
            words = match.group(0).split()
            # "predicted the economy would": shown as the other forecast reasons are
            return (
                f"{words[0]} … {words[-1]}"
                if len(words) > 2 and words[-1] == "would"
                else " ".join(words)
            )
    return None
