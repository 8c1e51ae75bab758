"""The certification lifecycle: transitions, derived standing, real histories."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctpat import Certification, DataError, Event, EventKind, InvalidTransition, Status
from ctpat import strategies as S
from ctpat.lifecycle import TRANSITIONS, replay

D = dt.date
K = EventKind


def cert(*events: Event, program: str = "CTPAT") -> Certification:
    return Certification(program, "acme", events)


class TestRealHistories:
    def test_ctpat_importer_validated_suspended_reinstated(self) -> None:
        c = Certification.grant("CTPAT", "acme", on=D(2023, 2, 1), level="tier-1")
        c = c.record(Event(K.VALIDATED, D(2023, 12, 5)))
        c = c.record(Event(K.LEVEL_CHANGED, D(2023, 12, 5), level="tier-2"))
        c = c.record(Event(K.SUSPENDED, D(2025, 3, 1), note="narcotics seizure"))
        c = c.record(Event(K.REINSTATED, D(2025, 9, 15)))
        assert c.events_standing_on(D(2023, 1, 31)).status is Status.NONE
        assert c.events_standing_on(D(2023, 2, 1)).status is Status.CERTIFIED
        assert c.level_on(D(2023, 6, 1)) == "tier-1"
        assert c.level_on(D(2024, 1, 1)) == "tier-2"
        assert c.validated_on(D(2024, 1, 1)) == D(2023, 12, 5)
        assert c.events_standing_on(D(2025, 3, 1)).status is Status.SUSPENDED
        assert c.events_standing_on(D(2025, 6, 1)).status is not Status.CERTIFIED
        assert c.events_standing_on(D(2025, 6, 1)).since == D(2025, 3, 1)
        assert c.events_standing_on(D(2025, 9, 15)).status is Status.CERTIFIED
        assert c.events_standing_on(D(2026, 1, 1)).since == D(2025, 9, 15)

    def test_eu_aeof_reduced_to_aeoc_by_partial_revocation(self) -> None:
        c = Certification.grant("EU-AEO", "bolt", on=D(2017, 5, 2), level="AEOF")
        c = c.record(
            Event(K.LEVEL_CHANGED, D(2024, 10, 1), level="AEOC", note="AEOS component revoked")
        )
        assert c.level_on(D(2024, 9, 30)) == "AEOF"
        assert c.level_on(D(2024, 10, 1)) == "AEOC"
        assert c.events_standing_on(D(2030, 1, 1)).status is Status.CERTIFIED

    def test_fast_card_expires_and_is_renewed(self) -> None:
        c = Certification.grant("FAST", "driver-7", on=D(2019, 6, 3), until=D(2024, 6, 2))
        assert c.events_standing_on(D(2024, 6, 2)).status is Status.CERTIFIED
        expired = c.events_standing_on(D(2024, 7, 1))
        assert (expired.status, expired.since) == (Status.EXPIRED, D(2024, 6, 3))
        c = c.record(Event(K.RENEWED, D(2024, 8, 1), until=D(2029, 8, 1)))
        assert c.events_standing_on(D(2024, 7, 31)).status is Status.EXPIRED
        assert c.events_standing_on(D(2024, 8, 1)).status is Status.CERTIFIED
        assert c.events_standing_on(D(2025, 1, 1)).until == D(2029, 8, 1)

    def test_renewed_before_expiry_extends(self) -> None:
        c = Certification.grant("FAST", "d", on=D(2019, 6, 3), until=D(2024, 6, 2))
        c = c.record(Event(K.RENEWED, D(2024, 1, 10), until=D(2029, 6, 2)))
        assert c.events_standing_on(D(2026, 1, 1)).status is Status.CERTIFIED

    def test_suspended_certificate_also_expires(self) -> None:
        c = Certification.grant("FAST", "d", on=D(2019, 6, 3), until=D(2024, 6, 2))
        c = c.record(Event(K.SUSPENDED, D(2024, 1, 1)))
        assert c.events_standing_on(D(2024, 6, 3)).status is Status.EXPIRED
        with pytest.raises(InvalidTransition, match="'expired'"):
            c.record(Event(K.REINSTATED, D(2024, 7, 1)))

    def test_application_then_rejection(self) -> None:
        c = cert(Event(K.APPLIED, D(2024, 1, 1)), Event(K.REJECTED, D(2024, 4, 1)))
        assert c.events_standing_on(D(2024, 2, 1)).status is Status.APPLICANT
        assert c.events_standing_on(D(2024, 4, 1)).status is Status.REJECTED

    def test_same_day_events_apply_in_order(self) -> None:
        c = cert(
            Event(K.CERTIFIED, D(2024, 1, 1)),
            Event(K.SUSPENDED, D(2024, 5, 1)),
            Event(K.REINSTATED, D(2024, 5, 1)),
        )
        assert c.events_standing_on(D(2024, 5, 1)).status is Status.CERTIFIED


class TestInvalidTransitions:
    def test_reinstating_a_revoked_certification(self) -> None:
        c = cert(Event(K.CERTIFIED, D(2024, 1, 1)), Event(K.REVOKED, D(2024, 2, 1)))
        with pytest.raises(InvalidTransition) as info:
            c.record(Event(K.REINSTATED, D(2024, 3, 1)))
        err = info.value
        assert err.status is Status.REVOKED
        assert err.on == D(2024, 3, 1)
        assert err.event == Event(K.REINSTATED, D(2024, 3, 1))
        assert "'reinstated'" in str(err)
        assert "'revoked'" in str(err)
        assert "2024-03-01" in str(err)

    def test_event_dated_before_the_last(self) -> None:
        c = cert(Event(K.CERTIFIED, D(2024, 1, 1)))
        with pytest.raises(InvalidTransition, match="before the previous event"):
            c.record(Event(K.VALIDATED, D(2023, 12, 31)))

    def test_validating_an_applicant(self) -> None:
        with pytest.raises(InvalidTransition, match="'applicant'"):
            cert(Event(K.APPLIED, D(2024, 1, 1)), Event(K.VALIDATED, D(2024, 2, 1)))

    def test_first_event_must_open_the_history(self) -> None:
        with pytest.raises(InvalidTransition, match="'none'"):
            cert(Event(K.SUSPENDED, D(2024, 1, 1)))

    def test_empty_history(self) -> None:
        with pytest.raises(DataError, match="at least one event"):
            Certification("CTPAT", "acme", ())

    @pytest.mark.parametrize("terminal", [K.REJECTED, K.WITHDRAWN])
    def test_terminal_statuses(self, terminal: EventKind) -> None:
        c = cert(Event(K.APPLIED, D(2024, 1, 1)), Event(terminal, D(2024, 2, 1)))
        for kind in (K.CERTIFIED, K.WITHDRAWN, K.REINSTATED):
            with pytest.raises(InvalidTransition):
                c.record(Event(kind, D(2024, 3, 1)))

    def test_pickled_error_keeps_its_fields(self) -> None:
        import pickle

        err = InvalidTransition("x", status=Status.REVOKED, event=None, on=D(2024, 1, 1), index=2)
        back = pickle.loads(pickle.dumps(err))
        assert (back.status, back.on, back.index, str(back)) == (Status.REVOKED, err.on, 2, "x")


def test_transition_table_matches_the_issue() -> None:
    after_certified = {kind for (before, kind) in TRANSITIONS if before is Status.CERTIFIED}
    assert after_certified == {
        K.VALIDATED,
        K.REVIEWED,
        K.REVALIDATED,
        K.LEVEL_CHANGED,
        K.RENEWED,
        K.SUSPENDED,
        K.REVOKED,
        K.WITHDRAWN,
    }
    for status in (Status.REJECTED, Status.REVOKED, Status.WITHDRAWN):
        assert status.is_terminal
        assert not any(before is status for (before, _) in TRANSITIONS)
    assert TRANSITIONS[(Status.SUSPENDED, K.REINSTATED)] is Status.CERTIFIED
    assert TRANSITIONS[(Status.SUSPENDED, K.LEVEL_CHANGED)] is Status.SUSPENDED


class TestProperties:
    @given(S.valid_event_histories(), S.dates())
    def test_replaying_a_valid_history_never_raises(
        self, events: tuple[Event, ...], day: dt.date
    ) -> None:
        c = cert(*events)
        assert c.events_standing_on(day).status in Status

    @given(S.valid_event_histories(), S.events())
    def test_record_raises_only_invalid_transition(
        self, events: tuple[Event, ...], event: Event
    ) -> None:
        c = cert(*events)
        try:
            after = c.record(event)
        except InvalidTransition:
            return
        assert after.events[-1] == event

    @given(S.event_histories())
    def test_arbitrary_histories_raise_only_lifecycle_errors(
        self, events: tuple[Event, ...]
    ) -> None:
        with contextlib.suppress(InvalidTransition, DataError):
            cert(*events)

    @given(S.valid_event_histories(), st.integers(1, 3650))
    def test_not_certified_before_the_first_event(
        self, events: tuple[Event, ...], days: int
    ) -> None:
        c = cert(*events)
        before = c.started_on - dt.timedelta(days=days)
        assert c.events_standing_on(before).status is Status.NONE
        assert c.events_standing_on(before).status is not Status.CERTIFIED

    @given(S.valid_event_histories(), S.dates())
    def test_terminal_status_never_changes(self, events: tuple[Event, ...], day: dt.date) -> None:
        c = cert(*events)
        status = c.events_standing_on(day).status
        if status.is_terminal:
            assert c.events_standing_on(S.MAX_DATE).status is status
            assert c.events_standing_on(day + dt.timedelta(days=1)).status is status

    @given(S.valid_event_histories(), S.dates())
    def test_level_and_validation_are_the_standings(
        self, events: tuple[Event, ...], day: dt.date
    ) -> None:
        # level_on and validated_on read the replay without building a standing:
        # they must say what the standing says, before, between and after events,
        # and after a printed expiry.
        c = cert(*events)
        standing = c.events_standing_on(day)
        assert c.level_on(day) == standing.level
        assert c.validated_on(day) == standing.validated_on

    @given(S.valid_event_histories())
    def test_status_after_last_event_matches_replay(self, events: tuple[Event, ...]) -> None:
        c = cert(*events)
        assert c.events_standing_on(events[-1].on) == replay(events, events[-1].on)
