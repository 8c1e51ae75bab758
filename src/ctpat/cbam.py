"""EU CBAM: whether an importer needs authorised CBAM declarant status in a year.

From 1 January 2026 (the definitive period of the Carbon Border Adjustment
Mechanism) goods listed in Annex I of Regulation (EU) 2023/956 -- cement,
iron and steel, aluminium, fertilisers, electricity and hydrogen -- may only
be imported by an *authorised CBAM declarant* (Article 4; authorisation under
Article 17; account number under Article 16). It is a separate authorisation
from AEO, modelled here as the program ``"EU-CBAM"``.

Regulation (EU) 2025/2083 added a de minimis exemption (Article 2a, Annex VII):
an importer whose imports of Annex I goods, electricity and hydrogen left out,
do not cumulatively exceed 50 tonnes of net mass in a calendar year is exempt.
Once the year's total goes over 50 tonnes, every import of that year is in
scope, including those made before. Electricity and hydrogen are outside the
exemption (Article 2a(4)): any import of either needs the status.

:func:`assess` applies that rule to a list of imports, :func:`classify` maps a
CN code to its Annex I category from the bundled table
(``ctpat/data/cbam-goods.json``, read on first use), and
:func:`authorisation` records a granted status as a
:class:`~ctpat.Certification`. Sources:
https://eur-lex.europa.eu/eli/reg/2023/956/oj and
https://eur-lex.europa.eu/eli/reg/2025/2083/oj.

(The module is one question -- does this importer need the status this year --
with the Annex I table and the threshold's wording it needs; it runs a little
over 500 lines because every rule is quoted with its article.)

>>> from datetime import date
>>> from decimal import Decimal
>>> from ctpat import cbam
>>> imports = [
...     cbam.CbamImport(date(2026, 2, 3), "7208 51 20", Decimal("30000")),
...     cbam.CbamImport(date(2026, 6, 9), "2523 29 00", Decimal("20000.5")),
... ]
>>> result = cbam.assess(imports, year=2026)
>>> bool(result), result.total_net_mass_kg, result.threshold_crossed_on
(True, Decimal('50000.5'), datetime.date(2026, 6, 9))
>>> cbam.classify("7601.20.20"), cbam.classify("8471 30 00")
(<Category.ALUMINIUM: 'aluminium'>, None)
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from ctpat import _validation as v
from ctpat._reference import read_data
from ctpat.certifications import Certification
from ctpat.enums import Confidence, ReasonCode, StrEnum
from ctpat.errors import DataError
from ctpat.serialization import from_json
from ctpat.sources import Source
from ctpat.verdicts import Reason

__all__ = [
    "FIRST_YEAR",
    "INDIRECT_REPRESENTATIVE_SOURCE",
    "PROGRAM",
    "THRESHOLD_KG",
    "THRESHOLD_SOURCE",
    "Category",
    "CbamAssessment",
    "CbamImport",
    "assess",
    "authorisation",
    "classify",
    "goods_source",
]

#: The program code of the authorised CBAM declarant status.
PROGRAM: Final = "EU-CBAM"

#: The single mass-based threshold of Article 2a: 50 tonnes of net mass a
#: calendar year (Annex VII point 1). The Commission reviews it every year and
#: may change it by delegated act from the following 1 January.
THRESHOLD_KG: Final = Decimal("50000")

#: The first year the threshold rule applies: the definitive period starts on
#: 1 January 2026; before then importers only reported.
FIRST_YEAR: Final = 2026

#: Where the 50-tonne de minimis rule comes from.
THRESHOLD_SOURCE: Final = Source(
    "https://eur-lex.europa.eu/eli/reg/2025/2083/oj",
    "Regulation (EU) 2025/2083 amending Regulation (EU) 2023/956 "
    "(Article 2a de minimis exemption, Annex VII single mass-based threshold)",
    dt.date(2026, 11, 30),
    Confidence.OFFICIAL,
)

#: The rule that an indirect customs representative acting as CBAM declarant
#: needs the status from its first import of CBAM goods, whatever the mass.
#: Commentary on the Commission's February 2025 proposal (COM(2025) 87) said so:
#: Crowe (below), CarbonChain and EY, at
#: https://learn.carbonchain.io/en/articles/13223498-cbam-simplifications-the-50-tonne-threshold-who-is-exempt
#: https://globaltaxnews.ey.com/news/2025-0720-european-commission-sets-conditions-and-procedures-for-authorized-cbam-declarants
#: A secondary quotation of the adopted Article 5(1a) ("an indirect customs
#: representative shall obtain the status ... prior to importing goods ...
#: irrespective of whether the importer is exempted ... pursuant to Article
#: 2a") supports it, but it was not read on EUR-Lex, so the rule stays
#: ``uncertain`` until it is.
INDIRECT_REPRESENTATIVE_SOURCE: Final = Source(
    "https://www.crowe.com/ua/croweacu/en-us/news/the-cbam-simplification-regulation",
    "Crowe: The CBAM simplification regulation (indirect customs representatives)",
    dt.date(2026, 11, 30),
    Confidence.UNCERTAIN,
)

_RESOURCE = "cbam-goods.json"

# Additions of finite Decimals are exact under this context: nothing is ever
# rounded, so totals do not depend on the caller's decimal context.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.Inexact],
)


class Category(StrEnum):
    """An Annex I goods category.

    Annex I lists hydrogen under "Chemicals"; it is its own category here
    because the threshold treats it apart.

    >>> Category("iron-and-steel").counts_toward_threshold
    True
    >>> Category.HYDROGEN.counts_toward_threshold
    False
    """

    CEMENT = "cement"
    IRON_AND_STEEL = "iron-and-steel"
    ALUMINIUM = "aluminium"
    FERTILISERS = "fertilisers"
    ELECTRICITY = "electricity"
    HYDROGEN = "hydrogen"

    @property
    def counts_toward_threshold(self) -> bool:
        """Whether imports count toward the 50-tonne threshold (all but electricity, hydrogen)."""
        return self not in _ALWAYS_REQUIRED


_ALWAYS_REQUIRED = frozenset({Category.ELECTRICITY, Category.HYDROGEN})


def _digits(text: str) -> bool:
    # isascii() keeps out other scripts' digits, which isdigit() accepts.
    return text.isascii() and text.isdigit()


def _compact(cn_code: str) -> str:
    if type(cn_code) is str:
        code = cn_code.replace(" ", "").replace(".", "")
        if len(code) == 8 and _digits(code):
            return code
    raise DataError.at("cn_code", cn_code, "must be an 8-digit CN code (spaces and dots allowed)")


def _display(code: str) -> str:
    return f"{code[:4]} {code[4:6]} {code[6:]}"


def _kg(mass: Decimal) -> str:
    return f"{mass:,f} kg"


def _mass(field: str, value: object) -> None:
    if not isinstance(value, Decimal):
        hint = " (floats are inexact: use Decimal('12.5'))" if isinstance(value, float) else ""
        raise DataError.at(field, value, f"must be a Decimal, not {type(value).__name__}{hint}")
    if not value.is_finite():
        raise DataError.at(field, value, "must be a finite number")
    if value < 0:
        raise DataError.at(field, value, "must not be negative")
    # Totals are added exactly, so a mass's size and precision bound the work:
    # a billion tonnes to the microgram is more than any declaration holds.
    if value and value.adjusted() > _LARGEST_DIGIT:
        raise DataError.at(field, value, f"must be under 10^{_LARGEST_DIGIT + 1} kg")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite Decimal's exponent is a number
    if value and exponent < -_DECIMALS:
        raise DataError.at(field, value, f"must have at most {_DECIMALS} decimal places")


_LARGEST_DIGIT = 11
_DECIMALS = 9


# -- the Annex I table -------------------------------------------------------


def _category(value: Category | str | None) -> Category | None:
    if value is None or isinstance(value, Category):
        return value
    try:
        return Category(value)
    except ValueError:
        v.member("category", value, Category)
        raise  # pragma: no cover - member() always raises here


@attrs.frozen
class _Line:
    """One line of the table: a CN prefix and, for goods, its category."""

    prefix: str
    description: str
    category: Category | None = attrs.field(default=None, converter=_category)
    ex: bool = False

    def __attrs_post_init__(self) -> None:
        prefix = self.prefix
        if not (type(prefix) is str and 2 <= len(prefix) <= 8 and _digits(prefix)):
            raise DataError.at("prefix", prefix, "must be 2 to 8 digits")
        v.text("description", self.description)


def _unique(field: str, lines: tuple[_Line, ...]) -> None:
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line.prefix in seen:
            raise DataError.at(f"{field}[{index}].prefix", line.prefix, "appears twice")
        seen.add(line.prefix)


@attrs.frozen
class _GoodsFile:
    """The shape of ``cbam-goods.json``."""

    source: Source
    goods: tuple[_Line, ...]
    exclusions: tuple[_Line, ...]
    notes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        for index, line in enumerate(self.goods):
            if line.category is None:
                raise DataError.at(f"goods[{index}].category", None, "a good needs a category")
        for index, line in enumerate(self.exclusions):
            if line.category is not None:
                raise DataError.at(
                    f"exclusions[{index}].category", line.category, "an exclusion has no category"
                )
        _unique("goods", self.goods)
        _unique("exclusions", self.exclusions)


@attrs.frozen
class _Table:
    source: Source
    goods: dict[str, _Line]
    exclusions: dict[str, _Line]

    def match(self, code: str) -> _Line | None:
        """The line deciding ``code``: longest prefix first, an exclusion before a good."""
        for length in range(len(code), 1, -1):
            prefix = code[:length]
            line = self.exclusions.get(prefix) or self.goods.get(prefix)
            if line is not None:
                return line
        return None


def _parse(text: str) -> _Table:
    # Imported here: the converter is only needed the first time the table is read.

    data = from_json(text, _GoodsFile)
    return _Table(
        data.source,
        {line.prefix: line for line in data.goods},
        {line.prefix: line for line in data.exclusions},
    )


@functools.cache
def _table() -> _Table:
    return _parse(read_data(_RESOURCE))


def goods_source() -> Source:
    """Where the bundled Annex I table comes from, and when it was read.

    Raises :class:`~ctpat.errors.DataError` only if the bundled table is damaged.

    >>> goods_source().retrieved_on
    datetime.date(2026, 11, 30)
    """
    return _table().source


def classify(cn_code: str) -> Category | None:
    """The Annex I category of an 8-digit CN code, or ``None`` if it is not CBAM goods.

    Spaces and dots are ignored; anything but 8 digits raises
    :class:`~ctpat.errors.DataError`. Annex I's exceptions count: ferro-silicon
    (7202 2x) and ferrous scrap (7204) are not CBAM goods although chapter 72
    is. The "ex 2507 00 80" line (calcined kaolinic clays only, since
    Regulation (EU) 2025/2083) is classified as cement: the CN code alone cannot
    tell calcined from non-calcined clay.

    >>> classify("2716 00 00"), classify("72022100"), classify("7204.10.00")
    (<Category.ELECTRICITY: 'electricity'>, None, None)
    >>> classify("7208")
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: cn_code: must be an 8-digit CN code ... (got '7208')
    """
    line = _table().match(_compact(cn_code))
    return None if line is None else line.category


# -- imports and the assessment -----------------------------------------------


@attrs.frozen
class CbamImport:
    """One release for free circulation: its date, CN code and net mass in kg.

    ``cn_code`` is kept compact (``"72085120"``). ``net_mass_kg`` must be a
    :class:`~decimal.Decimal` -- floats would make the 50-tonne comparison
    inexact. Electricity has no mass: give ``Decimal(0)``; it is never counted.
    Raises :class:`~ctpat.errors.DataError` naming the field for a value of the
    wrong type, a code that is not 8 digits, or a negative or non-finite mass.

    >>> from datetime import date
    >>> imp = CbamImport(date(2026, 3, 2), "7208 51 20", Decimal("1250.5"))
    >>> imp.cn_code, imp.category
    ('72085120', <Category.IRON_AND_STEEL: 'iron-and-steel'>)
    >>> CbamImport(date(2026, 3, 2), "72085120", 1250.5)
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: net_mass_kg: must be a Decimal, not float ... (got 1250.5)
    """

    on: dt.date
    cn_code: str = attrs.field(converter=_compact)
    net_mass_kg: Decimal

    def __attrs_post_init__(self) -> None:
        v.date("on", self.on)
        _mass("net_mass_kg", self.net_mass_kg)

    @property
    def category(self) -> Category | None:
        """The Annex I category, or ``None`` for goods outside CBAM."""
        return classify(self.cn_code)


@attrs.frozen
class CbamAssessment:
    """Whether authorised CBAM declarant status is required in a calendar year, and why.

    ``bool(assessment)`` is ``required``. ``total_net_mass_kg`` is the year's
    cumulative net mass of CBAM goods other than electricity and hydrogen;
    ``running_totals`` gives that total after each counted import, in date
    order, and ``threshold_crossed_on`` the date of the import that took it
    over ``threshold_kg``. ``always_required_on`` is the date of the first
    import that needs the status whatever the mass (electricity, hydrogen, or
    any CBAM goods for an indirect customs representative). ``not_counted``
    lists the year's imports of goods outside Annex I and ``other_years`` the
    imports dated in another year; neither is counted. Raises nothing:
    assessments are built by :func:`assess`, and their fields are not checked.

    >>> a = CbamAssessment(False, Decimal("1200"), None, (), 2026)
    >>> bool(a), a.declaration_due_on
    (False, None)
    """

    required: bool
    total_net_mass_kg: Decimal
    threshold_crossed_on: dt.date | None
    reasons: tuple[Reason, ...]
    year: int
    always_required_on: dt.date | None = None
    running_totals: tuple[tuple[dt.date, Decimal], ...] = ()
    not_counted: tuple[CbamImport, ...] = ()
    other_years: tuple[CbamImport, ...] = ()
    threshold_kg: Decimal = THRESHOLD_KG
    data_version: str | None = None

    def __bool__(self) -> bool:
        return self.required

    def codes(self) -> tuple[ReasonCode, ...]:
        """The codes of all reasons."""
        return tuple(reason.code for reason in self.reasons)

    def has(self, code: ReasonCode) -> bool:
        """Whether a reason with this code is present."""
        return any(reason.code is code for reason in self.reasons)

    @property
    def declaration_due_on(self) -> dt.date | None:
        """When the CBAM declaration for the year is due (30 September of the next
        year, Article 6(1) as amended by Regulation (EU) 2025/2083), if required."""
        return dt.date(self.year + 1, 9, 30) if self.required else None

    def explain(self) -> str:
        """The assessment in plain English: a heading line, then one line a reason."""
        head = "required" if self.required else "not required"
        data = f" (reference data {self.data_version})" if self.data_version else ""
        lines = [f"Authorised CBAM declarant status {head} in {self.year}{data}:"]
        lines.extend(f"- {reason.message}" for reason in self.reasons)
        return "\n".join(lines)


def _year(year: object) -> int:
    if type(year) is not int:
        raise DataError.at("year", year, f"must be an int, not {type(year).__name__}")
    if not FIRST_YEAR <= year <= dt.MAXYEAR - 1:
        raise DataError.at(
            "year",
            year,
            f"must be from {FIRST_YEAR}, when the CBAM definitive period began,"
            f" to {dt.MAXYEAR - 1}",
        )
    return year


def _imports(imports: Iterable[CbamImport]) -> tuple[CbamImport, ...]:
    items = v.a_tuple("imports", imports)
    for index, item in enumerate(items):
        if type(item) is not CbamImport:
            raise DataError.at(f"imports[{index}]", item, "must be a CbamImport")
    return items


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def assess(
    imports: Iterable[CbamImport], *, year: int, indirect_representative: bool = False
) -> CbamAssessment:
    """Whether an importer needs authorised CBAM declarant status in ``year``.

    The status is required when the year's cumulative net mass of CBAM goods,
    electricity and hydrogen left out, is **over** :data:`THRESHOLD_KG`
    (exactly 50,000 kg is not over), or when any electricity or hydrogen is
    imported. With ``indirect_representative=True`` it is required from the
    first import of any CBAM goods (see :data:`INDIRECT_REPRESENTATIVE_SOURCE`:
    that rule's confidence is uncertain). Imports are taken in date order
    (stable for equal dates); imports dated in another year and goods outside
    Annex I are reported, never counted. ``year`` must be 2026 or later.
    Raises :class:`~ctpat.errors.DataError` naming ``year`` (not an int, or out of range:
    before 2026), ``indirect_representative`` (not a bool) or an import that
    is not a :class:`CbamImport`.

    >>> from datetime import date
    >>> a = assess([CbamImport(date(2026, 1, 7), "2716 00 00", Decimal(0))], year=2026)
    >>> print(a.explain())  # doctest: +NORMALIZE_WHITESPACE
    Authorised CBAM declarant status required in 2026 (reference data 2026-11-30):
    - electricity imported on 2026-01-07 (CN 2716 00 00) needs the status whatever
      the quantity: the 50-tonne exemption does not apply to electricity or hydrogen
      (Regulation (EU) 2023/956 Article 2a(4))
    - CBAM goods other than electricity and hydrogen imported in 2026 total 0 kg net,
      not over the 50,000 kg threshold (Regulation (EU) 2023/956 Article 2a(1), Annex VII)
    """
    year = _year(year)
    if type(indirect_representative) is not bool:
        raise DataError.at(
            "indirect_representative", indirect_representative, "must be True or False"
        )
    items = _imports(imports)
    table = _table()
    in_year = sorted((item for item in items if item.on.year == year), key=lambda i: i.on)
    other_years = tuple(item for item in items if item.on.year != year)

    total = Decimal(0)
    running: list[tuple[dt.date, Decimal]] = []
    crossed: tuple[dt.date, Decimal] | None = None
    first_cbam: CbamImport | None = None
    first_uncounted: tuple[CbamImport, Category] | None = None
    not_counted: list[CbamImport] = []
    outside: dict[str, list[CbamImport]] = {}
    for item in in_year:
        line = table.match(item.cn_code)
        category = None if line is None else line.category
        if category is None:
            not_counted.append(item)
            outside.setdefault(item.cn_code, []).append(item)
            continue
        if first_cbam is None:
            first_cbam = item
        if not category.counts_toward_threshold:
            if first_uncounted is None:
                first_uncounted = (item, category)
            continue
        total = _EXACT.add(total, item.net_mass_kg)
        running.append((item.on, total))
        if crossed is None and total > THRESHOLD_KG:
            crossed = (item.on, total)

    reasons: list[Reason] = []
    always_on: dt.date | None = None
    if indirect_representative and first_cbam is not None:
        always_on = first_cbam.on
        reasons.append(
            Reason(
                ReasonCode.CBAM_ALWAYS_REQUIRED,
                "as an indirect customs representative you need the status before the"
                f" first import of CBAM goods in {year} ({first_cbam.on},"
                f" CN {_display(first_cbam.cn_code)}), whatever the mass; this rule's"
                " confidence is uncertain: it comes from commentary on the February 2025"
                " proposal and was not confirmed from the adopted text",
            )
        )
    if first_uncounted is not None:
        item, category = first_uncounted
        always_on = item.on if always_on is None else always_on
        reasons.append(
            Reason(
                ReasonCode.CBAM_ALWAYS_REQUIRED,
                f"{category} imported on {item.on} (CN {_display(item.cn_code)}) needs the"
                " status whatever the quantity: the 50-tonne exemption does not apply to"
                " electricity or hydrogen (Regulation (EU) 2023/956 Article 2a(4))",
            )
        )
    counted = f"CBAM goods other than electricity and hydrogen imported in {year} total"
    ignored = ""
    if other_years:
        ignored = f"; {_plural(len(other_years), 'import')} dated outside {year} not counted"
    if crossed is not None:
        reasons.append(
            Reason(
                ReasonCode.CBAM_THRESHOLD_EXCEEDED,
                f"{counted} {_kg(total)} net, over the {_kg(THRESHOLD_KG)} threshold from"
                f" the import of {crossed[0]} (cumulative {_kg(crossed[1])}): every import"
                f" of {year} is in scope, including those before {crossed[0]}"
                f" (Regulation (EU) 2023/956 Article 2a(2)){ignored}",
            )
        )
    else:
        reasons.append(
            Reason(
                ReasonCode.CBAM_BELOW_THRESHOLD,
                f"{counted} {_kg(total)} net, not over the {_kg(THRESHOLD_KG)} threshold"
                f" (Regulation (EU) 2023/956 Article 2a(1), Annex VII){ignored}",
            )
        )
    for code, group in outside.items():
        mass = functools.reduce(_EXACT.add, (item.net_mass_kg for item in group), Decimal(0))
        reasons.append(
            Reason(
                ReasonCode.NOT_CBAM_GOODS,
                f"CN {_display(code)} is not CBAM goods (not in Annex I):"
                f" {_kg(mass)} in {_plural(len(group), 'import')} in {year}, not counted",
            )
        )
    return CbamAssessment(
        required=crossed is not None or always_on is not None,
        total_net_mass_kg=total,
        threshold_crossed_on=None if crossed is None else crossed[0],
        reasons=tuple(reasons),
        year=year,
        always_required_on=always_on,
        running_totals=tuple(running),
        not_counted=tuple(not_counted),
        other_years=other_years,
        threshold_kg=THRESHOLD_KG,
        data_version=table.source.retrieved_on.isoformat(),
    )


def authorisation(holder: str, *, on: dt.date, account_number: str) -> Certification:
    """A granted authorised CBAM declarant status, as an ``EU-CBAM`` certification.

    The status has no fixed expiry (it ends by revocation or cessation). The
    CBAM account number the Commission assigns (Article 16) is kept, as an
    opaque string, in ``reference``. Raises :class:`~ctpat.errors.DataError`
    naming the field for a value of the wrong type or an empty account number.

    >>> from datetime import date
    >>> import ctpat
    >>> cert = authorisation("acme", on=date(2026, 2, 16), account_number="DE-CBAM-000123")
    >>> cert.program, cert.reference, ctpat.reference().standing(cert, on=date(2030, 1, 1)).status
    ('EU-CBAM', 'DE-CBAM-000123', <Status.CERTIFIED: 'certified'>)
    """
    v.text("account_number", account_number)
    return Certification.grant(PROGRAM, holder, on=on, reference=account_number)
