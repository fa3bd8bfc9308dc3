"""Crash injection: SIGKILL `ekg ingest` and a curation run at random points, then check
the store validates and ends equal to an uninterrupted run.

    python benchmarks/crash_injection.py --rounds 20            # the figures in docs/reliability.md
    python benchmarks/crash_injection.py --rounds 3 --quick     # what the slow test runs

Ingest rounds: a fresh store, `ekg ingest PAPERS --jobs 1` killed after a random delay
in the second half of an uninterrupted run's duration (when papers are being written),
then `ekg ingest PAPERS` again; the export (sorted N-Quads) must equal the uninterrupted
run's (apart from the extraction activity's prov:endedAtTime, each run's own clock, and
the labels of the ontology's blank nodes, fresh in each store: those lines are counted).
Curation rounds: a copy of the ingested store, a child process that rejects and
accepts a fixed list of claims killed at a random point, then the same list run to the
end; claim statuses and the knowledge graph must equal the uninterrupted curation's.
After every kill the knowledge graph is checked against the claims (a write cut short
must show as a journal mark, never as a silently short graph); after every round the
store is validated (`ekg validate`, or only the knowledge check with --quick).
Loopback only, no network; bounded by --rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from servers import ekg_cli  # noqa: E402

from graph.oxigraph_store import OxigraphStore  # noqa: E402
from graph.papers import pending_writes  # noqa: E402
from graph.validate import knowledge_problems  # noqa: E402
from ontology.vocab import CURATION_GRAPH, EKG, KNOWLEDGE_GRAPH  # noqa: E402

EXAMPLES = ROOT / "examples" / "papers"
ENDED = "<http://www.w3.org/ns/prov#endedAtTime>"
CURATE = """
import sys
from graph.curation import accept, reject
from graph.oxigraph_store import OxigraphStore
store = OxigraphStore(sys.argv[1])
for line in sys.argv[2:]:
    kind, claim = line.split(" ", 1)
    if kind == "reject":
        reject(store, claim, "crash-test", "injected crash test")
    else:
        accept(store, claim, "crash-test", "injected crash test")
    print("done", claim, flush=True)
store.close()
"""
PICK = f"""SELECT ?c WHERE {{ GRAPH ?g {{ ?c a <{EKG.Claim}> ; <{EKG.claimPredicate}> ?p }}
  FILTER(?p IN (<{EKG.sampleSize}>, <{EKG.pValue}>, <{EKG.fStatistic}>, <{EKG.direction}>))
}} ORDER BY ?c LIMIT 12"""


def ekg(store: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "api", *args],
        env={**os.environ, "EKG_STORE": str(store)},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run(store: Path, *args: str) -> None:
    proc = ekg(store, *args)
    proc.wait()


def export(store: Path) -> list[str]:
    out = ekg_cli(store, "export", "--format", "nq")
    # the extraction activity's prov:endedAtTime is the clock of each run: left out; blank
    # nodes (the ontology's) get fresh labels in each store: counted, not compared
    lines = [line for line in out.splitlines() if line.strip() and ENDED not in line]
    blank = sum(1 for line in lines if "_:" in line)
    return [*sorted(line for line in lines if "_:" not in line), f"{blank} lines with blank nodes"]


def state_of(store: Path) -> tuple[list[str], list[str]]:
    """(claim statuses, knowledge triples) of a store, sorted."""
    s = OxigraphStore(str(store))
    statuses = sorted(
        f"{r['c']} {r['st']}"
        for r in s.query(  # type: ignore[union-attr]
            f"SELECT ?c ?st WHERE {{ GRAPH <{CURATION_GRAPH}> {{ ?c <{EKG.curationStatus}> ?st }} }}",
            union_default=False,
        )
    )
    knowledge = sorted(
        f"{r['s']} {r['p']} {r['o']}"
        for r in s.query(  # type: ignore[union-attr]
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ ?s ?p ?o }} }}",
            union_default=False,
        )
    )
    s.close()
    return statuses, knowledge


def after_kill(store: Path) -> tuple[bool, int, int]:
    """(knowledge in step or marked, pending marks, paper graphs) right after a kill."""
    s = OxigraphStore(str(store))
    problems = [p for p in knowledge_problems(s) if "did not finish" not in p]
    pending = len(pending_writes(s))
    papers = sum(1 for g in s.graphs() if "/graph/paper/" in g)
    s.close()
    return (not problems or pending > 0), pending, papers


def validates(store: Path, quick: bool) -> bool:
    if quick:
        s = OxigraphStore(str(store))
        ok = not knowledge_problems(s)
        s.close()
        return ok
    proc = subprocess.run(
        [sys.executable, "-m", "api", "validate"],
        env={**os.environ, "EKG_STORE": str(store)},
        cwd=ROOT,
        capture_output=True,
    )
    return proc.returncode == 0


def kill_after(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL the process after `delay` s; False if it had finished already."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--papers", type=Path, default=EXAMPLES)
    parser.add_argument("--quick", action="store_true", help="knowledge check, not ekg validate")
    parser.add_argument(
        "--validate-every", type=int, default=1, help="full `ekg validate` every N rounds"
    )
    parser.add_argument(
        "--copies", type=int, default=1, help="ingest N copies of each paper (a longer write phase)"
    )
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="ekg-crash-"))
    report: dict[str, object] = {"rounds": args.rounds, "papers": str(args.papers)}
    if args.copies > 1:
        folder = work / "papers"
        folder.mkdir()
        for i in range(args.copies):
            for paper in sorted(args.papers.iterdir()):
                (folder / f"{i}-{paper.name}").write_bytes(paper.read_bytes())
        args.papers = folder
        report["files"] = len(list(folder.iterdir()))
    try:
        reference = work / "reference"
        run(reference, "query", "ASK {}")
        start = time.monotonic()
        run(reference, "ingest", str(args.papers), "--jobs", "1")
        duration = time.monotonic() - start
        ingested = export(reference)
        s = OxigraphStore(str(reference))
        claims = [r["c"].value for r in s.query(PICK, union_default=False)]  # type: ignore[union-attr]
        s.close()
        script = [f"{'reject' if i % 2 else 'accept'} {c}" for i, c in enumerate(claims)]
        curated = work / "curated"
        shutil.copytree(reference, curated)
        start = time.monotonic()
        subprocess.run([sys.executable, "-c", CURATE, str(curated), *script], cwd=ROOT, check=True)
        curation_time = time.monotonic() - start
        want_state = state_of(curated)
        ingest_rounds, curation_rounds = [], []
        for i in range(args.rounds):
            store = work / f"ingest-{i}"
            run(store, "query", "ASK {}")
            delay = rng.uniform(0.5 * duration, 1.05 * duration)
            killed = kill_after(ekg(store, "ingest", str(args.papers), "--jobs", "1"), delay)
            in_step, pending, papers = after_kill(store)
            run(store, "ingest", str(args.papers), "--jobs", "1")
            equal = export(store) == ingested
            ok = validates(store, args.quick or i % args.validate_every != 0)
            ingest_rounds.append(
                {
                    "delay": round(delay, 2),
                    "killed": killed,
                    "papers_at_kill": papers,
                    "pending_at_kill": pending,
                    "in_step_or_marked": in_step,
                    "equal_after": equal,
                    "validates": ok,
                }
            )
            print("ingest", ingest_rounds[-1], flush=True)
            shutil.rmtree(store)
            store = work / f"curation-{i}"
            shutil.copytree(reference, store)
            delay = rng.uniform(0.2, 1.0) * curation_time
            proc = subprocess.Popen(
                [sys.executable, "-c", CURATE, str(store), *script],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            killed = kill_after(proc, delay)
            done = (proc.stdout.read() if proc.stdout else b"").count(b"done")
            in_step, _, _ = after_kill(store)
            subprocess.run(
                [sys.executable, "-c", CURATE, str(store), *script[done:]], cwd=ROOT, check=True
            )
            equal = state_of(store) == want_state
            ok = validates(store, args.quick or i % args.validate_every != 0)
            curation_rounds.append(
                {
                    "delay": round(delay, 2),
                    "killed": killed,
                    "actions_done_at_kill": done,
                    "in_step": in_step,
                    "equal_after": equal,
                    "validates": ok,
                }
            )
            print("curation", curation_rounds[-1], flush=True)
            shutil.rmtree(store)
        report.update(
            ingest_seconds=round(duration, 2),
            curation_seconds=round(curation_time, 2),
            ingest=ingest_rounds,
            curation=curation_rounds,
        )
        failures = [
            r
            for r in [*ingest_rounds, *curation_rounds]
            if not (
                r.get("in_step_or_marked", r.get("in_step")) and r["equal_after"] and r["validates"]
            )
        ]
        report["failures"] = len(failures)
        print(json.dumps(report, indent=1))
        sys.exit(1 if failures else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
