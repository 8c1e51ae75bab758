"""Tests for :mod:`ctpat.identifiers`: every scheme, the registry and junk input.

The MID construction rules (``mid.build``) are tested in ``test_mid_build.py``.
"""

from __future__ import annotations

import pickle
import string
from types import ModuleType
from typing import SupportsIndex

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctpat.errors import CtpatError, InvalidIdentifier
from ctpat.identifiers import (
    SCHEMES,
    IdentifierScheme,
    aeo,
    eori,
    lei,
    mid,
    normalize,
    svi,
    tcuin,
)

# mypy checks these: each module must satisfy the Protocol as it stands.
_EORI: IdentifierScheme = eori
_AEO: IdentifierScheme = aeo
_SVI: IdentifierScheme = svi
_MID: IdentifierScheme = mid
_LEI: IdentifierScheme = lei
_TCUIN: IdentifierScheme = tcuin

ALL_SCHEMES = pytest.mark.parametrize("scheme", list(SCHEMES.values()), ids=list(SCHEMES))

# One valid value per scheme, written the way people type them.
SAMPLES = {
    "aeo": "DE AEOF 123456",
    "eori": "gb 123456789000",
    "lei": "5493001KJTIIGC8Y1R12",
    "mid": "MYAMAPLA1250KUA",
    "svi": "abc-123",
    "tcuin": "JP1511234567890",
}

# Bloomberg, Deutsche Bank and Apple, as published in the GLEIF register.
REAL_LEIS = ["5493001KJTIIGC8Y1R12", "7LTWFZYICNSX8D621K86", "HWUPKR0MPOU8FGXBT394"]


def rejects(scheme: IdentifierScheme, value: object, reason: str) -> InvalidIdentifier:
    """Assert ``scheme.validate(value)`` fails with ``reason`` in its message."""
    with pytest.raises(InvalidIdentifier) as info:
        scheme.validate(value)  # type: ignore[arg-type]  # junk on purpose
    err = info.value
    assert reason in err.message
    assert err.scheme == scheme.NAME
    assert err.value is value
    assert not scheme.is_valid(value)
    return err


def outcome(scheme: IdentifierScheme, value: object) -> str | InvalidIdentifier:
    """What ``scheme.validate(value)`` returns, or the InvalidIdentifier it raises."""
    try:
        return scheme.validate(value)  # type: ignore[arg-type]  # junk on purpose
    except InvalidIdentifier as err:
        return err


# --- the registry -----------------------------------------------------------------


def test_schemes_are_keyed_by_name() -> None:
    assert sorted(SCHEMES) == ["aeo", "eori", "lei", "mid", "svi", "tcuin"]
    for key, scheme in SCHEMES.items():
        assert key == scheme.NAME
        assert isinstance(scheme, ModuleType)


def test_schemes_is_read_only() -> None:
    with pytest.raises(TypeError):
        SCHEMES["duns"] = eori  # type: ignore[index]


@ALL_SCHEMES
def test_all_lists_the_public_names(scheme: IdentifierScheme) -> None:
    exported = scheme.__all__  # type: ignore[attr-defined]
    assert exported == sorted(exported)
    assert {"NAME", "compact", "validate", "is_valid"} <= set(exported)
    for name in exported:
        assert hasattr(scheme, name)


def test_package_all() -> None:
    import ctpat.identifiers as package

    assert len(set(package.__all__)) == len(package.__all__)
    for name in package.__all__:
        assert hasattr(package, name)


@ALL_SCHEMES
def test_sample_is_valid(scheme: IdentifierScheme) -> None:
    value = SAMPLES[scheme.NAME]
    normal = scheme.validate(value)
    assert scheme.is_valid(value)
    assert scheme.validate(normal) == normal
    assert scheme.compact(value) == normal


# --- normalize ---------------------------------------------------------------------


def test_normalize_known_scheme() -> None:
    assert normalize("eori", " de-123 456 ") == "DE123456"
    assert normalize("LEI", "hwupkr0mpou8fgxbt394") == "HWUPKR0MPOU8FGXBT394"


def test_normalize_known_scheme_rejects() -> None:
    with pytest.raises(InvalidIdentifier) as info:
        normalize("aeo", "DE123")
    assert info.value.scheme == "aeo"
    assert info.value.value == "DE123"


def test_normalize_unknown_scheme_keeps_the_value() -> None:
    assert normalize("duns", " 15-048\t3782\n") == "15-0483782"
    assert normalize("scac", "abcd") == "ABCD"


@pytest.mark.parametrize("value", ["", "  \t\n"])
def test_normalize_unknown_scheme_rejects_empty(value: str) -> None:
    with pytest.raises(InvalidIdentifier, match="is empty") as info:
        normalize("duns", value)
    assert info.value.scheme == "duns"
    assert info.value.value == value


def test_normalize_unknown_scheme_rejects_non_string() -> None:
    with pytest.raises(InvalidIdentifier, match="must be a string, not int") as info:
        normalize("duns", 150483782)  # type: ignore[arg-type]
    assert info.value.scheme == "duns"


# --- the error ---------------------------------------------------------------------


def test_error_carries_scheme_and_value() -> None:
    with pytest.raises(InvalidIdentifier) as info:
        eori.validate("12345")
    err = info.value
    assert isinstance(err, ValueError)
    assert isinstance(err, CtpatError)
    assert err.scheme == "eori"
    assert err.value == "12345"
    assert str(err) == (
        "invalid eori '12345': must start with a two-letter country code (A-Z), got '12'"
    )
    again = pickle.loads(pickle.dumps(err))
    assert (again.scheme, again.value, again.message) == (err.scheme, err.value, err.message)


# --- junk in, InvalidIdentifier out ------------------------------------------------

JUNK = st.one_of(
    st.text(),
    st.text(alphabet=string.ascii_letters + string.digits + " -.", max_size=40),
    st.binary(),
    st.integers(),
    st.none(),
    st.floats(allow_nan=True),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    # Huge strings: validation must stay linear and never build huge numbers.
    st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=3), st.integers(1, 20_000)),
)


@ALL_SCHEMES
@settings(deadline=None)
@given(junk=JUNK)
def test_junk_raises_only_invalid_identifier(scheme: IdentifierScheme, junk: object) -> None:
    result = outcome(scheme, junk)
    if isinstance(result, InvalidIdentifier):
        assert result.scheme == scheme.NAME
        assert result.value is junk
        assert result.message
        assert scheme.is_valid(junk) is False
    else:
        assert scheme.is_valid(junk) is True
        # A normalised value is a fixed point.
        assert scheme.validate(result) == result
        assert scheme.compact(result) == result


@ALL_SCHEMES
@given(text=st.text())
def test_compact_is_idempotent(scheme: IdentifierScheme, text: str) -> None:
    once = scheme.compact(text)
    assert scheme.compact(once) == once


@ALL_SCHEMES
@pytest.mark.parametrize(
    "junk",
    [None, 17, 3.5, b"DE123456", bytearray(b"DE1"), ["DE123"], object(), "\ud800", "\x00" * 9],
    # A bare object's repr names its address: a stable id lets workers agree.
    ids=lambda junk: "object()" if type(junk) is object else repr(junk),
)
def test_is_valid_never_raises(scheme: IdentifierScheme, junk: object) -> None:
    assert scheme.is_valid(junk) is False


@ALL_SCHEMES
@pytest.mark.parametrize("junk", [None, 17, b"DE123456"], ids=repr)
def test_non_string_names_its_type(scheme: IdentifierScheme, junk: object) -> None:
    rejects(scheme, junk, f"must be a string, not {type(junk).__name__}")
    with pytest.raises(InvalidIdentifier):
        scheme.compact(junk)  # type: ignore[arg-type]


@ALL_SCHEMES
def test_huge_string(scheme: IdentifierScheme) -> None:
    huge = SAMPLES[scheme.NAME] * 100_000
    assert not scheme.is_valid(huge)


@ALL_SCHEMES
def test_str_subclass_is_read_as_plain_text(scheme: IdentifierScheme) -> None:
    class Sneaky(str):
        def upper(self) -> str:
            raise RuntimeError("never called")

        def split(self, sep: str | None = None, maxsplit: SupportsIndex = -1) -> list[str]:
            raise RuntimeError("never called")

    value = Sneaky(SAMPLES[scheme.NAME])
    assert type(scheme.validate(value)) is str
    assert scheme.is_valid(value)


@ALL_SCHEMES
@pytest.mark.parametrize("empty", ["", "   ", " - . "])
def test_empty(scheme: IdentifierScheme, empty: str) -> None:
    with pytest.raises(InvalidIdentifier):
        scheme.validate(empty)
    assert not scheme.is_valid(empty)


# --- eori and tcuin ------------------------------------------------------------------

COUNTRY_NUMBER = pytest.mark.parametrize("scheme", [eori, tcuin], ids=["eori", "tcuin"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("DE1234567890123", "DE1234567890123"),
        ("GB123456789000", "GB123456789000"),
        ("XI123456789000", "XI123456789000"),
        ("fr 123.456-789", "FR123456789"),
        ("NL\u00a0123\t456", "NL123456"),
        ("IT1", "IT1"),
        ("ES" + "A" * 15, "ES" + "A" * 15),
    ],
)
def test_eori_valid(value: str, expected: str) -> None:
    assert eori.validate(value) == expected
    assert eori.is_valid(value)


@COUNTRY_NUMBER
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "is empty"),
        ("1234567", "must start with a two-letter country code (A-Z), got '12'"),
        ("D", "must start with a two-letter country code (A-Z), got 'D'"),
        ("D1234", "got 'D1'"),
        ("ÄE1234", "got 'ÄE'"),
        ("DE", "has no identifier after the country code"),
        ("DE" + "1" * 16, "is 18 characters long; at most 17 (country code + up to 15)"),
        ("DE123_45", "has '_' at position 6"),
        ("DE12\u00b345", "has '³' at position 5"),
        # A dotless i upper-cases to I; it must not sneak in as a letter.
        ("de12\u0131", "has 'ı' at position 5"),
        ("DE12/34", "has '/' at position 5"),
    ],
)
def test_country_number_invalid(scheme: IdentifierScheme, value: str, reason: str) -> None:
    rejects(scheme, value, reason)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        # The examples that passed before HMRC's rule was applied.
        ("GB12345678901", "a GB EORI is GB and 12 to 15 digits (HMRC); has 11 digits"),
        ("GB123", "has 3 digits"),
        ("GBABC123456789", "has 'A' at position 3"),
        ("XI12345678901A", "an XI EORI is XI and 12 to 15 digits (HMRC); has 'A' at position 14"),
        ("XI" + "1" * 11, "has 11 digits"),
    ],
)
def test_uk_eori_follows_hmrc(value: str, reason: str) -> None:
    rejects(eori, value, reason)


@pytest.mark.parametrize("digits", [12, 13, 14, 15])
def test_uk_eori_lengths(digits: int) -> None:
    for prefix in eori.UK_PREFIXES:
        assert eori.validate(prefix + "7" * digits) == prefix + "7" * digits


def test_other_member_states_keep_the_lenient_rule() -> None:
    assert eori.is_valid("DE123")
    assert eori.is_valid("FRABC123456789")
    assert eori.is_valid("IE12345678901")


def test_tcuin_valid() -> None:
    assert tcuin.validate("us 12-3456789") == "US123456789"
    assert tcuin.validate("CN1234567890") == "CN1234567890"
    assert tcuin.is_valid("KR" + "9" * 15)


# --- aeo ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected", "kind", "country"),
    [
        ("DEAEOF123456", "DEAEOF123456", "AEOF", "DE"),
        ("nl aeoc 0012345", "NLAEOC0012345", "AEOC", "NL"),
        ("FR-AEOS-000123", "FRAEOS000123", "AEOS", "FR"),
        ("IT.AEOF.ABC1", "ITAEOFABC1", "AEOF", "IT"),
        ("PLAEOF" + "9" * 29, "PLAEOF" + "9" * 29, "AEOF", "PL"),
        ("XIAEOC1", "XIAEOC1", "AEOC", "XI"),
        # National numbering with a slash (serial/year), as published numbers use.
        ("DE AEOF 00025/08", "DEAEOF00025/08", "AEOF", "DE"),
        ("de-aeoc-12/34/56", "DEAEOC12/34/56", "AEOC", "DE"),
    ],
)
def test_aeo_valid(value: str, expected: str, kind: str, country: str) -> None:
    assert aeo.validate(value) == expected
    assert aeo.authorisation_type(value) == kind
    assert aeo.country(value) == country
    assert kind in aeo.TYPES


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "is empty"),
        ("12AEOF123", "must start with a two-letter country code (A-Z), got '12'"),
        ("DEAEO", "authorisation type must be AEOC, AEOS or AEOF after the country code"),
        ("DEAEO", "got 'AEO'"),
        ("DEAEOX123", "got 'AEOX'"),
        ("DE123456", "got '1234'"),
        ("DEAEOF", "has no serial number after the authorisation type"),
        ("DEAEOF" + "1" * 30, "is 36 characters long; at most 35 are allowed"),
        ("DEAEOF/1234", "serial number must not start or end with '/'"),
        ("DEAEOF1234/", "serial number must not start or end with '/'"),
        ("DEAEOF12//34", "serial number has '//'"),
        ("DEAEOF12/3_4", "serial number has '_' at position 11"),
    ],
)
def test_aeo_invalid(value: str, reason: str) -> None:
    rejects(aeo, value, reason)


def test_aeo_parts_of_an_invalid_number_raise() -> None:
    with pytest.raises(InvalidIdentifier):
        aeo.authorisation_type("DE123")
    with pytest.raises(InvalidIdentifier):
        aeo.country(None)  # type: ignore[arg-type]


# --- svi ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("abc-1234-x", "ABC1234X"), ("7", "7"), ("z" * 35, "Z" * 35), (" 12.34 ", "1234")],
)
def test_svi_valid(value: str, expected: str) -> None:
    assert svi.validate(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "is empty"),
        ("A" * 36, "is 36 characters long; at most 35 are allowed"),
        ("ABC/123", "has '/' at position 4"),
        # Only ASCII is upper-cased, so the message shows what was typed.
        ("ABCé", "has 'é' at position 4"),
    ],
)
def test_svi_invalid(value: str, reason: str) -> None:
    rejects(svi, value, reason)


# --- lei ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", REAL_LEIS)
def test_lei_real(value: str) -> None:
    assert lei.validate(value) == value
    assert lei.validate(value.lower()) == value
    assert lei.calc_check_digits(value[:18]) == value[18:]
    assert lei.validate(lei.format(value)) == value


def test_lei_format() -> None:
    assert lei.format("5493001kjtiigc8y1r12") == "5493 001K JTII GC8Y 1R12"
    with pytest.raises(InvalidIdentifier):
        lei.format("5493001KJTIIGC8Y1R13")


@pytest.mark.parametrize("value", REAL_LEIS)
def test_lei_every_other_check_value_fails(value: str) -> None:
    for check in range(100):
        digits = f"{check:02d}"
        if digits != value[18:]:
            rejects(lei, value[:18] + digits, "check digits do not match")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "must be 20 characters long, got 0"),
        ("5493001KJTIIGC8Y1R1", "must be 20 characters long, got 19"),
        ("5493001KJTIIGC8Y1R123", "must be 20 characters long, got 21"),
        ("5493001KJTIIGC8Y1R_2", "has '_' at position 19"),
        ("5493001KJTIIGC8Y1RAB", "the last two characters must be check digits, got 'AB'"),
        ("5493001KJTIIGC8Y1R1B", "got '1B'"),
        ("5493001KJTIIGC8Y1R13", "check digits do not match (expected '12', got '13')"),
        ("7LTWFZYICNSX8D621K68", "expected '86', got '68'"),
        # A swap of two characters in the base changes the check digits.
        ("4593001KJTIIGC8Y1R12", "check digits do not match"),
    ],
)
def test_lei_invalid(value: str, reason: str) -> None:
    rejects(lei, value, reason)


@pytest.mark.parametrize(
    ("base", "reason"),
    [
        ("5493001KJTIIGC8Y1", "needs exactly 18 characters to compute check digits, got 17"),
        ("5493001KJTIIGC8Y1R1", "got 19"),
        ("5493001KJTIIGC8Y1_", "has '_' at position 18"),
    ],
)
def test_lei_calc_check_digits_invalid(base: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier, match=reason):
        lei.calc_check_digits(base)


@given(base=st.text(alphabet=string.ascii_uppercase + string.digits, min_size=18, max_size=18))
def test_lei_check_digits_make_a_valid_lei(base: str) -> None:
    check = lei.calc_check_digits(base)
    assert 2 <= int(check) <= 98
    assert lei.is_valid(base + check)
    # The remainder of the whole number is 1, by ISO 7064 MOD 97-10.
    assert int("".join(str(int(c, 36)) for c in base + check)) % 97 == 1


# --- mid (shape only) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MYAMAPLA1250KUA", "MYAMAPLA1250KUA"),
        ("xoabccom1200tor", "XOABCCOM1200TOR"),
        ("DE BER ULM", "DEBERULM"),
        ("US20TCEN", "US20TCEN"),
        ("CNABC", "CNABC"),
    ],
)
def test_mid_valid(value: str, expected: str) -> None:
    assert mid.validate(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "is empty"),
        ("12ABCDEF", "must start with a two-letter country code (A-Z), got '12'"),
        ("CAABCCOM1200TOR", "'CA' is not a valid MID country code"),
        ("MYAB", "needs at least 3 characters after the country code, got 2"),
        ("MY", "got 0"),
        ("MYAMAPLA1250KUAL", "is 16 characters long; at most 15 are allowed"),
        ("MYAMA_PLA", "has '_' at position 6"),
    ],
)
def test_mid_invalid(value: str, reason: str) -> None:
    rejects(mid, value, reason)


def test_mid_error_lists_the_province_codes() -> None:
    err = rejects(mid, "CAXYZ", "'CA' is not a valid MID country code")
    assert "XA, XB, XC, XM, XN, XO, XP, XQ, XS, XT, XV, XW, XY" in err.message
