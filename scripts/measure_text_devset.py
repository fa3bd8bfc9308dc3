"""How the text reader holds up on the devgold papers converted to text layouts
(scripts/make_text_devset.sh): per paper and layout, whether the title, the authors and
the year are found, the tables found against the JATS reader's count, and whether the
paper's own study (first author + year) comes out as the gold labels it.

    scripts/make_text_devset.sh
    .venv/bin/python scripts/measure_text_devset.py [TEXT_DIR] [DEVGOLD_DIR]
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from ingest.assemble.prose import own_label
from ingest.evaluate import study_key
from ingest.readers import read_document

ROOT = Path(__file__).resolve().parents[1]


def norm(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def surnames(names: list[str]) -> list[str]:
    return [norm(n).split()[-1] for n in names if norm(n)]


def main() -> None:
    text_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/devtext")
    devgold = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared" / "devgold"
    layouts = sorted(p.name for p in text_dir.iterdir() if p.is_dir())
    print(
        f"{'paper':<12}{'layout':<10}{'title':>6}{'authors':>8}{'year':>6}{'tables':>8}  own study"
    )
    totals: dict[str, list[int]] = {}
    for nxml in sorted((devgold / "papers").glob("*.nxml")):
        gold = json.loads((devgold / "gold" / f"{nxml.stem}.json").read_text(encoding="utf-8"))
        paper = gold["paper"]
        own = study_key(gold["studies"][0]["label"])
        jats = read_document(nxml)
        jats_tables = len([t for t in jats.tables if t.rows])
        for layout in ["jats", *layouts]:
            doc = (
                jats if layout == "jats" else read_document(text_dir / layout / f"{nxml.stem}.txt")
            )
            label = own_label(doc)
            found = [
                norm(doc.title) == norm(paper["title"]),
                surnames(doc.authors) == surnames(paper["authors"]),
                doc.year == paper["year"],
                label is not None and study_key(label[0]) == own,
            ]
            tables = len([t for t in doc.tables if t.rows])
            row = totals.setdefault(layout, [0, 0, 0, 0, 0, 0])
            for k, ok in enumerate(found):
                row[k] += ok
            row[4] += min(tables, jats_tables)
            row[5] += jats_tables
            marks = ["yes" if ok else "NO" for ok in found]
            print(
                f"{nxml.stem:<12}{layout:<10}{marks[0]:>6}{marks[1]:>8}{marks[2]:>6}"
                f"{f'{tables}/{jats_tables}':>8}  {marks[3]} ({label[0] if label else '-'})"
            )
    papers = len(list((devgold / "papers").glob("*.nxml")))
    print("\ntotals (of", papers, "papers; tables: found of the JATS reader's tables with rows)")
    for layout, (title, authors, year, own_found, tables, jats_tables) in totals.items():
        print(
            f"{layout:<10} title {title}/{papers}  authors {authors}/{papers}  year {year}/{papers}"
            f"  tables {tables}/{jats_tables}  own study {own_found}/{papers}"
        )


if __name__ == "__main__":
    main()
