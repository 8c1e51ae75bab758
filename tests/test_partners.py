"""The caller's registry: extend, find, verify, vet, supply chains, calendar, files."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given

import ctpat
from ctpat import (
    Certification,
    DataError,
    Event,
    EventKind,
    Participant,
    PartnerData,
    ReasonCode,
    Role,
    UnknownParticipant,
    UnknownProgram,
)
from ctpat import io as ctpat_io
from ctpat import strategies as S
from ctpat.supplychains import SupplyChain
from ctpat.vetting import Outcome

D = dt.date
ON = D(2026, 1, 15)
R = ReasonCode

PARTICIPANTS = [
    Participant("acme", "Acme Imports Inc.", "US", roles={Role.IMPORTER}),
    Participant(
        "rhein",
        "Rhein Tools GmbH",
        "DE",
        roles={Role.EXPORTER},
        identifiers={"eori": "DE123456789", "lei": "5493001KJTIIGC8Y1R12"},
    ),
    Participant("lyon", "Lyon Textiles SA", "FR", roles={Role.MANUFACTURER}),
    Participant("quiet", "Quiet Supplier Ltd", "GB"),
    Participant("trucks", "Maple Trucking", "CA", roles={Role.HIGHWAY_CARRIER}),
]
CERTS = [
    Certification.grant("CTPAT", "acme", on=D(2023, 3, 1), level="tier-1", reference="CT-1"),
    Certification.grant("EU-AEO", "rhein", on=D(2017, 3, 1), level="AEOF", reference="DEAEOF1"),
    Certification.grant("EU-AEO", "lyon", on=D(2019, 9, 1), level="AEOC"),
    Certification.grant("CTPAT", "trucks", on=D(2021, 5, 1), role=Role.HIGHWAY_CARRIER).record(
        Event(EventKind.SUSPENDED, D(2025, 11, 2))
    ),
    Certification.grant("CA-PIP", "trucks", on=D(2019, 2, 1)),
]
REG = ctpat.reference().with_partners(
    ctpat.PartnerData(participants=PARTICIPANTS, certifications=CERTS)
)


class TestExtend:
    def test_shares_reference_data_and_keeps_earlier_partners(self) -> None:
        more = REG.with_partners(
            ctpat.PartnerData(participants=[Participant("new", "New Co", "MX")])
        )
        assert more.programs is REG.programs
        assert more.data_version == REG.data_version
        assert list(more.participants) == ["acme", "rhein", "lyon", "quiet", "trucks", "new"]
        assert "new" not in REG.participants
        assert more.certifications_of("rhein") == (CERTS[1],)
        assert ctpat.reference().participants == {}

    def test_later_certifications_of_earlier_partners(self) -> None:
        # Certifications added in a second extend join the earlier ones, and a
        # vet of everyone still pairs each participant with its own.
        pip = Certification.grant("CA-PIP", "acme", on=D(2020, 1, 6))
        ctpat_new = Certification.grant("CTPAT", "new", on=D(2024, 1, 8))
        more = REG.with_partners(
            ctpat.PartnerData(
                participants=[
                    Participant("new", "New Co", "MX"),
                    Participant("idle", "Idle", "MX"),
                ],
                certifications=[pip, ctpat_new],
            )
        )
        assert more.certifications_of("acme") == (CERTS[0], pip)
        assert more.certifications_of("new") == (ctpat_new,)
        assert more.certifications_of("idle") == ()
        assert REG.certifications_of("acme") == (CERTS[0],)
        report = more.vet(by="CTPAT", on=ON)
        assert [p.id for p, _ in report] == [*REG.participants, "new", "idle"]
        for participant, verdict in report:
            assert verdict == more.verify(participant, by="CTPAT", on=ON)
        assert [e.outcome for e in report.entries][-2:] == [Outcome.PASSED, Outcome.UNVERIFIED]

    @pytest.mark.parametrize(
        ("kwargs", "field", "message"),
        [
            ({"participants": [PARTICIPANTS[0]]}, "participants[0].id", "duplicate"),
            ({"participants": ["acme"]}, "participants[0]", "must be a Participant"),
            (
                {"certifications": [Certification.grant("XX-AEO", "acme", on=ON)]},
                "certifications[0].program",
                "unknown program",
            ),
            (
                {"certifications": [Certification.grant("CTPAT", "ghost", on=ON)]},
                "certifications[0].holder",
                "unknown participant",
            ),
            (
                {"certifications": [Certification.grant("EU-AEO", "acme", on=ON, level="AEOX")]},
                "certifications[0].events[0].level",
                "not a level of EU-AEO",
            ),
            (
                {
                    "certifications": [
                        Certification.grant("FAST", "acme", on=ON, role=Role.IMPORTER)
                    ]
                },
                "certifications[0].role",
                "not a role of FAST",
            ),
            ({"certifications": [None]}, "certifications[0]", "must be a Certification"),
            (
                # The second of a program already seen, its second event.
                {
                    "certifications": [
                        Certification.grant("EU-AEO", "acme", on=ON, level="AEOC"),
                        Certification.grant("EU-AEO", "lyon", on=ON, level="AEOC").record(
                            Event(EventKind.LEVEL_CHANGED, D(2026, 2, 1), level="AEOX")
                        ),
                    ]
                },
                "certifications[1].events[1].level",
                "not a level of EU-AEO",
            ),
            (
                {
                    "certifications": [
                        Certification.grant("FAST", "acme", on=ON),
                        Certification.grant("FAST", "lyon", on=ON, role=Role.IMPORTER),
                    ]
                },
                "certifications[1].role",
                "not a role of FAST",
            ),
            (
                {
                    "certifications": [
                        Certification.grant("CTPAT", "acme", on=ON),
                        Certification.grant("CTPAT", "ghost", on=ON),
                    ]
                },
                "certifications[1].holder",
                "unknown participant",
            ),
            (
                {
                    "participants": [
                        Participant("x", "X", "DE", identifiers={"eori": "DE123456789"})
                    ]
                },
                "participants[0].identifiers.eori",
                "already identifies participant 'rhein'",
            ),
            (
                {
                    "certifications": [
                        Certification.grant("CTPAT", "lyon", on=ON, reference="ct 1")
                    ]
                },
                "certifications[0].reference",
                "already identifies participant 'acme'",
            ),
        ],
    )
    def test_bad_records_name_themselves(
        self, kwargs: dict[str, object], field: str, message: str
    ) -> None:
        with pytest.raises(DataError, match=message) as err:
            REG.with_partners(ctpat.PartnerData(**kwargs))  # type: ignore[arg-type]
        assert err.value.field == field

    def test_the_book_tracks_one_tuple_a_holder_and_nothing_a_participant(self) -> None:
        # What a long partner list costs the garbage collector: participants
        # without identifiers share one empty mapping, and the new book holds a
        # tuple a holder of certifications and a few mappings, no list a holder
        # or container a participant.
        people = [Participant(f"p{i}", f"P {i}", "US") for i in range(2_000)]
        certs = [
            Certification.grant("CTPAT", f"p{i}", on=D(2020, 1, 6)) for i in range(0, 2_000, 2)
        ]
        assert len({id(p.identifiers) for p in people}) == 1
        data = ctpat.PartnerData(people, certs)
        before = len(gc.get_objects())
        book = REG.with_partners(data)
        grown = len(gc.get_objects()) - before
        assert book.certifications_of("p2") == (certs[1],)
        assert grown <= len(certs) + 10, grown


class TestLookups:
    def test_participant_and_certifications(self) -> None:
        assert REG.participant("acme").name == "Acme Imports Inc."
        assert REG.certifications_of(PARTICIPANTS[4]) == tuple(CERTS[3:5])
        assert REG.certifications_of("quiet") == ()
        with pytest.raises(UnknownParticipant, match="ghost"):
            REG.participant("ghost")
        with pytest.raises(UnknownParticipant):
            REG.certifications_of("ghost")

    @pytest.mark.parametrize(
        "identifier",
        ["DE123456789", "de 1234 56789", "DE-123.456.789", "5493001kjtiigc8y1r12", "deaeof1"],
    )
    def test_find_by_any_identifier_or_reference(self, identifier: str) -> None:
        assert REG.find(identifier).id == "rhein"

    def test_find_unknown(self) -> None:
        for bad in ("NL000", "", "  ", 42):
            with pytest.raises(UnknownParticipant):
                REG.find(bad)  # type: ignore[arg-type]


class TestVerify:
    def test_own_ctpat(self) -> None:
        verdict = REG.verify("acme", by="CTPAT", on=ON)
        assert verdict
        assert verdict.has(R.SAME_PROGRAM)

    def test_through_the_eu_us_arrangement(self) -> None:
        verdict = REG.verify("rhein", by="CTPAT", on=ON)
        assert verdict
        assert verdict.arrangement == "US-EU"

    def test_aeoc_only_fails(self) -> None:
        verdict = REG.verify("lyon", by="CTPAT", on=ON)
        assert not verdict
        assert verdict.has(R.LEVEL_NOT_COVERED)

    def test_nothing_on_record_is_unverified(self) -> None:
        verdict = REG.verify("quiet", by="CTPAT", on=ON)
        assert not verdict
        assert verdict.codes() == (R.NO_CERTIFICATION,)
        assert "unverified, not refused" in verdict.explain()

    def test_best_of_several_with_the_others_available(self) -> None:
        # The carrier's own CTPAT is suspended; PIP is recognised by CTPAT.
        # Every certification's verdict is a recognizes() away; verify picks the best.
        own, pip = REG.certifications_of("trucks")
        assert REG.recognizes("CTPAT", own, on=ON).has(R.SUSPENDED)
        assert REG.recognizes("CTPAT", pip, on=ON).ok
        assert REG.verify("trucks", by="CTPAT", on=ON).certification == pip == CERTS[4]
        # Own program first among equals.
        assert REG.verify("trucks", by="CTPAT", on=D(2025, 1, 1)).certification == own


class TestVet:
    def test_report(self) -> None:
        report = REG.vet(by="CTPAT", on=ON)
        assert [p.id for p in report.passed] == ["acme", "rhein", "trucks"]
        assert [p.id for p in report.failed] == ["lyon"]
        assert [p.id for p in report.unverified] == ["quiet"]
        assert len(report) == 5
        assert not report.all_passed
        assert [p.id for p, _ in report] == list(REG.participants)
        assert report.summary() == (
            "5 participants vetted against CTPAT on 2026-01-15: 3 passed, 1 failed, 1 unverified."
        )
        row = list(report.rows())[1]
        assert row["participant"] == "rhein"
        assert row["outcome"] == "passed"
        assert row["program"] == "EU-AEO"
        assert row["reference"] == "DEAEOF1"
        assert row["level"] == "AEOF"
        assert row["arrangement"] == "US-EU"
        assert row["data_version"] == REG.data_version
        assert row["on"] == "2026-01-15"
        csv_text = report.to_csv()
        assert csv_text.splitlines()[0].startswith("participant,name,country,outcome")
        assert len(csv_text.splitlines()) == 6

    def test_selected_holders_and_role(self) -> None:
        report = REG.vet(["acme", PARTICIPANTS[1]], by="CTPAT", on=ON, role=Role.EXPORTER)
        assert [p.id for p in report.passed] == ["acme", "rhein"]
        assert "as exporter" in report.summary()
        with pytest.raises(UnknownProgram):
            REG.vet(by="XX", on=ON)
        with pytest.raises(UnknownParticipant):
            REG.vet(["ghost"], by="CTPAT", on=ON)

    def test_outcome_values(self) -> None:
        assert str(Outcome.UNVERIFIED) == "unverified"


class TestSupplyChain:
    def test_every_partner_upstream_once_with_its_path_even_with_a_cycle(self) -> None:
        chain = SupplyChain(
            {"acme": ["trucks", "rhein"], "rhein": ["lyon"], "lyon": ["rhein", "quiet"]}
        )
        report = REG.vet_supply_chain(chain, "acme", by="CTPAT", on=ON)
        paths = {e.participant.id: e.path for e in report.entries}
        assert paths == {
            "trucks": ("acme", "trucks"),
            "rhein": ("acme", "rhein"),
            "lyon": ("acme", "rhein", "lyon"),
            "quiet": ("acme", "rhein", "lyon", "quiet"),
        }
        assert [p.id for p in report.failed] == ["lyon"]
        assert list(report.rows())[2]["path"] == "acme > rhein > lyon"

    def test_from_pairs_and_errors(self) -> None:
        chain = SupplyChain.from_pairs([("acme", "rhein"), ("acme", "ghost")])
        assert chain.upstream("acme") == {"rhein": ("acme", "rhein"), "ghost": ("acme", "ghost")}
        with pytest.raises(UnknownParticipant, match="ghost"):
            REG.vet_supply_chain(chain, "acme", by="CTPAT", on=ON)
        with pytest.raises(UnknownParticipant):
            REG.vet_supply_chain(chain, "nobody", by="CTPAT", on=ON)
        for bad, field in (
            ([("a", "b")], "links"),
            ({"a": "b"}, "links.a"),
            ({"": ["b"]}, "links"),
            ({"a": [1]}, "links.a"),
        ):
            with pytest.raises(DataError) as err:
                SupplyChain(bad)  # type: ignore[arg-type]
            assert err.value.field == field


class TestCalendar:
    def test_validation_overdue_and_review_window_open(self) -> None:
        reg = ctpat.reference().with_partners(
            ctpat.PartnerData(
                participants=[PARTICIPANTS[0]],
                certifications=[
                    Certification.grant("CTPAT", "acme", on=D(2024, 2, 20), level="tier-1")
                ],
            )
        )
        found = reg.calendar(on=D(2026, 1, 15), within=relativedelta(days=90))
        assert [(d.name, d.due, d.overdue, d.opens) for d in found] == [
            ("annual-review", D(2025, 2, 20), True, D(2024, 11, 22)),
            ("validation", D(2025, 2, 20), True, None),
            ("annual-review", D(2026, 2, 20), False, D(2025, 11, 22)),
        ]
        assert found[0].holder == "acme"

    def test_window_and_audits(self) -> None:
        found = REG.calendar(
            on=ON, within=dt.timedelta(days=60), audit_every=relativedelta(years=1)
        )
        assert [d.overdue for d in found] == sorted((d.overdue for d in found), reverse=True)
        assert all(d.due <= ON + dt.timedelta(days=60) for d in found)
        audits = [(d.holder, d.due) for d in found if d.name == "internal-audit"]
        assert ("acme", D(2026, 3, 1)) in audits
        assert all(holder != "quiet" for holder, _ in audits)
        with pytest.raises(DataError, match="positive"):
            REG.calendar(on=ON, within=relativedelta(days=1), audit_every=relativedelta())


class TestFiles:
    def test_json_round_trip_of_the_callers_data(self) -> None:
        text = ctpat.to_json(REG.partners)
        back = ctpat.reference().with_partners(ctpat.from_json(text, PartnerData))
        assert back.partners == REG.partners

    def test_csv_round_trip(self) -> None:
        back = ctpat_io.read_csv(ctpat_io.write_csv(REG.partners))
        assert back.participants == REG.partners.participants
        assert sorted(back.certifications, key=repr) == sorted(
            REG.partners.certifications, key=repr
        )

    @given(S.partner_data())
    def test_generated_data_round_trips_through_json_and_csv(self, data: PartnerData) -> None:
        registry = ctpat.reference().with_partners(data)
        assert ctpat.from_json(ctpat.to_json(registry.partners), PartnerData) == data
        back = ctpat_io.read_csv(ctpat_io.write_csv(data))
        assert back.participants == data.participants
        for p in data.participants:
            assert ctpat.reference().with_partners(back).certifications_of(p.id) == tuple(
                c for c in data.certifications if c.holder == p.id
            )

    def test_simple_columns_and_repeated_participants(self) -> None:
        text = (
            "id,name,country,roles,eori,id:duns,program,level,certified_on,until,validated_on,role,reference\n"
            "acme,Acme,US,importer;exporter,,15-048-3782,CTPAT,tier-2,2020-01-06,,2020-10-01,importer,X1\n"
            "acme,,,,,,CA-PIP,,2019-01-01,2027-01-01,,,\n"
            "bolt,Bolt BV,NL,,NL123,,,,,,,,\n"
        )
        data = ctpat_io.read_csv(text)
        acme, bolt = data.participants
        assert acme.roles == {Role.IMPORTER, Role.EXPORTER}
        assert acme.identifiers == {"duns": "15-048-3782"}
        assert bolt.identifiers == {"eori": "NL123"}
        ct, pip = data.certifications
        assert ct.validated_on(ON) == D(2020, 10, 1)
        assert ct.role is Role.IMPORTER
        assert ct.reference == "X1"
        assert pip.events_standing_on(ON).until == D(2027, 1, 1)

    @pytest.mark.parametrize(
        ("text", "path", "message"),
        [
            ("", "(input), line 1", "no header"),
            ("id,name,country,colour\n", "(input), line 1, column 'colour'", "not read"),
            ("id,name\n", "(input), line 1", "no column is read"),
            (
                "id,name,country,events,certified_on\n",
                "(input), line 1, column 'events'",
                "use either",
            ),
            ("id,name,country\na,A,XX\n", "(input), line 2, column 'country'", "country"),
            ("id,name,country\na,A,DE,extra\n", "(input), line 2", "more fields"),
            (
                "id,name,country,roles\na,A,DE,pilot\n",
                "(input), line 2, column 'roles'",
                "not a role",
            ),
            (
                "id,name,country,program,certified_on\na,A,DE,CTPAT,2020-13-01\n",
                "(input), line 2, column 'certified_on'",
                "not a valid date",
            ),
            (
                "id,name,country,program,certified_on\na,A,DE,CTPAT,01/02/2020\n",
                "(input), line 2, column 'certified_on'",
                "YYYY-MM-DD",
            ),
            (
                "id,name,country,program\na,A,DE,CTPAT\n",
                "(input), line 2, column 'program'",
                "needs a date",
            ),
            ("id,name,country,level\na,A,DE,AEOC\n", "(input), line 2", "no program"),
            (
                "id,name,country,program,events\na,A,DE,CTPAT,[oops\n",
                "(input), line 2, column 'events'",
                "JSON",
            ),
            (
                'id,name,country,program,events\na,A,DE,CTPAT,"[{""kind"": ""certified""}]"\n',
                "(input), line 2, column 'events'",
                "required",
            ),
            (
                'id,name,country,program,events\na,A,DE,CTPAT,"[{""kind"": ""suspended"", ""on"": ""2020-01-01""}]"\n',
                "(input), line 2, column 'events'",
                "cannot record",
            ),
            (
                "id,name,country\na,A,DE\na,B,DE\n",
                "(input), line 3, column 'id'",
                "different details",
            ),
            (
                "id,name,country,program,certified_on,role\na,A,DE,CTPAT,2020-01-01,pilot\n",
                "(input), line 2, column 'role'",
                "not a role",
            ),
        ],
    )
    def test_errors_name_line_and_column(self, text: str, path: str, message: str) -> None:
        with pytest.raises(DataError, match=message) as err:
            ctpat_io.read_csv(text)
        assert err.value.field == path

    def test_load_files(self, tmp_path: Path) -> None:
        csv_file = tmp_path / "partners.csv"
        csv_file.write_text(ctpat_io.write_csv(REG.partners), encoding="utf-8")
        json_file = tmp_path / "partners.json"
        json_file.write_text(ctpat.to_json(REG.partners), encoding="utf-8")
        assert ctpat_io.load(json_file) == REG.partners
        assert ctpat_io.load(csv_file).participants == REG.partners.participants
        bad = tmp_path / "bad.csv"
        bad.write_text("id,name,country\na,A,XX\n", encoding="utf-8")
        with pytest.raises(DataError) as err:
            ctpat_io.load(bad)
        assert err.value.field == "bad.csv, line 2, column 'country'"
        with pytest.raises(DataError, match="cannot read"):
            ctpat_io.load(tmp_path / "missing.csv")
        other = tmp_path / "partners.xlsx"
        other.write_text("x", encoding="utf-8")
        with pytest.raises(DataError, match=r"(?i)excel"):
            ctpat_io.load(other)


def test_drivers_get_no_internal_audit() -> None:
    reg = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[Participant("d-1", "Jo Driver", "CA", roles={Role.DRIVER})],
            certifications=[ctpat.fast.card("d-1", on=D(2024, 3, 1))],
        )
    )
    found = reg.calendar(on=ON, within=relativedelta(years=5), audit_every=relativedelta(years=1))
    assert [d.name for d in found] == ["expiry"]
