"""Property tests: what a paper prints, the parsers read back exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.components import parse_citations, parse_statistics
from ingest.components.citations import STOPWORDS

DIGITS = "0123456789"
MINUSES = ("-", "−", "–")
COMPARATORS = {"=": "=", "<": "<", ">": ">", "≤": "≤", "≥": "≥", "<=": "≤", ">=": "≥"}


@st.composite
def decimals(draw: st.DrawFn, leading_zero: bool | None = None) -> str:
    """A number as papers print it: "5.917", "0.45", ".019", "12"."""
    fraction = draw(st.text(DIGITS, min_size=1, max_size=4))
    whole = draw(st.integers(0, 999))
    if leading_zero is None:
        leading_zero = draw(st.booleans())
    if whole == 0 and not leading_zero:
        return f".{fraction}"
    if draw(st.booleans()):
        return str(whole)
    return f"{whole}.{fraction}"


spaces = st.sampled_from(["", " ", "  "])


@settings(max_examples=300, deadline=None)
@given(
    df1=st.integers(1, 20),
    df2=st.integers(1, 999),
    f=decimals(),
    p=decimals(leading_zero=False),
    comparator=st.sampled_from(sorted(COMPARATORS)),
    gaps=st.tuples(spaces, spaces, spaces, spaces),
    latex=st.booleans(),
)
def test_f_and_p_round_trip(
    df1: int,
    df2: int,
    f: str,
    p: str,
    comparator: str,
    gaps: tuple[str, str, str, str],
    latex: bool,
) -> None:
    a, b, c, d = gaps
    text = f"F({df1},{a}{df2}){b}={c}{f}, p{d}{comparator}{d}{p}"
    if latex:
        text = f"${text}$"
    found = parse_statistics(f"The interaction was significant, {text}, in both groups.")
    assert [(s.name, s.value, s.comparator, s.df) for s in found] == [
        ("F", f, "=", f"{df1}, {df2}"),
        ("p", p, COMPARATORS[comparator], ""),
    ]


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(["t", "r"]),
    df=st.integers(1, 500),
    value=decimals(),
    minus=st.sampled_from(("", *MINUSES)),
)
def test_signed_values_with_df_round_trip(name: str, df: int, value: str, minus: str) -> None:
    (found,) = parse_statistics(f"a correlation ({name}({df}) = {minus}{value})")
    assert (found.name, found.df, found.value) == (name, str(df), ("-" if minus else "") + value)


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.tuples(decimals(), decimals()), min_size=1, max_size=4),
)
def test_means_and_sds_round_trip(pairs: list[tuple[str, str]]) -> None:
    text = "; ".join(f"(M = {m}, SD = {sd})" for m, sd in pairs)
    found = parse_statistics(text)
    assert [(s.name, s.value) for s in found] == [
        item for m, sd in pairs for item in (("M", m), ("SD", sd))
    ]
    assert all(text[s.start : s.end].endswith(s.value) for s in found)


surname = (
    st.tuples(
        st.sampled_from("ABCDEFGHIJKLMNOPRSTUVWZ"),
        st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10),
        st.one_of(
            st.just(""),
            st.builds(
                lambda c, rest: f"-{c}{rest}",
                st.sampled_from("BCDKLMSZ"),
                st.text("aeioulnrst", min_size=2, max_size=6),
            ),
        ),
    )
    .map("".join)
    .filter(lambda name: name.split("-")[0] not in STOPWORDS)
)
year = st.builds(
    lambda y, letter: f"{y}{letter}",
    st.integers(1950, 2029),
    st.sampled_from(["", "", "a", "b"]),
)


@st.composite
def citation(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """(authors as printed, canonical authors, first author, year)."""
    first = draw(surname)
    form = draw(st.sampled_from(["one", "two", "ampersand", "et al", "three"]))
    if form == "one":
        return first, first, first, draw(year)
    if form == "et al":
        return f"{first} et al.", f"{first} et al.", first, draw(year)
    second = draw(surname)
    if form == "three":
        return f"{first}, {draw(surname)}, and {second}", f"{first} et al.", first, draw(year)
    joiner = "&" if form == "ampersand" else "and"
    return f"{first} {joiner} {second}", f"{first} and {second}", first, draw(year)


@settings(max_examples=300, deadline=None)
@given(cited=citation(), narrative=st.booleans())
def test_a_citation_round_trips(cited: tuple[str, str, str, str], narrative: bool) -> None:
    printed, canonical, first, when = cited
    text = f"As {printed} ({when}) showed." if narrative else f"It was shown ({printed} {when})."
    (found,) = parse_citations(text)
    assert (found.label, found.first_author, found.year) == (f"{canonical} {when}", first, when)
    assert text[found.start : found.end].startswith(first)


@settings(max_examples=200, deadline=None)
@given(cites=st.lists(citation(), min_size=1, max_size=4))
def test_parenthetical_lists_round_trip(cites: list[tuple[str, str, str, str]]) -> None:
    text = "Earlier work agreed (" + "; ".join(f"{p} {y}" for p, _, _, y in cites) + ")."
    found = parse_citations(text)
    assert [(c.label, c.first_author, c.year) for c in found] == [
        (f"{canonical} {y}", first, y) for _, canonical, first, y in cites
    ]


@settings(max_examples=200, deadline=None)
@given(
    first=surname,
    years=st.lists(st.integers(1950, 2029), min_size=2, max_size=3, unique=True),
)
def test_one_author_many_years(first: str, years: list[int]) -> None:
    text = f"({first} et al. " + ", ".join(map(str, years)) + ")"
    found = parse_citations(text)
    assert [c.label for c in found] == [f"{first} et al. {y}" for y in years]
