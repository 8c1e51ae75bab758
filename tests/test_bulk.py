"""The load accelerator (``ctpat._quick``) gives exactly what the converter gives.

The quick structurers are checked against the cattrs converter, which is the
reference: the same objects or the same DataError problems (paths, values,
messages); they are generated for every model, so a field added to a model is
handled; only data errors fall back, bugs surface. Dumps have one path
(``to_json`` is ``json.dumps`` of the converter's output), checked by the round
trips of ``test_serialization.py``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import enum
import functools
import json
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import ctpat
from ctpat import (
    Certification,
    DataError,
    Event,
    EventKind,
    Participant,
    PartnerData,
    Program,
    Role,
    _json,
    _quick,
)
from ctpat import serialization as ser
from ctpat import strategies as S

D = dt.date

#: Every model, with a strategy for it.
MODELS: list[tuple[type, st.SearchStrategy[Any]]] = [
    (Certification, S.certifications()),
    (Event, S.events()),
    (Participant, S.participants()),
    (PartnerData, S.partner_data()),
    (Program, S.programs()),
    (ctpat.Arrangement, S.arrangements()),
    (ctpat.Source, S.sources()),
    (ctpat.Level, S.levels()),
    (ctpat.ValidityPolicy, S.policies()),
    (ctpat.Benefit, S.benefits()),
    (ctpat.IssuerEnd, S.issuer_ends()),
    (ctpat.Reason, S.reasons()),
    (ctpat.Verdict, S.verdicts()),
    (ctpat.Deadline, S.deadlines()),
]


def detailed(data: Any, cls: Any) -> tuple[str, Any]:
    """What the converter alone makes of ``data``: the object, or the problems."""
    conv = ser.get_converter()
    try:
        return "ok", conv.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - the same net as from_dict
        return "error", DataError(ser._problems(exc, "", data)).problems


def quick(data: Any, cls: Any) -> tuple[str, Any]:
    """What :func:`ctpat.from_dict` (quick code first) makes of ``data``."""
    try:
        return "ok", ctpat.from_dict(data, cls)
    except DataError as err:
        return "error", err.problems


# -- valid data: identical results, and no fallback ------------------------------------


@pytest.mark.parametrize(("cls", "strategy"), MODELS, ids=lambda v: getattr(v, "__name__", ""))
@settings(max_examples=40)
@given(data=st.data())
def test_quick_code_matches_the_converter(cls: type, strategy: Any, data: st.DataObject) -> None:
    obj = data.draw(strategy)
    conv = ser.get_converter()
    unstructured = conv.unstructure(obj)
    assert ctpat.to_dict(obj) == unstructured
    assert ctpat.to_dict([obj, obj]) == [unstructured, unstructured]
    assert ctpat.to_json(obj) == json.dumps(unstructured, ensure_ascii=False)
    assert ctpat.from_dict(unstructured, cls) == conv.structure(unstructured, cls) == obj
    assert ctpat.from_json(ctpat.to_json([obj]), list[cls]) == [obj]  # type: ignore[valid-type]


@settings(max_examples=40)
@given(st.lists(S.certifications(), max_size=6))
def test_valid_certifications_never_reach_the_converter(certs: list[Certification]) -> None:
    text = ctpat.to_json(certs)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ser, "get_converter", _refuse)
        assert ctpat.from_json(text, list[Certification]) == certs
        assert ctpat.from_dict(json.loads(text), tuple[Certification, ...]) == tuple(certs)


def _refuse() -> Any:
    raise AssertionError("the quick code fell back to the converter")


def test_reference_data_loads_without_the_converter() -> None:
    code = (
        "import sys, ctpat; ctpat.reference(); "
        "print(sorted(m for m in ('cattrs', 'ctpat._models') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Neither the converter nor its list of models (with the evidence records).
    assert out.stdout.strip() == "[]"


def test_a_model_with_a_factory_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    @attrs.frozen
    class Tagged:
        name: str
        tags: tuple[str, ...] = attrs.field(factory=tuple, converter=_as_tuple)
        seen: frozenset[str] = attrs.field(factory=frozenset)
        n: int = 0

    with _with_models(monkeypatch, Tagged):
        conv = ser.get_converter()
        for obj in (Tagged("a"), Tagged("a", ("x",), frozenset({"b"})), Tagged("a", n=3)):
            text = json.dumps(conv.unstructure(obj), ensure_ascii=False)
            assert ctpat.to_json(obj) == text
            assert ctpat.from_json(text, Tagged) == obj
            assert ctpat.from_dict(json.loads(text), Tagged) == conv.structure(
                json.loads(text), Tagged
            )


def test_a_model_whose_first_fields_may_be_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    @attrs.frozen
    class Late:
        note: str | None = None
        flag: bool = False
        name: str = attrs.field(kw_only=True)
        items: tuple[Event, ...] = attrs.field(default=(), kw_only=True)

    event = Event(EventKind.CERTIFIED, D(2020, 1, 1))
    with _with_models(monkeypatch, Late):
        conv = ser.get_converter()
        for obj in (
            Late(name="a"),
            Late("n", name="a"),
            Late(flag=True, name="a", items=(event, event)),
        ):
            text = json.dumps(conv.unstructure(obj), ensure_ascii=False)
            assert ctpat.to_json(obj) == text
            assert ctpat.from_json(text, Late) == obj


class _Number(enum.IntEnum):
    ONE = 1


def test_field_types_without_quick_code_are_left_to_the_converter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import attrs

    @attrs.frozen
    class Mixed:
        kinds: frozenset[EventKind] = frozenset()
        names: frozenset[str] = frozenset()
        codes: Mapping[str, str] = attrs.field(factory=dict)
        term: relativedelta | None = None
        when: dt.date | None = None
        flag: bool | None = None

    @attrs.frozen
    class Floating:
        x: float = 0.5

    @attrs.frozen
    class Numbered:
        n: _Number = _Number.ONE

    @attrs.frozen
    class Selfish:
        n: int = 1
        twice: int = attrs.field(default=attrs.Factory(lambda self: 2 * self.n, takes_self=True))

    objects = [
        Mixed(),
        Mixed(
            frozenset({EventKind.REVOKED, EventKind.APPLIED}),
            frozenset({"b", "a"}),
            {"k": "v", "a": "b"},
            relativedelta(years=1),
            D(2020, 1, 2),
            False,
        ),
        Floating(),
        Floating(1.5),
        Numbered(),
        Selfish(),
        Selfish(3, 4),
    ]
    with _with_models(monkeypatch, Mixed, Floating, Numbered, Selfish):
        conv = ser.get_converter()
        assert _quick.builder(Floating) is None
        assert _quick.builder(Numbered) is None
        assert _quick.builder(Selfish) is None
        for obj in objects:
            text = json.dumps(conv.unstructure(obj), ensure_ascii=False)
            cls = type(obj)
            assert _from_text(json.loads(text), cls) == _outcome(
                functools.partial(conv.structure, json.loads(text), cls)
            )


def _as_tuple(value: Any) -> tuple[str, ...]:
    return tuple(value)


def test_equal_events_and_dates_of_one_load_are_shared() -> None:
    events = [{"kind": "certified", "on": "2020-01-01"}]
    data = [{"program": "X", "holder": h, "events": events} for h in ("a", "b")]
    a, b = ctpat.from_dict(data, list[Certification])
    assert a.events[0] is b.events[0]  # one immutable Event for both
    assert a == Certification("X", "a", (Event(EventKind.CERTIFIED, D(2020, 1, 1)),))
    # A kind and a date alone, or with a level: told apart, each shared.
    levelled = {"kind": "certified", "on": "2020-01-01", "level": "A"}
    data = [
        {"program": "X", "holder": h, "events": [e]} for h in "ab" for e in (events[0], levelled)
    ]
    plain_a, levelled_a, plain_b, levelled_b = ctpat.from_dict(data, list[Certification])
    assert plain_a.events[0] is plain_b.events[0]
    assert levelled_a.events[0] is levelled_b.events[0]
    assert levelled_a.events[0].level == "A"
    assert plain_a.events[0].level is None


# -- bad data: the same errors ------------------------------------------------------------

_EVENT: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {"kind": st.sampled_from([*(k.value for k in EventKind), "x", 1])},
    optional={
        "on": st.sampled_from(["2024-01-01", "2024-02-30", "20240101", 1, None, "2024-01-01 "]),
        "level": st.sampled_from(["AEOC", "", None, " A", 3]),
        "until": st.sampled_from(["2025-01-01", "2023-01-01", None, [], "x"]),
        "note": st.sampled_from(["n", "", None, "\u2028"]),
        "extra": st.just(1),
    },
)
_CERT: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "program": st.sampled_from(["CTPAT", "", " X", 1, None]),
        "holder": st.sampled_from(["a", "a ", 2]),
    },
    optional={
        "events": st.lists(_EVENT, max_size=4) | st.sampled_from([{}, "x", None, ()]),
        "role": st.sampled_from(["importer", "pilot", None, 1]),
        "reference": st.sampled_from(["R-1", "", None, 5]),
        "foo": st.just(2),
    },
)


@given(st.lists(_CERT, max_size=3) | _CERT | st.sampled_from([None, "x", 1, {}, ()]))
def test_bad_certifications_give_the_same_problems(data: Any) -> None:
    for cls in (list[Certification], Certification, tuple[Certification, ...]):
        assert quick(data, cls) == detailed(data, cls)
        assert _from_text(data, cls) == detailed(json.loads(json.dumps(data)), cls)


@given(
    st.fixed_dictionaries(
        {"id": st.sampled_from(["p", "", 1]), "name": st.sampled_from(["n", " n"])},
        optional={
            "country": st.sampled_from(["DE", "XX", 1]),
            "roles": st.sampled_from([["importer"], ["pilot"], "importer", [], None]),
            "identifiers": st.sampled_from([{"duns": "1"}, {"eori": "x"}, [], {"A": "1"}]),
            "x": st.just(0),
        },
    )
)
def test_bad_participants_give_the_same_problems(data: Any) -> None:
    assert quick(data, Participant) == detailed(data, Participant)
    assert quick({"participants": [data]}, PartnerData) == detailed(
        {"participants": [data]}, PartnerData
    )


@pytest.mark.parametrize(
    "data",
    [
        {"code": "X", "name": "n", "administration": "a", "territory": "DE"},
        {"expires_after": 5},
        {"expires_after": "P1.5Y"},
        {"name": "validation", "due": "2025-01-01", "overdue": 1},
        {"name": "validation", "due": "2025-01-01", "overdue": True, "opens": None},
        {"code": "valid", "message": "m", "arrangement": None},
        {"code": "nope", "message": "m"},
        {"code": 5, "message": "m"},
        {"name": "validation", "due": 20250101, "overdue": True},
        {"id": "p", "name": "n", "country": "DE", "identifiers": []},
        {"id": "p", "name": "n", "country": "DE", "identifiers": {"duns": "1"}, "roles": []},
    ],
)
@pytest.mark.parametrize(
    "cls", [Program, ctpat.ValidityPolicy, ctpat.Deadline, ctpat.Reason, Participant]
)
def test_other_models_give_the_same_results(data: Any, cls: type) -> None:
    assert quick(data, cls) == detailed(data, cls)
    assert _from_text(data, cls) == detailed(data, cls)


def test_python_values_the_quick_code_does_not_take_are_still_accepted() -> None:
    # Tuples for lists and enum members for their values: the converter takes
    # them, so the result is the same as before.
    event = {"kind": EventKind.CERTIFIED, "on": "2020-01-01"}
    data = ({"program": "X", "holder": "a", "events": (event,)},)
    assert quick(data, list[Certification]) == detailed(data, list[Certification])
    assert quick(data, list[Certification])[0] == "ok"


@pytest.mark.parametrize("role", [1, ["importer"], "pilot", None, "importer"])
def test_roles_of_certifications(role: Any) -> None:
    data = {"program": "X", "holder": "a", "events": [{"kind": "certified", "on": "2020-01-01"}]}
    data["role"] = role
    assert quick(data, Certification) == detailed(data, Certification)


def test_types_without_quick_code() -> None:
    assert _quick.builder(float) is None
    assert _quick.builder(dict[str, float]) is None
    assert _quick.builder(list[float]) is None
    assert _quick.builder(tuple[float, ...]) is None
    assert _quick.builder(frozenset[float]) is None
    assert _quick.builder(float | None) is None
    assert _quick.builder(tuple[str, float]) is None
    assert _quick.structurer([]) is None  # not a type at all
    assert ctpat.from_dict([5], list[int]) == [5]  # the converter's own rules
    with pytest.raises(DataError):
        ctpat.from_dict(["5"], list[int])  # never coerced


def test_a_model_with_an_unsupported_field_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    @attrs.frozen
    class Odd:
        n: float

    from ctpat import _models

    monkeypatch.setattr(_models, "MODELS", (*_models.MODELS, Odd))
    _quick.builder.cache_clear()
    try:
        assert _quick.builder(Odd) is None
    finally:
        _quick.builder.cache_clear()


# -- the quick code is generated from the declarations --------------------------------


@contextlib.contextmanager
def _with_models(monkeypatch: pytest.MonkeyPatch, *extra: type) -> Iterator[None]:
    """Models added to ``MODELS`` for one test, with every generated cache rebuilt."""
    from ctpat import _models

    monkeypatch.setattr(_models, "MODELS", (*_models.MODELS, *extra))
    _forget_generated()
    try:
        yield
    finally:
        monkeypatch.undo()
        _forget_generated()


def _forget_generated() -> None:
    ser.get_converter.cache_clear()
    _quick.builder.cache_clear()


def test_every_model_has_generated_quick_code() -> None:
    from ctpat._models import MODELS

    for cls in MODELS:
        if cls is ctpat.evidence.Evidence:  # a datetime field: the converter reads and writes it
            continue
        assert _quick.builder(cls) is not None, cls


def test_a_field_added_to_a_model_is_read_and_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import attrs

    @attrs.frozen
    class Batched(Certification):
        batch: int | None = None
        tags: frozenset[Role] = frozenset()

    @attrs.frozen
    class Noted(Event):
        source: str = "file"

    event = Noted(EventKind.CERTIFIED, D(2020, 1, 1), level="A", source="mail")
    cert = Batched(
        "X",
        "h",
        (Event(EventKind.CERTIFIED, D(2020, 1, 1)),),
        batch=7,
        tags=frozenset({Role.IMPORTER, Role.DRIVER}),
        origin=ctpat.Origin("f.csv", 3),
    )
    with _with_models(monkeypatch, Batched, Noted):
        conv = ser.get_converter()
        for obj, cls in ((cert, Batched), (event, Noted)):
            text = ctpat.to_json([obj])
            assert text == json.dumps([conv.unstructure(obj)], ensure_ascii=False)
            assert '"batch": 7' in text or '"source": "mail"' in text
            loaded = ctpat.from_json(text, list[cls])  # type: ignore[valid-type]
            assert loaded == [obj]
            assert loaded == conv.structure(json.loads(text), list[cls])  # type: ignore[valid-type]
            assert getattr(loaded[0], "origin", None) == getattr(obj, "origin", None)
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(ser, "get_converter", _refuse)
                assert ctpat.from_dict(json.loads(text), list[cls]) == [obj]  # type: ignore[valid-type]
        # A wrong value in the new field: the same problem either way.
        bad = {**conv.unstructure(cert), "batch": "7"}
        assert quick(bad, Batched) == detailed(bad, Batched)
        assert quick(bad, Batched)[0] == "error"
        assert _outcome(lambda: ctpat.from_json(json.dumps(bad), Batched)) == detailed(
            bad, Batched
        )


@pytest.mark.parametrize(
    "make",
    [
        lambda: ctpat.Origin("partners.csv", 12, status_stated=False),
        lambda: ctpat.Origin(None, 1),
        lambda: ctpat.Origin(),
    ],
)
def test_origins_round_trip(make: Callable[[], ctpat.Origin]) -> None:
    origin = make()
    cert = Certification("X", "h", (Event(EventKind.CERTIFIED, D(2020, 1, 1)),), origin=origin)
    person = Participant("h", "H", "DE", origin=origin)
    data = PartnerData(participants=(person,), certifications=(cert,))
    assert ctpat.from_json(ctpat.to_json(cert), Certification).origin == origin
    assert ctpat.from_json(ctpat.to_json([cert]), list[Certification])[0].origin == origin
    assert ctpat.from_json(ctpat.to_json(person), Participant).origin == origin
    back = ctpat.from_json(ctpat.to_json(data), PartnerData)
    assert back.participants[0].origin == origin
    assert back.certifications[0].origin == origin


def test_a_bug_in_the_quick_structurer_surfaces(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(value: Any, memo: dict[Any, Any]) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(_quick, "structurer", lambda t: broken)
    with pytest.raises(RuntimeError, match="a bug"):
        ctpat.from_dict(_GOOD, list[Certification])
    with pytest.raises(RuntimeError, match="a bug"):
        ctpat.from_json(json.dumps(_GOOD), list[Certification])


def test_a_bug_in_a_model_surfaces_on_every_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    @attrs.frozen
    class Broken:
        name: str

        def __attrs_post_init__(self) -> None:
            raise RuntimeError("a bug")

    loads: list[Callable[[], Any]] = [
        lambda: ctpat.from_dict([{"name": "a"}], list[Broken]),
        lambda: ctpat.from_json('[{"name": "a"}]', list[Broken]),
        # A tuple where a list belongs: the detailed converter builds it, and
        # its wrapping of the bug does not turn it into a DataError.
        lambda: ctpat.from_dict(({"name": "a"},), list[Broken]),
    ]
    with _with_models(monkeypatch, Broken):
        for load in loads:
            with pytest.raises(RuntimeError, match="a bug"):
                load()


# -- hostile nesting ----------------------------------------------------------------


def _nested(depth: int, leaf: Any = None) -> Any:
    value: Any = [] if leaf is None else leaf
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("depth", [ser.MAX_DEPTH, 990, 5000, 100_000])
def test_deep_nesting_is_a_data_error(depth: int) -> None:
    from ctpat._models import MODELS

    event = {"kind": "certified", "on": "2020-01-01"}
    in_a_field = {"program": "X", "holder": "a", "events": [event], "reference": _DEEP}
    mapping = {"id": "p", "name": "n", "country": "DE", "identifiers": {"x": _DEEP}}
    cases: list[tuple[Any, Any]] = [(_DEEP, cls) for cls in MODELS]
    cases += [(_DEEP, list[Certification]), (in_a_field, Certification)]
    cases += [([in_a_field], list[Certification]), (mapping, Participant)]
    deep = _nested(depth)
    message = f"nested more than {ser.MAX_DEPTH} levels deep"
    for template, cls in cases:
        data = _substituted(template, deep)
        with pytest.raises(DataError, match=message) as info:
            ctpat.from_dict(data, cls)
        assert len(str(info.value)) < 1000  # names the path, not the whole value
        # json.dumps would recurse itself: the nested part is written by hand.
        text = json.dumps(template).replace(
            json.dumps(_DEEP), "[" * (depth + 1) + "]" * (depth + 1)
        )
        with pytest.raises(DataError, match=message):
            ctpat.from_json(text, cls)
    problem = _problem(
        lambda: ctpat.from_dict([_substituted(in_a_field, deep)], list[Certification])
    )
    assert problem.path.startswith("[0].reference[0][0]")
    assert problem.path.count("[0]") + 1 == ser.MAX_DEPTH  # the path down to the limit


_DEEP = "(deeply nested)"


def _substituted(template: Any, deep: Any) -> Any:
    if template == _DEEP:
        return deep
    if type(template) is dict:
        return {key: _substituted(value, deep) for key, value in template.items()}
    if type(template) is list:
        return [_substituted(value, deep) for value in template]
    return template


def _problem(load: Callable[[], Any]) -> Any:
    with pytest.raises(DataError) as info:
        load()
    return info.value.problems[0]


def test_nesting_the_models_need_is_accepted() -> None:
    cert = Certification.grant("CTPAT", "a", on=D(2024, 1, 1))
    reason = ctpat.Reason(ctpat.ReasonCode.VALID, "fine")
    verdict = ctpat.Verdict(True, D(2024, 1, 1), (reason,), "v", certification=cert)
    deep: Any = [verdict]
    for _ in range(ser.MAX_DEPTH - 6):
        deep = [deep]
    kind: Any = ctpat.Verdict
    for _ in range(ser.MAX_DEPTH - 5):
        kind = list[kind]
    assert ctpat.from_json(ctpat.to_json(deep), kind) == deep


# -- JSON text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '"\\ud800"',
        "NaN",
        "[1e400]",
        str(2**70),
        "\ufeff[]",
        b"\xef\xbb\xbf[]",
        "[1,]",
        "",
        "{" * 100,
        b"\xff",
        '["2019-04-01", "\\u0032019-04-01"]',
        '[{"program": "X", "holder": "a", "holder": "b", "events": '
        '[{"kind": "certified", "on": "2020-01-01"}]}]',
        '[{"program": "X", "holder": "\ud800", "events": '
        '[{"kind": "certified", "on": "2020-01-01"}]}]',
        '[{"program": "X", "holder": "a", "events": [{"kind": "certified", "on": "2020-01-01",'
        ' "level": "A", "level": null}]}]',
        '[{"program": "X", "holder": "a", "events": [{"kind": "certified", "on": "2020-01-01",'
        ' "until": "2020-01-01T00:00:00"}]}]',
        '[{"program": "X", "holder": "a", "origin": {"line": 18446744073709551616},'
        ' "events": [{"kind": "certified", "on": "2020-01-01"}]}]',
        '[{"program": "X", "holder": "a", "origin": {"line": 1.0},'
        ' "events": [{"kind": "certified", "on": "2020-01-01"}]}]',
    ],
)
def test_edge_cases_give_what_the_json_policy_gives(text: str | bytes) -> None:
    try:
        data = _json.loads(text)
    except DataError as exc:
        refused = exc.problems
    else:
        got = _outcome(lambda: ctpat.from_json(text, list[Certification]))
        assert repr(got) == repr(detailed(data, list[Certification]))  # NaN is not equal to itself
        return
    with pytest.raises(DataError) as info:
        ctpat.from_json(text, list[Certification])
    assert info.value.problems == refused


@pytest.mark.parametrize("text", [None, 5, ["[]"]])
def test_what_is_not_json_text_is_a_data_error(text: Any) -> None:
    with pytest.raises(DataError, match="not a JSON document"):
        ctpat.from_json(text, list[Certification])


def _from_text(data: Any, cls: Any) -> tuple[str, Any]:
    """What :func:`ctpat.from_json` makes of ``data`` written as JSON."""
    return _outcome(lambda: ctpat.from_json(json.dumps(data), cls))


def _outcome(load: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "ok", load()
    except DataError as err:
        return "error", err.problems


def test_certification_documents() -> None:
    cert = Certification.grant("EU-AEO", "bolt", on=D(2019, 4, 1), level="AEOF")
    text = ctpat.to_json([cert, cert])
    assert ctpat.from_json(text, list[Certification]) == [cert, cert]
    assert ctpat.from_json(ctpat.to_json(cert), Certification) == cert
    bad = text.replace('"level": "AEOF"', '"level": "AEOF", "x": 1', 1)
    with pytest.raises(DataError) as info:
        ctpat.from_json(bad, list[Certification])
    assert [p.path for p in info.value.problems] == ["[0].events[0].x"]
    history = (
        '[{"program": "X", "holder": "a", "events": [{"kind": "revoked", "on": "2020-01-01"}]}]'
    )
    with pytest.raises(DataError) as info:
        ctpat.from_json(history, list[Certification])
    assert [p.path for p in info.value.problems] == ["[0].events[0]"]


def test_a_converter_that_changes_a_value_is_not_bypassed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import attrs

    @attrs.frozen
    class Shouting:
        name: str = attrs.field(converter=_upper)
        names: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    with _with_models(monkeypatch, Shouting):
        for data in ({"name": "a"}, {"name": "A", "names": ["x"]}):
            assert ctpat.from_json(json.dumps(data), Shouting) == Shouting(**data)
        assert ctpat.from_json('[{"name": "a"}]', list[Shouting])[0].name == "A"


def _upper(value: str) -> str:
    return value.upper()


# -- the garbage collector --------------------------------------------------------------

_GOOD = [{"program": "X", "holder": "a", "events": [{"kind": "certified", "on": "2020-01-01"}]}]
_BAD = [{"program": "X", "holder": "a", "events": [{"kind": "revoked", "on": "2020-01-01"}]}]


# -- certifications keep the end of their history -----------------------------------------


@given(S.certifications(), S.dates())
def test_the_kept_state_gives_the_replayed_standing(cert: Certification, day: dt.date) -> None:
    from ctpat.lifecycle import replay

    assert cert.events_standing_on(day) == replay(cert.events, day)
    for other in (pickle.loads(pickle.dumps(cert)), copy.copy(cert), copy.deepcopy(cert)):
        # Rebuilt without the constructor: the state is worked out again on demand.
        assert other == cert
        assert other.events_standing_on(day) == replay(cert.events, day)


def test_models_still_check_what_bulk_loads_build() -> None:
    with pytest.raises(DataError, match="until"):
        Event(EventKind.CERTIFIED, D(2020, 1, 1), until="2021-01-01")  # type: ignore[arg-type]
    doc = [
        {
            "program": "X",
            "holder": "a",
            "events": [{"kind": "certified", "on": "2020-01-01", "until": "2019-01-01"}],
        }
    ]
    with pytest.raises(DataError) as info:
        ctpat.from_json(json.dumps(doc), list[Certification])
    assert [p.path for p in info.value.problems] == ["[0].events[0].until"]


def test_the_kept_state_is_no_part_of_the_model() -> None:
    import attrs

    cert = Certification.grant("CTPAT", "a", on=D(2024, 1, 1))
    assert [f.name for f in attrs.fields(Certification)] == [
        "program",
        "holder",
        "events",
        "reference",
        "role",
        "origin",
    ]
    cert.events_standing_on(D(2030, 1, 1))  # fills the kept standings too
    for slot in ("_end", "_at_end", "_after_end"):
        assert slot not in repr(cert)
        assert slot not in attrs.asdict(cert)
        assert slot not in ctpat.to_dict(cert)
        assert slot.encode() not in pickle.dumps(cert)


def test_equal_dates_are_one_object() -> None:
    # A million records hold one object per distinct date.
    day = dt.date(2024, 1, 10)
    certs = [
        Certification(
            "CTPAT", f"p{i}", (Event(EventKind.CERTIFIED, day, until=day.replace(year=2029)),)
        )
        for i in range(3)
    ]
    loaded = ctpat.from_json(ctpat.to_json(certs), list[Certification])
    assert loaded == certs
    assert len({id(c.events[0].on) for c in loaded}) == 1
    assert len({id(c.events[0].until) for c in loaded}) == 1
    assert loaded[0].events[0].until is not loaded[0].events[0].on
