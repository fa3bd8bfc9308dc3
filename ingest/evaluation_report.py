"""What `ekg evaluate` counts and prints: a `Score` per category (totals and per paper)
and the report — the totals table, a paper × category table of precision/recall, then
the misses and false hits."""

from __future__ import annotations

from dataclasses import dataclass, field

UNSCORED_NOTE = {
    "interventions": "mentioned only in the background",
    "findings": "with a finding_type in the gold (baseline checks, summaries, …)",
}
SHORT = {
    "instruments": "instr",
    "interventions": "interv",
    "studies": "studies",
    "study N": "N",
    "study design": "design",
    "findings": "findings",
    "finding statistics": "stats",
}


@dataclass
class Score:
    category: str
    gold: int = 0
    predicted: int = 0
    hits: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)
    unscored: int = 0  # predictions that meet gold items the conventions leave out

    def add(self, other: Score, paper: str) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.hits += other.hits
        self.unscored += other.unscored
        self.misses += [f"[{paper[:12]}] {m}" for m in other.misses]
        self.false_hits += [f"[{paper[:12]}] {m}" for m in other.false_hits]

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def cell(self) -> str:
        """'0.60/0.27' (precision/recall); '-' when neither gold nor prediction has any."""
        if not self.gold and not self.predicted:
            return "-"
        return f"{self.precision:.2f}/{self.recall:.2f}"


@dataclass
class Evaluation:
    scores: dict[str, Score]  # totals per category
    papers: dict[str, dict[str, Score]] = field(default_factory=dict)  # paper → category

    def render(self, details: int = 15) -> str:
        lines = [f"{'category':<20}{'gold':>6}{'pred':>6}{'hits':>6}{'P':>7}{'R':>7}{'F1':>7}"]
        for s in self.scores.values():
            lines.append(
                f"{s.category:<20}{s.gold:>6}{s.predicted:>6}{s.hits:>6}"
                f"{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
            )
        for s in self.scores.values():
            if s.unscored:
                note = UNSCORED_NOTE.get(s.category, "left out by the gold's conventions")
                lines.append(f"not scored: {s.unscored} predicted {s.category} {note}")
        lines += ["", *self.paper_table()]
        for s in self.scores.values():
            if s.misses:
                lines.append(f"\n{s.category}: {len(s.misses)} missed")
                lines += [f"  - {m}" for m in s.misses[:details]]
            if s.false_hits:
                lines.append(f"{s.category}: {len(s.false_hits)} false hits")
                lines += [f"  + {m}" for m in s.false_hits[:details]]
        return "\n".join(lines)

    def paper_table(self) -> list[str]:
        """One row per paper, one column per category: precision/recall."""
        categories = list(self.scores)
        width = max([5, *(len(p) for p in self.papers)]) + 2
        lines = [
            "per paper (precision/recall; '-' where neither gold nor prediction has any):",
            f"{'paper':<{width}}" + "".join(f"{SHORT.get(c, c):>11}" for c in categories),
        ]
        for paper, scores in self.papers.items():
            cells = [scores[c].cell() if c in scores else "-" for c in categories]
            lines.append(f"{paper:<{width}}" + "".join(f"{c:>11}" for c in cells))
        return lines
