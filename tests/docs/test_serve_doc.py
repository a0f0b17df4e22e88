"""docs/serve.md says which `.sync` jobs flowdsl serve follows: exactly the registry's entries
that carry a `sync_job`, so a job added to the registry shows up in the docs too."""

from __future__ import annotations

import re
from pathlib import Path

from flowdsl.model.integrations import INTEGRATIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "serve.md"


def test_the_followed_sync_jobs_are_the_registry_entries_with_a_job() -> None:
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    sentence = re.search(r"pattern polls the job for (.+?); any other `\.sync`", text)
    assert sentence is not None, "docs/serve.md lost the sentence listing the .sync jobs"
    named = set(re.findall(r"`([a-z]+:[A-Za-z]+)`", sentence.group(1)))
    assert named == {entry.key for entry in INTEGRATIONS if entry.sync_job is not None}
