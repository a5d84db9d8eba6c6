"""A wallet with 1,000 credentials (real verdict shapes) stays usable: the list
renders in pages, search, filters and sort work, and render/search times at 4×
CPU throttling are printed (figures only; the test asserts behaviour)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE
from tests.e2e.listperf import measure, wallet_of_records

pytestmark = pytest.mark.e2e


def test_thousand_credentials_search_filter_sort(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        records = wallet_of_records(page, live_server)
        count = page.get_by_test_id("list-count")
        expect(count).to_have_text("1,000 credentials")
        cards = page.get_by_test_id("credential-card")
        expect(cards).to_have_count(25)  # rendered a page at a time
        page.get_by_test_id("show-more").click()
        expect(cards).to_have_count(125)

        figures = measure(page, context)
        print(f"\n1,000 credentials at {figures['rate']}x CPU throttling: list render "
              f"{figures['render_ms']:.1f} ms, search {figures['search_ms']:.1f} ms (medians)")

        # Search: by title text, case-insensitive; count says how many match.
        search = page.get_by_test_id("search")
        search.fill("WEB ACCESSIBILITY 100")
        expect(count).to_have_text("2 of 1,000 credentials")  # 100 and 1000
        expect(cards).to_have_count(2)
        search.fill("no such thing")
        expect(cards).to_have_count(0)
        search.fill("")
        expect(count).to_have_text("1,000 credentials")

        # Filters: issuer, type, status, skill (all from the records themselves).
        page.get_by_text("Filter and sort").click()
        expected_issuer = sum(1 for r in records if r["verdict"]["issuer"]["name"] == "Harbour City College")
        page.get_by_test_id("filter-issuer").select_option("Harbour City College")
        expect(count).to_have_text(f"{expected_issuer:,} of 1,000 credentials")
        assert all("Harbour City College" in c for c in cards.all_text_contents())
        page.get_by_test_id("filter-issuer").select_option("")

        expected_invalid = sum(1 for r in records if r["verdict"]["result"] == "invalid")
        page.get_by_test_id("filter-status").select_option("invalid")
        expect(count).to_have_text(f"{expected_invalid:,} of 1,000 credentials")
        page.get_by_test_id("filter-status").select_option("")

        expected_type = sum(1 for r in records if r["verdict"]["display"]["achievement_type"] == "Badge")
        page.get_by_test_id("filter-type").select_option("Badge")
        expect(count).to_have_text(f"{expected_type:,} of 1,000 credentials")
        page.get_by_test_id("filter-type").select_option("")

        expected_skill = sum(
            1 for r in records if any(a["code"] == "T2" for a in r["verdict"]["display"]["alignments"])
        )
        page.get_by_test_id("filter-skill").select_option("esco|t2")
        expect(count).to_have_text(f"{expected_skill:,} of 1,000 credentials")
        page.get_by_test_id("filter-skill").select_option("")

        # Sort by issue date, both ways.
        dates = sorted(r["verdict"]["display"]["issued"] for r in records)
        by_date = {r["verdict"]["display"]["issued"]: r["verdict"]["display"]["name"] for r in records}
        expect(cards.first).to_contain_text(by_date[dates[-1]])
        page.get_by_test_id("sort").select_option("oldest")
        expect(cards.first).to_contain_text(by_date[dates[0]])
    finally:
        context.close()
