"""The text reader on the layouts converters and repositories write: front matter, the
abstract, headings with their levels and tables, each from a small paper written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.assemble.prose import own_label
from ingest.document import Document
from ingest.readers import read_document


def read(tmp_path: Path, text: str, name: str = "paper.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def rows(doc: Document, index: int = 0) -> list[list[str]]:
    return [row.cells for row in doc.tables[index].rows]


# pandoc -s -t plain: a title block (title lines, names with a flattened author note, a
# bare date), unlabelled captions, simple tables with a dash rule.
PANDOC_PLAIN = """\
Gratitude letters and burnout in hospice nurses: a
cluster-randomised trial
Maren T. Oyelaran; Pieter de Wit; Lucia
Fernández-Ortega*Corresponding author: Email: lfo@example.org
3 March 2021

Introduction

Hospice nurses report high burnout (1). Writing letters of thanks may help.

Methods

Participants

Eighty-four nurses were randomised to gratitude letters or a wait-list.

Results

Burnout and compassion satisfaction by group

  Outcome            Letters (n = 42)   Wait-list (n = 42)   p
  ------------------ ------------------ -------------------- -------
  Burnout            21.4 (5.2)         25.9 (6.1)           0.001
  Compassion sat.    38.2 (4.9)         36.0 (5.5)           0.06

Burnout fell more in the letters group, F_((1, 82)) = 11.2, p = 0.001.
"""


def test_pandoc_plain_title_block_and_simple_table(tmp_path: Path) -> None:
    doc = read(tmp_path, PANDOC_PLAIN)
    assert doc.title == (
        "Gratitude letters and burnout in hospice nurses: a cluster-randomised trial"
    )
    assert doc.authors == ["Maren T. Oyelaran", "Pieter de Wit", "Lucia Fernández-Ortega"]
    assert doc.year == 2021
    assert own_label(doc) == ("Oyelaran et al. 2021", "Oyelaran", "2021")
    assert [(h.title, h.level) for h in doc.headings][:3] == [
        ("Introduction", 0),
        ("Methods", 0),
        ("Participants", 0),
    ]
    (table,) = doc.tables
    assert (table.label, table.caption) == (
        "Table 1",
        "Burnout and compassion satisfaction by group",
    )
    assert table.header == [["Outcome", "Letters (n = 42)", "Wait-list (n = 42)", "p"]]
    assert rows(doc) == [
        ["Burnout", "21.4 (5.2)", "25.9 (6.1)", "0.001"],
        ["Compassion sat.", "38.2 (4.9)", "36.0 (5.5)", "0.06"],
    ]
    assert "F(1, 82) = 11.2" in doc.paragraphs[-1].text  # pandoc's subscript marks gone


# A repository export: labelled header lines, a structured abstract with inline labels,
# numbered headings, a pipe table under its own "Table 2." caption.
LABELLED = """\
Title: Brief compassion training for ward nurses
Authors: Ana Ruiz, Tomasz Kowal and Ingrid Solberg
Journal: Journal of Care Studies
Published: 2016
DOI: 10.1234/jcs.2016.77

Abstract
Background: Compassion fatigue is common on wards.
Methods: Sixty nurses took a four-week course or waited.
Results: Self-compassion rose in the course group.

Keywords: compassion; nurses

1. Introduction

Compassion training is spreading.

2. Method

2.1 Measures

Self-compassion was measured with the SCS.

Table 2. Self-compassion before and after the course

| Group    | Pre M (SD) | Post M (SD) |
|----------|-----------:|------------:|
| Course   | 2.9 (0.6)  | 3.4 (0.5)   |
| Waiting  | 3.0 (0.5)  | 3.0 (0.6)   |

Note. SCS, Self-Compassion Scale.
"""


def test_labelled_header_lines_and_a_pipe_table(tmp_path: Path) -> None:
    doc = read(tmp_path, LABELLED)
    assert doc.title == "Brief compassion training for ward nurses"
    assert doc.authors == ["Ana Ruiz", "Tomasz Kowal", "Ingrid Solberg"]
    assert (doc.year, doc.doi) == (2016, "10.1234/jcs.2016.77")
    assert own_label(doc) == ("Ruiz et al. 2016", "Ruiz", "2016")
    assert doc.abstract.startswith("Background: Compassion fatigue")
    assert "Results: Self-compassion rose" in doc.abstract
    assert [(h.title, h.level) for h in doc.headings if h.title != "Keywords"] == [
        ("Introduction", 1),
        ("Method", 1),
        ("Measures", 2),
    ]
    (table,) = doc.tables
    assert table.label == "Table 2"
    assert table.header == [["Group", "Pre M (SD)", "Post M (SD)"]]
    assert rows(doc) == [
        ["Course", "2.9 (0.6)", "3.4 (0.5)"],
        ["Waiting", "3.0 (0.5)", "3.0 (0.6)"],
    ]
    assert [f.text for f in table.footnotes] == ["Note. SCS, Self-Compassion Scale."]


# pandoc -s -t markdown: YAML front matter (with an abstract in markdown and CSL
# references), `#` headings with attributes, fenced divs, a grid table, inline marks.
MARKDOWN = """\
---
abstract: |
  # Objective:

  To test a *brief* breathing practice.

  # Results:

  Anxiety fell (*P* \\< 0.01).
author:
- Keanu Aldana
- "Rhea Lindqvist\\\\*Correspondence: <rl@example.org>"
date: 12 May 2019
references:
- author:
  - family: Okafor
    given: N
  id: ref1
  issued:
    year: 2012
  title: Breathing and worry
  container-title: Stress Notes
title: Slow breathing for exam anxiety in *first-year* students
---

# Introduction {#sec1}

Slow breathing calms the body \\[[@ref1]\\]. Partial η^2^ was large.

# Methods {#sec2}

## Measures {#sec3}

::: {#t1 .table-wrap}
::: caption
######

Anxiety scores by arm
:::

+----------------+--------------+--------------+
| **Arm**        | **Pre**      | **Post**     |
+================+==============+==============+
| Breathing      | 48.1 (7.2)   | 39.5 (6.8)   |
+----------------+--------------+--------------+
| Reading        | 47.6 (7.0)   | 46.9         |
|                |              | (7.4)        |
+----------------+--------------+--------------+
:::
"""


def test_markdown_front_matter_headings_and_a_grid_table(tmp_path: Path) -> None:
    doc = read(tmp_path, MARKDOWN)
    assert doc.title == "Slow breathing for exam anxiety in first-year students"
    assert doc.authors == ["Keanu Aldana", "Rhea Lindqvist"]
    assert doc.year == 2019
    assert own_label(doc) == ("Aldana and Lindqvist 2019", "Aldana", "2019")
    assert doc.abstract == (
        "Objective: To test a brief breathing practice.\n\nResults: Anxiety fell (P < 0.01)."
    )
    assert [(h.title, h.level) for h in doc.headings if h.title != "References"] == [
        ("Introduction", 1),
        ("Methods", 1),
        ("Measures", 2),
    ]
    intro = next(p for p in doc.paragraphs if p.section == "Introduction")
    assert intro.text == "Slow breathing calms the body [1]. Partial η² was large."
    (ref,) = doc.references
    assert (ref.first_author, ref.year) == ("Okafor", "2012")
    (table,) = doc.tables
    assert (table.label, table.caption) == ("Table 1", "Anxiety scores by arm")
    assert table.header == [["Arm", "Pre", "Post"]]
    assert rows(doc) == [
        ["Breathing", "48.1 (7.2)", "39.5 (6.8)"],
        ["Reading", "47.6 (7.0)", "46.9 (7.4)"],
    ]


# Hand-written markdown: a pandoc % title block, underlined headings; a pandoc
# multiline table with its "Table:" caption below.
TITLE_BLOCK = """\
% Walking meditation and sleep in shift workers
% Dana Whitfield; Omar Haddad
% 2020

Background
==========

Shift work disturbs sleep.

Results
-------

-------------------------------------------
Measure       Walking       Control
------------- ------------- ---------------
Sleep         6.1 (1.0)     5.4 (1.2)
quality

Sleep hours   6.8 (0.7)     6.5 (0.9)
-------------------------------------------

Table: Sleep after eight weeks

Sleep improved with walking meditation.
"""


def test_title_block_setext_headings_and_a_multiline_table(tmp_path: Path) -> None:
    doc = read(tmp_path, TITLE_BLOCK)
    assert (doc.title, doc.authors, doc.year) == (
        "Walking meditation and sleep in shift workers",
        ["Dana Whitfield", "Omar Haddad"],
        2020,
    )
    assert [(h.title, h.level) for h in doc.headings] == [("Background", 1), ("Results", 2)]
    (table,) = doc.tables
    assert table.caption == "Sleep after eight weeks"
    assert table.header == [["Measure", "Walking", "Control"]]
    assert rows(doc) == [
        ["Sleep quality", "6.1 (1.0)", "5.4 (1.2)"],
        ["Sleep hours", "6.8 (0.7)", "6.5 (0.9)"],
    ]
    assert doc.paragraphs[-1].text == "Sleep improved with walking meditation."


# pdftotext -layout and fixed-width exports: columns aligned by spaces, no rule.
ALIGNED = """\
Yoga for back pain in nurses

Results

Table 3  Pain and function at 12 weeks

Outcome             Yoga          Usual care      p
Pain (0-10)         3.1 (1.4)     4.6 (1.7)       <0.001
Function (RMDQ)     6.2 (3.0)     8.9 (3.4)       0.002
Days off work       1.2           2.5             0.04

Pain fell more with yoga.
"""


def test_space_aligned_table(tmp_path: Path) -> None:
    doc = read(tmp_path, ALIGNED)
    (table,) = doc.tables
    assert (table.label, table.caption) == ("Table 3", "Pain and function at 12 weeks")
    assert table.header == [["Outcome", "Yoga", "Usual care", "p"]]
    assert rows(doc)[0] == ["Pain (0-10)", "3.1 (1.4)", "4.6 (1.7)", "<0.001"]
    assert len(rows(doc)) == 3


@pytest.mark.parametrize(
    "prose",
    [
        "The sample  was small.\nWe  note  this.\nIt  is  fine.",  # double spaces in prose
        "1.  First step of the protocol.\n2.  Second step follows.\n3.  Third step ends.",
    ],
)
def test_prose_with_double_spaces_is_not_a_table(tmp_path: Path, prose: str) -> None:
    doc = read(tmp_path, f"Results\n\n{prose}\n")
    assert not doc.tables


# Markdown written by hand or exported from a word processor: the title as the first
# heading, a byline, a journal citation line, `##` sections; author-year citations.
HAND_MARKDOWN = """\
# Loving-kindness practice for carers of people with dementia

Femi Adeyemi, Clara Bianchi and Jonas Berg

Int J Care Res. 2014 Jun;9(2):101-12.

## Abstract

Carers practised loving-kindness for six weeks.

## Introduction

Kindness practice eased strain in carers (Moreau et al., [@m1]) and in nurses ([@k2]).

## Methods

Forty carers took part.
"""


def test_markdown_title_heading_byline_and_citation_line(tmp_path: Path) -> None:
    doc = read(tmp_path, HAND_MARKDOWN)
    assert doc.title == "Loving-kindness practice for carers of people with dementia"
    assert doc.authors == ["Femi Adeyemi", "Clara Bianchi", "Jonas Berg"]
    assert doc.year == 2014
    assert doc.abstract == "Carers practised loving-kindness for six weeks."
    assert [(h.title, h.level) for h in doc.headings] == [("Introduction", 2), ("Methods", 2)]
    intro = next(p for p in doc.paragraphs if p.section == "Introduction")
    # without a reference list the citations cannot be resolved: they go, the prose stays
    assert intro.text == "Kindness practice eased strain in carers (Moreau et al.) and in nurses."


# pandoc -s -t gfm: HTML for what GitHub markdown lacks (divs, <sub>, <sup>, links).
GFM = """\
---
author:
- Ilse Brandt
- Tomas Reyes
date: 2022
title: Mindful eating and binge episodes
---

# Results

<div id="t1" class="table-wrap">

<div class="caption">

######

Binge episodes per week

</div>

| **Group** | **Week 0** | **Week 8** |
|-----------|------------|------------|
| Mindful   | 4.2 (1.1)  | 2.0 (0.9)  |
| Control   | 4.0 (1.2)  | 3.8 (1.0)  |

</div>

Episodes fell, *F*<sub>(1,
58)</sub> = 21.3, *p* \\< .001, *η*<sup>2</sup> =
0.27<a href="#fn1"><sup>a</sup></a>; see <https://example.org/data>.
"""


def test_gfm_html_marks_and_pipe_table(tmp_path: Path) -> None:
    doc = read(tmp_path, GFM)
    assert own_label(doc) == ("Brandt and Reyes 2022", "Brandt", "2022")
    (table,) = doc.tables
    assert (table.label, table.caption, table.header) == (
        "Table 1",
        "Binge episodes per week",
        [["Group", "Week 0", "Week 8"]],
    )
    assert rows(doc)[1] == ["Control", "4.0 (1.2)", "3.8 (1.0)"]
    assert doc.paragraphs[-1].text == (
        "Episodes fell, F(1, 58) = 21.3, p < .001, η² = 0.27^a; see https://example.org/data."
    )


# What pandoc's gfm writer does with tables it cannot draw as pipes: HTML; a caption
# title as a `######` heading in the caption div; a pipe row wrapped around inline HTML.
GFM_TABLES = """\
# Results

<div class="caption">

###### Sleep outcomes by arm.

</div>

<table>
<thead>
<tr><th>Outcome</th><th colspan="2"><strong>Week 8</strong></th></tr>
<tr><th></th><th>Tai chi</th><th>Control</th></tr>
</thead>
<tbody>
<tr><td>PSQI<sup>a</sup></td><td>6.1</td><td>8.0</td></tr>
</tbody>
</table>

| Group | n |
|-------|---|
| **Older** <a href="#fn1">
 <sup>b</sup></a> | 40 |
| Younger | 38 |
"""


def test_gfm_html_table_and_wrapped_pipe_row(tmp_path: Path) -> None:
    doc = read(tmp_path, GFM_TABLES)
    html, pipes = doc.tables
    assert (html.label, html.caption) == ("Table 1", "Sleep outcomes by arm.")
    assert html.header == [["Outcome", "Week 8", "Week 8"], ["", "Tai chi", "Control"]]
    assert rows(doc) == [["PSQI^a", "6.1", "8.0"]]
    assert rows(doc, 1) == [["Older ^b", "40"], ["Younger", "38"]]


def test_pandoc_plain_rows_of_empty_cells_do_not_end_a_table(tmp_path: Path) -> None:
    padded = " " * 40
    text = (
        "Results\n\nBaseline characteristics\n\n"
        "  Variable          Yoga     Control\n"
        "  ---------------- -------- --------\n"
        "  Age               41.2     40.8\n"
        f"{padded}\n"
        "  Women (%)         62       58\n\n"
        "Groups were alike.\n"
    )
    doc = read(tmp_path, text)
    assert rows(doc) == [["Age", "41.2", "40.8"], ["Women (%)", "62", "58"]]


def test_one_author_carrying_a_note_and_a_date_over_a_citation_line(tmp_path: Path) -> None:
    text = (
        "Compassion-focused imagery for shame in adolescents: a pilot trial with\n"
        "a waiting-list comparison in two secondary schools\n"
        "Tunde A. OkoroFor reprints and all correspondence: Dr Tunde Okoro,\n"
        "School of Psychology, Example University. Tel: +44 1234 567890\n"
        "14 February 2019\n\n"
        "Okoro TA. Compassion-focused imagery. J Youth Ment Health. 2020;4(1):1-9.\n\n"
        "Introduction\n\nShame is common in adolescence.\n"
    )
    doc = read(tmp_path, text)
    assert doc.authors == ["Tunde A. Okoro"]
    assert doc.title.startswith("Compassion-focused imagery for shame")
    assert own_label(doc) == ("Okoro 2019", "Okoro", "2019")


def test_plain_structured_abstract_with_labels_on_lines_of_their_own(tmp_path: Path) -> None:
    text = (
        "Breathing breaks for anxiety in theatre staff\n"
        "K Osei Bonsu; R Lindqvist; M Haddad\n"
        "2 May 2022\n\n"
        "Abstract\n\n"
        "Background:\n\nTheatre staff report high anxiety.\n\n"
        "Methods:\n\nStaff were randomised to breathing breaks or usual breaks.\n\n"
        "Results:\n\nAnxiety fell more with breathing breaks (p = 0.02).\n\n"
        "Introduction\n\nAnxiety is common in theatre staff.\n"
    )
    doc = read(tmp_path, text)
    sections = [p.section for p in doc.paragraphs]
    assert sections[:3] == ["Abstract: Background", "Abstract: Methods", "Abstract: Results"]
    assert "randomised to breathing breaks" in doc.abstract
    assert sections[3] == "Introduction"
    assert own_label(doc) == ("Osei Bonsu et al. 2022", "Osei Bonsu", "2022")


# A grid table whose header spans rows and columns (pandoc 3 draws JATS tables with
# spans so; reStructuredText and other exports too), printed after an empty reference
# heading as pandoc 3 writes it, with the reference list at the very end.
GRID_WITH_SPANS = """\
Results

Scores fell in the training arm (Table 1).

References

Anxiety scores by arm and time

+-----------+-------------------+-------------------+
| Measure   | Baseline          | Week 8            |
|           +---------+---------+---------+---------+
|           | Mean    | SD      | Mean    | SD      |
+===========+=========+=========+=========+=========+
| Training                                          |
+-----------+---------+---------+---------+---------+
| STAI      | 44.1    | 6.2     | 36.0    | 5.9     |
+-----------+---------+---------+---------+---------+
| PSS       | 21.7    | 4.4     | 17.2    | 4.1     |
| total     |         |         |         |         |
+-----------+---------+---------+---------+---------+

References

1. Okafor M, Tan E. Breath counting and craving. Addict Behav. 2014;39:1112-8.
"""


def test_grid_table_with_spanning_cells_after_an_empty_reference_heading(
    tmp_path: Path,
) -> None:
    doc = read(tmp_path, GRID_WITH_SPANS)
    (table,) = doc.tables
    assert table.caption == "Anxiety scores by arm and time"
    assert table.header == [  # as the JATS reader reads colspan and rowspan
        ["Measure", "Baseline", "Baseline", "Week 8", "Week 8"],
        ["", "Mean", "SD", "Mean", "SD"],
    ]
    assert rows(doc) == [
        ["Training", "", "", "", ""],
        ["STAI", "44.1", "6.2", "36.0", "5.9"],
        ["PSS total", "21.7", "4.4", "17.2", "4.1"],
    ]
    assert table.section == "Results"
    assert [r.label for r in doc.references] == ["Okafor and Tan 2014"]


def test_html_table_cell_spanning_rows_leaves_its_places_below_empty(tmp_path: Path) -> None:
    text = (
        "Results\n\nTable 2. Sleep by arm\n\n<table>\n<thead>\n"
        '<tr><th rowspan="2">Outcome</th><th colspan="2">Week 8</th></tr>\n'
        "<tr><th>Tai chi</th><th>Control</th></tr>\n</thead>\n<tbody>\n"
        "<tr><td>PSQI</td><td>6.1</td><td>8.0</td></tr>\n</tbody>\n</table>\n"
    )
    doc = read(tmp_path, text)
    assert doc.tables[0].header == [["Outcome", "Week 8", "Week 8"], ["", "Tai chi", "Control"]]
    assert rows(doc) == [["PSQI", "6.1", "8.0"]]


# A structured abstract that opens with "Introduction" (BMC, Critical Care), a trial
# registration number on a line of its own, and a sentence-case subheading right under a
# table's notes, as pandoc's plain layout prints them.
BMC_PLAIN = """\
Abstract

Introduction

Fluid loading may shorten the hospital stay after major surgery.

Methods

Thirty patients were randomised to guided fluids or usual care.

Results

The stay was shorter with guided fluids (7 versus 12 days, P < 0.01).

Trial registration

NCT00000001

Introduction

Major surgery often ends in a long stay in hospital.

Results

Patients before surgery

  Variable             Guided     Usual
  -------------------- ---------- ----------
  Age (years)          61 ± 9     63 ± 8
  Serum creatinine     124 ± 90   132 ± 55

ASA, American Society of Anesthesiology physical status; C, control; I,
intervention.

During surgery

The guided group received more fluid than the usual-care group during surgery, and
its pulse pressure variation fell from 22% to 9% by the end of the operation, while
in the usual-care group it did not change over the same time.
"""


def test_abstract_opening_with_introduction_and_a_heading_under_table_notes(
    tmp_path: Path,
) -> None:
    doc = read(tmp_path, BMC_PLAIN)
    sections = [p.section for p in doc.paragraphs]
    assert sections == [
        "Abstract: Introduction",
        "Abstract: Methods",
        "Abstract: Results",
        "Abstract: Trial registration",
        "Introduction",
        "During surgery",
    ]
    assert doc.abstract.startswith("Fluid loading may shorten")
    (table,) = doc.tables
    assert [n.text for n in table.footnotes] == [
        "ASA, American Society of Anesthesiology physical status; C, control; I, intervention."
    ]


def test_headerless_multiline_table_with_rows_apart(tmp_path: Path) -> None:
    """pandoc's multiline table without a header: a rule of dash runs above and below,
    rows apart by blank lines (how pandoc prints a JATS table whose header is a body row)."""
    text = (
        "Results\n\nBaseline characteristics of the participants\n\n"
        "  -------------------- ------------ ------------ -----\n"
        "                       Tailored     Standard     P\n\n"
        "  Participants         596          603\n\n"
        "  Age (mean, SD)       34.1 (9.0)   33.8 (9.2)   .13\n"
        "  -------------------- ------------ ------------ -----\n\n"
        "The groups were alike at baseline.\n"
    )
    doc = read(tmp_path, text)
    (table,) = doc.tables
    assert table.caption == "Baseline characteristics of the participants"
    assert table.header == [["", "Tailored", "Standard", "P"]]
    assert rows(doc) == [
        ["Participants", "596", "603", ""],
        ["Age (mean, SD)", "34.1 (9.0)", "33.8 (9.2)", ".13"],
    ]


# An abstract whose parts carry other labels than the usual ones, a paragraph ending
# in a citation after its stop, and a table printed as an image (pandoc's "[]").
PLAIN_PARTS = """\
Abstract

Aim:

To test yoga for aggression at work.

Materials and Methods:

Eighty employees were randomised to yoga or to stretching.

Statistical Analysis Used:

Repeated-measures ANOVA.

Introduction

Hostile acts at work harm organisations and their staff.[3]

Yoga may calm such behaviour.

Results

Baseline sociodemographic data of the study participants

[]

Aggression fell with yoga (P < 0.001).
"""


def test_abstract_parts_a_cited_sentence_end_and_an_image_table(tmp_path: Path) -> None:
    doc = read(tmp_path, PLAIN_PARTS)
    assert [(p.section, p.text[:24]) for p in doc.paragraphs] == [
        ("Abstract: Aim", "To test yoga for aggress"),
        ("Abstract: Materials and Methods", "Eighty employees were ra"),
        ("Abstract: Statistical Analysis Used", "Repeated-measures ANOVA."),
        ("Introduction", "Hostile acts at work har"),
        ("Introduction", "Yoga may calm such behav"),
        ("Results", "Baseline sociodemographi"),
        ("Results", "Aggression fell with yog"),
    ]


def test_a_heading_repeated_under_each_study_is_no_running_head(tmp_path: Path) -> None:
    samples = ("forty students", "sixty nurses", "ninety patients")
    outcomes = ("empathy ratings rose", "reaction times fell", "nothing changed")
    studies = [
        f"Study {n}\n\nParticipants\n\nWe recruited {sample}.\n\nResults\n\nIn it, {outcome}."
        for n, sample, outcome in zip((1, 2, 3), samples, outcomes, strict=True)
    ]
    doc = read(tmp_path, "Methods\n\n" + "\n\n".join(studies) + "\n")
    sections = [p.section for p in doc.paragraphs]
    assert sections == ["Participants", "Results"] * 3


def test_second_header_row_with_arm_sizes_stays_header(tmp_path: Path) -> None:
    """A drawn table's second header row holding arm sizes and long labels (no values)
    is header, as in the JATS <thead>; a row of values is not."""
    text = (
        "Results\n\nTable 2. Prevalence of infection by arm\n\n"
        "+-----------+-------------------------------------------+\n"
        "|           | Ages 1-2 years                            |\n"
        "|           +---------------+-------------+-------------+\n"
        "|           | Albendazole   | Control     | 95% CI for  |\n"
        "|           | (n=783)       | (n=802)     | difference  |\n"
        "+===========+===============+=============+=============+\n"
        "|           | 15.7%         | 27.0%       | 6.7, 15.9   |\n"
        "+-----------+---------------+-------------+-------------+\n"
    )
    doc = read(tmp_path, text)
    assert doc.tables[0].header == [
        ["", "Ages 1-2 years", "Ages 1-2 years", "Ages 1-2 years"],
        ["", "Albendazole (n=783)", "Control (n=802)", "95% CI for difference"],
    ]
    assert rows(doc) == [["", "15.7%", "27.0%", "6.7, 15.9"]]


def test_csl_yaml_references_with_a_bare_issued_year(tmp_path: Path) -> None:
    """pandoc 3 writes a reference's date as `issued: 1992`, pandoc 2 as date-parts."""
    text = (
        "---\ntitle: Worry in students\nauthor:\n- Ana Ruiz\ndate: 2015\n"
        "references:\n- author:\n  - family: Brown\n    given: TA\n  - family: Barlow\n"
        "    given: DH\n  container-title: J Consult Clin Psychol\n  id: b1\n  issued: 1992\n"
        "  title: Comorbidity among anxiety disorders\n  type: article-journal\n---\n\n"
        "# Introduction\n\nWorry is common ([@b1]).\n\n# Methods\n\nStudents took part.\n"
    )
    doc = read(tmp_path, text)
    assert [r.label for r in doc.references] == ["Brown and Barlow 1992"]


def test_plain_subscript_after_a_bracket(tmp_path: Path) -> None:
    text = "Results\n\nThe area under the curve (AUC)_((0–240)) was lower with HIT (P = 0.008).\n"
    (para,) = read(tmp_path, text).paragraphs
    assert para.text == "The area under the curve (AUC)(0–240) was lower with HIT (P = 0.008)."


def test_figures_are_captions_of_their_own(tmp_path: Path) -> None:
    """A figure (GitHub markdown's <figure>, pandoc's plain "[caption]") is a paragraph
    of its own: its caption does not swallow the paragraph after it."""
    gfm = (
        '# Results\n\n<figure>\n<img src="g002" id="F1"\nalt="Time to intubation" />\n'
        '<figcaption aria-hidden="true">Graphic comparison of time taken to\nintubation'
        " between the groups</figcaption>\n</figure>\n\n"
        "Grade 1 views were more common with the video laryngoscope (P < 0.001).\n\n"
        "# Discussion\n\nVideo helps.\n"
    )
    plain = gfm.replace("# ", "").replace(
        gfm[gfm.index("<figure>") : gfm.index("</figure>") + 9],
        "[Graphic comparison of time taken to\nintubation between the groups]",
    )
    for text in (gfm, plain):
        doc = read(tmp_path, text)
        assert [p.text for p in doc.paragraphs if p.section == "Results"] == [
            "[Graphic comparison of time taken to intubation between the groups]",
            "Grade 1 views were more common with the video laryngoscope (P < 0.001).",
        ]
