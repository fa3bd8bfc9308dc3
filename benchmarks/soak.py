"""Load and soak: many clients for a while against a real server on loopback, mixing
queries, runaway queries and curator writes.

    python benchmarks/soak.py                       # 50 clients, 60 s (docs/reliability.md)
    python benchmarks/soak.py --clients 10 --seconds 15

Reports, per kind of request, the answers by status; the 5xx that are not a deliberate
503/504 (want 0); writes acknowledged but missing afterwards (want 0); the server's
memory (its process plus the query workers and the engine sandbox, RSS sampled each
second: start, peak, end); and normal-query throughput under load as a ratio to one
client alone, measured in the same run. Loopback only; bounded by --seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.conftest import EXAMPLES, start_server, stop_server  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from servers import ekg_cli, tree  # noqa: E402

NORMAL = [
    (ROOT / "queries" / name).read_text()
    for name in ("studies-per-construct.rq", "instruments-per-construct.rq")
] + [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50",
    "ASK { ?s a <https://w3id.org/evidence-kg/ontology#Study> }",
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SOAK_P = "http://soak.example/p"


def rss_kib(pid: int) -> int:
    """RSS of the process and its children (query workers, engine sandbox), KiB."""
    total = 0
    for p in tree(pid):
        try:
            for line in (Path("/proc") / str(p) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def normal_rate(url: str, seconds: float) -> float:
    done, end = 0, time.monotonic() + seconds
    with httpx.Client(base_url=url, timeout=60) as c:
        while time.monotonic() < end:
            c.post("/sparql", data={"query": NORMAL[done % len(NORMAL)]}).raise_for_status()
            done += 1
    return done / seconds


LONG_SUM = "SELECT (" + "+".join(["1"] * 7000) + " AS ?x) {}"


def under_attack(url: str, seconds: float) -> tuple[float, Counter[int]]:
    """Normal-query rate of one client while four others send the 7,000-term sum that
    used to crash a query worker each time (issue 12); and the attackers' answers."""
    stop = time.monotonic() + seconds
    answers: Counter[int] = Counter()
    lock = threading.Lock()

    def attack() -> None:
        with httpx.Client(base_url=url, timeout=60) as c:
            while time.monotonic() < stop:
                code = c.post("/sparql", data={"query": LONG_SUM}).status_code
                with lock:
                    answers[code] += 1

    threads = [threading.Thread(target=attack) for _ in range(4)]
    for t in threads:
        t.start()
    rate = normal_rate(url, seconds)
    for t in threads:
        t.join()
    return rate, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ekg-soak-"))
    store = work / "store"
    ekg_cli(store, "ingest", str(EXAMPLES))
    token = ekg_cli(store, "token", "create", "soak", "--role", "curator").strip()
    server = start_server(store, env={"EKG_QUERY_TIMEOUT": "2", "EKG_MAX_ROWS": "1000000"})
    auth = {"Authorization": f"Bearer {token}"}
    try:
        baseline = normal_rate(server.url, 5)
        attacked, attack_answers = under_attack(server.url, 5)
        statuses: dict[str, Counter[int]] = {
            k: Counter() for k in ("normal", "runaway", "update", "gsp")
        }
        latency: list[float] = []
        acknowledged: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds
        memory: list[int] = [rss_kib(server.process.pid)]

        def sample() -> None:
            while time.monotonic() < stop:
                memory.append(rss_kib(server.process.pid))
                time.sleep(1)

        def client(n: int) -> None:
            rng = random.Random(args.seed * 1000 + n)
            i = 0
            with httpx.Client(base_url=server.url, timeout=120) as c:
                while time.monotonic() < stop:
                    i += 1
                    roll = rng.random()
                    subject = f"http://soak.example/t/{n}/{i}"
                    start = time.monotonic()
                    kind = "normal"
                    try:
                        if roll < 0.70:
                            kind = "normal"
                            r = c.post("/sparql", data={"query": rng.choice(NORMAL)})
                        elif roll < 0.80:
                            kind = "runaway"
                            r = c.post("/sparql", data={"query": RUNAWAY, "timeout": "1"})
                        elif roll < 0.90:
                            kind = "update"
                            r = c.post(
                                "/sparql",
                                data={
                                    "update": f"INSERT DATA {{ GRAPH <http://soak.example/g> {{ <{subject}> <{SOAK_P}> {i} }} }}"
                                },
                                headers=auth,
                            )
                        else:
                            kind = "gsp"
                            r = c.post(
                                "/store",
                                params={"graph": "http://soak.example/gsp"},
                                content=f"<{subject}> <{SOAK_P}> {i} .",
                                headers={**auth, "Content-Type": "text/turtle"},
                            )
                        code = r.status_code
                    except httpx.HTTPError:
                        code = 0  # the connection failed: counted as dropped
                    with lock:
                        statuses[kind][code] += 1
                        if kind == "normal" and code == 200:
                            latency.append(time.monotonic() - start)
                        if kind in ("update", "gsp") and code in (200, 201, 204):
                            acknowledged.append(subject)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        sampler = threading.Thread(target=sample)
        for t in [*threads, sampler]:
            t.start()
        for t in [*threads, sampler]:
            t.join()
        memory.append(rss_kib(server.process.pid))
        with httpx.Client(base_url=server.url, timeout=120) as c:
            found = c.post(
                "/sparql",
                data={"query": f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s <{SOAK_P}> ?o }} }}"},
                headers={"Accept": "text/tab-separated-values"},
            )
            alive = c.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        stored = {line.strip("<>") for line in found.text.splitlines()[1:]}
        lost = [s for s in acknowledged if s not in stored]
        bad = sum(
            n
            for counts in statuses.values()
            for code, n in counts.items()
            if code >= 500 and code not in (503, 504) or code == 0
        )
        normal_ok = statuses["normal"][200]
        report = {
            "clients": args.clients,
            "seconds": args.seconds,
            "answers": {k: dict(sorted(v.items())) for k, v in statuses.items()},
            "unexpected_5xx_or_dropped": bad,
            "writes_acknowledged": len(acknowledged),
            "writes_lost": len(lost),
            "server_alive_after": alive and server.process.poll() is None,
            "rss_mib": {
                "start": round(memory[0] / 1024),
                "peak": round(max(memory) / 1024),
                "end": round(memory[-1] / 1024),
            },
            "normal_queries_per_s": {
                "one_client_alone": round(baseline, 1),
                "under_load": round(normal_ok / args.seconds, 1),
                "ratio": round(normal_ok / args.seconds / baseline, 2),
            },
            "long_expression_attack": {
                "attacker_answers": dict(attack_answers),
                "normal_queries_per_s": round(attacked, 1),
                "ratio_to_alone": round(attacked / baseline, 2),
            },
            "normal_latency_s": {
                "p50": round(statistics.median(latency), 3) if latency else None,
                "p95": round(statistics.quantiles(latency, n=20)[18], 3)
                if len(latency) > 20
                else None,
            },
        }
        print(json.dumps(report, indent=1))
        sys.exit(1 if bad or lost or not report["server_alive_after"] else 0)
    finally:
        stop_server(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
