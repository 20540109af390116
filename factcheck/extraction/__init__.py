"""Claim extraction: split an article into sentences, score each for check-worthiness,
explain the score and find who made the claim.

No database, no Flask; numpy runs the network, no PyTorch or scikit-learn at request time.

    >>> from factcheck.extraction import extract, sentence_to_dict
    >>> [s.text for s in extract("Prices rose 5% in 2023. I love it.")]
    ['Prices rose 5% in 2023.', 'I love it.']
"""

from factcheck.extraction.attribution import Attribution, attribute
from factcheck.extraction.kinds import FACTUAL_KINDS, KIND_LABELS, KINDS
from factcheck.extraction.llm import (
    LLMClaim,
    LLMConfig,
    LLMResult,
    config_from_env,
    extract_with_llm,
)
from factcheck.extraction.pipeline import (
    ExtractedSentence,
    ReadAs,
    extract,
    extract_as,
    extract_sentence,
    is_standalone,
    reason_to_dict,
    sentence_to_dict,
    standalone_threshold,
)
from factcheck.extraction.score import DEFAULT_THRESHOLD, Reason, score_alone
from factcheck.extraction.segment import segment

__all__ = [
    "DEFAULT_THRESHOLD",
    "FACTUAL_KINDS",
    "KINDS",
    "KIND_LABELS",
    "Attribution",
    "ExtractedSentence",
    "LLMClaim",
    "LLMConfig",
    "LLMResult",
    "ReadAs",
    "Reason",
    "attribute",
    "config_from_env",
    "extract",
    "extract_as",
    "extract_sentence",
    "extract_with_llm",
    "is_standalone",
    "reason_to_dict",
    "score_alone",
    "segment",
    "sentence_to_dict",
    "standalone_threshold",
]
