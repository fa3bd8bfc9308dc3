"""The explorer's and the evidence pages' JSON over the example papers: neighbourhoods,
filters, the side panel, the evidence view, the gap map, and errors a user can act on."""

from __future__ import annotations

import csv
import io

from tests.conftest import Server

SC = "https://w3id.org/evidence-kg/id/construct/self-compassion"


def test_neighbourhood_filters_and_side_panel(example_server: Server) -> None:
    with example_server.client() as c:
        hits = c.get("/api/explorer/search", params={"q": "self-comp"}).json()
        assert hits[0]["label"] in ("self-compassion", "SCS") and SC in [h["id"] for h in hits]
        near = c.get("/api/explorer/graph", params={"focus": SC}).json()
        kinds = {n["kind"] for n in near["nodes"]}
        assert {"construct", "instrument", "study"} <= kinds
        assert any(n["focus"] for n in near["nodes"])
        only = c.get("/api/explorer/graph", params={"focus": SC, "kinds": "instrument"}).json()
        assert {n["kind"] for n in only["nodes"] if not n["focus"]} == {"instrument"}
        up = c.get("/api/explorer/graph", params={"focus": SC, "direction": "increase"}).json()
        down = c.get("/api/explorer/graph", params={"focus": SC, "direction": "decrease"}).json()
        studies = lambda d: {n["id"] for n in d["nodes"] if n["kind"] == "study"}  # noqa: E731
        assert studies(up) and studies(down) < studies(up) | studies(down)
        bad = c.get("/api/explorer/graph", params={"focus": SC, "kinds": "paper"})
        assert bad.status_code == 400 and "construct" in bad.json()["message"]
        gone = c.get("/api/explorer/graph", params={"focus": SC + "-nope"})
        assert gone.status_code == 404 and "search" in gone.json()["message"]
        panel = c.get("/api/explorer/node", params={"iri": SC}).json()
        assert "SCS" in [i["label"] for i in panel["instruments"]]
        assert panel["findings"] and all("claim" in f for f in panel["findings"])
        numbers = panel["findings"][0]["stats"]
        assert {s["mark"] for s in numbers.values()} <= {"reported", "not reported"}


def test_evidence_and_gap_map(example_server: Server) -> None:
    with example_server.client() as c:
        ev = c.get("/api/evidence", params={"construct": SC}).json()
        assert ev["summary"]["studies"] >= 2 and ev["measures"]["instruments"]
        computed = [f for f in ev["findings"] if f["effect"]]
        assert computed and all(f["effect"]["citation"] for f in computed)
        assert all(f["no_effect_reason"] for f in ev["findings"] if not f["effect"])
        assert c.get("/api/evidence").status_code == 400
        assert {f["status"] for f in ev["findings"]} == {"extracted"}, "nobody has reviewed yet"
        reviewed = c.get("/api/evidence", params={"construct": SC, "status": "reviewed"}).json()
        assert reviewed["findings"] == [] and reviewed["summary"]["studies"] == 0
        odd = c.get("/api/evidence", params={"construct": SC, "status": "approved"})
        assert odd.status_code == 400 and "accepted" in odd.json()["message"]
        bad = c.get("/api/evidence", params={"construct": SC, "design": "rct"})
        assert bad.status_code == 400 and "randomised-controlled" in bad.json()["message"]
        notiri = c.get("/api/evidence", params={"construct": "self compassion"})
        assert notiri.status_code == 400 and "IRI" in notiri.json()["message"]
        m = c.get("/api/map").json()
        assert m["cells"] and m["interventions"] and m["constructs"]
        rows = list(csv.DictReader(io.StringIO(c.get("/map.csv").text)))
        assert rows and {"intervention", "construct", "studies", "total_n", "weight"} <= set(
            rows[0]
        )
        first = ev["findings"][0]
        page = c.get("/quote", params={"claim": first["claim"]})
        assert page.status_code == 200 and "<mark" in page.text
        study = c.get("/study", params={"iri": first["study"]["iri"]})
        assert study.status_code == 200 and first["study"]["label"] in study.text
        assert (
            'id="papers"' in study.text
            and "not recorded" not in study.text.split('id="papers"')[1][:80]
        )
        paper = c.get("/paper", params={"id": first["study"]["papers"][0]})
        assert paper.status_code == 200 and first["study"]["label"] in paper.text
        assert c.get("/paper", params={"id": "no-such-paper"}).status_code == 404


def test_a_curator_decision_shows_in_the_evidence_view_at_once(tmp_path, server_factory) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import EXAMPLES, ekg

    store = tmp_path / "store"
    ekg("ingest", str(EXAMPLES), store=store)
    token = ekg("token", "create", "carol", "--role", "curator", store=store).stdout.strip()
    server = server_factory(store)
    with server.client() as c:
        before = c.get("/api/evidence", params={"construct": SC}).json()  # now cached
        claim_iri = before["findings"][0]["claim"]
        key = claim_iri.split("/claim/", 1)[1]
        claim = c.get(f"/api/claims/{key}").json()
        ok = c.post(
            f"/api/claims/{key}/accept",
            headers={"Authorization": f"Bearer {token}", "If-Match": claim["etag"]},
        )
        assert ok.status_code == 200, ok.text
        accepted = c.get("/api/evidence", params={"construct": SC, "status": "accepted"}).json()
        assert [f["claim"] for f in accepted["findings"]] == [claim_iri]
        panel = c.get("/api/explorer/node", params={"iri": SC}).json()
        assert "accepted" in {f["status"] for f in panel["findings"]}
