"""Crash injection (benchmarks/crash_injection.py) in CI: SIGKILL during ingest and
during curation at random points, two rounds (CI stays short); each ends in a store in step with its
claims and equal to an uninterrupted run. The 20-round figures are in docs/reliability.md."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_kills_during_ingest_and_curation_lose_nothing() -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "crash_injection.py"),
            "--rounds",
            "2",
            "--quick",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    report = json.loads(run.stdout[run.stdout.index("{\n") :])
    assert report["failures"] == 0
    assert all(r["equal_after"] for r in report["ingest"] + report["curation"])
