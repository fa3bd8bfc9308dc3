"""`ekg validate`: SHACL shapes over the union of all graphs, HermiT on the ontology
plus the lexicon, and the knowledge graph against the claims of the paper graphs and
the curation (what a write cut short would leave wrong). Each violation names the shape,
the focus node and the spec section."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from ontology.reasoning import check_consistency
from ontology.resources import ontology_graph, shapes_graph
from ontology.vocab import LEXICON_GRAPH

from .knowledge import knowledge_differences
from .papers import pending_writes
from .store import Store

SHACL_SPEC = "https://www.w3.org/TR/shacl/#"
COMPONENT_SPEC = {
    "MinCountConstraintComponent": "MinCountConstraintComponent",
    "MaxCountConstraintComponent": "MaxCountConstraintComponent",
    "DatatypeConstraintComponent": "DatatypeConstraintComponent",
    "InConstraintComponent": "InConstraintComponent",
    "ClassConstraintComponent": "ClassConstraintComponent",
    "NodeKindConstraintComponent": "NodeKindConstraintComponent",
    "PatternConstraintComponent": "PatternConstraintComponent",
}


@dataclass
class Violation:
    shape: str
    focus: str
    path: str
    message: str
    component: str

    def line(self) -> str:
        link = SHACL_SPEC + COMPONENT_SPEC.get(self.component, "core-components")
        where = f" {self.path}" if self.path else ""
        return f"{self.shape}: {self.focus}{where}: {self.message} ({link})"


@dataclass
class ValidationReport:
    violations: list[Violation] = field(default_factory=list)
    inconsistencies: list[str] = field(default_factory=list)
    knowledge: list[str] = field(default_factory=list)  # knowledge graph vs claims
    triples: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations and not self.inconsistencies and not self.knowledge

    def lines(self) -> list[str]:
        out = [v.line() for v in self.violations[:200]]
        if len(self.violations) > 200:
            out.append(f"… and {len(self.violations) - 200} more violations")
        out += [f"OWL (HermiT): {text}" for text in self.inconsistencies]
        out += [f"knowledge graph: {text}" for text in self.knowledge]
        verdict = "conforms" if self.ok else "does not conform"
        out.append(
            f"{self.triples} triples checked against the SHACL shapes: "
            f"{len(self.violations)} violations; ontology + lexicon under HermiT: "
            f"{'consistent' if not self.inconsistencies else 'INCONSISTENT'}; knowledge graph vs "
            f"claims: {'in step' if not self.knowledge else 'OUT OF STEP'}; the store {verdict}"
        )
        return out


def _short(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text


def shacl_violations(data: Graph) -> list[Violation]:
    conforms, results, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    if conforms:
        return []
    found = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):

        def value(p: object, r: object = result) -> str:
            v = results.value(r, p)
            return "" if v is None else str(v)

        found.append(
            Violation(
                shape=_short(value(SH.sourceShape)),
                focus=value(SH.focusNode),
                path=_short(value(SH.resultPath)),
                message=value(SH.resultMessage),
                component=_short(value(SH.sourceConstraintComponent)),
            )
        )
    return sorted(found, key=lambda v: (v.shape, v.focus))


def validate_store(store: Store) -> ValidationReport:
    data = Graph()
    data.parse(data=store.dump("nt").decode("utf-8"), format="nt")
    lexicon = Graph()
    lexicon.parse(data=store.dump("nt", graph=str(LEXICON_GRAPH)).decode("utf-8"), format="nt")
    return ValidationReport(
        violations=shacl_violations(data),
        inconsistencies=check_consistency(lexicon),
        knowledge=knowledge_problems(store),
        triples=len(data),
    )


def knowledge_problems(store: Store) -> list[str]:
    """How the knowledge graph departs from the live claims; empty when in step."""
    problems = []
    missing, extra, examples = knowledge_differences(store)
    if missing or extra:
        problems.append(
            f"{missing} triples claimed but missing, {extra} present but not claimed; "
            "run `ekg ingest` again on the papers (or `ekg import`) to rebuild it"
        )
        problems += [f"  {e}" for e in examples]
    for graph in pending_writes(store):
        problems.append(f"the write of <{graph}> did not finish; `ekg ingest` repairs it")
    return problems
