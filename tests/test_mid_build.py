"""Tests for :func:`ctpat.identifiers.mid.build`, the MID construction rules.

Where the expected codes come from:

* CFR: the Appendix to 19 CFR Part 102 ("Textile and Apparel Manufacturer
  Identification") as read at https://ecfr.io/Title-19/Part-102/Appendix
  (paragraphs 1 to 3: length, province codes and the name examples).
* FR 2005: the same rules as published with the 2005 interim rule, quoted in
  http://www.mkma.org/newsletters/2005/Nov2005/MID.htm ("Dr. S.A. Smith",
  "Shavings B L Inc.").
* CFR (translated): the rest of paragraph 3 was not retrievable in English; its
  examples are quoted verbatim in a Vietnamese guide to the US market,
  https://thuvienbinhthuan.com.vn/ebook/ThongTinVaTacPhamTongQuat/Tonghop/GioiThieuThiTruongHoaKy/files/basic-html/page117.html
* FedEx: CBP's street-number guidance and a full worked example as restated
  by FedEx (secondary): https://fedex.com/en-jp/customer-support/faq/customs/customs-codes/how-to-generate-mid-code.html
  and https://ask.fedex.com/help/en-gb/preparing-to-send/mid-code-generation
* Derived: worked out by hand from the rules above, not copied from a source.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctpat.errors import InvalidIdentifier
from ctpat.identifiers import mid

# A street and city whose parts are fixed, to test one part of the code at a time.
STREET = "1 Jalan Ampang"
CITY = "Kuala Lumpur"


def name_part(name: str) -> str:
    """The name part of the MID that ``build`` makes for ``name``."""
    code = mid.build(name, STREET, CITY, "MY")
    assert code.startswith("MY")
    assert code.endswith("1KUA")
    return code[2:-4]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # CFR
        ("Amalgamated Plastics Corp.", "AMAPLA"),
        ("Bergstrom", "BER"),
        ("A.B.C. Company", "ABCCOM"),
        ("A B C Company", "ABCCOM"),
        ("O.A.S.I.S. Corp.", "OASCOR"),
        # FR 2005
        ("Dr. S.A. Smith", "DRSA"),
        ("Shavings B L Inc.", "SHABL"),
        # CFR (translated)
        ("The Garment and Textiles Company Co. Ltd", "GARTEX"),
        ("Rawles-Aden Corp.", "RAWCOR"),
        ("20th Century Fox", "20TCEN"),
        ("Concept 2000", "CON200"),
    ],
)
def test_name_examples_from_the_rules(name: str, expected: str) -> None:
    assert name_part(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Derived: every ignored word, in any case, wherever it stands.
        ("THE BANK OF AN ISLAND AND A TOWN", "BANISL"),
        ("the embassy of spain", "EMBSPA"),
        # Derived: initials that spell an ignored word are still a word.
        ("The A N Company", "ANCOM"),
        ("A. N. Textiles", "ANTEX"),
        # Derived: a lone "A." is an initial; a lone bare "A" is the article.
        ("A. Smith Co.", "ASMI"),
        ("A Smith Co.", "SMICO"),
        # Derived: punctuation standing alone is not a word.
        ("Smith & Sons", "SMISON"),
        ("Smith - Jones Ltd", "SMIJON"),
        # Derived: accents dropped, German sharp s read as SS.
        ("Müller Strickwaren GmbH", "MULSTR"),
        ("Großhandel Nord", "GRONOR"),
        ("Société Générale", "SOCGEN"),
        # Derived: a single initial between words is a word of its own.
        ("Dr. S. Smith", "DRS"),
        ("PT Mega Garmen", "PTMEG"),
    ],
)
def test_name_derived(name: str, expected: str) -> None:
    assert name_part(name) == expected


@pytest.mark.parametrize(
    ("street", "expected"),
    [
        # FedEx
        ("11455 Main Street Suite 9999", "1145"),
        ("12,34,56 Akasaka Road", "1234"),
        ("12-34 56 Akasaka Road", "1234"),
        ("7 12th street", "7"),
        ("Hauptstrasse", ""),
        # Derived
        ("555 Sixth Avenue", "555"),
        ("Apt. 509, 2 Marble St.", "509"),
        ("No. 12345, Jalan Raya", "1234"),
        ("21st Floor, 3 Queens Road", "3"),
        ("Bldg 1A, 23 Park Rd", "23"),
        ("Unit 5, 1st Ave", "5"),
        ("No. 0012 Rue X", "12"),
        ("0 Harbour Road", "0"),
        ("Ｎｏ．１２３ Chang'an Street", "123"),
        ("Lot 5/7 Jalan 2", "7"),
    ],
)
def test_street_number(street: str, expected: str) -> None:
    assert mid.build("Bergstrom", street, "Ulm", "DE") == f"DEBER{expected}ULM"


def test_street_number_very_long() -> None:
    # Too many digits for int(): compared without converting.
    street = "9" * 10_000 + " " + "1" * 20_000
    assert mid.build("Bergstrom", street, "Ulm", "DE") == "DEBER1111ULM"


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        # Derived
        ("Kuala Lumpur", "KUA"),
        ("St. Michael", "STM"),
        ("Ho Chi Minh City", "HOC"),
        ("São Paulo", "SAO"),
        ("Ulm", "ULM"),
        ("Ur", "UR"),
        ("10115 Berlin", "BER"),
    ],
)
def test_city(city: str, expected: str) -> None:
    assert mid.build("Bergstrom", "1 Main St", city, "DE") == f"DEBER1{expected}"


def test_full_example_fedex() -> None:
    assert mid.build("Ozrock", "92, Alice Springs Road", "Melbourne", "AU") == "AUOZR92MEL"


def test_full_example_derived() -> None:
    code = mid.build("Amalgamated Plastics Corp.", "1250 Jalan Tun Razak", "Kuala Lumpur", "MY")
    assert code == "MYAMAPLA1250KUA"
    assert len(code) == mid.MAX_LENGTH


def test_country_is_compacted() -> None:
    assert mid.build("Bergstrom", "1 Main St", "Ulm", " de ") == "DEBER1ULM"


# --- Canada ------------------------------------------------------------------------

CFR_PROVINCES = {
    "XA": "ALBERTA",
    "XC": "BRITISH COLUMBIA",
    "XM": "MANITOBA",
    "XB": "NEW BRUNSWICK",
    "XW": "NEWFOUNDLAND (LABRADOR)",
    "XT": "NORTHWEST TERRITORIES",
    "XN": "NOVA SCOTIA",
    "XV": "NUNAVUT",
    "XO": "ONTARIO",
    "XP": "PRINCE EDWARD ISLAND",
    "XQ": "QUEBEC",
    "XS": "SASKATCHEWAN",
    "XY": "YUKON TERRITORY",
}


def test_province_table_is_the_cfr_table() -> None:
    assert {code: name.upper() for code, name in mid.PROVINCE_CODES.items()} == CFR_PROVINCES


@pytest.mark.parametrize(("code", "province"), sorted(CFR_PROVINCES.items()))
def test_province_by_cfr_name_and_code(code: str, province: str) -> None:
    for given_as in (province, province.title(), code, code.lower()):
        assert mid.build("Bergstrom", "1 Main St", "Town", "CA", province=given_as) == (
            f"{code}BER1TOW"
        )


@pytest.mark.parametrize(
    ("province", "code"),
    [
        ("AB", "XA"),
        ("BC", "XC"),
        ("MB", "XM"),
        ("NB", "XB"),
        ("NL", "XW"),
        ("NF", "XW"),
        ("NT", "XT"),
        ("NS", "XN"),
        ("NU", "XV"),
        ("on", "XO"),
        ("PE", "XP"),
        ("QC", "XQ"),
        ("PQ", "XQ"),
        ("SK", "XS"),
        ("YT", "XY"),
        ("Newfoundland and Labrador", "XW"),
        ("Yukon", "XY"),
        ("Québec", "XQ"),
        ("Colombie-Britannique", "XC"),
        ("Île-du-Prince-Édouard", "XP"),
        ("Nouvelle-Écosse", "XN"),
        ("Terre-Neuve-et-Labrador", "XW"),
    ],
)
def test_province_aliases(province: str, code: str) -> None:
    built = mid.build("A.B.C. Company", "1200 King St W", "Toronto", "CA", province=province)
    assert built == f"{code}ABCCOM1200TOR"


def test_province_is_ignored_outside_canada() -> None:
    assert mid.build("Bergstrom", "1 Main St", "Ulm", "DE", province="ON") == "DEBER1ULM"


def test_canada_without_province() -> None:
    with pytest.raises(InvalidIdentifier, match="province is required when country is 'CA'") as i:
        mid.build("Bergstrom", "1 Main St", "Toronto", "ca")
    assert i.value.scheme == "mid"
    assert i.value.value is None


@pytest.mark.parametrize("province", ["", "Ontaryo", "XX", "CA", "Texas"])
def test_canada_unknown_province(province: str) -> None:
    with pytest.raises(InvalidIdentifier, match="province is not a Canadian province") as info:
        mid.build("Bergstrom", "1 Main St", "Toronto", "CA", province=province)
    assert info.value.value == province


# --- fields that cannot be used ------------------------------------------------------


@pytest.mark.parametrize("country", ["", "C", "CAN", "U5", "1", "ÉS"])
def test_bad_country(country: str) -> None:
    with pytest.raises(InvalidIdentifier, match="country must be a two-letter ISO 3166-1") as i:
        mid.build("Bergstrom", "1 Main St", "Ulm", country)
    assert i.value.value == country


@pytest.mark.parametrize("name", ["", "   ", "The", "a an and of the", "&", "株式会社"])
def test_name_without_usable_words(name: str) -> None:
    with pytest.raises(InvalidIdentifier, match="name has no letters or digits") as info:
        mid.build(name, "1 Main St", "Ulm", "DE")
    assert info.value.value == name


@pytest.mark.parametrize("city", ["", "123", "東京"])
def test_city_without_letters(city: str) -> None:
    with pytest.raises(InvalidIdentifier, match="city has no letters") as info:
        mid.build("Bergstrom", "1 Main St", city, "DE")
    assert info.value.value == city


@pytest.mark.parametrize("field", ["name", "street", "city", "country", "province"])
def test_non_string_field(field: str) -> None:
    args: dict[str, object] = {
        "name": "Bergstrom",
        "street": "1 Main St",
        "city": "Toronto",
        "country": "CA",
        "province": "ON",
    }
    args[field] = 42
    with pytest.raises(InvalidIdentifier, match=f"{field} must be a string, not int") as info:
        mid.build(**args)  # type: ignore[arg-type]
    assert info.value.value == 42


def test_too_short_to_be_a_mid() -> None:
    # Derived: "X" + no number + "U" leaves two characters after the country code.
    with pytest.raises(InvalidIdentifier, match="needs at least 3 characters"):
        mid.build("X", "Main St", "U", "DE")


@given(
    name=st.text(max_size=60),
    street=st.text(max_size=60),
    city=st.text(max_size=30),
    country=st.text(max_size=3),
    province=st.none() | st.text(max_size=25),
)
def test_build_gives_a_valid_mid_or_invalid_identifier(
    name: str, street: str, city: str, country: str, province: str | None
) -> None:
    try:
        code = mid.build(name, street, city, country, province=province)
    except InvalidIdentifier as err:
        error: InvalidIdentifier | None = err
    else:
        error = None
        assert mid.validate(code) == code
        assert len(code) <= mid.MAX_LENGTH
    if error is not None:
        assert error.scheme == "mid"
        assert error.message


@given(
    words=st.lists(st.from_regex(r"[B-Z][a-z]{3,8}", fullmatch=True), min_size=1, max_size=5),
    number=st.integers(0, 10**8),
    city=st.from_regex(r"[A-Z][a-z]{2,10}", fullmatch=True),
)
def test_build_parts(words: list[str], number: int, city: str) -> None:
    # Words of four letters or more are never initials nor ignored words.
    code = mid.build(" ".join(words), f"{number} Some Road", city, "VN")
    name = "".join(word[:3].upper() for word in words[:2])
    assert code == f"VN{name}{str(number)[:4]}{city[:3].upper()}"
