"""The own trial's results where a reader first looks: an abstract without parts, in a
trial whose abstract names its Institutional Review Board (written for these tests; the
shapes come from ei-dev's training part, where 7 trials were taken for reviews and 7
prompts sat in abstracts without parts)."""

from __future__ import annotations

from pathlib import Path

from ingest.extract import extract_document

ARTICLE = """<?xml version="1.0" encoding="UTF-8"?>
<article article-type="research-article">
<front><article-meta>
<title-group><article-title>Mindfulness-based stress reduction for ward nurses: a
randomised trial</article-title></title-group>
<contrib-group><contrib contrib-type="author"><name><surname>Okafor</surname>
<given-names>A</given-names></name></contrib></contrib-group>
<pub-date pub-type="epub"><year>2021</year></pub-date>
<abstract><p>The study was approved by the Institutional Review Board. Sixty nurses were
randomly assigned to mindfulness-based stress reduction (MBSR) or a wait-list control.
Perceived stress was significantly lower in the MBSR group than in the wait-list group
(p = .003). Sleep quality did not differ between the groups (p = .41). Mindfulness has been
shown to significantly reduce burnout in earlier trials.</p></abstract>
</article-meta></front>
<body>
<sec><title>Methods</title><p>Sixty nurses were randomly assigned to MBSR (n = 30) or a
wait-list control (n = 30). Perceived stress and sleep quality were measured before and
after the eight weeks.</p></sec>
<sec><title>Discussion</title><p>Nurses valued the sessions.</p></sec>
</body>
</article>
"""


def test_an_abstract_without_parts_gives_the_trials_results(tmp_path: Path) -> None:
    path = tmp_path / "PMC0000001.nxml"
    path.write_text(ARTICLE, encoding="utf-8")
    _, ext = extract_document(path)
    own = {(f.construct, f.direction) for f in ext.findings if f.study == "Okafor 2021"}
    assert ("perceived stress", "decrease") in own
    assert ("sleep quality", "no change") in own
    assert not any("burnout" in construct for construct, _ in own)  # background, not a result
