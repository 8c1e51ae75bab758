"""EU CBAM: the Annex I table, imports, the 50-tonne assessment and the authorisation."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib.resources
import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctpat import DataError, ReasonCode, Status, cbam
from ctpat.cbam import Category, CbamImport, assess, classify

D = dt.date
R = ReasonCode

STEEL = "7208 51 20"
CEMENT = "2523 29 00"
ELECTRICITY = "2716 00 00"
HYDROGEN = "2804 10 00"
LAPTOP = "8471 30 00"
FERRO_SILICON = "7202 21 00"


def imp(on: dt.date, code: str, kg: str | int) -> CbamImport:
    return CbamImport(on, code, Decimal(kg))


def exact_sum(values: list[Decimal]) -> Decimal:
    ctx = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    total = Decimal(0)
    for value in values:
        total = ctx.add(total, value)
    return total


class TestClassify:
    @pytest.mark.parametrize(
        ("code", "category"),
        [
            ("2507 00 80", Category.CEMENT),
            ("2523 10 00", Category.CEMENT),
            ("2523 21 00", Category.CEMENT),
            ("2523 90 00", Category.CEMENT),
            ("2716 00 00", Category.ELECTRICITY),
            ("2808 00 00", Category.FERTILISERS),
            ("2814 10 00", Category.FERTILISERS),
            ("2834 21 00", Category.FERTILISERS),
            ("3102 10 10", Category.FERTILISERS),
            ("3105 10 00", Category.FERTILISERS),
            ("2601 12 00", Category.IRON_AND_STEEL),
            ("7201 10 11", Category.IRON_AND_STEEL),
            ("7202 11 20", Category.IRON_AND_STEEL),  # ferro-manganese stays in
            ("7202 41 10", Category.IRON_AND_STEEL),  # ferro-chromium stays in
            ("7202 60 00", Category.IRON_AND_STEEL),  # ferro-nickel stays in
            ("7208 51 20", Category.IRON_AND_STEEL),
            ("7303 00 10", Category.IRON_AND_STEEL),
            ("7311 00 11", Category.IRON_AND_STEEL),
            ("7318 15 42", Category.IRON_AND_STEEL),
            ("7326 90 98", Category.IRON_AND_STEEL),
            ("7601 10 00", Category.ALUMINIUM),
            ("7609 00 00", Category.ALUMINIUM),
            ("7616 99 10", Category.ALUMINIUM),
            ("2804 10 00", Category.HYDROGEN),
        ],
    )
    def test_annex_i_goods(self, code: str, category: Category) -> None:
        assert classify(code) is category

    @pytest.mark.parametrize(
        "code",
        [
            "7202 21 00",  # ferro-silicon
            "7202 29 10",
            "7202 30 00",  # ferro-silico-manganese
            "7202 50 00",
            "7202 70 00",
            "7202 80 00",
            "7202 91 00",
            "7202 92 00",
            "7202 93 00",
            "7202 99 10",
            "7202 99 30",
            "7202 99 80",
            "7204 10 00",  # ferrous scrap
            "7204 49 90",
            "3105 60 00",  # P+K fertilisers
            "2507 00 20",  # kaolin, not the listed kaolinic clays
            "2523 00 00",
            "2601 11 00",  # non-agglomerated ore
            "2834 29 80",
            "2804 29 10",
            "7312 10 20",
            "7602 00 11",  # aluminium scrap: 7602 is not listed
            "7615 10 10",
            "8471 30 00",
        ],
    )
    def test_not_cbam_goods(self, code: str) -> None:
        assert classify(code) is None

    def test_spaces_and_dots_are_ignored(self) -> None:
        assert classify("7601.10.00") is classify("76011000") is Category.ALUMINIUM
        assert classify(" 7601 10 00 ") is Category.ALUMINIUM

    @pytest.mark.parametrize(
        "code",
        ["7208", "720851201", "7208512a", "", "7208-51-20", "７２０８５１２０", 72085120, None],
    )
    def test_invalid_codes_name_the_field(self, code: Any) -> None:
        with pytest.raises(DataError) as info:
            classify(code)
        assert (info.value.field, info.value.value) == ("cn_code", code)

    def test_longest_prefix_wins_and_an_exclusion_beats_a_good(self) -> None:
        source = cbam.goods_source()
        goods = {
            "72": cbam._Line("72", "Iron and steel", Category.IRON_AND_STEEL),
            "7202": cbam._Line("7202", "Ferro-alloys", Category.ALUMINIUM),
        }
        exclusions = {
            "720": cbam._Line("720", "excluded, but shorter than 7202"),
            "7202": cbam._Line("7202", "the same prefix as a good"),
            "720211": cbam._Line("720211", "longer"),
        }
        table = cbam._Table(source, goods, exclusions)
        assert table.match("72021100") is exclusions["720211"]
        assert table.match("72029900") is exclusions["7202"]
        assert table.match("72031000") is exclusions["720"]
        assert table.match("72101100") is goods["72"]
        assert table.match("73011000") is None


class TestTable:
    def test_bundled_table_has_every_annex_i_line(self) -> None:
        table = cbam._table()
        assert len(table.goods) == 42
        assert len(table.exclusions) == 11
        assert {line.category for line in table.goods.values()} == set(Category)
        assert [p for p, line in table.goods.items() if line.ex] == ["25070080"]

    def test_every_exclusion_carves_out_something_listed(self) -> None:
        table = cbam._table()
        for prefix in table.exclusions:
            assert any(prefix.startswith(good) for good in table.goods), prefix

    def test_source(self) -> None:
        source = cbam.goods_source()
        assert source.url == "https://eur-lex.europa.eu/eli/reg/2023/956/oj"
        assert source.retrieved_on == D(2026, 11, 30)
        assert "2025/2083" in source.title

    def test_table_is_not_read_at_import(self) -> None:
        code = "import ctpat.cbam as c; print(c._table.cache_info().currsize)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "0"

    @staticmethod
    def bundled() -> dict[str, Any]:
        resource = importlib.resources.files("ctpat").joinpath("data").joinpath("cbam-goods.json")
        result: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
        return result

    @pytest.mark.parametrize(
        ("path", "value", "field"),
        [
            (("goods", 3, "category"), "wood", "goods[3].category"),
            (("goods", 3, "category"), None, "goods[3].category"),
            (("goods", 3, "prefix"), "7", "goods[3].prefix"),
            (("goods", 3, "prefix"), "730000001", "goods[3].prefix"),
            (("goods", 3, "prefix"), "73a", "goods[3].prefix"),
            (("goods", 3, "prefix"), 7301, "goods[3].prefix"),
            (("goods", 3, "description"), "", "goods[3].description"),
            (("goods", 3, "extra"), 1, "goods[3].extra"),
            (("exclusions", 0, "category"), "cement", "exclusions[0].category"),
            (("source", "retrieved_on"), "30.11.2026", "source.retrieved_on"),
        ],
    )
    def test_bad_table_data_is_a_data_error_with_a_path(
        self, path: tuple[Any, ...], value: Any, field: str
    ) -> None:
        data = self.bundled()
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(DataError) as info:
            cbam._parse(json.dumps(data))
        assert info.value.field == field

    @pytest.mark.parametrize("key", ["goods", "exclusions"])
    def test_a_prefix_may_appear_only_once_a_list(self, key: str) -> None:
        data = self.bundled()
        data[key].append(data[key][0])
        with pytest.raises(DataError) as info:
            cbam._parse(json.dumps(data))
        assert info.value.field == f"{key}[{len(data[key]) - 1}].prefix"

    def test_a_line_built_by_hand_is_checked_too(self) -> None:
        with pytest.raises(DataError) as info:
            cbam._Line(7208, "a number, not a string")  # type: ignore[arg-type]
        assert info.value.field == "prefix"


class TestCbamImport:
    def test_code_is_stored_compact(self) -> None:
        item = imp(D(2026, 3, 2), "7208.51.20", "1250.5")
        assert item.cn_code == "72085120"
        assert item.category is Category.IRON_AND_STEEL
        assert imp(D(2026, 3, 2), LAPTOP, 1).category is None

    @pytest.mark.parametrize(
        "mass", [Decimal(0), Decimal("-0"), Decimal("0.001"), Decimal("1E+6"), Decimal(50000)]
    )
    def test_accepted_masses(self, mass: Decimal) -> None:
        assert CbamImport(D(2026, 1, 1), STEEL, mass).net_mass_kg == mass

    @pytest.mark.parametrize(
        "mass",
        [
            1250.5,
            1250,
            True,
            "1250",
            None,
            Decimal("-0.001"),
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            Decimal("-Infinity"),
        ],
    )
    def test_rejected_masses_name_the_field(self, mass: Any) -> None:
        with pytest.raises(DataError) as info:
            CbamImport(D(2026, 1, 1), STEEL, mass)
        assert info.value.field == "net_mass_kg"
        assert info.value.value is mass

    def test_a_float_mass_says_why(self) -> None:
        with pytest.raises(DataError, match=r"floats are inexact"):
            CbamImport(D(2026, 1, 1), STEEL, 0.1)  # type: ignore[arg-type]

    @pytest.mark.parametrize("on", [dt.datetime(2026, 1, 1, 9, 30), "2026-01-01", None, 20260101])
    def test_rejected_dates_name_the_field(self, on: Any) -> None:
        with pytest.raises(DataError) as info:
            CbamImport(on, STEEL, Decimal(1))
        assert info.value.field == "on"

    @pytest.mark.parametrize("code", ["7208 51", "72O85120", 72085120, b"72085120"])
    def test_rejected_codes_name_the_field(self, code: Any) -> None:
        with pytest.raises(DataError) as info:
            CbamImport(D(2026, 1, 1), code, Decimal(1))
        assert (info.value.field, info.value.value) == ("cn_code", code)


class TestThreshold:
    def test_exactly_50_tonnes_is_not_over(self) -> None:
        result = assess(
            [imp(D(2026, 2, 1), STEEL, 30000), imp(D(2026, 5, 1), CEMENT, 20000)], year=2026
        )
        assert not result.required
        assert not result
        assert result.total_net_mass_kg == Decimal(50000)
        assert result.threshold_crossed_on is None
        assert result.always_required_on is None
        assert set(result.codes()) == {R.CBAM_BELOW_THRESHOLD}
        assert result.declaration_due_on is None

    def test_one_kilogram_more_takes_the_whole_year_into_scope(self) -> None:
        result = assess(
            [
                imp(D(2026, 2, 1), STEEL, 30000),
                imp(D(2026, 5, 1), CEMENT, 20000),
                imp(D(2026, 9, 14), "7604 21 00", 1),
            ],
            year=2026,
        )
        assert result.required
        assert bool(result) is True
        assert result.total_net_mass_kg == Decimal(50001)
        assert result.threshold_crossed_on == D(2026, 9, 14)
        assert set(result.codes()) == {R.CBAM_THRESHOLD_EXCEEDED}
        (reason,) = result.reasons
        assert "every import of 2026 is in scope" in reason.message
        assert "including those before 2026-09-14" in reason.message
        assert "cumulative 50,001 kg" in reason.message
        assert result.declaration_due_on == D(2027, 9, 30)
        assert result.running_totals == (
            (D(2026, 2, 1), Decimal(30000)),
            (D(2026, 5, 1), Decimal(50000)),
            (D(2026, 9, 14), Decimal(50001)),
        )

    def test_crossed_on_is_the_import_that_went_over_in_date_order(self) -> None:
        result = assess(
            [
                imp(D(2026, 11, 1), STEEL, 10000),
                imp(D(2026, 3, 1), STEEL, 45000),
                imp(D(2026, 6, 1), STEEL, 6000),
            ],
            year=2026,
        )
        assert result.threshold_crossed_on == D(2026, 6, 1)
        assert [on for on, _ in result.running_totals] == [
            D(2026, 3, 1),
            D(2026, 6, 1),
            D(2026, 11, 1),
        ]

    def test_imports_on_the_same_day_keep_their_order(self) -> None:
        day = D(2026, 4, 4)
        result = assess(
            [imp(day, STEEL, 40000), imp(day, CEMENT, 20000), imp(day, STEEL, 1)], year=2026
        )
        assert [total for _, total in result.running_totals] == [
            Decimal(40000),
            Decimal(60000),
            Decimal(60001),
        ]
        assert result.threshold_crossed_on == day

    def test_decimal_arithmetic_is_exact(self) -> None:
        items = [imp(D(2026, 1, 1), STEEL, "0.1") for _ in range(10)]
        assert assess(items, year=2026).total_net_mass_kg == Decimal("1.0")
        with decimal.localcontext() as ctx:
            ctx.prec = 3  # the caller's context must not round the total
            big = [imp(D(2026, 1, 1), STEEL, "49999.999"), imp(D(2026, 1, 2), STEEL, "0.002")]
            result = assess(big, year=2026)
        assert result.total_net_mass_kg == Decimal("50000.001")
        assert result.required

    def test_no_imports(self) -> None:
        result = assess([], year=2026)
        assert not result
        assert result.total_net_mass_kg == 0
        assert result.running_totals == ()
        assert set(result.codes()) == {R.CBAM_BELOW_THRESHOLD}

    def test_any_iterable_is_accepted(self) -> None:
        result = assess((imp(D(2026, 1, day), STEEL, 1) for day in range(1, 4)), year=2026)
        assert result.total_net_mass_kg == 3


class TestAlwaysRequired:
    def test_electricity_alone(self) -> None:
        result = assess([imp(D(2026, 1, 7), ELECTRICITY, 0)], year=2026)
        assert result.required
        assert result.total_net_mass_kg == 0
        assert result.threshold_crossed_on is None
        assert result.always_required_on == D(2026, 1, 7)
        assert set(result.codes()) == {R.CBAM_ALWAYS_REQUIRED, R.CBAM_BELOW_THRESHOLD}
        assert result.reasons[0].message.startswith(
            "electricity imported on 2026-01-07 (CN 2716 00 00)"
        )

    def test_hydrogen_is_not_counted_but_requires_the_status(self) -> None:
        result = assess(
            [imp(D(2026, 3, 1), STEEL, 1000), imp(D(2026, 2, 1), HYDROGEN, 60000)], year=2026
        )
        assert result.required
        assert result.total_net_mass_kg == 1000
        assert result.threshold_crossed_on is None
        assert result.always_required_on == D(2026, 2, 1)
        assert result.reasons[0].code is R.CBAM_ALWAYS_REQUIRED
        assert result.reasons[0].message.startswith("hydrogen imported on 2026-02-01")
        assert result.not_counted == ()

    def test_the_first_electricity_or_hydrogen_import_is_named(self) -> None:
        result = assess(
            [imp(D(2026, 8, 1), ELECTRICITY, 0), imp(D(2026, 5, 1), HYDROGEN, 10)], year=2026
        )
        assert result.always_required_on == D(2026, 5, 1)
        assert [r.code for r in result.reasons].count(R.CBAM_ALWAYS_REQUIRED) == 1
        assert "2026-05-01" in result.reasons[0].message

    def test_electricity_and_threshold_both_reported(self) -> None:
        result = assess(
            [imp(D(2026, 1, 2), ELECTRICITY, 0), imp(D(2026, 6, 1), STEEL, 60000)], year=2026
        )
        assert set(result.codes()) == {R.CBAM_ALWAYS_REQUIRED, R.CBAM_THRESHOLD_EXCEEDED}
        assert result.always_required_on == D(2026, 1, 2)
        assert result.threshold_crossed_on == D(2026, 6, 1)


class TestIndirectRepresentative:
    def test_required_from_the_first_cbam_import(self) -> None:
        items = [imp(D(2026, 4, 1), LAPTOP, 5), imp(D(2026, 6, 1), STEEL, 20)]
        result = assess(items, year=2026, indirect_representative=True)
        assert result.required
        assert result.always_required_on == D(2026, 6, 1)
        assert result.total_net_mass_kg == 20
        first = result.reasons[0]
        assert first.code is R.CBAM_ALWAYS_REQUIRED
        assert "indirect customs representative" in first.message
        assert "uncertain" in first.message
        assert "(2026-06-01, CN 7208 51 20)" in first.message
        assert not assess(items, year=2026)

    def test_not_required_without_cbam_goods(self) -> None:
        result = assess([imp(D(2026, 4, 1), LAPTOP, 5)], year=2026, indirect_representative=True)
        assert not result
        assert result.always_required_on is None
        assert not result.has(R.CBAM_ALWAYS_REQUIRED)

    def test_with_electricity_both_reasons_and_the_earliest_date(self) -> None:
        result = assess(
            [imp(D(2026, 3, 1), STEEL, 1), imp(D(2026, 2, 1), ELECTRICITY, 0)],
            year=2026,
            indirect_representative=True,
        )
        assert result.always_required_on == D(2026, 2, 1)
        codes = [reason.code for reason in result.reasons]
        assert codes == [R.CBAM_ALWAYS_REQUIRED, R.CBAM_ALWAYS_REQUIRED, R.CBAM_BELOW_THRESHOLD]
        assert "(2026-02-01, CN 2716 00 00)" in result.reasons[0].message

    def test_the_rule_is_documented_as_uncertain(self) -> None:
        source = cbam.INDIRECT_REPRESENTATIVE_SOURCE
        assert source.confidence.value == "uncertain"
        assert cbam.THRESHOLD_SOURCE.confidence.value == "official"


class TestYears:
    def test_year_boundary(self) -> None:
        items = [imp(D(2026, 12, 31), STEEL, 40000), imp(D(2027, 1, 1), STEEL, 40000)]
        for year in (2026, 2027):
            result = assess(items, year=year)
            assert not result
            assert result.total_net_mass_kg == 40000
            assert len(result.other_years) == 1
            assert result.year == year
        assert assess(items, year=2026).other_years[0].on == D(2027, 1, 1)
        assert assess(items, year=2027).other_years[0].on == D(2026, 12, 31)

    def test_imports_of_another_year_are_ignored_and_reported(self) -> None:
        items = [
            imp(D(2026, 6, 1), STEEL, 10),
            imp(D(2025, 12, 1), STEEL, 90000),
            imp(D(2027, 1, 2), ELECTRICITY, 0),
        ]
        result = assess(items, year=2026)
        assert not result
        assert result.total_net_mass_kg == 10
        assert result.other_years == (items[1], items[2])
        assert result.reasons[-1].message.endswith("; 2 imports dated outside 2026 not counted")
        one = assess(items[:2], year=2026)
        assert one.reasons[-1].message.endswith("; 1 import dated outside 2026 not counted")
        crossed = assess([*items, imp(D(2026, 7, 1), STEEL, 50000)], year=2026)
        assert crossed.reasons[-1].message.endswith("; 2 imports dated outside 2026 not counted")

    @pytest.mark.parametrize("year", [2025, 1, 0, -2026, 9999, 10000, "2026", 2026.0, True, None])
    def test_invalid_years(self, year: Any) -> None:
        with pytest.raises(DataError) as info:
            assess([], year=year)
        assert (info.value.field, info.value.value) == ("year", year)

    def test_latest_year(self) -> None:
        assert assess([], year=9998).year == 9998


class TestNotCbamGoods:
    def test_reported_once_a_code_with_mass_and_never_counted(self) -> None:
        items = [
            imp(D(2026, 5, 1), LAPTOP, "120.5"),
            imp(D(2026, 1, 3), FERRO_SILICON, 70000),
            imp(D(2026, 2, 1), LAPTOP, "30"),
            imp(D(2026, 2, 2), STEEL, 5),
        ]
        result = assess(items, year=2026)
        assert not result
        assert result.total_net_mass_kg == 5
        assert result.not_counted == (items[1], items[2], items[0])
        messages = [r.message for r in result.reasons if r.code is R.NOT_CBAM_GOODS]
        assert messages == [
            "CN 7202 21 00 is not CBAM goods (not in Annex I): 70,000 kg in 1 import in 2026,"
            " not counted",
            "CN 8471 30 00 is not CBAM goods (not in Annex I): 150.5 kg in 2 imports in 2026,"
            " not counted",
        ]


class TestValidation:
    @pytest.mark.parametrize("imports", ["72085120", 5, None])
    def test_imports_must_be_a_sequence(self, imports: Any) -> None:
        with pytest.raises(DataError) as info:
            assess(imports, year=2026)
        assert info.value.field == "imports"

    def test_every_item_must_be_an_import(self) -> None:
        good = imp(D(2026, 1, 1), STEEL, 1)
        with pytest.raises(DataError) as info:
            assess([good, (D(2026, 1, 1), STEEL, Decimal(1))], year=2026)  # type: ignore[list-item]
        assert info.value.field == "imports[1]"

    @pytest.mark.parametrize("flag", [1, "yes", None])
    def test_indirect_representative_must_be_a_bool(self, flag: Any) -> None:
        with pytest.raises(DataError) as info:
            assess([], year=2026, indirect_representative=flag)
        assert info.value.field == "indirect_representative"


class TestExplain:
    def test_required(self) -> None:
        result = assess(
            [
                imp(D(2026, 1, 5), STEEL, 30000),
                imp(D(2026, 3, 9), CEMENT, 25000),
                imp(D(2026, 4, 1), LAPTOP, 40),
                imp(D(2025, 12, 30), STEEL, 1),
            ],
            year=2026,
        )
        assert result.explain() == (
            "Authorised CBAM declarant status required in 2026 (reference data 2026-11-30):\n"
            "- CBAM goods other than electricity and hydrogen imported in 2026 total"
            " 55,000 kg net, over the 50,000 kg threshold from the import of 2026-03-09"
            " (cumulative 55,000 kg): every import of 2026 is in scope, including those"
            " before 2026-03-09 (Regulation (EU) 2023/956 Article 2a(2));"
            " 1 import dated outside 2026 not counted\n"
            "- CN 8471 30 00 is not CBAM goods (not in Annex I): 40 kg in 1 import in 2026,"
            " not counted"
        )
        assert result.data_version == "2026-11-30"
        assert result.has(R.NOT_CBAM_GOODS)
        assert not result.has(R.CBAM_ALWAYS_REQUIRED)

    def test_not_required(self) -> None:
        result = assess([imp(D(2026, 1, 5), STEEL, "1234.5")], year=2026)
        assert result.explain() == (
            "Authorised CBAM declarant status not required in 2026"
            " (reference data 2026-11-30):\n"
            "- CBAM goods other than electricity and hydrogen imported in 2026 total"
            " 1,234.5 kg net, not over the 50,000 kg threshold"
            " (Regulation (EU) 2023/956 Article 2a(1), Annex VII)"
        )

    def test_built_by_hand_without_data_version(self) -> None:
        result = cbam.CbamAssessment(True, Decimal(0), None, (), 2027)
        assert result.explain() == "Authorised CBAM declarant status required in 2027:"
        assert result.threshold_kg == cbam.THRESHOLD_KG == Decimal("50000")


class TestAuthorisation:
    def test_granted_without_expiry(self) -> None:
        cert = cbam.authorisation("acme", on=D(2026, 2, 16), account_number="DE-CBAM-000123")
        assert cert.program == cbam.PROGRAM == "EU-CBAM"
        assert cert.holder == "acme"
        assert cert.reference == "DE-CBAM-000123"
        assert cert.events_standing_on(D(2026, 2, 15)).status is Status.NONE
        assert cert.events_standing_on(D(2026, 2, 16)).status is Status.CERTIFIED
        assert cert.events_standing_on(D(2099, 12, 31)).status is Status.CERTIFIED
        assert cert.events[0].until is None

    @pytest.mark.parametrize("number", ["", " DE123", None, 123])
    def test_account_number_must_be_non_empty_text(self, number: Any) -> None:
        with pytest.raises(DataError) as info:
            cbam.authorisation("acme", on=D(2026, 2, 16), account_number=number)
        assert info.value.field == "account_number"

    def test_holder_and_date_are_checked(self) -> None:
        with pytest.raises(DataError) as info:
            cbam.authorisation("", on=D(2026, 2, 16), account_number="X1")
        assert info.value.field == "holder"
        with pytest.raises(DataError) as info:
            cbam.authorisation(
                "acme",
                on=dt.datetime(2026, 2, 16, 8, 0),
                account_number="X1",
            )
        assert info.value.field == "on"


# -- properties ----------------------------------------------------------------

CODES = [STEEL, CEMENT, "7601 20 20", "3102 10 10", ELECTRICITY, HYDROGEN, LAPTOP, FERRO_SILICON]
COUNTED = {cbam._compact(code) for code in (STEEL, CEMENT, "7601 20 20", "3102 10 10")}
YEAR = 2026

imports = st.builds(
    CbamImport,
    on=st.dates(min_value=D(YEAR - 1, 11, 1), max_value=D(YEAR + 1, 2, 1)),
    cn_code=st.sampled_from(CODES),
    net_mass_kg=st.decimals(min_value=0, max_value=40000, places=3),
)
import_lists = st.lists(imports, max_size=12)


@given(import_lists, imports)
def test_adding_an_import_never_lowers_the_total_or_the_answer(
    items: list[CbamImport], extra: CbamImport
) -> None:
    before = assess(items, year=YEAR)
    after = assess([*items, extra], year=YEAR)
    assert after.total_net_mass_kg >= before.total_net_mass_kg
    assert after.required or not before.required
    if before.threshold_crossed_on is not None:
        assert after.threshold_crossed_on is not None
        assert after.threshold_crossed_on <= before.threshold_crossed_on


@given(import_lists, st.booleans())
def test_total_is_the_exact_sum_of_in_year_counted_masses(
    items: list[CbamImport], indirect: bool
) -> None:
    result = assess(items, year=YEAR, indirect_representative=indirect)
    counted = [i.net_mass_kg for i in items if i.on.year == YEAR and i.cn_code in COUNTED]
    assert result.total_net_mass_kg == exact_sum(counted)
    always = any(
        i.on.year == YEAR and i.category in (Category.ELECTRICITY, Category.HYDROGEN)
        for i in items
    )
    over = result.total_net_mass_kg > cbam.THRESHOLD_KG
    assert result.required == (over or always or (indirect and len(counted) > 0))
    assert (result.threshold_crossed_on is not None) == over
    if result.running_totals:
        assert result.running_totals[-1][1] == result.total_net_mass_kg
        totals = [total for _, total in result.running_totals]
        assert totals == sorted(totals)
    assert len(result.other_years) == sum(1 for i in items if i.on.year != YEAR)


@given(import_lists, st.randoms(use_true_random=False))
def test_the_order_of_the_imports_does_not_change_the_answer(
    items: list[CbamImport], rnd: Any
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    a, b = assess(items, year=YEAR), assess(shuffled, year=YEAR)
    assert (a.required, a.total_net_mass_kg, a.threshold_crossed_on) == (
        b.required,
        b.total_net_mass_kg,
        b.threshold_crossed_on,
    )
    assert a.always_required_on == b.always_required_on
