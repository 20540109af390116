"""How the suite itself runs: failures that depend on chance can be replayed."""

from __future__ import annotations


def test_hypothesis_tests_print_how_to_replay_a_failure() -> None:
    from tests.test_openapi import FUZZ
    from tests.test_workflow_states import MACHINE_SETTINGS

    assert FUZZ.print_blob and MACHINE_SETTINGS.print_blob
