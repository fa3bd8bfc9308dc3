"""The W3C harness's service, and the pass counts it prints at the end of the run."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest

from tests.conftest import ekg, start_server, stop_server

from .manifest import SUITE
from .runners import Endpoint

HARNESS_ENV = {
    "EKG_UNION_DEFAULT_GRAPH": "false",  # the standard dataset, as the W3C tests assume
    "EKG_MAX_ROWS": "1000000",
    "EKG_QUERY_TIMEOUT": "60",
}


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    if not SUITE.is_dir():
        pytest.skip(f"{SUITE} is missing: the W3C suite sits in ../shared beside the repo")
    store = tmp_path_factory.mktemp("w3c") / "store"
    token = ekg("token", "create", "w3c-harness", "--role", "curator", store=store).stdout.strip()
    server = start_server(store, env=HARNESS_ENV)
    yield Endpoint(server.url, token)
    stop_server(server)


_outcomes: dict[str, Counter[str]] = defaultdict(Counter)


def _group(nodeid: str) -> str | None:
    if "tests/w3c/" not in nodeid or "[" not in nodeid:
        return None
    function = nodeid.split("::")[-1].split("[")[0].removeprefix("test_")
    case = nodeid.split("[", 1)[1].rstrip("]")
    category = case.split("/")[0]
    return f"{function} · {category}"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    group = _group(report.nodeid)
    if group is None:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        if hasattr(report, "wasxfail"):
            outcome = "xfailed" if report.outcome == "skipped" else "xpassed"
        else:
            outcome = report.outcome
        _outcomes[group][outcome] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _outcomes:
        return
    write = terminalreporter.write_line
    write("")
    write("W3C SPARQL 1.1 conformance (through HTTP, and pyoxigraph in-process as baseline)")
    header = f"{'run · category':<44}{'passed':>8}{'failed':>8}{'xfail':>7}{'xpass':>7}{'skip':>6}"
    write(header)
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for group in sorted(_outcomes):
        c = _outcomes[group]
        totals[group.split(" · ")[0]].update(c)
        write(
            f"{group:<44}{c['passed']:>8}{c['failed']:>8}{c['xfailed']:>7}"
            f"{c['xpassed']:>7}{c['skipped']:>6}"
        )
    write("-" * len(header))
    for run, c in sorted(totals.items()):
        total = sum(c.values())
        write(
            f"{run + ' (total ' + str(total) + ')':<44}{c['passed']:>8}{c['failed']:>8}"
            f"{c['xfailed']:>7}{c['xpassed']:>7}{c['skipped']:>6}"
        )
