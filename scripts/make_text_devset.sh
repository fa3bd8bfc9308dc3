#!/usr/bin/env bash
# Plain-text test input from JATS papers (by default ../shared/devgold/papers): each paper
# converted by pandoc into three common text layouts, written as OUT/<layout>/<stem>.txt
# (the stem kept, so `ekg evaluate --gold ../shared/devgold/gold` pairs them; `.txt` so the
# text reader takes them all):
#   plain     pandoc -s -t plain     title block lines, simple (space-aligned) tables
#   markdown  pandoc -s -t markdown  YAML front matter, `#` headings, simple/grid tables
#   gfm       pandoc -s -t gfm       YAML front matter, pipe tables, HTML div tags
# pandoc 2.17's JATS reader drops the publication date, which any real text of a paper
# prints (header, footer, citation line); the script hands it back as pandoc's own `date`
# metadata, read from the XML's <pub-date> the JATS reader prefers (epub, ppub, …); and the
# plain layout gets the abstract its template drops. Converted text is never committed.
#
#   scripts/make_text_devset.sh [PAPERS_DIR] [OUT_DIR]
#   ekg ingest /tmp/devtext/plain --store /tmp/dev-plain
#   ekg evaluate --gold ../shared/devgold/gold --store /tmp/dev-plain
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
papers="${1:-$here/../shared/devgold/papers}"
out="${2:-/tmp/devtext}"
command -v pandoc >/dev/null 2>&1 || {
  echo "pandoc is missing (run as root: apt-get install pandoc)" >&2
  exit 1
}
pub_date() {
  python3 - "$1" <<'PY'
import re, sys
xml = open(sys.argv[1], encoding="utf-8").read()
months = "January February March April May June July August September October November December"
preference = ["epub", "ppub", "pub", "collection"]  # as the JATS reader ranks them
dates = re.findall(r"<pub-date([^>]*)>(.*?)</pub-date>", xml, re.S)
def rank(item):
    kind = re.search(r'(?:pub-type|date-type|publication-format)="([^"]*)"', item[0])
    kind = {"electronic": "epub", "print": "ppub"}.get(kind.group(1), kind.group(1)) if kind else ""
    return preference.index(kind) if kind in preference else len(preference)
for _, date in sorted(dates, key=rank):
    year = re.search(r"<year>(\d{4})</year>", date)
    if year:
        day = re.search(r"<day>(\d+)</day>", date)
        month = re.search(r"<month>(\d+)</month>", date)
        parts = [str(int(day.group(1))) if day and month else "",
                 months.split()[int(month.group(1)) - 1] if month else "", year.group(1)]
        print(" ".join(p for p in parts if p))
        break
PY
}
# pandoc's plain template leaves the abstract out, which every real text of a paper prints:
# the same template with the abstract under its heading after the title block.
plain_template="$(mktemp --suffix=.plain)"
trap 'rm -f "$plain_template"' EXIT
pandoc -D plain | sed 's/^\$body\$$/$if(abstract)$\nAbstract\n\n$abstract$\n\n$endif$\n$body$/' >"$plain_template"
mkdir -p "$out/plain" "$out/markdown" "$out/gfm"
count=0
for paper in "$papers"/*.nxml; do
  stem="$(basename "$paper" .nxml)"
  date="$(pub_date "$paper")"
  for layout in plain markdown gfm; do
    template=()
    [ "$layout" = plain ] && template=(--template "$plain_template")
    pandoc -s -f jats -t "$layout" "${template[@]}" -M date="$date" "$paper" -o "$out/$layout/$stem.txt"
  done
  count=$((count + 1))
done
echo "converted $count papers into $out/{plain,markdown,gfm}"
