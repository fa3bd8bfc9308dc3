"""`ekg import`: RDF files into the store, bulk-loaded when the store is ours alone.

On an embedded store this command holds (no `ekg serve` on it), each file is first read
through once to check it parses (streaming: memory does not grow with the file), then
handed to Oxigraph's bulk loader, which writes sorted runs straight to RocksDB instead
of one huge transaction: about 2.5x faster and half the memory of `Store.load` at a
million quads (docs/benchmarks.md). The bulk loader is not atomic, which is why the
check comes first: a file that does not parse is refused with its line and column and
nothing of it is written. A store that holds nothing but the ontology and lexicon (a new
one) skips the check: if the file breaks, the store is emptied and seeded again. The
knowledge graph is then recomputed and bulk-written: into a new store, from the claim
lines of N-Quads files, read in a thread while the bulk loader runs
(`graph/claim_lines.py`); otherwise from a SELECT of the live claims (a third of the
time of the one-transaction `rebuild_all` at a million quads). Through a server, or on
another backend, the file goes in as one transaction (`Store.load`) and `rebuild_all`
follows.

    import_files(store, [Path("dump.nq")], on_loaded=print)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ontology.errors import InputError
from ontology.vocab import LEXICON_GRAPH, ONTOLOGY_GRAPH

from .claim_lines import LINE_FORMATS, ClaimLines, live_triples
from .formats import format_for_path
from .knowledge import LIVE_CLAIM, rebuild_all
from .knowledge import K as KNOWLEDGE
from .oxigraph_store import OxigraphStore
from .seed import ensure_seeded
from .store import Store


def check_parses(path: Path, fmt: ox.RdfFormat) -> int:
    """The number of quads in the file; InputError naming the file and position if not RDF."""
    try:
        return sum(1 for _ in ox.parse(path=str(path), format=fmt))
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {fmt.name}: {exc}") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read it: {exc}") from exc


def import_files(
    store: Store, files: list[Path], on_loaded: Callable[[Path], None] | None = None
) -> None:
    """Load each file (format from its suffix), then recompute the knowledge graph."""
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise InputError(f"no such file: {', '.join(missing)}")
    formats = [format_for_path(str(f)) for f in files]
    bulk = isinstance(store, OxigraphStore) and store.path is not None
    # the claims of files loaded into a new store, read from their lines (None: ask the
    # store once they are loaded)
    new = bulk and isinstance(store, OxigraphStore) and holds_only_seeds(store)
    claims: list[bytes] | None = [] if new else None
    for f, fmt in zip(files, formats, strict=True):
        if bulk:
            assert isinstance(store, OxigraphStore)
            claims = _bulk_load(store, f, fmt, claims)
        else:
            try:
                store.load(f.read_bytes(), fmt.media_type)
            except Exception as exc:
                raise InputError(f"{f}: {getattr(exc, 'message', exc)}") from exc
        if on_loaded is not None:
            on_loaded(f)
    ensure_seeded(store)  # an export carries the ontology's blank nodes: load it once
    if bulk:
        assert isinstance(store, OxigraphStore)
        live = None if claims is None else live_triples(store.native, claims)
        rebuild_knowledge_in_bulk(store.native, live)
    else:
        rebuild_all(store)


def holds_only_seeds(store: OxigraphStore) -> bool:
    """True while the store holds nothing but the ontology and lexicon graphs."""
    native, seeds = store.native, {str(ONTOLOGY_GRAPH), str(LEXICON_GRAPH)}
    others = [
        g for g in native.named_graphs() if not (isinstance(g, ox.NamedNode) and g.value in seeds)
    ]
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph(), *others]
    return all(
        next(iter(native.quads_for_pattern(None, None, None, g)), None) is None for g in graphs
    )


def _bulk_load(
    store: OxigraphStore, f: Path, fmt: ox.RdfFormat, claims: list[bytes] | None
) -> list[bytes] | None:
    """Bulk-load one file, writing nothing of it if it does not parse: a store that holds
    only the seeds is emptied and seeded again on failure, saving the parse check (about
    a tenth of the import at 1M quads); any other store is checked first. Returns the
    claims so far with this file's added (`graph.claim_lines`), or None once the store
    must be asked for them (it held more than the seeds, or a file is not line-based)."""
    fresh = holds_only_seeds(store)
    if not fresh:
        check_parses(f, fmt)
    picker = ClaimLines(f) if claims is not None and fmt in LINE_FORMATS else None
    try:
        store.native.bulk_load(path=str(f), format=fmt)
    except (SyntaxError, OSError) as exc:
        if picker is not None:
            picker.cancel()
        if fresh:
            store.native.clear()
            ensure_seeded(store)
        if isinstance(exc, SyntaxError):
            raise InputError(f"{f}: not valid {fmt.name}: {exc}") from exc
        raise InputError(f"{f}: {exc}") from exc
    picked = None if picker is None else picker.result()
    return None if claims is None or picked is None else claims + picked


def rebuild_knowledge_in_bulk(native: ox.Store, triples: set[str] | None = None) -> None:
    """What `rebuild_all` computes, written without one big transaction (for a store this
    process holds alone); `triples` (N-Triples lines, no final dot) when they are known
    already (`live_triples`)."""
    graph = ox.NamedNode(KNOWLEDGE)
    native.remove_graph(graph)
    if triples is not None:
        text = "".join(f"{t} <{KNOWLEDGE}> .\n" for t in triples)
        native.bulk_load(input=text.encode(), format=ox.RdfFormat.N_QUADS)
        return
    live = native.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {LIVE_CLAIM} }}")
    assert isinstance(live, ox.QuerySolutions)
    found = {(row["s"], row["p"], row["o"]) for row in live}  # blank nodes kept as they are
    native.bulk_extend(ox.Quad(s, p, o, graph) for s, p, o in found)
