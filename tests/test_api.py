"""The public surface: every name the API contract lists is exported."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ctpat

#: Names that ../shared/API.md promises at the top level of ``ctpat``.
CONTRACT = {
    "Arrangement",
    "Benefit",
    "Certification",
    "CtpatError",
    "DataError",
    "Deadline",
    "Event",
    "EventKind",
    "InvalidIdentifier",
    "InvalidTransition",
    "Level",
    "Participant",
    "Program",
    "Reason",
    "ReasonCode",
    "Recognition",
    "Registry",
    "Role",
    "Source",
    "Status",
    "UnknownParticipant",
    "UnknownProgram",
    "ValidityPolicy",
    "Verdict",
    "from_dict",
    "from_json",
    "reference",
    "to_dict",
    "to_json",
}
API_MD = Path(__file__).resolve().parents[2] / "shared" / "API.md"


def test_all_is_sorted_and_complete() -> None:
    assert ctpat.__all__ == sorted(ctpat.__all__)
    assert set(ctpat.__all__) >= CONTRACT
    for name in ctpat.__all__:
        assert getattr(ctpat, name) is not None


def test_enum_members_of_the_contract() -> None:
    assert {m.name for m in ctpat.Role} >= {
        "IMPORTER", "EXPORTER", "MANUFACTURER", "HIGHWAY_CARRIER", "RAIL_CARRIER",
        "SEA_CARRIER", "AIR_CARRIER", "CONSOLIDATOR", "CUSTOMS_BROKER",
        "THIRD_PARTY_LOGISTICS", "PORT_TERMINAL_OPERATOR", "LONG_HAUL_CARRIER",
        "WAREHOUSE_OPERATOR", "DRIVER",
    }  # fmt: skip
    assert ctpat.Role.HIGHWAY_CARRIER.value == "highway-carrier"
    assert {m.name for m in ctpat.Status} >= {
        "APPLICANT", "CERTIFIED", "SUSPENDED", "REJECTED", "REVOKED", "WITHDRAWN", "EXPIRED",
    }  # fmt: skip
    assert {m.name for m in ctpat.ReasonCode} >= {
        "VALID", "NOT_CERTIFIED_YET", "SUSPENDED", "REVOKED", "WITHDRAWN", "EXPIRED",
        "SAME_PROGRAM", "ARRANGEMENT_IN_FORCE", "ARRANGEMENT_NOT_IN_FORCE",
        "LEVEL_NOT_COVERED", "ROLE_NOT_COVERED", "NO_ARRANGEMENT", "UNKNOWN_PROGRAM",
        "NO_CERTIFICATION", "CONDITION", "DEADLINE_OVERDUE",
    }  # fmt: skip
    for enum in (ctpat.Role, ctpat.Status, ctpat.EventKind, ctpat.ReasonCode):
        for member in enum:
            assert member.value == member.value.lower()
            assert str(member) == member.value


def test_identifier_modules() -> None:
    from ctpat import identifiers

    assert set(identifiers.SCHEMES) == {"eori", "aeo", "svi", "mid", "lei", "tcuin"}
    assert callable(identifiers.mid.build)


@pytest.mark.skipif(not API_MD.exists(), reason="the team's shared/API.md is not beside this tree")
def test_every_top_level_name_in_the_shared_contract_is_exported() -> None:
    text = API_MD.read_text(encoding="utf-8")
    # Bullet items name public things as `Name(` or `ctpat.name(`.
    named = set(re.findall(r"^- `(?:ctpat\.)?([A-Za-z_]+)[(`]", text, flags=re.MULTILINE))
    modules = {"fast", "cbam", "identifiers"}
    missing = {n for n in named if n not in modules and not hasattr(ctpat, n)}
    assert not missing
    assert (named - modules) <= set(ctpat.__all__) | {"Registry"}


def test_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert ctpat.__version__ == version("ctpat")


def fresh_interpreter(code: str) -> list[str]:
    """The lines ``code`` prints, run in a new interpreter (nothing imported yet)."""
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.splitlines()


def test_import_ctpat_is_cheap() -> None:
    # What a plain ``import ctpat`` loads, in a fresh interpreter: none of the
    # heavy optional machinery, and the check modules only when first used.
    code = (
        "import sys, ctpat\n"
        "print(*sorted(m for m in sys.modules if m.split('.')[0] in {"
        "'cattrs', 'msgspec', 'importlib', 'decimal', 'csv', 'pathlib', 'zipfile', 'ctpat'}))\n"
        "ctpat.fast, ctpat.cbam, ctpat.io, ctpat.identifiers\n"
        "print(*sorted(m for m in sys.modules if m.startswith('ctpat.')))\n"
    )
    out = fresh_interpreter(code)
    loaded, after = set(out[0].split()), set(out[1].split())
    heavy = {"cattrs", "msgspec", "decimal", "csv", "pathlib", "zipfile", "importlib.metadata"}
    assert not loaded & heavy
    assert not {"importlib.resources"} & loaded
    assert not loaded & {"ctpat.cbam", "ctpat.fast", "ctpat.io", "ctpat.cli", "ctpat.identifiers"}
    assert after >= {"ctpat.cbam", "ctpat.fast", "ctpat.io", "ctpat.identifiers"}


def test_lazy_submodules_are_the_modules_and_unknown_names_fail() -> None:
    import ctpat.cbam

    assert ctpat.cbam is sys.modules["ctpat.cbam"]
    assert {"cbam", "fast", "identifiers", "io", "Registry"} <= set(dir(ctpat))
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        ctpat.nonsense  # noqa: B018


def test_no_names_kept_for_a_release_before_the_first() -> None:
    registry = ctpat.reference()
    assert not hasattr(registry, "extend")
    for method in (registry.verify, registry.vet):
        assert not {"holder", "holders"} & set(inspect.signature(method).parameters)
    with pytest.raises(AttributeError):
        ctpat.converter  # noqa: B018 - ctpat.serialization.get_converter() is the one name


LAZY_MODULES = {
    "assessments",
    "cbam",
    "criteria",
    "evidence",
    "fast",
    "identifiers",
    "io",
    "provenance",
    "readiness",
    "requirements",
    "vetting",
}


def test_the_only_names_loaded_on_first_use_are_the_documented_modules() -> None:
    # Every other public name is a plain import: no PEP 562 class names.
    code = "import ctpat\nprint(*sorted(n for n in ctpat.__all__ if n not in vars(ctpat)))\n"
    assert set(fresh_interpreter(code)[0].split()) == LAZY_MODULES
    assert set(ctpat.__all__) >= LAZY_MODULES


def test_vetting_and_evidence_load_on_first_use() -> None:
    # Neither ``import ctpat`` nor ``ctpat.reference()`` needs them; their
    # classes are reached through their modules, not the top level.
    code = (
        "import sys, ctpat\n"
        "ctpat.reference()\n"
        "print(*sorted(m for m in sys.modules if m.startswith('ctpat.')))\n"
        "print(ctpat.vetting is sys.modules['ctpat.vetting'], ctpat.evidence.Evidence.__name__)\n"
    )
    out = fresh_interpreter(code)
    assert not set(out[0].split()) & {
        "ctpat.vetting",
        "ctpat.evidence",
        "ctpat.calendar",
        "ctpat.supplychains",
        "ctpat.readiness",
        "ctpat.assessments",
    }
    assert out[1] == "True Evidence"
    for name in ("Evidence", "VettingReport", "Outcome", "ComplianceBook", "GapReport"):
        assert name not in ctpat.__all__
        with pytest.raises(AttributeError):
            getattr(ctpat, name)


def test_registry_has_one_method_a_question() -> None:
    registry = ctpat.reference()
    # verify_all was verify's double (every verdict is recognizes() on each
    # certification); Program.grant was Certification.grant's.
    assert not hasattr(registry, "verify_all")
    assert not hasattr(ctpat.Program, "grant")
    from ctpat import vetting

    assert not hasattr(vetting, "verify_all")


def public_modules() -> dict[str, object]:
    """Every importable public module under ``ctpat`` (no part of its name private)."""
    import importlib
    import pkgutil

    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(ctpat.__path__, "ctpat."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        try:
            found[info.name] = importlib.import_module(info.name)
        except ImportError:  # an optional extra this environment lacks
            continue
    return found


def test_every_public_class_and_function_has_one_home() -> None:
    # The top level re-exports, and a package its own modules' names (ctpat.online);
    # otherwise a class or function is published by one module only (SupplyChain
    # was in both supplychains and vetting, Event in lifecycle and certifications).
    homes: dict[int, list[str]] = {}
    for name, module in public_modules().items():
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                homes.setdefault(id(obj), []).append(f"{name}.{attr}")
    doubles = [
        places
        for places in homes.values()
        if len({p.rsplit(".", 1)[0] for p in places}) > 1
        and not any(
            q.rsplit(".", 1)[0].startswith(p.rsplit(".", 1)[0] + ".")
            for p in places
            for q in places
        )
    ]
    assert doubles == []
    from ctpat import supplychains, vetting

    assert "SupplyChain" in supplychains.__all__
    assert not hasattr(vetting, "__all__") or "SupplyChain" not in vetting.__all__


def test_the_callers_data_goes_in_one_shape() -> None:
    # with_participants(participants, certifications) was with_partners(data) twice.
    registry = ctpat.reference()
    assert not hasattr(registry, "with_participants")
    data = ctpat.PartnerData((ctpat.Participant("acme", "Acme Imports", "US"),))
    assert registry.with_partners(data).partners == data
