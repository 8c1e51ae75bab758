"""One JSON policy for every JSON document ctpat reads (``ctpat._json``).

A repeated key, nesting past ``MAX_DEPTH``, a lone surrogate or ``NaN`` is a
``DataError`` naming the path, wherever the JSON comes from: ``from_json``, a
JSON partner file, the ``events`` cell of a sheet, HMRC's answer, the bundled
data. Otherwise the policy reads what ``json.loads`` reads.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ctpat
from ctpat import _json
from ctpat import io as cio
from ctpat.errors import DataError

_CERT = '{"program": "EU-AEO", "holder": "bolt", "events": [EVENTS]}'
_GRANT = '{"kind": "certified", "on": "2019-04-01", "level": "AEOF"}'
_SUSPEND = '{"kind": "suspended", "on": "2024-02-01"}'


def _problem(text: str | bytes) -> Any:
    with pytest.raises(DataError) as info:
        _json.loads(text)
    return info.value.problems[0]


# -- repeated keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"a": 1, "a": 1}', "a"),
        ('[{"x": 1}, {"x": 1, "y": [], "y": []}]', "[1].y"),
        ('{"a": {"b": {"c": 1, "d": 2, "c": 3}}}', "a.b.c"),
        ('{"": 1, "": 2}', ""),
    ],
)
def test_a_repeated_key_is_named(text: str, path: str) -> None:
    with pytest.raises(DataError) as info:
        _json.loads(text)
    (problem,) = info.value.problems
    assert problem.path == path
    assert "repeated key" in problem.message


def test_every_repeated_key_is_named_in_the_order_its_object_closes() -> None:
    text = '{"a": {"b": 1, "b": 2}, "c": 1, "c": 2, "d": ["\\ud800"]}'
    with pytest.raises(DataError) as info:
        _json.loads(text)
    assert [p.path for p in info.value.problems] == ["a.b", "d[0]", "c"]
    # An object that a later value replaced is gone, and so is its repeated key.
    assert _problem('{"a": {"b": 1, "b": 2}, "a": 1}').path == "a"


def test_a_repeated_events_key_cannot_hide_a_suspension() -> None:
    # json.loads keeps the later "events": the suspension would disappear.
    text = (
        '{"program": "EU-AEO", "holder": "bolt", '
        f'"events": [{_GRANT}, {_SUSPEND}], "events": [{_GRANT}]}}'
    )
    assert len(json.loads(text)["events"]) == 1
    with pytest.raises(DataError, match="repeated key") as info:
        ctpat.from_json(text, ctpat.Certification)
    assert info.value.problems[0].path == "events"
    with pytest.raises(DataError, match="repeated key") as info:
        ctpat.from_json(f'{{"certifications": [{text}]}}', ctpat.PartnerData)
    assert info.value.problems[0].path == "certifications[0].events"
    with pytest.raises(DataError, match="repeated key"):
        ctpat.from_json(text.encode(), ctpat.Certification)


def test_a_partner_file_with_a_repeated_key_is_a_problem_not_a_pass() -> None:
    cert = (
        '{"program": "EU-AEO", "holder": "bolt", '
        f'"events": [{_GRANT}, {_SUSPEND}], "events": [{_GRANT}]}}'
    )
    text = (
        '{"participants": [{"id": "bolt", "name": "Bolt BV", "country": "NL"}], '
        f'"certifications": [{cert}]}}'
    )
    intake = cio.read(io.BytesIO(text.encode()), format="json")
    assert not intake.ok
    assert not intake.data.certifications
    assert "repeated key" in intake.problems[0].message
    assert "certifications[0].events" in str(intake.problems[0])


def test_a_repeated_key_in_an_events_cell_is_a_problem() -> None:
    cell = '[{"kind": "certified", "on": "2019-04-01", "kind": "suspended"}]'
    text = 'id,name,country,program,events\na,A,DE,EU-AEO,"' + cell.replace('"', '""') + '"\n'
    intake = cio.read(io.BytesIO(text.encode()), format="csv")
    assert not intake.data.certifications
    (problem,) = intake.problems
    assert problem.line == 2
    assert "events[0].kind: repeated key" in problem.message


# -- nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [_json.MAX_DEPTH + 1, 990, 5000, 200_000])
def test_nesting_past_the_bound_is_named(depth: int) -> None:
    text = '{"a": [' + "[" * (depth - 2) + "]" * (depth - 2) + "]}"
    problem = _problem(text)
    assert problem.message == f"nested more than {_json.MAX_DEPTH} levels deep"
    assert problem.path == "a" + "[0]" * (_json.MAX_DEPTH - 1)
    assert problem.value == "list"


def test_nesting_up_to_the_bound_is_read() -> None:
    text = "[" * _json.MAX_DEPTH + "]" * _json.MAX_DEPTH
    assert _json.loads(text) == json.loads(text)


def test_an_events_cell_nested_5000_deep_is_a_problem() -> None:
    cell = "[" * 5000 + "]" * 5000
    intake = cio.read(
        io.BytesIO(f"id,name,country,program,events\na,A,DE,CTPAT,{cell}\n".encode())
    )
    (problem,) = intake.problems
    assert problem.line == 2
    assert "nested more than" in problem.message


def test_an_hmrc_answer_nested_1000_deep_is_malformed() -> None:
    pytest.importorskip("httpx")
    import datetime as dt

    from ctpat.online import MalformedAnswer, _parse

    content = b"[" * 1000 + b"]" * 1000
    with pytest.raises(MalformedAnswer, match="nested more than"):
        _parse.read_hmrc(
            content, ["GB123456789000"], dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        )
    repeated = (
        b'[{"eori": "GB123456789000", "valid": false, "valid": true, "processingDate": "x"}]'
    )
    with pytest.raises(MalformedAnswer, match="repeated key"):
        _parse.read_hmrc(
            repeated, ["GB123456789000"], dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        )


# -- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('"\\ud800"', ""),
        ('{"name": "Bolt \\udfff BV"}', "name"),
        ('["ok", {"a": ["\\ud83d"]}]', "[1].a[0]"),
        ('{"a\\ud800": 1}', "'a\\ud800'"),
        ('["\ud800"]', "[0]"),  # a lone surrogate in a str, not escaped
    ],
)
def test_a_lone_surrogate_is_named(text: str, path: str) -> None:
    problem = _problem(text)
    assert problem.path == path
    assert "lone surrogate" in problem.message
    str(DataError([problem])).encode("utf-8")  # the message itself can be written


def test_a_partner_file_with_a_lone_surrogate_is_refused() -> None:
    text = '{"participants": [{"id": "bolt", "name": "Bolt \\ud800", "country": "NL"}]}'
    intake = cio.read(io.BytesIO(text.encode()), format="json")
    assert not intake.data.participants
    assert "participants[0].name" in str(intake.problems[0])
    assert "lone surrogate" in intake.problems[0].message


def test_surrogate_pairs_are_characters() -> None:
    assert _json.loads('["\\ud83d\\ude00"]') == ["\U0001f600"]


@pytest.mark.parametrize(
    "text",
    ["NaN", "[Infinity]", '{"a": -Infinity}', b"\xff", b'["\xed\xa0\x80"]', "{", "", None, 5],
)
def test_what_is_not_json_is_a_data_error(text: Any) -> None:
    assert "not a JSON" in _problem(text).message


# -- everything else reads as json.loads reads it ----------------------------------------------

_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_VALUES, st.booleans(), st.booleans())
def test_json_without_the_refused_reads_as_json_loads_reads(
    value: Any, ascii_only: bool, as_bytes: bool
) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert _json.loads(text.encode() if as_bytes else text) == json.loads(text)


@given(st.dictionaries(st.text(min_size=1), st.integers(), min_size=1), st.data())
def test_any_repeated_key_is_refused(value: dict[str, int], data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(value)))
    text = json.dumps(value)[:-1] + f", {json.dumps(key)}: 0}}"
    problem = _problem(text)
    assert problem.path in (key, repr(key))
    assert problem.value == key
