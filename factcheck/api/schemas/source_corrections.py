"""What "Correct this source" takes over the API (kept apart from `requests`, whose shapes
every area shares): the desk's form, with a field left out keeping its value."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from factcheck.api.schemas.fields import Day, Text, Version, WebUrl
from factcheck.api.schemas.requests import Body
from factcheck.domain import research, source_corrections
from factcheck.models import Evidence, Stance


def _left_out() -> Any:
    """The value of a field that was not sent (read only through `model_fields_set`)."""
    return None


class SourceCorrection(Body):
    """A published source as it should read, and why. A field left out keeps its value; null
    clears the quote, the title or the publisher. `version` is the evidence's."""

    reason: Annotated[
        str, Text(source_corrections.MAX_REASON, required=True, description="Shown to readers.")
    ]
    # Not nullable, yet not required: left out keeps it (as ArticleDetails' title).
    url: Annotated[str, WebUrl("The source's corrected address; it is archived again.")] = Field(
        default_factory=_left_out
    )
    excerpt: Annotated[str, Text(research.MAX_EXCERPT)] | None = None
    title: Annotated[str, Text(300)] | None = None
    publisher: Annotated[str, Text(200)] | None = None
    accessed_on: Day | None = Field(None, description="Left out or null: the date stays.")
    stance: Stance | None = Field(
        None,
        description="Refused (409) when it differs from the published stance: that is a "
        "correction of the rating, which the review panel decides.",
    )
    version: Version | None = None

    def source_fields(self, evidence: Evidence) -> dict[str, Any]:
        """The keyword arguments source_corrections.correct_source takes: what was sent,
        and the source's own value for what was left out."""
        sent = self.model_fields_set
        kept = {name: getattr(evidence, name) for name in source_corrections.CORRECTABLE}
        values = {name: getattr(self, name) if name in sent else kept[name] for name in kept}
        return {**values, "stance": self.stance.value if self.stance else None}
