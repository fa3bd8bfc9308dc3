"""How the text reader holds up on JATS papers converted to text layouts
(scripts/make_text_devset.sh): per paper and layout, whether the title, the authors and
the year are found, the tables found against the JATS reader's count, and whether the
paper's own study (first author + year) comes out as the gold labels it. Without a gold
file (e.g. ../shared/pmc-sample) the JATS reader's own reading is the reference.

    scripts/make_text_devset.sh
    .venv/bin/python scripts/measure_text_devset.py [TEXT_DIR] [PAPERS_DIR] [GOLD_DIR]
    scripts/make_text_devset.sh ../shared/pmc-sample /tmp/pmctext
    .venv/bin/python scripts/measure_text_devset.py /tmp/pmctext ../shared/pmc-sample -
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from ingest.assemble.prose import own_label
from ingest.document import Document
from ingest.evaluate import study_key
from ingest.readers import ReaderError, read_document

ROOT = Path(__file__).resolve().parents[1]
DEVGOLD = ROOT.parent / "shared" / "devgold"


def norm(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def surnames(names: list[str]) -> list[str]:
    """Last words, a suffix set aside (pandoc drops "Jr")."""
    words = [[w for w in norm(n).split() if w not in ("jr", "sr", "ii", "iii")] for n in names]
    return [w[-1] for w in words if w]


def reference(jats: Document, gold_file: Path | None) -> tuple[str, list[str], object, str]:
    """(title, author surnames, year, own study key) the text should give."""
    if gold_file is not None and gold_file.is_file():
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        paper = gold["paper"]
        own = study_key(gold["studies"][0]["label"])
        return norm(paper["title"]), surnames(paper["authors"]), paper["year"], own
    label = own_label(jats)
    own = study_key(label[0]) if label else ""
    return norm(jats.title), surnames(jats.authors), jats.year, own


def main() -> None:
    text_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/devtext")
    papers = Path(sys.argv[2]) if len(sys.argv) > 2 else DEVGOLD / "papers"
    gold_arg = sys.argv[3] if len(sys.argv) > 3 else str(DEVGOLD / "gold")
    gold_dir = None if gold_arg == "-" else Path(gold_arg)
    layouts = sorted(p.name for p in text_dir.iterdir() if p.is_dir())
    files = sorted(papers.glob("*.nxml"))
    verbose = len(files) <= 20
    if verbose:
        print(f"{'paper':<12}{'layout':<10}{'title':>6}{'authors':>8}{'year':>6}{'tables':>8}  own")
    totals: dict[str, list[int]] = {layout: [0] * 7 for layout in ["jats", *layouts]}
    misses: dict[str, list[str]] = {}
    for nxml in files:
        try:
            jats = read_document(nxml)
        except ReaderError:
            continue
        title, authors, year, own = reference(
            jats, gold_dir / f"{nxml.stem}.json" if gold_dir else None
        )
        jats_tables = len([t for t in jats.tables if t.rows])
        for layout in ["jats", *layouts]:
            path = text_dir / layout / f"{nxml.stem}.txt"
            if layout != "jats" and not path.is_file():
                continue
            try:
                doc = jats if layout == "jats" else read_document(path)
            except ReaderError as error:  # a text with a title block and nothing else
                misses.setdefault(f"{layout} unreadable", []).append(f"{nxml.stem} ({error})")
                totals[layout][5] += jats_tables
                totals[layout][6] += 1
                continue
            label = own_label(doc)
            found = [
                norm(doc.title) == title,
                surnames(doc.authors) == authors,
                doc.year == year,
                bool(own) and label is not None and study_key(label[0]) == own,
            ]
            tables = len([t for t in doc.tables if t.rows])
            row = totals[layout]
            for k, ok in enumerate(found):
                row[k] += ok
            row[4] += min(tables, jats_tables)
            row[5] += jats_tables
            row[6] += 1
            for name, ok in zip(("title", "authors", "year", "own study"), found, strict=True):
                if not ok:
                    misses.setdefault(f"{layout} {name}", []).append(nxml.stem)
            if verbose:
                marks = ["yes" if ok else "NO" for ok in found]
                print(
                    f"{nxml.stem:<12}{layout:<10}{marks[0]:>6}{marks[1]:>8}{marks[2]:>6}"
                    f"{f'{tables}/{jats_tables}':>8}  {marks[3]} ({label[0] if label else '-'})"
                )
    reference_name = "the gold" if gold_dir else "the JATS reader's reading"
    print(
        f"\ntotals against {reference_name} (tables: found of the JATS reader's tables with rows)"
    )
    for layout, (title_ok, auth_ok, year_ok, own_ok, tables, jats_tables, n) in totals.items():
        print(
            f"{layout:<10} title {title_ok}/{n}  authors {auth_ok}/{n}  year {year_ok}/{n}"
            f"  tables {tables}/{jats_tables}  own study {own_ok}/{n}"
        )
    if not verbose:
        for key, stems in sorted(misses.items()):
            print(f"  missed {key}: {len(stems)} e.g. {', '.join(stems[:4])}")


if __name__ == "__main__":
    main()
