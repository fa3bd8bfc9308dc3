"""Readers: text (PDF-extracted), JATS and PDF papers into the `Document` model."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfWriter

import ingest.readers as readers
from ingest.document import Document
from ingest.readers import SUPPORTED_SUFFIXES, iter_paper_files, read_document
from ingest.readers._references import parse_reference
from ontology.errors import ReaderError

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
PMC = SHARED / "pmc-sample"
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = REPO / "examples" / "papers"
JATS_FIXTURE = FIXTURES / "jats" / "mindful_nurses.nxml"
TEXT_FIXTURE = FIXTURES / "text" / "compassion_training_report.txt"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")
CORPUS_FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def assert_offsets(doc: Document) -> int:
    """Every block's text sits in `doc.text` at its offset; returns how many were checked."""
    checked = 0
    blocks = [*doc.paragraphs, *doc.glossary]
    for table in doc.tables:
        assert doc.text[table.start :].startswith(table.label)
        blocks.extend(table.footnotes)
        for row in table.rows:
            assert doc.text[row.start : row.end] == row.text
            checked += 1
    for block in blocks:
        assert doc.text[block.start : block.end] == block.text
        checked += 1
    for ref in doc.references:
        assert doc.text[ref.start : ref.start + len(ref.text)] == ref.text
        checked += 1
    return checked


def gold(path: Path) -> dict:
    return json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))


# --- PDF built at test time ------------------------------------------------------------


def _pdf(pages: list[list[tuple[int, int, str]]]) -> bytes:
    """A minimal PDF: each page a list of (x, y, text) drawn in Helvetica."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, lines in enumerate(pages):
        ops = " ".join(f"1 0 0 1 {x} {y} Tm ({escape(t)}) Tj" for x, y, t in lines)
        stream = f"BT /F1 9 Tf {ops} ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            f"<< /Font << /F1 3 0 R >> >> /Contents {5 + 2 * index} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _lines(x: int, top: int, texts: list[str], step: int = 12) -> list[tuple[int, int, str]]:
    return [(x, top - step * i, text) for i, text in enumerate(texts)]


HEAD = "Journal of Ward Care (2020) 3:10-18"
PDF_PAGES = [
    [
        (72, 770, HEAD),
        *_lines(
            72,
            730,
            [
                "Brief Mindfulness Training for Ward Nurses",
                "Ann Lee \xb7 Tom Park",
                "Published online: 3 June 2020",
                "Abstract This pilot study tested a brief mindfulness course for ward nurses",
                "and found that self-compassion rose after the course.",
                "Introduction",
                "Ward nurses report stress and compassion fatigue (Neff 2003). We tested a",
                "four week course with twenty nurses and compared their scores with those",
                "of a matched group of nurses who",
            ],
        ),
        (300, 40, "10"),
    ],
    [
        (72, 770, HEAD),
        *_lines(
            72,
            740,
            [
                "did not take part in the course.",
                "Results",
                "Table 1 Scores before and after the course",
            ],
        ),
        (72, 700, "Measure"),
        (200, 700, "Group"),
        (300, 700, "Pre M"),
        (380, 700, "Post M"),
        (72, 688, "SCS"),
        (200, 688, "Course"),
        (300, 688, "2.90"),
        (380, 688, "3.35"),
        (200, 676, "Control"),
        (300, 676, "2.95"),
        (380, 676, "2.99"),
        *_lines(
            72,
            640,
            [
                "Self-compassion increased in the course group, F(1, 18) = 5.40, p = .032.",
                "References",
                "Neff, K. D. (2003). A scale of self-compassion for adults in health",
                "care. Self and Identity, 2, 223-250.",
                "Lee, A., & Park, T. (2019). Mindful nursing. Nursing Today, 4, 1-9.",
            ],
        ),
        (300, 40, "11"),
    ],
    [
        (72, 770, HEAD),
        (72, 740, "Appendix text for the third page of the report."),
        (300, 40, "12"),
    ],
]


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "ward_nurses.pdf"
    path.write_bytes(_pdf(PDF_PAGES))
    return path


# --- corpus papers ----------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_front_matter_matches_gold(path: Path) -> None:
    doc = read_document(path)
    expected = gold(path)["paper"]
    assert doc.paper_id == path.stem
    assert doc.source_format == "text"
    assert doc.title == expected["title"]
    assert doc.authors == expected["authors"]
    assert doc.year == expected["year"]
    assert len(doc.abstract) > 500


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_tables_have_header_rows_and_glossary_notes(path: Path) -> None:
    doc = read_document(path)
    assert doc.tables
    assert all(re.fullmatch(r"Table \d+", t.label) and t.caption for t in doc.tables)
    assert any(t.header and len(t.rows) >= 4 for t in doc.tables)
    footnotes = {id(note) for table in doc.tables for note in table.footnotes}
    assert any(id(entry) in footnotes for entry in doc.glossary), "no glossary footnote found"
    assert all(";" in entry.text for entry in doc.glossary)


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_references_match_gold(path: Path) -> None:
    doc = read_document(path)
    expected = gold(path)
    labels = {ref.label for ref in doc.references}
    wanted = {ref["label"] for ref in expected["references"]}
    assert len(wanted & labels) >= 0.95 * len(wanted)
    if expected["paper"]["type"] == "review":
        assert len(doc.references) >= 30
    titles = {ref.label: ref.title for ref in doc.references}
    same = [r for r in expected["references"] if titles.get(r["label"]) == r["title"].rstrip(".")]
    assert len(same) >= 0.9 * len(wanted)


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_paragraphs_are_free_of_page_debris(path: Path) -> None:
    doc = read_document(path)
    body = [p for p in doc.paragraphs if p.section not in ("Keywords",)]
    for paragraph in body:
        text = paragraph.text
        assert not re.fullmatch(r"\d{1,4}", text)
        assert not re.search(r"[\w.+-]+@[\w-]+\.\w", text), text[:80]
        assert "✉" not in text and "©" not in text and "Published online" not in text
        assert not text[0].islower(), f"continuation not rejoined: {text[:60]}"
    finished = [p for p in body if re.search(r"[.!?)][’”'\"]?$", p.text)]
    assert len(finished) >= 0.95 * len(body)
    assert doc.paragraphs[0].section == "Abstract"


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_offsets(path: Path) -> None:
    assert assert_offsets(read_document(path)) > 100


@needs_corpus
def test_corpus_row_text_is_the_printed_line() -> None:
    doc = read_document(CORPUS_FILES[-1])
    source = CORPUS_FILES[-1].read_text(encoding="utf-8")
    rows = [row for table in doc.tables for row in table.rows if "\t" in row.text]
    assert rows and all(row.text in source for row in rows)
    continuation = [row for row in rows if row.cells[0] == ""]
    assert continuation, "rows continuing the entity above keep an empty first cell"


# --- text in another house style --------------------------------------------------------


def test_text_fixture_in_another_house_style() -> None:
    doc = read_document(TEXT_FIXTURE)
    assert doc.title.startswith("Compassion Training for Paediatric Intensive Care Staff")
    assert doc.title.endswith("Pilot Study")
    assert doc.authors == ["Maria Ferreira", "Jonas Albrecht", "Priya Raman"]
    assert doc.year == 2018
    assert "t(38) = 2.41" in doc.abstract
    sections = [p.section for p in doc.paragraphs]
    assert {"Introduction", "Design and participants", "Measures", "Acceptability"} <= set(sections)
    # "3. Results" has no paragraph of its own but is kept as a heading
    wanted = ("Results", "Effects of the course", "Acceptability")
    headings = [(h.title, h.level) for h in doc.headings if h.title in wanted]
    assert headings == [("Results", 1), ("Effects of the course", 2), ("Acceptability", 2)]
    (table,) = doc.tables
    assert (table.label, table.caption) == ("Table 2", "Scores before and after the course")
    assert table.header[0][:3] == ["Outcome", "Group", "Pre M"]
    assert [row.cells[:2] for row in table.rows][:2] == [["SCS-SF", "CT"], ["", "Control"]]
    assert [note.text for note in table.footnotes] == [
        "Note. t tests compare change scores between groups."
    ]
    assert [g.text.split(";")[0] for g in doc.glossary] == [
        "Abbreviations: CT, compassion training"
    ]
    results = next(p for p in doc.paragraphs if p.section == "Effects of the course")
    assert "(r = .44, p = .004)." in results.text
    assert "Journal of Paediatric Staff Care" not in doc.text
    assert not re.search(r"(^|\n)(32|33|44)(\n|$)", doc.text)
    labels = [ref.label for ref in doc.references]
    assert len(labels) == 9
    assert {"Bride et al. 2004", "Brown and Ryan 2003", "Weng et al. 2013", "Neff 2003"} <= set(
        labels
    )
    weng = next(ref for ref in doc.references if ref.label == "Weng et al. 2013")
    assert weng.title == "Compassion training alters altruism and neural responses to suffering"
    assert weng.container == "Psychological Science"
    assert assert_offsets(doc) > 20


# --- example papers ---------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_example_papers_exercise_every_path(path: Path) -> None:
    doc = read_document(path)
    assert doc.title and len(doc.authors) == 3 and doc.year
    assert doc.tables and all(t.header and t.rows for t in doc.tables)
    assert doc.glossary and len(doc.references) >= 5
    assert all(ref.label and ref.year for ref in doc.references)
    assert "no significant change in empathy" in doc.text
    assert assert_offsets(doc) > 10


def test_example_papers_cover_review_and_trial_tables() -> None:
    docs = [read_document(p) for p in iter_paper_files([EXAMPLES])]
    assert len(docs) == 3
    cells = [cell for d in docs for t in d.tables for row in t.rows for cell in row.cells]
    assert any(cell.startswith("Increase in:") and "decrease in:" in cell for cell in cells)
    assert any(re.match(r"F\(1, 38\) = \d+\.\d+, p = \.\d+, η² = \.\d+", cell) for cell in cells)
    prose = " ".join(p.text for d in docs for p in d.paragraphs)
    assert "Smith et al. (2010)" in prose and "(Lee 2014; Park and Cho 2016)" in prose


# --- JATS --------------------------------------------------------------------------------


def test_jats_fixture_reads_fully() -> None:
    doc = read_document(JATS_FIXTURE)
    assert doc.source_format == "jats"
    assert doc.title.startswith("Mindfulness-Based Stress Reduction for Hospital Nurses")
    assert doc.authors == ["Helena J. Marsh", "Daniel Okafor", "Sara Lindqvist"]
    assert (doc.year, doc.doi) == (2021, "10.5555/jnw.2021.0042")
    abstract = [p for p in doc.paragraphs if p.section.startswith("Abstract")]
    assert len(abstract) == 4 and "η² = .132" in doc.abstract
    by_section: dict[str, str] = {}
    for paragraph in doc.paragraphs:
        by_section[paragraph.section] = f"{by_section.get(paragraph.section, '')} {paragraph.text}"
    assert "Self-Compassion Scale (SCS; Neff 2003)" in by_section["Measures"]
    assert "Shapiro et al. (2005) reported" in by_section["Introduction"]
    assert "F(1, 45) = 6.84, p = .012, η² = .132" in by_section["Results"]
    assert "Flow of participants" not in doc.text
    assert ("Measures", 2) in [(h.title, h.level) for h in doc.headings]  # nested <sec>
    baseline, outcomes = doc.tables
    assert (baseline.label, baseline.section) == ("Table 1", "Participants")
    assert baseline.rows[-1].cells == ["", "Nursing assistant", "5", "5"]
    assert (outcomes.label, outcomes.section) == ("Table 2", "Results")
    assert outcomes.header[0][1:3] == ["MBSR (n = 24)", "MBSR (n = 24)"]
    assert outcomes.header[1][:3] == ["", "Pre M", "Pre SD"]
    assert outcomes.rows[0].cells[0] == "Self-compassion (SCS)"
    assert outcomes.rows[3].cells[-3:] == ["0.38", ".541", ".008"]
    assert outcomes.footnotes[0].text.startswith("MBSR, Mindfulness-Based Stress Reduction;")
    glossary = [g.text for g in doc.glossary]
    assert glossary[0] == outcomes.footnotes[0].text
    assert any(g.startswith("MBSR, Mindfulness-Based Stress Reduction; SCS,") for g in glossary[1:])
    labels = [ref.label for ref in doc.references]
    assert labels == [
        "Neff 2003",
        "Cohen et al. 1983",
        "Kabat-Zinn 1990",
        "Shapiro et al. 2005",
        "Stamm 2010",
        "Davis 1983",
        "Raab 2014",
    ]
    shapiro = doc.references[3]
    assert shapiro.container == "International Journal of Stress Management"
    assert shapiro.authors == ["Shapiro", "Astin", "Bishop", "Cordova"]
    assert doc.references[4].title == "The concise ProQOL manual"
    assert assert_offsets(doc) > 20


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "broken.nxml", "<article>\n<front>\n<p>unclosed\n</front>\n</article>\n"
    )
    with pytest.raises(ReaderError) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 4
    assert str(caught.value).startswith(f"{path}:4: malformed XML")


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        ("<html><body><p>hello</p></body></html>", "not a JATS article"),
        ("<article><front><journal-meta/></front></article>", "no <article-meta>"),
        ("<article><front><article-meta/></front></article>", "no <body> and no abstract"),
    ],
)
def test_jats_without_content_gives_reason(tmp_path: Path, xml: str, reason: str) -> None:
    with pytest.raises(ReaderError, match=re.escape(reason)):
        read_document(_write(tmp_path, "paper.xml", xml))


def test_jats_named_entity_without_dtd_is_a_reader_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "entity.nxml", "<article>\n<body><p>a&nbsp;b</p></body></article>")
    with pytest.raises(ReaderError) as caught:
        read_document(path)
    assert caught.value.line == 2


@pytest.mark.slow
@pytest.mark.skipif(not PMC.is_dir(), reason=f"{PMC} not present")
def test_every_pmc_article_reads_or_fails_clearly() -> None:
    files = iter_paper_files([PMC])
    read, failed, tables, rows, references, paragraphs = 0, [], 0, 0, 0, 0
    for path in files:
        try:
            doc = read_document(path)
        except ReaderError as error:
            assert path.name in str(error)
            failed.append(str(error))
            continue
        read += 1
        tables += len(doc.tables)
        rows += sum(len(t.rows) for t in doc.tables)
        references += len(doc.references)
        paragraphs += len(doc.paragraphs)
        assert doc.title and doc.year
        assert_offsets(doc)
    print(
        f"\npmc-sample: {len(files)} files, {read} read, {len(failed)} refused; "
        f"{paragraphs} paragraphs, {tables} tables ({rows} rows), {references} references"
    )
    for reason in failed:
        print("  refused:", reason)
    assert read >= 190


# --- PDF --------------------------------------------------------------------------------


def test_pdf_reads_through_the_shared_structure(pdf_path: Path) -> None:
    doc = read_document(pdf_path)
    assert doc.source_format == "pdf"
    assert doc.title == "Brief Mindfulness Training for Ward Nurses"
    assert doc.authors == ["Ann Lee", "Tom Park"]
    assert doc.year == 2020
    assert doc.abstract.startswith("This pilot study tested")
    intro = next(p for p in doc.paragraphs if p.section == "Introduction")
    assert intro.text.endswith("nurses who did not take part in the course.")
    (table,) = doc.tables
    assert table.header == [["Measure", "Group", "Pre M", "Post M"]]
    assert [row.cells for row in table.rows] == [
        ["SCS", "Course", "2.90", "3.35"],
        ["", "Control", "2.95", "2.99"],
    ]
    assert [ref.label for ref in doc.references] == ["Neff 2003", "Lee and Park 2019"]
    assert HEAD not in doc.text
    assert not any(re.fullmatch(r"\d+", p.text) for p in doc.paragraphs)
    assert assert_offsets(doc) >= 6


def test_encrypted_pdf_is_refused(pdf_path: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=pdf_path)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(buffer.getvalue())
    with pytest.raises(ReaderError, match="encrypted"):
        read_document(locked)


def test_unreadable_pdf_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="unreadable PDF"):
        read_document(_write(tmp_path, "notes.pdf", "not a PDF at all"))


# --- registry -----------------------------------------------------------------------------


def test_unknown_suffix_lists_supported_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, "paper.docx", "x")
    with pytest.raises(ReaderError) as caught:
        read_document(path)
    message = str(caught.value)
    assert str(path) in message and "'.docx'" in message
    assert all(suffix in message for suffix in SUPPORTED_SUFFIXES)
    assert SUPPORTED_SUFFIXES == (".nxml", ".pdf", ".txt", ".xml")


def test_missing_binary_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="no such file"):
        read_document(tmp_path / "absent.txt")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(ReaderError, match="binary"):
        read_document(binary)
    with pytest.raises(ReaderError, match="empty"):
        read_document(_write(tmp_path, "blank.txt", "\n\n  \n"))


def test_iter_paper_files_expands_folders(tmp_path: Path) -> None:
    for name in ["b.txt", "a.nxml", "notes.md", ".hidden.txt", "sub/c.pdf", ".git/d.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    single = tmp_path / "b.txt"
    found = iter_paper_files([tmp_path, single])
    assert found == [tmp_path / "a.nxml", tmp_path / "b.txt", tmp_path / "sub" / "c.pdf"]
    with pytest.raises(ReaderError, match="no such file or folder"):
        iter_paper_files([tmp_path / "missing"])


def test_public_surface() -> None:
    assert sorted(readers.__all__) == [
        "ReaderError",
        "SUPPORTED_SUFFIXES",
        "check_content",
        "find_paper_files",
        "iter_paper_files",
        "read_document",
    ]
    assert all(hasattr(readers, name) for name in readers.__all__)


# --- reference entries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "label", "container"),
    [
        (
            "- Shapiro, S. L., Astin, J. A., Bishop, S. R., & Cordova, M. (2005). Title here. "
            "*International Journal of Stress Management*, *12*, 164–176.",
            "Shapiro et al. 2005",
            "International Journal of Stress Management",
        ),
        (
            "Rimes, K. A., & Wingrove, J. (2011). Pilot study. *Behavioural and Cognitive "
            "Psychotherapy*, 39, 235–241.",
            "Rimes and Wingrove 2011",
            "Behavioural and Cognitive Psychotherapy",
        ),
        ("Gilbert, P. (2005a). *Compassion*. New York: Routledge.", "Gilbert 2005a", ""),
        (
            "Hick, S. F., & Bien, T. (Eds.). (2008). *Mindfulness in therapy "
            "rooms*. New York: Guilford Press.",
            "Hick and Bien 2008",
            "",
        ),
        (
            "World Health Organization (2008). *Spotlight on statistics*. Geneva.",
            "World Health Organization 2008",
            "",
        ),
        (
            "Neff, K.D., Germer, C.K., 2013. A pilot study of the program. Journal of "
            "Clinical Psychology 69, 28-44.",
            "Neff and Germer 2013",
            "Journal of Clinical Psychology",
        ),
        (
            "12. Smith JA, Jones K, Brown L, et al. Mindfulness for nurses. J Nurs Stud. "
            "2010;47(3):1-9.",
            "Smith et al. 2010",
            "J Nurs Stud",
        ),
        (
            "- Koster, F. & Van den Brink, E. (2015). *Werkboek*. Groningen: Lentis.",
            "Koster and Van den Brink 2015",
            "",
        ),
        (  # initials with stops after the surname, no comma between (Frontiers)
            "Okafor M., Lindqvist P. A., Tan E., Haddad R. (2014). Breath counting and craving. "
            "Addict. Behav. 39, 1112–1118",
            "Okafor et al. 2014",
            "Addict",
        ),
    ],
)
def test_reference_entries_are_labelled_as_cited(entry: str, label: str, container: str) -> None:
    ref = parse_reference(entry)
    assert ref is not None
    assert (ref.label, ref.container) == (label, container)


def test_reference_list_without_final_stops_keeps_its_entries(tmp_path: Path) -> None:
    """Entries printed without a final stop, one block each (a numbered list that skips
    a number, an author-year list ending in pages): still one reference per block."""
    numbered = [
        "1. Okafor M, Tan E. Breath counting and craving. Addict Behav. 2014;39:1112-8",
        "2. Lindqvist PA. Urges and attention. Psychol Addict Behav. 2011;25(2):310",
        "4. Haddad R, Brandt S, et al. Cue reactivity. Biol Psychol. 2016;120:21-30",
    ]
    apa = [
        "Okafor M., Tan E. (2014). Breath counting and craving. Addict. Behav. 39, 1112",
        "Lindqvist P. A. (2011). Urges and attention. Psychol. Addict. Behav. 25, 310–321",
    ]
    vancouver = [  # unnumbered (BMC, Critical Care)
        "Okafor M, Tan E. Breath counting and craving. Addict Behav. 2014;39:1112-8.",
        "Lindqvist PA, Haddad R, et al. Urges and attention. Psychol Addict Behav. 2011;25:310.",
    ]
    for entries in (numbered, apa, vancouver):
        path = tmp_path / "paper.txt"
        body = "Smokers were asked to count breaths for ten minutes each day (1)."
        path.write_text("\n\n".join(["Results", body, "References", *entries]) + "\n")
        doc = read_document(path)
        assert [r.text for r in doc.references] == entries


def test_prose_is_not_a_reference() -> None:
    assert parse_reference("The results (2005) were mixed, as shown in Table 2.") is None


def test_text_without_front_matter_keeps_its_body(tmp_path: Path) -> None:
    text = (
        "Introduction\n\nShort opening.\n\nMethod\n\nNurses took part.\n\nResults\n\nIt worked.\n"
    )
    doc = read_document(_write(tmp_path, "bare.txt", text))
    assert [(p.section, p.text) for p in doc.paragraphs] == [
        ("Introduction", "Short opening."),
        ("Method", "Nurses took part."),
        ("Results", "It worked."),
    ]
    assert doc.title == "" and doc.year is None


def test_table_continued_on_next_page_is_one_table(tmp_path: Path) -> None:
    text = (
        "Results\n\nScores are shown in Table 1.\n\n"
        "Table 1 Scores by group\n\nMeasure\tGroup\tM\nSCS\tMBSR\t3.1\n\n"
        "Table 1 (continued)\n\nMeasure\tGroup\tM\nPSS\tMBSR\t17.2\n\n"
        "SCS Self-Compassion Scale; PSS Perceived Stress Scale\n\nThe course helped.\n"
    )
    doc = read_document(_write(tmp_path, "continued.txt", text))
    (table,) = doc.tables
    assert [row.cells[0] for row in table.rows] == ["SCS", "PSS"]
    assert [g.text for g in doc.glossary] == [table.footnotes[0].text]
    assert doc.paragraphs[-1].text == "The course helped."
