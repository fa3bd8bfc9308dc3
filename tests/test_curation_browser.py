"""The curation page in a real Chromium, with every request off the server blocked: log in
with a token, reject a statement with one key, see it leave the explorer and SPARQL;
edit with a choice from the graph, and revert from the history."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import EXAMPLES, Server, ekg, wait_until

pytestmark = pytest.mark.browser

ID = "https://w3id.org/evidence-kg/id/"
MEASURES = "https://w3id.org/evidence-kg/ontology#measures"
# A short made-up report whose instrument the lexicon does not know, so that its
# statements reach the explorer from claims (lexicon statements are not curated).
PAPER = """A Gratitude Journal for Hospice Nurses: a Pre-Post Pilot Study

Jane Doe · Omar Ruiz

Published online: 3 March 2020

Abstract We evaluated a four-week gratitude journal with 30 hospice nurses.

Method

Thirty hospice nurses kept a gratitude journal for four weeks. Before and after they \
completed the Hospice Gratitude Inventory (HGI; Doe 2019), which measures gratitude.

Results

Gratitude increased from pre to post on the HGI, t(29) = 2.90, p = .007, d = 0.53.

Abbreviations: HGI Hospice Gratitude Inventory

References

- Doe, J. (2019). The Hospice Gratitude Inventory. *Journal of Palliative Care*, *5*, 1–9.
"""


@pytest.fixture
def served(
    tmp_path: Path, server_factory: Callable[..., Server]
) -> tuple[Server, str, dict[str, object]]:
    papers = tmp_path / "papers"
    papers.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, papers / f.name)
    (papers / "pilot_gratitude_hospice.txt").write_text(PAPER, encoding="utf-8")
    store = tmp_path / "store"
    ekg("ingest", str(papers), store=store)
    token = ekg("token", "create", "alice", "--role", "curator", store=store).stdout.strip()
    server = server_factory(store)
    with server.client() as c:
        params = {"subject": ID + "instrument/hgi", "predicate": MEASURES}
        [claim] = c.get("/api/curation/queue", params=params).json()["items"]
    return server, token, claim


def offline_page(browser: object, server: Server) -> tuple[object, list[str], list[str]]:
    page = browser.new_page()  # type: ignore[attr-defined]
    blocked: list[str] = []
    errors: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(server.url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", guard)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, blocked, errors


def explorer_edges(page: object, server: Server, focus: str) -> set[tuple[str, str]]:
    """The edges the explorer draws around `focus` (it loads neighbourhoods, not the graph)."""
    page.goto(server.url + "/?" + urlencode({"focus": focus}))  # type: ignore[attr-defined]
    wait_until(
        page,
        "document.body.dataset.focused !== undefined"
        " || document.getElementById('status').textContent.startsWith('could not')",
    )
    edges = page.evaluate(  # type: ignore[attr-defined]
        "window.ekgNetwork.body.data.edges.get().map(e => [e.from, e.to])"
    )
    return {(a, b) for a, b in edges}


def sparql_rows(page: object, server: Server, query: str) -> int:
    page.goto(server.url + "/sparql?" + urlencode({"query": query}))  # type: ignore[attr-defined]
    page.wait_for_selector("#row-count")  # type: ignore[attr-defined]
    return int(page.locator("#results tbody tr").count())  # type: ignore[attr-defined]


def log_in(page: object, server: Server, token: str) -> None:
    page.goto(server.url + "/curation")  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-ready=true]")  # type: ignore[attr-defined]
    page.fill("#token", token)  # type: ignore[attr-defined]
    page.click("#login-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#who:not([hidden])")  # type: ignore[attr-defined]


def open_claim(page: object, server: Server, claim: dict[str, object], status: str = "") -> object:
    params = {"subject": claim["subject"]["value"], "predicate": MEASURES}  # type: ignore[index]
    if status:
        params["status"] = status
    page.goto(server.url + "/curation?" + urlencode(params))  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-ready=true]")  # type: ignore[attr-defined]
    card = page.locator(f"li.claim[data-iri='{claim['iri']}']")  # type: ignore[attr-defined]
    card.wait_for()
    return card


def test_reject_on_the_page_removes_the_statement_from_explorer_and_sparql(
    browser: object, served: tuple[Server, str, dict[str, object]]
) -> None:
    server, token, claim = served
    instrument, construct = claim["subject"]["value"], claim["object"]["value"]  # type: ignore[index]
    query = f"SELECT ?c WHERE {{ <{instrument}> <{MEASURES}> ?c }}"
    page, blocked, errors = offline_page(browser, server)

    assert (instrument, construct) in explorer_edges(page, server, instrument)
    assert sparql_rows(page, server, query) == 1

    log_in(page, server, token)
    assert "alice (curator)" in page.text_content("#who-name")  # type: ignore[attr-defined]
    card = open_claim(page, server, claim)
    mark = card.locator(".evidence mark")  # type: ignore[attr-defined]
    assert mark.text_content() == claim["evidence"]["quote"]  # type: ignore[index]
    page.keyboard.press("j")  # type: ignore[attr-defined]
    page.keyboard.press("r")  # type: ignore[attr-defined]
    page.wait_for_selector(f"li.claim[data-iri='{claim['iri']}'][data-status=rejected]")  # type: ignore[attr-defined]
    assert "reject by alice" in card.locator(".message").text_content()  # type: ignore[attr-defined]

    assert page.evaluate("sessionStorage.getItem('ekg-token')") == token  # type: ignore[attr-defined]
    assert page.evaluate("localStorage.length") == 0  # type: ignore[attr-defined]
    assert page.context.cookies() == []  # type: ignore[attr-defined]

    assert (instrument, construct) not in explorer_edges(page, server, instrument)
    assert sparql_rows(page, server, query) == 0
    assert not blocked and not errors, (blocked, errors)


def test_edit_with_a_choice_from_the_graph_then_revert_from_the_history(
    browser: object, served: tuple[Server, str, dict[str, object]]
) -> None:
    server, token, claim = served
    instrument = claim["subject"]["value"]  # type: ignore[index]
    target = ID + "construct/self-compassion"
    page, blocked, errors = offline_page(browser, server)
    log_in(page, server, token)
    card = open_claim(page, server, claim)
    card.click()  # type: ignore[attr-defined]
    page.keyboard.press("e")  # type: ignore[attr-defined]
    choice = card.locator("select.choice")  # type: ignore[attr-defined]
    choice.wait_for()
    assert choice.locator(f"option[value='{target}']").count() == 1
    choice.select_option(target)
    card.locator("input.why").fill("the inventory measures self-compassion")  # type: ignore[attr-defined]
    card.locator("button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_selector(f"li.claim[data-iri='{claim['iri']}'][data-status=edited]")  # type: ignore[attr-defined]
    assert (instrument, target) in explorer_edges(page, server, instrument)

    card = open_claim(page, server, claim, status="edited")
    card.click()  # type: ignore[attr-defined]
    page.keyboard.press("h")  # type: ignore[attr-defined]
    entry = card.locator(".claim-history li.entry[data-type=edit]")  # type: ignore[attr-defined]
    entry.wait_for()
    assert "alice" in entry.text_content() and "self-compassion" in entry.text_content()
    entry.locator("input.why").fill("the paper says gratitude")
    entry.locator("button.revert-button").click()
    page.wait_for_selector(f"li.claim[data-iri='{claim['iri']}'][data-status=extracted]")  # type: ignore[attr-defined]
    assert (instrument, target) not in explorer_edges(page, server, instrument)
    assert (instrument, claim["object"]["value"]) in explorer_edges(page, server, instrument)  # type: ignore[index]
    assert not blocked and not errors, (blocked, errors)
