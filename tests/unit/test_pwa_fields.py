"""The phone names a language claim ("zh-Hans" → Simplified Chinese) with
Intl.DisplayNames wherever claims are shown (share chooser, verifier, presentation
answers): pwa/src/app/share/fields.js run in Node (tests/unit/pwa_fields.mjs)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

HERE = Path(__file__).parent


def field_texts(pairs: list[tuple[str, object]]) -> list[str]:
    done = subprocess.run(
        ["node", str(HERE / "pwa_fields.mjs")], input=json.dumps(pairs), capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(done.stdout)


def test_language_claims_are_named_and_other_claims_are_as_they_were():
    assert field_texts(
        [
            ("lang", "zh-Hans"),  # the SD-JWT VC's always-shown claim
            ("credentialSubject.inLanguage", "en"),
            ("achievement.language", "zh-Hant"),
            ("lang", "not a tag!"),  # not a well-formed tag: as it is
            ("name", "zh-Hans"),  # not a language claim: as it is
            ("achievement.credits", "5"),
            ("achievement.alignments", [{"framework": "ESCO", "name": "Finance"}]),
        ]
    ) == ["Simplified Chinese", "English", "Traditional Chinese", "not a tag!", "zh-Hans", "5", "ESCO · Finance"]
