"""The explorer in a real Chromium, with every request off loopback blocked."""

from __future__ import annotations

import pytest

from tests.conftest import Server, wait_until

pytestmark = pytest.mark.browser


def offline_page(browser: object, server: Server) -> tuple[object, list[str]]:
    page = browser.new_page()  # type: ignore[attr-defined]
    blocked: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(server.url) or url.startswith("data:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", guard)
    return page, blocked


def test_explorer_draws_the_construct_measure_map(browser: object, example_server: Server) -> None:
    page, blocked = offline_page(browser, example_server)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.goto(example_server.url + "/")  # type: ignore[attr-defined]
    wait_until(page, "window.ekgNetwork && window.ekgNetwork.body.data.nodes.length > 10")
    drawn = page.evaluate("window.ekgNetwork.body.data.nodes.length")  # type: ignore[attr-defined]
    edges = page.evaluate("window.ekgNetwork.body.data.edges.length")  # type: ignore[attr-defined]
    assert drawn > 10 and edges > 5
    assert page.locator("#network canvas").count() == 1  # type: ignore[attr-defined]
    labels = page.evaluate(  # type: ignore[attr-defined]
        "window.ekgNetwork.body.data.nodes.get().map(n => n.label)"
    )
    assert "SCS" in labels and "self-compassion" in labels
    assert not blocked and not errors


def test_api_docs_render_offline(browser: object, example_server: Server) -> None:
    page, blocked = offline_page(browser, example_server)
    page.goto(example_server.url + "/docs")  # type: ignore[attr-defined]
    page.wait_for_selector("text=/sparql")  # type: ignore[attr-defined]
    assert not blocked
