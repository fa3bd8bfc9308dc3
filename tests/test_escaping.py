"""Every label and quote is escaped: a paper whose names and sentences hold `<script>`,
an event-handler attribute and a `javascript:` URL renders them as text on every page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import EXAMPLES, Server, ekg, start_server, stop_server
from tests.test_browser import offline_page

pytestmark = pytest.mark.browser
SCRIPT = "<script>window.pwned=1</script>"
IMG = '<img src=x onerror="window.pwned=2">'
JS_URL = "javascript:window.pwned=3"


def hostile_paper(folder: Path) -> Path:
    """The example RCT with hostile text in its title, instrument, intervention and results
    (what extraction keeps of it varies; the hostile construct and title always stay)."""
    text = (EXAMPLES / "rct_self_compassion_midwives.txt").read_text(encoding="utf-8")
    text = text.replace("Mindful Self-Compassion for Midwives", f"Midwives {SCRIPT} {JS_URL}", 1)
    text = text.replace("Self-Compassion Scale", f"Self-Compassion {SCRIPT} Scale")
    text = text.replace("Mindful Self-Compassion (MSC)", f"Mindful {IMG} Compassion (MSC)")
    text = text.replace(  # an outcome no lexicon knows, so extraction keeps its words
        "and reduced perceived stress,", f"and reduced shift {SCRIPT} {JS_URL} fatigue,"
    )
    path = folder / "hostile_trial.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("hostile")
    store = folder / "store"
    ekg("ingest", str(hostile_paper(folder)), store=store)
    server = start_server(store)
    yield server
    stop_server(server)


def test_hostile_text_renders_as_text_on_every_page(
    browser: object, hostile_server: Server
) -> None:
    url = hostile_server.url
    with hostile_server.client() as client:
        hits = client.get("/api/explorer/search", params={"q": "script"}).json()
        assert hits, "a hostile name reached the graph"
        construct = next(h["id"] for h in hits if h["kind"] == "construct")
        evidence = client.get("/api/evidence", params={"construct": construct}).json()
        finding = evidence["findings"][0]
        claim, study = finding["claim"], finding["study"]["iri"]
        paper = finding["papers"][0]
    pages = [
        "/",
        f"/?focus={quote(construct, safe='')}",
        f"/evidence?construct={quote(construct, safe='')}",
        "/map",
        f"/quote?claim={quote(claim, safe='')}",
        f"/paper?id={quote(paper, safe='')}",
        f"/study?iri={quote(study, safe='')}",
        "/sparql?query="
        + quote("SELECT ?l WHERE { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"),
    ]
    page, blocked = offline_page(browser, hostile_server)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    shown_as_text = 0
    for path in pages:
        page.goto(url + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        if path.startswith("/?focus"):
            page.wait_for_selector("#panel-title")  # type: ignore[attr-defined]
        assert page.evaluate("window.pwned") is None, f"script ran on {path}"  # type: ignore[attr-defined]
        hrefs = page.evaluate(  # type: ignore[attr-defined]
            "[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
        )
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], path
        body = page.evaluate("document.body.innerText")  # type: ignore[attr-defined]
        shown_as_text += "<script>" in body or "onerror=" in body
    assert shown_as_text >= 5, "the hostile strings are shown, as text"
    assert not dialogs and not blocked
