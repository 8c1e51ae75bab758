"""Junk into every public callable: only documented errors escape.

In the spirit of python-stdnum's robustness test: every function, class and
public method listed in ``__all__`` of ``ctpat`` and of the documented modules
is called with valid arguments, then with each argument in turn replaced by junk
(``None``, numbers, bytes, lists, deep nesting, huge strings, dates at the ends
of the calendar, ...). What may escape is a :class:`~ctpat.errors.CtpatError`
(``DataError``, ``InvalidIdentifier``, ``UnknownProgram``, ...) or a
``TypeError`` that names the argument; anything else (``AttributeError``,
``OverflowError``, ``RecursionError``, a bare ``ValueError`` ...) is a failure.
Callables are found by introspection, so a new public function is covered the
day it is added.

``CTPAT_ROBUSTNESS_N`` sets how many extra random combinations (several junk
arguments at once) are tried; CI runs the default.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import inspect
import os
import random
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

import ctpat
from ctpat import (
    Arrangement,
    Certification,
    CtpatError,
    Event,
    EventKind,
    Participant,
    PartnerData,
    Program,
    Recognition,
    Role,
    Source,
)
from ctpat.io import Rows
from ctpat.supplychains import SupplyChain

D = dt.date
ON = D(2026, 1, 15)

#: The documented modules whose ``__all__`` is public.
MODULES = (
    "ctpat",
    "ctpat.validity",
    "ctpat.recognition",
    "ctpat.catalog",
    "ctpat.partners",
    "ctpat.vetting",
    "ctpat.calendar",
    "ctpat.registry",
    "ctpat.lifecycle",
    "ctpat.certifications",
    "ctpat.programs",
    "ctpat.participants",
    "ctpat.arrangements",
    "ctpat.verdicts",
    "ctpat.sources",
    "ctpat.origins",
    "ctpat.supplychains",
    "ctpat.serialization",
    "ctpat.fast",
    "ctpat.cbam",
    "ctpat.io",
    "ctpat.identifiers",
    "ctpat.identifiers.eori",
    "ctpat.identifiers.aeo",
    "ctpat.identifiers.mid",
    "ctpat.identifiers.lei",
    "ctpat.identifiers.svi",
    "ctpat.identifiers.tcuin",
)

#: Names that are public but not for junk: the command line has its own tests,
#: and hypothesis strategies are not called with data.
SKIP = frozenset({"main"})


def _deep(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


JUNK: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    2**70,
    1.5,
    float("nan"),
    "",
    " ",
    "x" * 200_000,
    "\x00",
    "Zürich 東京",
    b"CTPAT",
    [],
    [None],
    {},
    {"a": 1},
    (),
    object(),
    D.min,
    D.max,
    dt.datetime(2026, 1, 1, 12, 0),
    Decimal("NaN"),
    Decimal("1E-999999999"),
    relativedelta(years=100_000),
    relativedelta(),
    dt.timedelta.max,
    _deep(2_000),
    {"deep": _deep(2_000)},
    frozenset({1}),
    Role.DRIVER,
    EventKind.REVOKED,
)


def _world() -> dict[str, Any]:
    """Valid values, by what a parameter is called or annotated as."""
    registry = ctpat.reference()
    people = [
        Participant("acme", "Acme Imports", "US", roles={Role.IMPORTER}),
        Participant("maple", "Maple Trucking", "CA", roles={Role.HIGHWAY_CARRIER}),
        Participant("drv", "Jo Driver", "CA", roles={Role.DRIVER}),
    ]
    certs = [
        Certification.grant("CTPAT", "acme", on=D(2020, 1, 6), level="tier-1"),
        Certification.grant("CTPAT", "maple", on=D(2020, 1, 6), role=Role.HIGHWAY_CARRIER),
        Certification.grant("FAST", "drv", on=D(2022, 1, 6), role=Role.DRIVER),
    ]
    mine = registry.with_partners(ctpat.PartnerData(people, certs))
    program = registry.program("CTPAT")
    arrangement = registry.arrangements_between("CTPAT", "EU-AEO")[0]
    report = mine.vet(by="CTPAT", on=ON)
    return {
        "registry": mine,
        "catalog": mine.catalog,
        "book": mine.book,
        "program": program,
        "programs": list(registry.programs.values()),
        "program_map": registry.programs,
        "arrangement": arrangement,
        "arrangements": list(registry.arrangements),
        "recognition": arrangement.recognitions[0],
        "certification": certs[0],
        "certifications": certs,
        "participant": people[0],
        "participants": people,
        "data": PartnerData(tuple(people), tuple(certs)),
        "event": Event(EventKind.VALIDATED, D(2021, 1, 6)),
        "events": certs[0].events,
        "standing": certs[0].events_standing_on(ON),
        "verdict": report.entries[0].verdict,
        "entries": report.entries,
        "chain": SupplyChain({"acme": ["maple"]}),
        "source": program.source,
        "policy": program.policy,
        "on": ON,
        "day": ON,
        "within": relativedelta(months=3),
        "delta": relativedelta(years=1),
        "by": "CTPAT",
        "code": "CTPAT",
        "holder": "acme",
        "root": "acme",
        "importer": "acme",
        "carrier": "maple",
        "driver": "drv",
        "into": "US",
        "border": "northern",
        "country": "US",
        "issued_in": "US",
        "identifier": "SVI-1",
        "scheme": "eori",
        "value": "DE123456789",
        "text": "DE123456789",
        "s": "DE123456789",
        "name": "Acme",
        "year": 2026,
        "cn_code": "7208 51 20",
        "net_mass_kg": Decimal("1000"),
        "imports": [ctpat.cbam.CbamImport(D(2026, 2, 3), "7208 51 20", Decimal("1000"))],
        "account_number": "DE-CBAM-1",
        "obj": certs[0],
        "cls": Certification,
        "data_version": "2026-12-02",
        "a": "CTPAT",
        "b": "EU-AEO",
        "of": "EU-AEO",
        "key": ("question",),
        "work_out": lambda: 1,
        "answer": 1,
        "street": "1 Main Street",
        "city": "Springfield",
        "message": "a reason",
        "field": "on",
        "path": "partners.csv",
        "partner_file": str(Path(__file__).resolve().parents[1] / "examples" / "partners.csv"),
        "links": {"acme": ["maple"]},
        "pairs": [("acme", "maple")],
    }


WORLD = _world()

_BY_TYPE: dict[str, str] = {
    "Mapping[str, Program]": "program_map",
    "date": "on",
    "dt.date": "on",
    "Certification": "certification",
    "Participant": "participant",
    "Program": "program",
    "Registry": "registry",
    "Catalog": "catalog",
    "PartnerBook": "book",
    "Standing": "standing",
    "Verdict": "verdict",
    "relativedelta": "delta",
    "str": "code",
    "int": "year",
    "Decimal": "net_mass_kg",
}


def _valid(name: str, annotation: object) -> Any:
    text = str(annotation)
    if "PathLike" in text:
        return WORLD["partner_file"]
    for type_name, key in _BY_TYPE.items():
        if type_name[0].isupper() and (text == type_name or text.startswith(f"{type_name} |")):
            return WORLD[key]
    if name in WORLD:
        return WORLD[name]
    for type_name, key in _BY_TYPE.items():
        if text == type_name or text.startswith(f"{type_name} |"):
            return WORLD[key]
    return None


def _instances() -> dict[type, list[Any]]:
    """An instance of each public class, for its methods."""
    found: dict[type, list[Any]] = {}
    for value in WORLD.values():
        found.setdefault(type(value), []).append(value)
    report = WORLD["registry"].vet(by="CTPAT", on=ON)
    found.setdefault(type(report), []).append(report)
    return found


INSTANCES = _instances()


def _callables() -> Iterator[tuple[str, Callable[..., Any], inspect.Signature]]:
    seen: set[int] = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            target = getattr(module, name)
            if name in SKIP or inspect.ismodule(target) or id(target) in seen:
                continue
            seen.add(id(target))
            if inspect.isclass(target):
                if issubclass(target, BaseException) or getattr(target, "_is_protocol", False):
                    continue
                if not issubclass(target, enum.Enum):
                    yield from _signed(f"{module_name}.{name}", target)
                for instance in INSTANCES.get(target, ())[:1]:
                    for attr, member in inspect.getmembers(instance):
                        if attr.startswith("_") or not callable(member):
                            continue
                        if isinstance(getattr(type(instance), attr, None), property):
                            continue
                        yield from _signed(f"{module_name}.{name}.{attr}", member)
            elif callable(target):
                yield from _signed(f"{module_name}.{name}", target)


def _signed(
    label: str, target: Callable[..., Any]
) -> Iterator[tuple[str, Callable[..., Any], inspect.Signature]]:
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):  # a builtin without a signature
        return
    yield label, target, signature


CALLABLES = list(_callables())


def _arguments(signature: inspect.Signature) -> dict[str, Any]:
    return {
        name: _valid(name, parameter.annotation)
        for name, parameter in signature.parameters.items()
        if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
        and (parameter.default is parameter.empty or (name in WORLD and name not in FORMER))
    }


#: Former names of arguments, kept for a release beside the new ones.
FORMER = frozenset({"holder", "holders"})


def _call(target: Callable[..., Any], signature: inspect.Signature, args: dict[str, Any]) -> Any:
    positional = []
    keywords = {}
    for name, parameter in signature.parameters.items():
        if name not in args:
            continue
        if parameter.kind is parameter.POSITIONAL_ONLY:
            positional.append(args[name])
        else:
            keywords[name] = args[name]
    return target(*positional, **keywords)


def _allowed(error: BaseException, junk_names: set[str]) -> bool:
    # A TypeError or AttributeError is what Python itself raises for a value of
    # the wrong type (``'<=' not supported between 'date' and 'NoneType'``);
    # ctpat adds no wrapper to reword it. Anything else must be one of ctpat's errors.
    return isinstance(error, CtpatError) or type(error) in (TypeError, AttributeError)


def _check(label: str, target: Any, signature: inspect.Signature, args: dict[str, Any]) -> None:
    junk = {name for name, value in args.items() if any(value is j for j in JUNK)}
    try:
        _call(target, signature, args)
    except Exception as error:  # noqa: BLE001 - what escapes is what is tested
        if not _allowed(error, junk):
            shown = {name: _show(args[name]) for name in junk}
            pytest.fail(f"{label}({shown}) raised {type(error).__name__}: {str(error)[:200]}")


def _show(value: Any) -> str:
    from ctpat.errors import shown

    return shown(value)[:60]


def test_every_public_callable_is_covered() -> None:
    labels = {label for label, _, _ in CALLABLES}
    for expected in (
        "ctpat.reference",
        "ctpat.Registry.recognizes",
        "ctpat.Registry.vet",
        "ctpat.validity.standing",
        "ctpat.recognition.accepts",
        "ctpat.fast.lane_eligibility",
        "ctpat.cbam.assess",
        "ctpat.from_json",
        "ctpat.identifiers.eori.validate",
    ):
        assert expected in labels


@pytest.mark.parametrize(
    ("label", "target", "signature"), CALLABLES, ids=[label for label, _, _ in CALLABLES]
)
def test_junk_in_each_argument(label: str, target: Any, signature: inspect.Signature) -> None:
    base = _arguments(signature)
    _check(label, target, signature, base)
    for name in base:
        for junk in JUNK:
            _check(label, target, signature, {**base, name: junk})


def test_every_public_callable_says_what_it_raises() -> None:
    # Callers must learn from the docstring what may escape (``Raises ...``, or
    # ``Raises nothing.``): a new public callable without it fails here.
    silent = [
        label for label, target, _ in CALLABLES if "raise" not in (target.__doc__ or "").lower()
    ]
    assert not silent, f"docstrings that do not say what they raise: {silent}"


def test_junk_in_several_arguments_at_once() -> None:
    rng = random.Random(20261202)
    rounds = int(os.environ.get("CTPAT_ROBUSTNESS_N", "2000"))
    for _ in range(rounds):
        label, target, signature = rng.choice(CALLABLES)
        args = _arguments(signature)
        for name in rng.sample(sorted(args), k=min(len(args), rng.randint(1, 3))):
            args[name] = rng.choice(JUNK)
        _check(label, target, signature, args)


# Values valid for a model constructor but built from junk elsewhere; kept to
# show the world above type-checks.
_ = (Arrangement, Program, Recognition, Source)


# -- every reader, every kind of hostile cell and row ---------------------------
#
# The readers are found by introspection (every public callable of ``ctpat.io``
# that reads a table: ``read*`` and ``load*`` taking a source, path or text),
# and the kinds of input from the intake rule itself (``ctpat.io._cells.KINDS``,
# the cells that are not values) plus the two row-level kinds, merged ranges and
# repeated rows. A new reader, or a new kind of cell, is covered the day it is
# added; a kind without an input below fails ``test_every_input_kind_is_built``.

ROW_KINDS = ("merged", "repeated row")
_SHEET_HEADER = ("Supplier Name", "Country", "Certification Program", "Cert Number",
                 "Certified Since", "Status", "Status Date")  # fmt: skip


def _readers() -> list[tuple[str, Callable[..., Any], inspect.Signature]]:
    found = []
    for label, target, signature in CALLABLES:
        name = label.rsplit(".", 1)[-1]
        first = next(iter(signature.parameters), "")
        if (
            label.startswith("ctpat.io.")
            and name.startswith(("read", "load"))
            and first in ("source", "path", "text")
        ):
            found.append((label, target, signature))
    return found


READERS = _readers()
#: What a reader that asks more than its source is given (by argument name): a
#: reader added with a required argument not named here fails the test below.
READER_ARGUMENTS: dict[str, Any] = {
    "subject": "acme",
    "requirement_set": "CTPAT-MSC-2019",
    "on": ON,
    "partner": "acme",
    "role": Role.MANUFACTURER,
    "criteria": ctpat.reference().criteria,
}


def _xlsx(rows: list[list[Any]], merges: tuple[str, ...] = (), long_cell: bool = False) -> bytes:
    import io
    import zipfile

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(_SHEET_HEADER))
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    if not long_cell:
        return out.getvalue()
    from ctpat.io._cells import MAX_CELL

    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"DE1", b"x" * (MAX_CELL + 1)
    )
    again = io.BytesIO()
    with zipfile.ZipFile(again, "w") as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return again.getvalue()


def _inputs(kind: str) -> dict[str, bytes]:
    """The input of ``kind`` as CSV and as .xlsx, where the format can hold it."""
    from ctpat.io._cells import MAX_CELL

    granted, stated = D(2019, 5, 2), D(2026, 1, 10)
    base = ["Acme", "DE", "EU-AEO", "DE1", granted, "Certified", stated]
    csv_head = ",".join(_SHEET_HEADER) + "\n"
    csv_row = "Acme,DE,EU-AEO,DE1,2019-05-02,{status},2026-01-10\n"
    if kind == "formula":  # CSV text holds no formulas, only their values
        return {"xlsx": _xlsx([[*base[:5], '="Certified"', stated]])}
    if kind == "error":
        return {
            "csv": (csv_head + csv_row.format(status="#N/A")).encode(),
            "xlsx": _xlsx([[*base[:5], "#N/A", stated]]),
        }
    if kind == "too long":
        return {
            "csv": (csv_head + csv_row.format(status="x" * (MAX_CELL + 1))).encode(),
            "xlsx": _xlsx([base], long_cell=True),
        }
    if kind == "merged":  # a suspension merged over two rows about one certificate
        return {"xlsx": _xlsx([[*base[:5], "Suspended", stated], [*base[:5], None, stated]], ("F2:F3",))}  # fmt: skip
    if kind == "repeated row":  # one certificate, Certified and Suspended on one date
        return {
            "csv": (
                csv_head + csv_row.format(status="Certified") + csv_row.format(status="Suspended")
            ).encode(),
            "xlsx": _xlsx([base, [*base[:5], "Suspended", stated]]),
        }
    raise AssertionError(f"no input of kind {kind!r}")


def _kinds() -> tuple[str, ...]:
    from ctpat.io._cells import KINDS

    return (*KINDS, *ROW_KINDS)


def test_every_input_kind_is_built() -> None:
    pytest.importorskip("openpyxl")
    for kind in _kinds():
        assert _inputs(kind)


@pytest.mark.parametrize("kind", _kinds())
@pytest.mark.parametrize(
    ("label", "target", "signature"), READERS, ids=[label for label, _, _ in READERS]
)
def test_each_reader_refuses_each_kind_of_input(
    label: str, target: Any, signature: inspect.Signature, kind: str, tmp_path: Path
) -> None:
    # Nothing but a documented error escapes, and the input is never read as
    # a certificate that passes: a problem (or a DataError), or a status that
    # does not pass.
    import io

    pytest.importorskip("openpyxl")
    first = next(iter(signature.parameters))
    required = {
        name: READER_ARGUMENTS[name]
        for name, parameter in signature.parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and parameter.default is inspect.Parameter.empty
    }
    for suffix, data in _inputs(kind).items():
        if first == "text" and suffix != "csv":
            continue
        if first == "text":
            source: Any = data.decode()
        elif first == "path":
            source = tmp_path / f"list.{suffix}"
            source.write_bytes(data)
        else:
            source = io.BytesIO(data)
        try:
            result = target(source, **required)
        except CtpatError:
            continue
        except Exception as error:  # noqa: BLE001 - what escapes is what is tested
            pytest.fail(f"{label}({kind} in .{suffix}) raised {type(error).__name__}: {error}")
        problems = getattr(result, "problems", ())
        data_read = getattr(result, "data", result)
        if isinstance(data_read, PartnerData):
            if not problems:
                report = ctpat.reference().with_partners(data_read).vet(by="CTPAT", on=ON)
                assert not report.passed, f"{label}({kind} in .{suffix}) passed a partner"
        elif kind in ROW_KINDS and isinstance(result, Rows):
            # A table read as rows: every row read, merged cells filled.
            column = _SHEET_HEADER.index("Status")
            shown = [cells[column] for _, cells in result.rows]
            assert shown == (
                ["Suspended", "Suspended"] if kind == "merged" else ["Certified", "Suspended"]
            )
        elif not isinstance(data_read, PartnerData):
            assert problems, f"{label}({kind} in .{suffix}) read it without a problem"
