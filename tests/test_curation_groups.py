"""The review queue by statement: one card per finding, study or term, its claims inside."""

from __future__ import annotations

import pytest

from tests.conftest import Server
from tests.test_browser import offline_page


def test_queue_pages_over_statements_with_all_their_claims(example_server: Server) -> None:
    with example_server.client() as c:
        page = c.get(
            "/api/curation/queue", params={"type": "Finding", "group": "statement", "limit": 4}
        ).json()
        subjects = list(dict.fromkeys(i["subject"]["value"] for i in page["items"]))
        assert len(subjects) == 4 and page["total"] >= 4
        assert len(page["items"]) > 4, "a finding is several claims"
        for subject in subjects:
            alone = c.get("/api/curation/queue", params={"subject": subject, "limit": 500}).json()
            mine = [i["iri"] for i in page["items"] if i["subject"]["value"] == subject]
            assert sorted(mine) == sorted(i["iri"] for i in alone["items"])
        bad = c.get("/api/curation/queue", params={"group": "paragraph"})
        assert bad.status_code == 400 and "statement" in bad.json()["message"]


@pytest.mark.browser
def test_queue_page_shows_one_card_per_statement_and_a_login_hint(
    browser: object, example_server: Server
) -> None:
    page, blocked = offline_page(browser, example_server)
    page.goto(example_server.url + "/curation?type=Finding")  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-ready=true]")  # type: ignore[attr-defined]
    assert page.locator("#login-hint").is_visible()  # type: ignore[attr-defined]
    cards = page.locator("#queue > li.statement-card")  # type: ignore[attr-defined]
    claims = page.locator("#queue li.claim")  # type: ignore[attr-defined]
    assert 0 < cards.count() < claims.count()
    first = cards.first
    subject = first.get_attribute("data-subject")
    inner = first.locator("li.claim")
    assert inner.count() > 1
    assert (
        first.locator(":scope > blockquote.evidence, :scope > div > blockquote.evidence").count()
        == 1
    )
    assert "statements" in first.locator("h3").inner_text()
    for i in range(inner.count()):
        assert inner.nth(i).locator(".subject").get_attribute("title") == subject
    assert not blocked
