"""The two-way in-person exchange with no network (issue 14, decision D6), two phones:
the verifier's phone shows a challenge QR (its own fresh nonce and audience); the learner's
wallet scans it ("Answer a verifier's code") and shows a presentation bound to it, in parts
when it is long; the verifier scans those and, because it made the nonce itself (single use,
15 minutes), says "verified" offline. A second scan of the same answer is a replay: refused.
Both phones are offline throughout; QR codes pass between them as screenshots, read by the
app's own decoder ("Pick an image")."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, axe_violations, create_wallet, warm_offline
from tests.e2e.test_share import add_own_entry, start_share
from wallet_core.options import VerifyOptions
from wallet_core.presentations import claimed, verify_presentation

pytestmark = pytest.mark.e2e


def read_code(page, tmp_path, name: str) -> dict[int, tuple[str, object]]:
    """{part index: (text, png)} of the QR code (or every part of it) on `page`'s QR screen."""
    qr = page.get_by_test_id("qr-code")
    expect(qr).to_be_visible()
    part = page.get_by_test_id("qr-part")
    if part.count() == 0:
        png = tmp_path / f"{name}.png"
        qr.screenshot(path=str(png))
        return {1: (qr.get_attribute("data-text"), png)}
    total = int(part.get_attribute("data-total"))
    page.get_by_test_id("qr-play").click()  # stop the turns, step through
    out, i = {}, int(part.get_attribute("data-index"))
    for _ in range(total):
        page.get_by_test_id("qr-next").click()
        i = i % total + 1
        expect(part).to_have_attribute("data-index", str(i))
        expect(qr).to_have_attribute("data-text", re.compile(f"^SVP2/{i}/{total}/"))
        png = tmp_path / f"{name}-{i}.png"
        qr.screenshot(path=str(png))
        out[i] = (qr.get_attribute("data-text"), png)
    return out


def test_two_way_exchange_offline_is_verified_and_a_replay_is_refused(live_server, chromium, tmp_path):
    learner = chromium.new_context(viewport=PHONE, device_scale_factor=3, locale="en-GB", bypass_csp=True)
    verifier = chromium.new_context(viewport=PHONE, device_scale_factor=3, locale="en-GB", bypass_csp=True)
    page, check = learner.new_page(), verifier.new_page()
    try:
        did = create_wallet(page, live_server.url)
        ids = add_own_entry(page, "Weekend food bank coordinator")
        check.goto(live_server.url + "/#/verify")
        expect(check.get_by_test_id("verifier")).to_be_visible()
        for p in (page, check):
            warm_offline(p)
        learner.set_offline(True)
        verifier.set_offline(True)

        # step 1, verifier: a challenge code, made on the phone
        check.get_by_test_id("verifier-challenge").click()
        expect(check.get_by_test_id("challenge-qr")).to_be_visible()
        [(challenge, challenge_png)] = read_code(check, tmp_path, "challenge").values()
        m = re.fullmatch(r"SVC1:([0-9A-F]{32}):([0-9A-F]{8})", challenge)
        assert m, f"step 1: the challenge is short and alphanumeric: {challenge}"
        assert axe_violations(check) == [], "challenge QR"
        check.get_by_test_id("qr-close").click()

        # step 2, learner: answers the challenge from the share screen
        start_share(page, ids)
        share = page.get_by_test_id("share")
        expect(share).to_have_attribute("data-step", re.compile("fields|preview"))
        if share.get_attribute("data-step") == "fields":
            page.get_by_test_id("share-to-preview").click()
        expect(share).to_have_attribute("data-step", "preview")
        page.get_by_test_id("share-answer").click()
        page.get_by_test_id("scan-image").set_input_files(str(challenge_png))
        expect(page.get_by_test_id("answer-qr"), "step 2: the wallet answers the verifier's code").to_be_visible(timeout=20000)
        answer = read_code(page, tmp_path, "answer")
        assert axe_violations(page) == [], "answer QR"
        joined = "\n".join(answer[i][0] for i in sorted(answer))
        # What the learner's phone made is what wallet_core reads: bound to the challenge.
        said = claimed(joined)
        assert (said.audience, said.nonce, said.holder) == (f"satchel:inperson:{m[2]}", m[1], did)
        verdict = verify_presentation(joined, VerifyOptions(audience=said.audience, nonce=m[1]))
        assert {c.check: c.status for c in verdict.checks} == {
            "holder_signature": "passed", "audience": "passed", "nonce": "passed", "freshness": "passed"}

        # step 3, verifier, offline: reads the answer; it answers its own challenge: verified
        for i in sorted(answer, reverse=True):
            check.get_by_test_id("scan-image").set_input_files(str(answer[i][1]))
        result = check.get_by_test_id("verifier-result")
        expect(result, "step 3: the answer is checked").to_be_visible(timeout=20000)
        expect(check.get_by_test_id("verifier-exchange")).to_have_attribute("data-mode", "two-way")
        nonce = check.locator('[data-testid="verifier-check"][data-check="nonce"]')
        expect(nonce, "step 3: the nonce is the verifier's own").to_have_attribute("data-status", "passed")
        expect(check.get_by_test_id("verifier-mode")).to_have_attribute("data-server", "false")
        expect(check.locator('[data-testid="verifier-check"][data-online="true"]')).to_have_count(0)
        expect(result, "step 3: verified offline").to_have_attribute("data-result", "valid")
        assert axe_violations(check) == [], "two-way result"

        # step 4: the same answer scanned again is a replay (the challenge was used once)
        check.get_by_test_id("verifier-again").click()
        for i in sorted(answer):
            check.get_by_test_id("scan-image").set_input_files(str(answer[i][1]))
        expect(result).to_be_visible(timeout=20000)
        expect(check.get_by_test_id("verifier-exchange"), "step 4: one-way now").to_have_attribute("data-mode", "one-way")
        expect(result, "step 4: a replayed answer is refused").to_have_attribute("data-result", "invalid")

        # step 5: a one-way code says what it cannot rule out
        page.get_by_test_id("qr-close").click()
        page.get_by_test_id("share-offline-qr").click()
        one_way = read_code(page, tmp_path, "one-way")
        check.get_by_test_id("verifier-again").click()
        for i in sorted(one_way):
            check.get_by_test_id("scan-image").set_input_files(str(one_way[i][1]))
        expect(check.get_by_test_id("verifier-exchange")).to_have_attribute("data-mode", "one-way")
        expect(check.get_by_test_id("verifier-exchange")).to_contain_text("could not rule out a replay")
        expect(result).to_have_attribute("data-result", "could_not_check")
    finally:
        verifier.close()
        learner.close()


def test_the_camera_reads_a_two_way_answer_in_parts(live_server, chromium, tmp_path):
    """End to end through the camera (Chromium's fake capture device playing a Y4M video):
    the verifier shows a challenge; the answer (made here for that challenge, cut into parts)
    plays on the 'other phone' part after part; the scanner collects the parts, in whatever
    order the video reaches them, and says verified."""
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.e2e.collect import qr_y4m
    from tests.vectors import make_presentations as mk
    from wallet_core.presentations import qr_encode_parts

    video = qr_y4m("placeholder", tmp_path / "camera.y4m")
    browser = chromium.browser_type.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB")
        context.grant_permissions(["camera"], origin=live_server.url)
        check = context.new_page()
        check.goto(live_server.url + "/#/verify")
        expect(check.get_by_test_id("verifier")).to_be_visible()
        # step 1: the challenge, made on the verifier's phone
        check.get_by_test_id("verifier-challenge").click()
        qr = check.get_by_test_id("qr-code")
        expect(qr).to_have_attribute("data-text", re.compile("^SVC1:"))
        m = re.fullmatch(r"SVC1:([0-9A-F]{32}):([0-9A-F]{8})", qr.get_attribute("data-text"))
        check.get_by_test_id("qr-close").click()
        # step 2: the learner's answer, in parts, playing on the camera (1.5 s a part)
        aud, nonce = f"satchel:inperson:{m[2]}", m[1]
        iat = int(time.time())
        vp = mk.vp_jwt([mk.vc_jwt(mk.HOLDER_DID)], aud=aud, nonce=nonce, iat=iat, exp=iat + mk.LIFETIME)
        parts = qr_encode_parts(vp, part_size=600)
        assert len(parts) >= 3, len(parts)
        qr_y4m(parts[1:] + parts[:1], video, frames=15)  # starts at part 2: any order
        stop = check.get_by_test_id("scan-stop")
        if stop.count():
            stop.click()
        context.set_offline(True)
        check.get_by_test_id("scan-start").click()
        # step 3: the scanner says how far it is, then checks: verified, offline, two-way
        expect(check.get_by_test_id("scan-status"), "step 3: progress through the parts").to_contain_text(
            f"of {len(parts)} codes", timeout=20000)
        result = check.get_by_test_id("verifier-result")
        expect(result, "step 3: every part read from the camera").to_be_visible(timeout=30000)
        expect(check.get_by_test_id("verifier-exchange")).to_have_attribute("data-mode", "two-way")
        expect(result, "step 3: verified offline").to_have_attribute("data-result", "valid")
        context.close()
    finally:
        browser.close()
