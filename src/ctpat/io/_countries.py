"""Countries by code or name: "DE", "de", "DEU", "Germany", "Korea, Republic of" (private).

ISO 3166-1 alpha-2 codes in any case and a few usual variants that no standard
lists ("UK", "Turkey", "Russia", "Kosovo") are known here. Names and alpha-3
codes come from ``pycountry`` (the ``countries`` extra), imported only when a
value is not a code, so reading a file of codes never loads it.
"""

from __future__ import annotations

import difflib
from functools import cache

from ctpat._countries import COUNTRIES
from ctpat.aliases import normalize
from ctpat.errors import DataError

__all__ = ["CountryError", "lookup", "resolve_country"]

#: Spellings people use that ISO 3166 and pycountry do not list.
VARIANTS = {
    "uk": "GB",
    "unitedkingdom": "GB",
    "greatbritain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northernireland": "GB",
    "usa": "US",
    "us": "US",
    "america": "US",
    "unitedstatesofamerica": "US",
    "turkey": "TR",
    "turkiye": "TR",
    "russia": "RU",
    "holland": "NL",
    "thenetherlands": "NL",
    "kosovo": "XK",
    "southkorea": "KR",
    "republicofkorea": "KR",
    "northkorea": "KP",
    "vietnam": "VN",
    "czechrepublic": "CZ",
    "ivorycoast": "CI",
    "macau": "MO",
    "swaziland": "SZ",
    "burma": "MM",
    "capeverde": "CV",
}


class CountryError(LookupError):
    """A country value that is not understood: ``message`` and ``suggestions``."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        self.message = message
        self.suggestions = suggestions
        super().__init__(message)


@cache
def _names() -> tuple[dict[str, frozenset[str]], dict[str, str]] | None:
    try:
        import pycountry
    except ModuleNotFoundError:
        return None
    shown: dict[str, str] = {}
    found: dict[str, set[str]] = {}
    later: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (
            country.alpha_3,
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        ):
            if name:
                found.setdefault(normalize(name), set()).add(code)
                shown.setdefault(normalize(name), f"{name} ({code})")
        if "," in country.name:
            # "Korea, Republic of" is also written "Korea": ambiguous with
            # "Korea, Democratic People's Republic of", which is what we want.
            later.setdefault(normalize(country.name.split(",")[0]), set()).add(code)
    for key, codes in later.items():
        found.setdefault(key, codes)
    return {key: frozenset(codes) for key, codes in found.items()}, shown


def resolve_country(text: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country given by code or name, in any case.

    >>> resolve_country("de"), resolve_country("UK"), resolve_country("South Korea")
    ('DE', 'GB', 'KR')
    >>> resolve_country("Swizerland")  # with pycountry: ...; did you mean Switzerland (CH)?
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: country: not a...

    Raises :class:`~ctpat.errors.DataError` naming the value, with the closest
    names as suggestions.
    """
    if type(text) is not str:
        raise DataError.at("country", text, "must be a string")
    try:
        return lookup(text)
    except CountryError as err:
        hint = f"; did you mean {' or '.join(err.suggestions)}?" if err.suggestions else ""
        raise DataError.at("country", text, err.message + hint) from None


def lookup(text: str) -> str:
    """:func:`resolve_country`'s answer, or :class:`CountryError` with suggestions."""
    value = text.strip()
    upper = value.upper()
    if len(upper) == 2 and upper in COUNTRIES:
        return upper
    key = normalize(value)
    if key in VARIANTS:
        return VARIANTS[key]
    loaded = _names()
    if loaded is None:
        raise CountryError(
            "not an ISO 3166-1 alpha-2 code; country names need the 'countries' extra "
            "(pip install 'ctpat[countries]')"
        )
    names, shown = loaded
    codes = names.get(key)
    if codes is None:
        close = difflib.get_close_matches(key, list(shown), n=3, cutoff=0.75)
        raise CountryError("not a country code or name", tuple(shown[k] for k in close))
    if len(codes) > 1:
        raise CountryError(f"names more than one country ({', '.join(sorted(codes))})")
    (code,) = codes
    return code
