"""The query page in Chromium: a real SPARQL editor (vendored CodeMirror) with prefix
completion, no stray answer on a fresh page, sortable results with labels and links
into the explorer."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.conftest import Server
from tests.test_browser import offline_page

pytestmark = pytest.mark.browser


def test_fresh_page_has_an_editor_and_no_answer(browser: object, example_server: Server) -> None:
    page, blocked = offline_page(browser, example_server)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.goto(example_server.url + "/sparql")  # type: ignore[attr-defined]
    assert page.locator("#boolean").count() == 0  # type: ignore[attr-defined]
    assert "Answer:" not in page.inner_text("main")  # type: ignore[attr-defined]
    page.wait_for_selector(".CodeMirror .cm-keyword")  # type: ignore[attr-defined]
    assert page.locator(".CodeMirror-line").count() > 10  # type: ignore[attr-defined]
    page.evaluate(
        "window.ekgEditor.setValue('SELECT * WHERE { ?s sk'); window.ekgEditor.focus();"  # type: ignore[attr-defined]
        "window.ekgEditor.setCursor({line: 0, ch: 100})"
    )
    page.keyboard.press("Control+Space")  # type: ignore[attr-defined]
    page.wait_for_selector(".CodeMirror-hints li")  # type: ignore[attr-defined]
    assert "skos:" in page.inner_text(".CodeMirror-hints")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.evaluate("window.ekgEditor.getValue()").endswith("?s skos:")  # type: ignore[attr-defined]
    assert not blocked and not errors


def test_results_sort_and_link_to_the_explorer(browser: object, example_server: Server) -> None:
    page, blocked = offline_page(browser, example_server)
    query = (
        "PREFIX ekg: <https://w3id.org/evidence-kg/ontology#> "
        "SELECT ?study ?n WHERE { ?study a ekg:Study ; ekg:sampleSize ?n }"
    )
    page.goto(example_server.url + "/sparql?" + urlencode({"query": query}))  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr")  # type: ignore[attr-defined]
    first = page.locator("#results tbody tr").first.locator("td").first  # type: ignore[attr-defined]
    assert first.locator("a.explore").get_attribute("href").startswith("/?focus=")
    assert first.locator(".label").inner_text().strip(), "the study's label is shown"
    page.click("#results th:nth-child(2)")  # type: ignore[attr-defined]
    page.click("#results th:nth-child(2)")  # type: ignore[attr-defined]
    assert page.get_attribute("#results th:nth-child(2)", "aria-sort") == "descending"  # type: ignore[attr-defined]
    ns = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#results tbody tr td:nth-child(2)", "tds => tds.map(t => Number(t.dataset.sort))"
    )
    assert ns == sorted(ns, reverse=True) and len(ns) >= 2
    assert not blocked
