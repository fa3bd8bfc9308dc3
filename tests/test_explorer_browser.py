"""The explorer, the gap map, the evidence view and the evidence page in a real Chromium
over the two corpus papers, every request off loopback blocked. Screenshots are kept in
test-artifacts/screenshots/ (docs/explorer.png is one of them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import ROOT, Server, ekg, start_server, stop_server, wait_until
from tests.test_browser import offline_page

pytestmark = pytest.mark.browser
SHOTS = ROOT / "test-artifacts" / "screenshots"
SELF_COMPASSION = "https://w3id.org/evidence-kg/id/construct/self-compassion"


@pytest.fixture(scope="module")
def corpus_server(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = tmp_path_factory.mktemp("corpus") / "store"
    ekg("ingest", str(corpus), store=store)
    server = start_server(store)
    yield server
    stop_server(server)


def shot(page: object, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)  # type: ignore[attr-defined]


def watched(browser: object, server: Server) -> tuple[object, list[str], list[str]]:
    page, blocked = offline_page(browser, server)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1400, "height": 900})  # type: ignore[attr-defined]
    return page, blocked, errors


def test_search_focuses_self_compassion_and_its_panel_lists_the_evidence(
    browser: object, corpus_server: Server
) -> None:
    page, blocked, errors = watched(browser, corpus_server)
    page.goto(corpus_server.url + "/")  # type: ignore[attr-defined]
    wait_until(page, "window.ekgNetwork && window.ekgNetwork.body.data.nodes.length > 10")
    page.fill("#search", "self-comp")  # type: ignore[attr-defined]
    option = page.locator("#suggestions li", has_text=re.compile(r"^self-compassion"))  # type: ignore[attr-defined]
    option.first.wait_for()
    option.first.dispatch_event("mousedown")
    wait_until(page, "location.search.includes('focus=') && document.querySelector('#panel-title')")
    assert page.locator("#panel-title").inner_text() == "self-compassion"  # type: ignore[attr-defined]
    panel = page.locator("#panel")  # type: ignore[attr-defined]
    assert panel.locator("text=SCS").count() >= 1, "its instruments are listed"
    wait_until(page, "window.ekgNetwork.getSelectedNodes().length === 1")
    selected = page.evaluate("window.ekgNetwork.getSelectedNodes()[0]")  # type: ignore[attr-defined]
    assert selected == SELF_COMPASSION
    findings = panel.locator("#panel-findings li")
    assert findings.count() >= 5
    text = panel.inner_text()
    assert "Bartels-Velthuis et al. 2020" in text and "Shapiro et al. 2005" in text
    assert panel.locator("#panel-findings a.evidence-link").count() >= 5
    wait_until(page, "document.body.dataset.focused !== undefined")
    shot(page, "explorer")
    assert not blocked and not errors


def test_deep_link_focuses_a_node_and_clicking_opens_its_panel(
    browser: object, corpus_server: Server
) -> None:
    page, blocked, errors = watched(browser, corpus_server)
    page.goto(f"{corpus_server.url}/?focus={quote(SELF_COMPASSION, safe='')}")  # type: ignore[attr-defined]
    page.wait_for_selector("#panel-title")  # type: ignore[attr-defined]
    labels = page.evaluate("window.ekgNetwork.body.data.nodes.get().map(n => n.kind)")  # type: ignore[attr-defined]
    assert {"construct", "instrument", "intervention", "study"} <= set(labels)
    wait_until(page, "document.body.dataset.focused !== undefined")
    # the deep link's own panel first, so that it cannot arrive after the click's
    wait_until(
        page,
        "document.querySelector('#panel-title')?.textContent.toLowerCase() === 'self-compassion'",
    )
    # click the SCS box on the canvas: the side panel turns to the instrument
    scs = "https://w3id.org/evidence-kg/id/instrument/scs"
    title = "document.querySelector('#panel-title')?.textContent === 'Self-Compassion Scale'"
    where = f"window.ekgNetwork.canvasToDOM(window.ekgNetwork.getPositions(['{scs}'])['{scs}'])"
    for attempt in range(5):  # on a loaded machine the layout may still move under the click
        # click only where the network itself finds the SCS node, once it has stopped moving
        wait_until(page, f"window.ekgNetwork.getNodeAt({where}) === '{scs}'")
        at = page.evaluate(f"(() => {where})()")  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        if page.evaluate(f"(() => {where})()") != at:  # type: ignore[attr-defined]
            continue
        box = page.locator("#network").bounding_box()  # type: ignore[attr-defined]
        page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])  # type: ignore[attr-defined]
        try:
            wait_until(page, title, timeout=10.0)
            break
        except AssertionError:
            if attempt == 4:
                raise
    else:
        raise AssertionError("the SCS node never stood still long enough to be clicked")
    panel = page.locator("#panel").inner_text()  # type: ignore[attr-defined]
    assert "self-compassion" in panel and "Studies" in panel
    assert not blocked and not errors


def test_gap_map_shows_mbsr_on_self_compassion_and_opens_its_evidence(
    browser: object, corpus_server: Server
) -> None:
    page, blocked, errors = watched(browser, corpus_server)
    page.goto(corpus_server.url + "/map")  # type: ignore[attr-defined]
    cell = page.locator('td[data-intervention="MBSR"][data-construct="self-compassion"]')  # type: ignore[attr-defined]
    assert cell.count() == 1
    studies = int(cell.locator("strong").inner_text())
    assert studies >= 2
    shot(page, "gap-map", full=True)
    cell.locator("a").click()
    page.wait_for_selector("#findings")  # type: ignore[attr-defined]
    assert "MBSR" in page.locator("#evidence-title").inner_text()  # type: ignore[attr-defined]
    rows = page.locator("#findings tbody tr")  # type: ignore[attr-defined]
    assert rows.count() >= studies
    csv = page.request.get(corpus_server.url + "/map.csv")  # type: ignore[attr-defined]
    assert "MBSR,self-compassion," in csv.text()
    assert not blocked and not errors


def test_evidence_view_lists_both_papers_studies_and_draws_the_forest_plot(
    browser: object, corpus_server: Server
) -> None:
    page, blocked, errors = watched(browser, corpus_server)
    page.goto(f"{corpus_server.url}/evidence?construct={quote(SELF_COMPASSION, safe='')}")  # type: ignore[attr-defined]
    table = page.locator("#findings").inner_text()  # type: ignore[attr-defined]
    # a study of the primary paper and studies of the review, with design and N
    assert "Bartels-Velthuis et al. 2020" in table and "non-randomised-controlled" in table
    assert "Shapiro et al. 2005" in table and "randomised-controlled" in table
    assert re.search(r"\b47\b", table) and re.search(r"\b40\b", table)
    assert "not reported" in table
    plot = page.locator("svg.forest-plot").first  # type: ignore[attr-defined]
    assert plot.locator("rect").count() >= 1 and plot.locator("line").count() >= 2
    shot(page, "evidence-view", full=True)
    assert not blocked and not errors


def test_evidence_link_opens_the_quote_in_its_paragraph_without_login(
    browser: object, corpus_server: Server, corpus: Path
) -> None:
    page, blocked, errors = watched(browser, corpus_server)
    page.goto(f"{corpus_server.url}/evidence?construct={quote(SELF_COMPASSION, safe='')}")  # type: ignore[attr-defined]
    page.locator("#findings a.evidence-link").first.click()  # type: ignore[attr-defined]
    page.wait_for_selector("#quote")  # type: ignore[attr-defined]
    mark = page.locator("mark#quote")  # type: ignore[attr-defined]
    quoted = mark.text_content()
    assert quoted.strip()
    texts = [p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")]
    assert any(quoted in t for t in texts), "the highlighted quote is the paper's own text"
    assert page.locator("#paper").inner_text()  # type: ignore[attr-defined]
    assert "Authorization" not in (page.evaluate("document.body.innerText"))  # type: ignore[attr-defined]
    shot(page, "evidence-page", full=True)
    assert not blocked and not errors
