"""`ekg evaluate`: precision, recall and F1 per category and per paper against gold
JSON files (schema in ../shared/gold/README.md), read back from the store's CSV tables.

Conventions of the dev sets (../shared/devgold/README.md), which gold files without
these fields never trigger:
- an intervention whose `role` says "background only" is neither wanted nor a false hit;
- a finding with a `finding_type` (baseline check, abstract summary, manipulation check,
  repeated test of one outcome) is not scored, and predicting it is not a false hit;
- a study's `n` is the number enrolled or randomised as the paper states it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from graph.store import Store
from graph.tables import table_rows
from ontology.errors import InputError
from ontology.lexicon import load_lexicon, normalise

from .evaluation_report import Evaluation, Score
from .study_keys import surname_key

STAT_KEYS = (
    "F",
    "df",
    "p",
    "partial_eta_sq",
    "d",
    "r",
    "pre_mean_treatment",
    "pre_sd_treatment",
    "post_mean_treatment",
    "post_sd_treatment",
    "pre_mean_control",
    "pre_sd_control",
    "post_mean_control",
    "post_sd_control",
)


def study_key(label: str) -> str:
    """'Shapiro et al. 2005' -> 'shapiro 2005'; 'Boellinghaus, under review' -> 'boellinghaus'."""
    match = re.search(r"(\d{4}[a-z]?)", label)
    first = re.split(r"\s+(?:et al\.?|and|&)\s+|,|\s+\d{4}", label.strip())[0]
    return f"{surname_key(first)} {match.group(1) if match else ''}".strip()


def _num(value: object) -> float | None:
    try:
        return float(str(value).replace("−", "-").lstrip("<>=≤≥ "))
    except ValueError:
        return None


def _same_number(gold: object, predicted: str) -> bool:
    if isinstance(gold, str) and not _num(gold):
        return normalise(gold) == normalise(predicted)
    g, p = _num(gold), _num(predicted)
    return g is not None and p is not None and abs(g - p) < 1e-9


def _match(
    category: str,
    gold: dict[str, str],
    predicted: dict[str, str],
    unwanted: frozenset[str] = frozenset(),
) -> Score:
    """Keys in `unwanted` are gold items the conventions leave out: neither a hit nor a
    false hit when predicted."""
    ignored = {k for k in predicted if k in unwanted and k not in gold}
    predicted = {k: v for k, v in predicted.items() if k not in ignored}
    score = Score(category, gold=len(gold), predicted=len(predicted), unscored=len(ignored))
    score.hits = len(set(gold) & set(predicted))
    score.misses = [gold[k] for k in gold if k not in predicted]
    score.false_hits = [predicted[k] for k in predicted if k not in gold]
    return score


QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def plain(name: str) -> str:
    """A name without the annotator's trailing note: 'Burnout Scale (ProQOL)' -> 'Burnout
    Scale', 'adverse reactions (flashbacks and dreams)' -> 'adverse reactions'."""
    return QUALIFIER.sub("", name) or name


def _term_key(abbrev: str | None, name: str | None) -> str:
    return normalise(abbrev) if abbrev else "name:" + normalise(plain(name or ""))


def _mentions(rows: list[dict[str, str]], paper: str, column: str) -> list[dict[str, str]]:
    return [r for r in rows if paper in r[column].split("; ")]


def background_only(item: dict[str, object]) -> bool:
    """An intervention the paper mentions only in its background ("mentioned in
    background only (Discussion)"); one "mentioned (Methods: …)" is still wanted."""
    return "background only" in str(item.get("role") or "").lower()


def _terms(gold: list[dict[str, object]], rows: list[dict[str, str]], category: str) -> Score:
    g: dict[str, str] = {}
    unwanted: set[str] = set()
    names: dict[str, str] = {}
    for item in gold:
        key = _term_key(item.get("abbrev"), item.get("name"))  # type: ignore[arg-type]
        names.setdefault(normalise(plain(str(item.get("name") or ""))), key)
        if background_only(item):
            unwanted.add(key)
            continue
        g[key] = f"{item.get('abbrev') or ''} {item.get('name') or ''}".strip()
    known = g.keys() | unwanted
    p: dict[str, str] = {}
    for r in rows:
        spellings = r["abbrev"].split("; ") if r["abbrev"] else [""]
        key = next(
            (k for k in (_term_key(a, r["name"]) for a in spellings) if k in g),
            None,
        ) or next(
            (k for k in (_term_key(a, r["name"]) for a in spellings) if k in known),
            _term_key(spellings[0], r["name"]),
        )
        if key not in known and normalise(plain(r["name"])) in names:
            key = names[normalise(plain(r["name"]))]
        p[key] = f"{r['abbrev']} {r['name']}".strip()
    return _match(category, g, p, frozenset(unwanted - g.keys()))


def canonical(construct: str) -> str:
    """The lexicon's name for a construct, so 'positive emotions' meets 'positive affect'."""
    construct = plain(construct)
    term = load_lexicon().lookup(construct, "construct")
    return normalise(term.label if term else construct)


def _finding_keys(study: str, construct: str, instrument: str, direction: str) -> set[str]:
    base = f"{study_key(study)}|{normalise(direction or 'none')}"
    keys = {f"{base}|c:{canonical(construct)}"} if construct else set()
    if instrument:
        keys.add(f"{base}|i:{normalise(instrument)}")
    return keys


def _pairs(
    gold: list[dict[str, object]], rows: list[dict[str, str]], taken: set[int]
) -> dict[int, int]:
    """One-to-one matches: the same construct first, then the same instrument alone;
    rows in `taken` are spoken for, and the rows matched here join them."""
    pairs: dict[int, int] = {}
    for strict in (True, False):
        for gi, gf in enumerate(gold):
            if gi in pairs:
                continue
            keys = _finding_keys(
                str(gf["study"]),
                str(gf.get("outcome_construct") or ""),
                str(gf.get("instrument") or ""),
                str(gf.get("direction") or ""),
            )
            candidates = []
            for ri, r in enumerate(rows):
                if ri in taken:
                    continue
                theirs = _finding_keys(r["study"], r["construct"], r["instrument"], r["direction"])
                shared = keys & theirs
                if shared and (not strict or any("|c:" in k for k in shared)):
                    candidates.append(ri)
            if candidates:  # of several, the one whose numbers agree with the gold's
                best = max(candidates, key=lambda ri: _agreeing(gf, rows[ri]))
                pairs[gi] = best
                taken.add(best)
    return pairs


def _agreeing(gold: dict[str, object], row: dict[str, str]) -> int:
    stats = gold.get("stats")
    if not isinstance(stats, dict):
        return 0
    return len([k for k, v in stats.items() if row.get(k) and _same_number(v, row[k])])


def _findings(every: list[dict[str, object]], rows: list[dict[str, str]]) -> tuple[Score, Score]:
    """Gold findings with a `finding_type` are matched after the scored ones, and the
    rows they take count neither as hits nor as false hits."""
    gold = [f for f in every if not f.get("finding_type")]
    taken: set[int] = set()
    pairs = _pairs(gold, rows, taken)
    used = set(taken)
    unscored = set(_pairs([f for f in every if f.get("finding_type")], rows, taken).values())
    findings = Score("findings", gold=len(gold), predicted=len(rows) - len(unscored))
    findings.unscored = len(unscored)
    stats = Score("finding statistics")
    for gi, gf in enumerate(gold):
        gold_stats = {k: v for k, v in (gf.get("stats") or {}).items() if v is not None}  # type: ignore[attr-defined]
        stats.gold += len(gold_stats)
        hit = pairs.get(gi)
        label = f"{gf['study']} / {gf.get('outcome_construct')} ({gf.get('instrument')}) / {gf.get('direction')}"
        if hit is None:
            findings.misses.append(label)
            continue
        findings.hits += 1
        for key, value in gold_stats.items():
            predicted = rows[hit].get(key, "")
            if predicted and _same_number(value, predicted):
                stats.hits += 1
            else:
                stats.misses.append(f"{label}: {key} = {value} (got '{predicted}')")
    for i, r in enumerate(rows):
        if i in unscored:
            continue
        stats.predicted += len([k for k in STAT_KEYS if r.get(k)])
        if i not in used:
            findings.false_hits.append(
                f"{r['study']} / {r['construct']} ({r['instrument']}) / {r['direction']}"
            )
    return findings, stats


def read_tables(store: Store) -> dict[str, list[dict[str, str]]]:
    """The four tables the scorer reads, as rows keyed by column."""
    tables = {}
    for name in ("instruments", "interventions", "studies", "findings"):
        header, data = table_rows(store, name)
        tables[name] = [dict(zip(header, row, strict=True)) for row in data]
    return tables


def evaluate_store(store: Store, gold_dir: Path) -> Evaluation:
    return evaluate_tables(read_tables(store), gold_dir)


def evaluate_tables(tables: dict[str, list[dict[str, str]]], gold_dir: Path) -> Evaluation:
    """Score the tables against every `*.json` in `gold_dir`; a gold file's stem is the
    `paper_id` (the input file's stem) its rows carry."""
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise InputError(f"no gold JSON files in {gold_dir}; give the folder that holds them")
    evaluation = Evaluation({}, {})
    for path in files:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InputError(f"{path}: not valid JSON ({exc})") from exc
        paper = path.stem
        scores = [
            _terms(
                gold.get("instruments", []),
                _mentions(tables["instruments"], paper, "papers"),
                "instruments",
            ),
            _terms(
                gold.get("interventions", []),
                _mentions(tables["interventions"], paper, "papers"),
                "interventions",
            ),
            *_studies(gold.get("studies", []), _mentions(tables["studies"], paper, "paper_id")),
            *_findings(gold.get("findings", []), _mentions(tables["findings"], paper, "paper_id")),
        ]
        evaluation.papers[paper] = {s.category: s for s in scores}
        for s in scores:
            evaluation.scores.setdefault(s.category, Score(s.category)).add(s, paper)
    return evaluation


def _studies(gold: list[dict[str, object]], rows: list[dict[str, str]]) -> list[Score]:
    g = {study_key(str(s["label"])): s for s in gold}
    p = {study_key(r["study"]): r for r in rows}
    studies = _match(
        "studies", {k: str(v["label"]) for k, v in g.items()}, {k: r["study"] for k, r in p.items()}
    )
    n, design = Score("study N"), Score("study design")
    for key, gs in g.items():
        for attr, score, column in (("n", n, "n"), ("design", design, "design")):
            if gs.get(attr) is None:
                continue
            score.gold += 1
            got = p[key][column] if key in p else ""
            if got:
                score.predicted += 1
            if got and any(_same_number(gs[attr], v) for v in got.split("; ")):
                score.hits += 1
            else:
                score.misses.append(f"{gs['label']}: {attr} = {gs[attr]} (got '{got}')")
    for key, r in p.items():
        if key not in g:
            for score, column in ((n, "n"), (design, "design")):
                if r[column]:
                    score.predicted += 1
    return [studies, n, design]
