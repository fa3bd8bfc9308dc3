"""networkx views of the example graph: centrality, a path between two constructs,
communities, served by the API; GraphML export that network tools read back."""

from __future__ import annotations

import networkx as nx

from graph.network import build_network
from graph.oxigraph_store import OxigraphStore
from graph.views import communities, network_summary, path_between, projection
from tests.conftest import EXAMPLES, Server, ekg

C = "https://w3id.org/evidence-kg/id/construct/"


def test_views_of_the_example_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store_dir = tmp_path / "store"
    ekg("ingest", str(EXAMPLES), store=store_dir)
    store = OxigraphStore(str(store_dir))
    try:
        g = build_network(store)
    finally:
        store.close()
    p = projection(g)
    assert {a["kind"] for _, a in p.nodes(data=True)} == {"construct", "instrument", "intervention"}
    steps = path_between(p, C + "self-compassion", C + "empathy")
    assert steps[0]["label"] == "self-compassion" and steps[-1]["label"] == "empathy"
    assert all(s["via"] for s in steps[1:])
    summary = network_summary(g)
    assert summary["central"][0]["betweenness"] >= summary["central"][-1]["betweenness"]
    groups = communities(p)
    assert groups and len(groups[0]) >= len(groups[-1])


def test_network_api_and_graphml(example_server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with example_server.client() as c:
        path = c.get(
            "/api/network/path", params={"source": C + "self-compassion", "target": C + "empathy"}
        )
        assert path.status_code == 200 and len(path.json()) >= 2
        missing = c.get(
            "/api/network/path", params={"source": C + "nothing", "target": C + "empathy"}
        )
        assert missing.status_code == 404
        assert c.get("/api/network/summary").json()["nodes"] > 10
    out = ekg("export", "--format", "graphml", store=example_server.store).stdout
    (tmp_path / "g.graphml").write_text(out)
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.number_of_nodes() > 50 and g.number_of_edges() > 50
