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
# plain layout gets the abstract its template drops. The reference list, which every real
# text of a paper prints, is pandoc metadata that the plain writer leaves out and that the
# markdown writers keep only where the JATS gives <element-citation>s (of <mixed-citation>
# they keep the ids alone): it is printed after the text (numbered where the JATS labels
# its entries) in the plain layout always, in the markdown layouts when pandoc lost it
# (and then the markdown layout prints the citations as the paper does, not as keys to
# references it no longer has).
# Converted text is never committed.
#
# PANDOC names the pandoc to run (default `pandoc`). pandoc 2.17 (Debian 12) reads only
# the first header row of a JATS table and no column spans; pandoc >= 3.1.4 keeps both and
# draws such tables as grid tables (plain, markdown) or HTML (gfm), e.g. the pandoc that the
# PyPI package pypandoc-binary ships:
#   PANDOC=/path/to/site-packages/pypandoc/files/pandoc scripts/make_text_devset.sh
#
#   scripts/make_text_devset.sh [PAPERS_DIR] [OUT_DIR]
#   ekg ingest /tmp/devtext/plain --store /tmp/dev-plain
#   ekg evaluate --gold ../shared/devgold/gold --store /tmp/dev-plain
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
papers="${1:-$here/../shared/devgold/papers}"
out="${2:-/tmp/devtext}"
pandoc="${PANDOC:-pandoc}"
command -v "$pandoc" >/dev/null 2>&1 || {
  echo "pandoc is missing (run as root: apt-get install pandoc, or set PANDOC)" >&2
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
# The reference list as printed: "N. Surname AB, Surname C. Title. Source. 2012;41(10):24-8."
# (N where the JATS labels its entries), one entry a line; `lost` prints it only when no
# entry is an <element-citation> (the only kind pandoc 2.17 and 3.x carry into metadata).
references() {
  python3 - "$1" "$2" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
path, mode = sys.argv[1], sys.argv[2]
root = ET.parse(path).getroot()
def local(el): return el.tag.rsplit("}", 1)[-1]
def text(el):
    out = [el.text or ""]
    for child in el:
        out.append(name(child) if local(child) == "name" else text(child))
        out.append(child.tail or "")
    return "".join(out)
def name(el):
    parts = {local(c): text(c).strip() for c in el}
    return " ".join(p for p in (parts.get("surname", ""), parts.get("given-names", "")) if p)
def mixed(el):  # punctuation as printed; names the XML runs together get a comma
    out = [el.text or ""]
    kids = list(el)
    for i, child in enumerate(kids):
        kind = local(child)
        if kind == "person-group":
            out.append(mixed(child))
        elif kind == "name":
            out.append(name(child))
            nxt = kids[i + 1] if i + 1 < len(kids) else None
            if nxt is not None and local(nxt) == "name" and not (child.tail or "").strip():
                out.append(", ")
        elif kind != "pub-id":
            out.append(text(child))
        out.append(child.tail or "")
    return "".join(out)
def element(el):
    get = lambda k: " ".join(text(c).strip() for c in el.iter() if local(c) == k)
    names = [name(n) for n in el.iter() if local(n) == "name"]
    names += [text(c).strip() for c in el.iter() if local(c) == "collab"]
    who = ", ".join(names) + (", et al" if any(local(c) == "etal" for c in el.iter()) else "")
    pages = "-".join(p for p in (get("fpage"), get("lpage")) if p)
    where = get("year") + (";" + get("volume") if get("volume") else "")
    where += f"({get('issue')})" if get("issue") else ""
    where += f":{pages}" if pages else ""
    title = get("article-title") or get("chapter-title")
    return ". ".join(p.strip(" .") for p in (who, title, get("source"), where) if p.strip(" .")) + "."
refs = [r for r in root.iter() if local(r) == "ref"]
cites = [c for r in refs for c in r if local(c) in ("element-citation", "mixed-citation", "citation")]
if mode == "lost" and any(local(c) == "element-citation" for c in cites):
    sys.exit(0)
entries = []
for ref in refs:
    label = next((text(c).strip() for c in ref if local(c) == "label"), "")
    cite = next((c for c in ref if local(c) in ("element-citation", "mixed-citation", "citation")), None)
    if cite is None:
        continue
    # a <mixed-citation> or NLM <citation> without punctuation between its parts
    # (BMC's) is printed as an <element-citation> is
    bare = len(cite) > 2 and not any((c.tail or "").strip() for c in cite)
    body = element(cite) if local(cite) == "element-citation" or bare else mixed(cite)
    body = re.sub(r"\s+", " ", body).strip()
    if body:
        label = label.rstrip(".")
        entries.append(f"{label}. {body}" if label.isdigit() else (f"[{label}] {body}" if label else body))
if entries:
    print("References\n")
    print("\n\n".join(entries))
PY
}
# pandoc's plain template leaves the abstract out, which every real text of a paper prints:
# the same template with the abstract under its heading after the title block.
plain_template="$(mktemp --suffix=.plain)"
trap 'rm -f "$plain_template"' EXIT
"$pandoc" -D plain | sed 's/^\$body\$$/$if(abstract)$\nAbstract\n\n$abstract$\n\n$endif$\n$body$/' >"$plain_template"
mkdir -p "$out/plain" "$out/markdown" "$out/gfm"
count=0
for paper in "$papers"/*.nxml; do
  stem="$(basename "$paper" .nxml)"
  date="$(pub_date "$paper")"
  lost="$(references "$paper" lost)"
  for layout in plain markdown gfm; do
    template=()
    [ "$layout" = plain ] && template=(--template "$plain_template")
    file="$out/$layout/$stem.txt"
    writer="$layout"
    # citation keys whose references pandoc lost point nowhere: the citations as printed
    [ "$layout" = markdown ] && [ -n "$lost" ] && writer="markdown-citations"
    "$pandoc" -s -f jats -t "$writer" "${template[@]}" -M date="$date" "$paper" -o "$file"
    refs="$lost"
    [ "$layout" = plain ] && refs="$(references "$paper" all)"
    [ -z "$refs" ] && continue
    [ "$layout" = plain ] || refs="# $refs"  # a markdown heading
    printf '\n%s\n' "$refs" >>"$file"
  done
  count=$((count + 1))
done
echo "converted $count papers into $out/{plain,markdown,gfm}"
