"""Table cells read back exactly: what a results table prints, `parse_cell` types and
returns with every number as printed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.assemble.cells import (
    ESTIMATE_CI,
    MEAN_SD,
    MEDIAN_IQR,
    MEDIAN_RANGE,
    N_PCT,
    NUMBER,
    PERCENT,
    TEST,
    TEXT,
    VALUE_P,
    P,
    parse_cell,
)

DIGITS = "0123456789"
MINUSES = ("-", "−", "–")


@st.composite
def decimals(draw: st.DrawFn, signed: bool = False) -> tuple[str, str]:
    """(as printed, as read): "−0.45" is read "-0.45"; ".019" stays ".019"."""
    whole = draw(st.integers(0, 999))
    fraction = draw(st.text(DIGITS, min_size=1, max_size=3))
    shape = draw(st.sampled_from(["int", "dec", "bare"]))
    text = (
        str(whole)
        if shape == "int"
        else f".{fraction}"
        if shape == "bare"
        else f"{whole}.{fraction}"
    )
    if signed and draw(st.booleans()):
        return draw(st.sampled_from(MINUSES)) + text, "-" + text
    return text, text


marks = st.sampled_from(["", "*", "**", "***", "†", "‡", "^a", "^*", "a", "¹"])
gaps = st.sampled_from(["", " ", "  "])


@settings(max_examples=300, deadline=None)
@given(
    mean=decimals(signed=True), sd=decimals(), gap=gaps, style=st.sampled_from("±([/"), mark=marks
)
def test_a_mean_with_its_sd_in_any_notation(
    mean: tuple[str, str], sd: tuple[str, str], gap: str, style: str, mark: str
) -> None:
    printed = {
        "±": f"{mean[0]}{gap}±{gap}{sd[0]}",
        "(": f"{mean[0]}{gap}({sd[0]})",
        "[": f"{mean[0]}{gap}[{sd[0]}]",
        "/": f"{mean[0]}{gap}/{gap}{sd[0]}",
    }[style] + mark
    cell = parse_cell(printed, "Mean/SD" if style == "/" else "")
    assert (cell.kind, cell.value, cell.spread) == (MEAN_SD, mean[1], sd[1]), printed
    assert cell.marks == ((mark.lstrip("^"),) if mark else ())


@settings(max_examples=200, deadline=None)
@given(n=st.integers(0, 5000), pct=decimals(), gap=gaps, sign=st.booleans())
def test_a_count_with_its_percentage(n: int, pct: tuple[str, str], gap: str, sign: bool) -> None:
    printed = f"{n}{gap}({pct[0]}{'%' if sign else ''})"
    cell = parse_cell(printed, "" if sign else "n (%)")
    assert (cell.kind, cell.value, cell.spread) == (N_PCT, str(n), pct[1]), printed


@settings(max_examples=300, deadline=None)
@given(
    value=decimals(signed=True),
    low=decimals(signed=True),
    high=decimals(signed=True),
    style=st.sampled_from(["( to )", "[, ]", "(–)", "(-)", "[; ]"]),
    hint=st.sampled_from(["", "95% CI", "Median (IQR)", "Median (range)"]),
)
def test_an_estimate_with_an_interval(
    value: tuple[str, str],
    low: tuple[str, str],
    high: tuple[str, str],
    style: str,
    hint: str,
) -> None:
    left, sep, right = style[0], style[1:-1], style[-1]
    printed = f"{value[0]} {left}{low[0]}{sep}{high[0]}{right}"
    cell = parse_cell(printed, hint)
    expected = {"Median (IQR)": MEDIAN_IQR, "Median (range)": MEDIAN_RANGE}.get(hint, ESTIMATE_CI)
    assert (cell.kind, cell.value, cell.low, cell.high) == (expected, value[1], low[1], high[1])


@settings(max_examples=300, deadline=None)
@given(
    stat=st.sampled_from(["F", "t", "z", "U", "χ²", "χ2"]),
    df=st.sampled_from(["", "1", "1, 45", "2,120"]),
    value=decimals(signed=True),
    p=decimals(),
    comparator=st.sampled_from(["=", "<", "≤"]),
    with_p=st.booleans(),
)
def test_a_test_statistic_with_its_df_and_p(
    stat: str, df: str, value: tuple[str, str], p: tuple[str, str], comparator: str, with_p: bool
) -> None:
    printed = f"{stat}{f'({df})' if df else ''} = {value[0]}"
    if with_p:
        printed += f", p {comparator} {p[0]}"
    cell = parse_cell(printed)
    assert cell.kind == TEST, printed
    assert cell.stat == ("chi2" if stat.startswith("χ") else stat)
    assert cell.df == df.replace(",", ", ").replace(",  ", ", ")
    assert cell.value == value[1]
    assert cell.p == ((p[1] if comparator == "=" else comparator + p[1]) if with_p else "")


@settings(max_examples=200, deadline=None)
@given(p=decimals(), comparator=st.sampled_from(["<", "=", "≤", ">", "<="]), word=st.booleans())
def test_a_p_value_with_its_comparator(p: tuple[str, str], comparator: str, word: bool) -> None:
    cell = parse_cell(f"{'p ' if word else ''}{comparator} {p[0]}")
    assert cell.kind == P
    expected = {"<=": "≤"}.get(comparator, comparator)
    assert cell.as_p == (p[1] if expected == "=" else expected + p[1])


def test_printed_forms_that_need_no_generator() -> None:
    assert parse_cell("−0.45").value == "-0.45" and parse_cell("−0.45").kind == NUMBER
    assert parse_cell("< 0,001").as_p == "<0.001"  # a decimal comma
    assert parse_cell("ns").comparator == "ns"
    assert parse_cell("88%").kind == PERCENT
    assert parse_cell("21·7% (3·0)").value == "21.7"  # a percentage with its SE
    assert parse_cell("12·3").value == "12.3"
    with_p = parse_cell("10.93 (<0.001)")
    assert (with_p.kind, with_p.value, with_p.p) == (VALUE_P, "10.93", "<0.001")
    assert parse_cell("1.47 (0.15)", "t (p)").p == "0.15"
    assert parse_cell("12/40 (30)").kind == N_PCT
    assert parse_cell("Self-compassion").kind == TEXT
    assert parse_cell("—").is_numeric is False
