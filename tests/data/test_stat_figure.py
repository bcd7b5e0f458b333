"""The figure as printed is a property of the stat (data model), made by one function: the
report, the roll-up's sums, the proofreader and the new-year file all print it from there; and
the most a figure can mean is read from the model's numbers, never from the printed text."""

from __future__ import annotations

import pytest

from tzreport.data.models import Stat
from tzreport.report.figures import Figure


def stat(value: int | str, **more: object) -> Stat:
    return Stat.model_validate({"项目": "开展活动", "数量": value, **more})


@pytest.mark.parametrize(
    ("value", "printed"),
    # DESIGN §3: 约数 rounds down to two significant figures (under 100 to the ten), no 余 under 10
    [(8, "8"), (12, "10余"), (35, "30余"), (150, "150余"), (215, "210余"), (1137, "1100余"),
     (12000, "1.2万余")],
)
def test_an_exact_figure_with_approx_is_printed_by_the_rule(value: int, printed: str) -> None:
    assert stat(value, 约数=True).printed == printed
    assert stat(value).printed == str(value)
    # one figure of a roll-up (no other unit adds to it) is printed by the same function
    assert str(Figure(value, True)) == printed


@pytest.mark.parametrize(
    ("written", "printed", "value"),
    [("150余", "150余", 150), ("1.2万余", "1.2万余", 12000), ("3万", "3万", 30000),
     ("上万", "上万", 10000), ("1 万余", "1万余", 10000),
     # zeros before the digits say nothing: printed as the number they write (“001” is 1)
     ("0010余", "10余", 10), ("00.5万", "0.5万", 5000), ("0001万余", "1万余", 10000), ("001", "1", 1)],
)
def test_a_figure_written_as_an_approximation_is_printed_as_written(written: str, printed: str, value: int) -> None:
    found = stat(written)
    assert (found.printed, found.value) == (printed, value)
    # not re-rounded: 150余 by the rule would be 150余 too, but 1137 typed as "1137余"
    # stays 1137余 where 1137 with 约数 is 1100余
    assert stat("1137余").printed == "1137余"


def test_a_written_approximation_the_user_declares_exact_is_printed_as_a_number() -> None:
    assert stat("150余", 约数=False).printed == "150"


@pytest.mark.parametrize(
    ("figure", "highest"),
    [(stat(12), 12), (stat(8, 约数=True), 8), (stat(12, 约数=True), 19), (stat("10余"), 19),
     (stat("150余"), 159), (stat("200余"), 299), (stat(1137, 约数=True), 1199),
     (stat(1000, 约数=True), 1999), (stat(30000, 约数=True), 39999), (stat("1.2万余"), 12999),
     (stat("1.20万余"), 12099), (stat("1万余"), 19999), (stat("上万"), 99999), (stat("上千"), 9999)],
)
def test_the_most_a_figure_can_mean_is_read_from_the_model(figure: Stat, highest: int) -> None:
    assert figure.highest == highest


@pytest.mark.parametrize(
    ("parts", "printed", "span"),
    [
        # a sum with a 约数 part is written by the 约数 rule, as DESIGN §3 has it (30余 + 120余
        # → 150余) and a 街道 writes it (共学习30余次): not “37余”, a precision its 10余 does
        # not have; its span, for the comparison with last year, holds what its parts can add
        # up to (37 to 46) and what “30余” says (30 to 39)
        ([Figure(10, True, "10余"), Figure(8), Figure(6), Figure(7), Figure(6)], "30余", (30, 46)),
        ([Figure(30, True, "30余"), Figure(120, True, "120余")], "150余", (150, 168)),
        ([Figure(12), Figure(25)], "37", (37, 37)),
        ([Figure(12000, True, "1.2万余"), Figure(3000)], "1.5万余", (15000, 15999)),
        ([Figure(12000, True, "1.2万余"), Figure(350)], "1.2万余", (12000, 13349)),
        ([Figure(40, True, "40余"), Figure(22, True, "20余")], "60余", (60, 80)),
        ([Figure(3, True), Figure(4)], "7", (7, 7)),
    ],
)
def test_an_approximate_sum_keeps_its_lower_bound(parts: list[Figure], printed: str, span: tuple[int, int]) -> None:
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    assert str(total) == printed
    assert total.span() == span
