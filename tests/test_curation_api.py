"""The curation API on a real server over a real store: decisions survive re-ingest
through `ekg ingest`, concurrent edits are refused with 412, tokens never leak."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLES, Server, ekg, start_server, stop_server

PILOT = "pilot_loving_kindness_residents"
EKG = "https://w3id.org/evidence-kg/ontology#"
KNOWLEDGE = "https://w3id.org/evidence-kg/graph/knowledge"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
JSON = {"Accept": "application/sparql-results+json"}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sparql(client: httpx.Client, query: str) -> dict[str, object]:
    r = client.post("/sparql", data={"query": query}, headers=JSON)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def term(t: dict[str, str]) -> str:
    if t["kind"] == "iri":
        return f"<{t['value']}>"
    text = '"' + t["value"].replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text + (f"@{t['language']}" if t["language"] else f"^^<{t['datatype']}>")


def asserted(client: httpx.Client, s: str, p: str, o: str) -> bool:
    return bool(sparql(client, f"ASK {{ GRAPH <{KNOWLEDGE}> {{ <{s}> <{p}> {o} }} }}")["boolean"])


def claim_count(client: httpx.Client, claim: dict[str, object]) -> int:
    s, p, o = claim["subject"], claim["predicate"], claim["object"]
    data = sparql(
        client,
        f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c <{EKG}claimSubject> "
        f"<{s['value']}> ; <{EKG}claimPredicate> <{p['value']}> ; "  # type: ignore[index]
        f"<{EKG}claimObject> {term(o)} }} }}",  # type: ignore[arg-type]
    )
    return int(data["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]


def pick(client: httpx.Client, predicate: str, paper: str = PILOT) -> dict[str, object]:
    """A claim of `predicate` in `paper` whose triple no other claim asserts."""
    params = {"paper": paper, "predicate": EKG + predicate, "limit": 100}
    r = client.get("/api/curation/queue", params=params)
    assert r.status_code == 200, r.text
    for claim in r.json()["items"]:
        if claim_count(client, claim) == 1:
            return claim  # type: ignore[no-any-return]
    raise AssertionError(f"no single {predicate} claim in {paper}")


def triple(claim: dict[str, object]) -> tuple[str, str, str]:
    return claim["subject"]["value"], claim["predicate"]["value"], term(claim["object"])  # type: ignore[index,arg-type]


def integer(value: str) -> dict[str, str]:
    return {"kind": "literal", "value": value, "datatype": XSD_INTEGER}


def ingested_at(client: httpx.Client) -> str:
    data = sparql(
        client,
        f"SELECT ?t WHERE {{ GRAPH <https://w3id.org/evidence-kg/graph/paper/{PILOT}> "
        f"{{ ?a a <{EKG}IngestActivity> ; <http://www.w3.org/ns/prov#endedAtTime> ?t }} }}",
    )
    return str(data["results"]["bindings"][0]["t"]["value"])  # type: ignore[index]


def test_decisions_survive_re_ingest_through_the_running_server(
    tmp_path: Path, server_factory: Callable[..., Server]
) -> None:
    store = tmp_path / "store"
    ekg("ingest", str(EXAMPLES), store=store)
    token = ekg("token", "create", "alice", "--role", "curator", store=store).stdout.strip()
    server = server_factory(store)
    with server.client(headers=auth(token)) as c:
        rejected, edited = pick(c, "citation"), pick(c, "sampleSize")
        r = c.post(
            f"/api/claims/{rejected['key']}/reject",
            json={"comment": "the citation belongs to another scale"},
            headers={"If-Match": rejected["etag"]},  # type: ignore[dict-item]
        )
        assert r.status_code == 200, r.text
        r = c.post(
            f"/api/claims/{edited['key']}/edit",
            json={"object": integer("23"), "comment": "the methods section says 23"},
            headers={"If-Match": edited["etag"]},  # type: ignore[dict-item]
        )
        assert r.status_code == 200, r.text
        study = edited["subject"]["value"]  # type: ignore[index]
        follow = {"kind": "literal", "value": "3 months"}
        r = c.post(
            "/api/claims",
            json={
                "subject": study,
                "predicate": EKG + "followUp",
                "object": follow,
                "comment": "stated in the discussion",
                "paper": PILOT,
            },
        )
        assert r.status_code == 201, r.text
        added = r.json()["claims"][0]
        assert r.headers["Location"] == f"/api/claims/{added['key']}"

        first = ingested_at(c)
        ekg("ingest", str(EXAMPLES / f"{PILOT}.txt"), store=store)
        assert ingested_at(c) != first  # the paper's graph was rebuilt

        assert c.get(f"/api/claims/{rejected['key']}").json()["status"] == "rejected"
        assert c.get(f"/api/claims/{edited['key']}").json()["status"] == "edited"
        assert c.get(f"/api/claims/{added['key']}").json()["status"] == "curator-added"
        assert not asserted(c, *triple(rejected))
        assert not asserted(c, *triple(edited))
        assert asserted(c, study, EKG + "sampleSize", f'"23"^^<{XSD_INTEGER}>')
        assert asserted(c, study, EKG + "followUp", '"3 months"')

        history = c.get("/api/history").json()
        got = {(e["type"], e["curator"], e["comment"]) for e in history["entries"]}
        assert got == {
            ("reject", "alice", "the citation belongs to another scale"),
            ("edit", "alice", "the methods section says 23"),
            ("add", "alice", "stated in the discussion"),
        }
        [entry] = c.get(f"/api/claims/{rejected['key']}/history").json()
        assert entry["curator"] == "alice" and entry["targets"][0]["key"] == rejected["key"]


def test_two_concurrent_edits_one_wins_the_other_gets_412_and_nothing_is_lost(
    tmp_path: Path, server_factory: Callable[..., Server]
) -> None:
    store = tmp_path / "store"
    ekg("ingest", str(EXAMPLES / f"{PILOT}.txt"), store=store)
    tokens = {
        name: ekg("token", "create", name, "--role", "curator", store=store).stdout.strip()
        for name in ("alice", "bob")
    }
    server = server_factory(store)
    with server.client() as c:
        claim = pick(c, "sampleSize")
    s, p = claim["subject"]["value"], claim["predicate"]["value"]  # type: ignore[index]
    values = {"alice": "23", "bob": "24"}
    barrier = threading.Barrier(2)

    def edit(name: str) -> httpx.Response:
        with server.client(headers=auth(tokens[name])) as client:
            barrier.wait()
            return client.post(
                f"/api/claims/{claim['key']}/edit",
                json={"object": integer(values[name]), "comment": f"{name} read it again"},
                headers={"If-Match": claim["etag"]},  # type: ignore[dict-item]
            )

    with ThreadPoolExecutor(2) as pool:
        answers = dict(zip(values, pool.map(edit, values), strict=True))
    assert sorted(r.status_code for r in answers.values()) == [200, 412]
    winner = next(n for n, r in answers.items() if r.status_code == 200)
    loser = next(n for n in values if n != winner)
    assert answers[loser].json()["error"] == "ConflictError"
    assert "changed since you loaded it" in answers[loser].json()["message"]

    with server.client(headers=auth(tokens[loser])) as c:
        assert asserted(c, s, p, f'"{values[winner]}"^^<{XSD_INTEGER}>')
        assert not asserted(c, s, p, f'"{values[loser]}"^^<{XSD_INTEGER}>')
        history = c.get(f"/api/claims/{claim['key']}/history").json()
        assert [(e["type"], e["curator"]) for e in history] == [("edit", winner)]
        fresh = c.get(f"/api/claims/{claim['key']}")
        assert fresh.headers["ETag"] == fresh.json()["etag"] != claim["etag"]
        retry = c.post(
            f"/api/claims/{claim['key']}/edit",
            json={"object": integer(values[loser]), "comment": f"{loser} read it again"},
            headers={"If-Match": fresh.headers["ETag"]},
        )
        assert retry.status_code == 200, retry.text
        history = c.get(f"/api/claims/{claim['key']}/history").json()
        assert [(e["type"], e["curator"]) for e in history] == [("edit", loser), ("edit", winner)]
        winners_claim = answers[winner].json()["claims"]
        made = next(x for x in winners_claim if x["method"] == "CuratorMade")
        assert c.get(f"/api/claims/{made['key']}").json()["status"] == "edited"  # kept


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    store = tmp_path_factory.mktemp("curated") / "store"
    ekg("ingest", str(EXAMPLES), store=store)
    tokens = {
        role: ekg("token", "create", f"{role}-1", "--role", role, store=store).stdout.strip()
        for role in ("reader", "curator")
    }
    server = start_server(store)
    yield server, tokens
    stop_server(server)


def test_writes_need_a_curator_and_an_if_match(curated: tuple[Server, dict[str, str]]) -> None:
    server, tokens = curated
    with server.client() as c:
        claim = pick(c, "citation", "review_mindfulness_nurses")
        url = f"/api/claims/{claim['key']}/accept"
        assert c.post(url, headers={"If-Match": claim["etag"]}).status_code == 401  # type: ignore[dict-item]
        reader = c.post(url, headers={**auth(tokens["reader"]), "If-Match": claim["etag"]})  # type: ignore[dict-item]
        assert reader.status_code == 403
        missing = c.post(url, headers=auth(tokens["curator"]))
        assert missing.status_code == 428 and "If-Match" in missing.json()["message"]
        stale = c.post(url, headers={**auth(tokens["curator"]), "If-Match": '"stale"'})
        assert stale.status_code == 412
        no_reason = c.post(
            f"/api/claims/{claim['key']}/reject",
            json={"comment": ""},
            headers={**auth(tokens["curator"]), "If-Match": claim["etag"]},  # type: ignore[dict-item]
        )
        assert no_reason.status_code == 400 and "reason" in no_reason.json()["message"]
        ok = c.post(url, headers={**auth(tokens["curator"]), "If-Match": claim["etag"]})  # type: ignore[dict-item]
        assert ok.status_code == 200 and ok.headers["ETag"] != claim["etag"]
        assert ok.json()["claims"][0]["status"] == "accepted"
        assert c.get("/api/claims/nope/0").status_code == 404


def test_merge_split_and_retract_over_http(curated: tuple[Server, dict[str, str]]) -> None:
    server, tokens = curated
    keep = "https://w3id.org/evidence-kg/id/construct/empathy"
    with server.client(headers=auth(tokens["curator"])) as c:
        outcome = "<https://w3id.org/evidence-kg/ontology#outcome>"
        outcomes = sparql(c, f"SELECT DISTINCT ?o WHERE {{ ?f {outcome} ?o }}")
        absorb = next(  # an outcome the extractor named its own way ('clinical empathy')
            v["o"]["value"]
            for v in outcomes["results"]["bindings"]  # type: ignore[index]
            if "empathy" in v["o"]["value"] and v["o"]["value"] != keep
        )
        plan = c.get("/api/entities/merge-plan", params={"keep": keep, "absorb": absorb})
        assert plan.status_code == 200 and plan.json()["moves"]
        body = {"keep": keep, "absorb": absorb, "comment": "extraction noise"}
        assert c.post("/api/entities/merge", json=body).status_code == 428
        merged = c.post(
            "/api/entities/merge", json=body, headers={"If-Match": plan.headers["ETag"]}
        )
        assert merged.status_code == 200, merged.text
        gone = f"ASK {{ GRAPH <{KNOWLEDGE}> {{ {{ <{absorb}> ?p ?o }} UNION {{ ?s ?p <{absorb}> }} }} }}"
        assert sparql(c, gone)["boolean"] is False
        node = c.get("/api/entities", params={"iri": absorb})
        assert node.json()["merged_into"] == keep
        split = c.post(
            "/api/entities/split",
            json={"entity": absorb, "comment": "keep it apart"},
            headers={"If-Match": node.headers["ETag"]},
        )
        assert split.status_code == 200, split.text
        assert sparql(c, gone)["boolean"] is True

        paper = "rct_self_compassion_midwives"
        detail = c.get(f"/api/papers/{paper}")
        retracted = c.post(
            f"/api/papers/{paper}/retract",
            json={"comment": "retracted by the journal"},
            headers={"If-Match": detail.headers["ETag"]},
        )
        assert retracted.status_code == 200, retracted.text
        claims = f'ASK {{ GRAPH ?g {{ ?c <http://purl.org/dc/terms/source> ?p ; <{EKG}claimSubject> ?s ; <{EKG}claimPredicate> ?q ; <{EKG}claimObject> ?o }} GRAPH <{KNOWLEDGE}> {{ ?s ?q ?o }} ?p <http://purl.org/dc/terms/identifier> "{paper}" FILTER NOT EXISTS {{ GRAPH ?h {{ ?c2 <{EKG}claimSubject> ?s ; <{EKG}claimPredicate> ?q ; <{EKG}claimObject> ?o ; <http://purl.org/dc/terms/source> ?other }} FILTER(?other != ?p) }} }}'
        assert sparql(c, claims)["boolean"] is False
        action = retracted.json()["action"]
        restored = c.post(
            f"/api/actions/{action['key']}/revert",
            json={"comment": "wrong paper"},
            headers={"If-Match": action["etag"]},
        )
        assert restored.status_code == 200, restored.text
        assert sparql(c, claims)["boolean"] is True
        again = c.post(
            f"/api/actions/{action['key']}/revert",
            json={"comment": "twice"},
            headers={"If-Match": action["etag"]},
        )
        assert again.status_code == 412


def test_the_api_is_documented_in_openapi(curated: tuple[Server, dict[str, str]]) -> None:
    server, _ = curated
    with server.client() as c:
        spec = c.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/curation/queue",
        "/api/claims/{paper}/{digest}/accept",
        "/api/claims/{paper}/{digest}/reject",
        "/api/claims/{paper}/{digest}/edit",
        "/api/claims",
        "/api/entities/merge",
        "/api/actions/{key}/revert",
        "/api/history",
        "/api/papers/{paper_id}/retract",
    ):
        assert path in paths, path
    reject = paths["/api/claims/{paper}/{digest}/reject"]["post"]
    assert {"412", "428"} <= set(reject["responses"])
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in reject["parameters"])
    queue = {p["name"] for p in paths["/api/curation/queue"]["get"]["parameters"]}
    assert {"paper", "type", "status", "min_confidence", "max_confidence"} <= queue
    assert {"ClaimOut", "EditIn", "ActionOut", "QueueOut"} <= set(spec["components"]["schemas"])


def test_tokens_never_appear_in_logs_or_in_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ekg("ingest", str(EXAMPLES / f"{PILOT}.txt"), store=store)
    token = ekg("token", "create", "alice", "--role", "curator", store=store).stdout.strip()
    assert token.startswith("ekg_") and len(token) > 30
    server = start_server(store)
    try:
        with server.client(headers=auth(token)) as c:
            claim = pick(c, "citation")
            r = c.post(
                f"/api/claims/{claim['key']}/reject",
                json={"comment": "wrong"},
                headers={"If-Match": claim["etag"]},  # type: ignore[dict-item]
            )
            assert r.status_code == 200
            assert c.get("/api/me").json() == {"name": "alice", "role": "curator"}
            wrong = c.get("/api/me", headers=auth(token + "x"))
            assert wrong.status_code == 401 and token not in wrong.text
            dump = ekg("export", "--format", "nq", store=store).stdout
            assert "curator/alice" in dump  # the dump holds the curation graph
    finally:
        stop_server(server)
    port = server.url.rsplit(":", 1)[1]
    log = (store.parent / f"server-{port}.log").read_text(errors="replace")
    assert "/reject" in log  # the log is the server's access log
    assert token not in log and token[4:] not in log
    assert token not in dump and token[4:] not in dump
    for path in store.rglob("*"):
        if path.is_file():
            assert token[4:].encode() not in path.read_bytes(), path
