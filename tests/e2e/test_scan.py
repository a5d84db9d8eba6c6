"""The QR scanner in real headless Chromium: a credential offer from the real issuer
read from the camera (Chromium's fake capture device playing a Y4M video of the QR
code, written here), the "Pick an image" fallback with a PNG QR code, and a scanned
web address the server refuses to fetch (its reason shown, nothing stored)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.collect import qr_png, qr_y4m
from tests.e2e.helpers import PHONE, axe_violations, create_wallet, stored_count
from tests.e2e.test_offers import shot

pytestmark = pytest.mark.e2e


def test_camera_scan_of_an_offer_receives_the_credential(live_server, console, chromium, tmp_path, artifacts):
    # The wallet is created first (its DID is in the award), in a browser whose camera
    # shows the offer made for it: a second Chromium with a fake capture file.
    # The video file must exist before launch, so the wallet is created in that browser
    # from a placeholder video, then the video is rewritten with the offer's QR code
    # (Chromium reopens the file each time the camera starts).
    video = qr_y4m("placeholder", tmp_path / "camera.y4m")
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        # Under the server's real CSP (no bypass): camera, canvas and the jsQR chunk all work.
        context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB")
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        did = create_wallet(page, live_server.url)
        offer = console.award(did, "teacher-cpd")
        qr_y4m(offer.uri, video)

        page.get_by_test_id("scan-open").click()
        expect(page.get_by_test_id("scan")).to_be_visible()
        # The QR code in the video is an offer: the offer screen opens.
        expect(page.get_by_test_id("offer-issuer")).to_have_text("Offered by Satchel Demo Academy", timeout=20000)
        page.get_by_test_id("offer-accept").click()
        expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "valid")
        assert stored_count(page) == 1
        # The camera was released.
        assert page.evaluate("() => document.querySelector('video') === null")
        context.close()
    finally:
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_pick_an_image_reads_an_offer_qr(live_server, console, page, tmp_path, artifacts):
    did = create_wallet(page, live_server.url)
    offer = console.award(did, "green-finance")
    page.get_by_test_id("scan-open").click()
    # No camera in this browser: said plainly, the image fallback stays.
    expect(page.get_by_test_id("scan-status")).to_have_attribute("data-state", "error")
    expect(page.get_by_test_id("scan-status")).not_to_be_empty()
    page.wait_for_timeout(150)
    assert axe_violations(page) == []
    shot(artifacts, "en-scan", page)

    page.get_by_test_id("scan-image").set_input_files(str(qr_png(offer.uri, tmp_path / "offer.png")))
    page.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("verdict-result")).to_have_attribute("data-result", "valid")
    assert stored_count(page) == 1


def test_image_without_a_qr_code_says_so(live_server, page, tmp_path):
    create_wallet(page, live_server.url)
    page.get_by_test_id("scan-open").click()
    blank = tmp_path / "blank.png"
    import segno  # a PNG with no QR code: a QR code's image cropped to its quiet zone is blank

    segno.make("x").save(str(blank), kind="png", scale=1, border=0, dark="white")
    page.get_by_test_id("scan-image").set_input_files(str(blank))
    expect(page.get_by_test_id("scan-status")).to_contain_text("No QR code was found")
    assert stored_count(page) == 0


def test_scanned_web_address_is_fetched_by_the_server_and_its_refusal_shown(live_server, chromium, tmp_path):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="en-GB")  # the real CSP
    page = context.new_page()
    create_wallet(page, live_server.url)
    page.get_by_test_id("scan-open").click()
    # A hosted badge on a loopback address: the server's fetcher refuses it (no SSRF).
    url = "https://127.0.0.1/badges/assertion/1.json"
    page.get_by_test_id("scan-image").set_input_files(str(qr_png(url, tmp_path / "url.png")))
    expect(page.get_by_test_id("import-error")).to_contain_text("Couldn't get a badge from this web address")
    # In plain words; the fetcher's own words are folded under "Technical details" (issue 14).
    expect(page.get_by_test_id("import-reason")).to_contain_text("Satchel fetches only public https addresses")
    page.get_by_test_id("technical-details").locator("summary").click()
    expect(page.get_by_test_id("technical-details")).to_contain_text("not a public address")
    assert stored_count(page) == 0
    assert stored_count(page, "queue") == 0
    context.close()
