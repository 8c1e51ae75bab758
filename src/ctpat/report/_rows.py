"""The rows of the long tables, as HTML (private).

Filling each row from the template costs about ten times what these functions
do (Jinja2's per-value escape and attribute look-ups), so the tables' rows are
written here and the templates place them, already escaped, as a whole; the
``*_group`` functions name the group a row of a long table is shown in
(:func:`ctpat.report._render.paged`). The same rule holds as in the
templates: **every** value goes through :func:`_h` (``html.escape`` with quotes),
whatever its origin; only the tags are literal. The tests feed markup through
every field of every row.
"""

from __future__ import annotations

from html import escape

from ctpat.report._figures import DeadlineRow, NotPassed, ToConfirm


def _h(value: object) -> str:
    return escape(str(value), quote=True)


def _holder(name: str | None, id: str) -> str:
    # <bdi> isolates a right-to-left name from the text around it.
    shown = f"<bdi>{_h(name)}</bdi> " if name else ""
    return f'<th scope="row">{shown}<small>{_h(id or "—")}</small></th>'


def not_passed(r: NotPassed) -> str:
    """A partner that did not pass: the deciding reason first, then the others."""
    others = "".join(f"<li>{_h(o)}</li>" for o in r.others)
    others = f'<ul class="reasons">{others}</ul>' if others else ""
    reference = f" <small>{_h(r.reference)}</small>" if r.reference else ""
    return (
        f"<tr>{_holder(r.name, r.id)}<td>{_h(r.country)}</td>"
        f'<td><span class="badge {_h(r.outcome)}">{_h(r.outcome)}</span></td>'
        f'<td><b class="deciding"><code>{_h(r.code)}</code> {_h(r.message)}</b>{others}</td>'
        f"<td>{_h(r.certification or '—')}{reference}</td></tr>"
    )


def to_confirm(r: ToConfirm) -> str:
    """A pass with conditions of an arrangement (by their numbers), conditions of
    its own certification or overdue soft deadlines."""
    refs = ", ".join(f'<a href="#condition-{n}">C{n}</a>' for n in r.conditions)
    refs = f"conditions {refs}" if refs else ""
    late = "".join(f"<li>{_h(o)}</li>" for o in r.own)
    late += "".join(f'<li class="overdue">{_h(o)}</li>' for o in r.overdue)
    late = f' <ul class="reasons">{late}</ul>' if late else ""
    through = f" <small>{_h(r.arrangement)}</small>" if r.arrangement else ""
    return (
        f"<tr>{_holder(r.name, r.id)}<td>{_h(r.country)}</td>"
        f"<td>{_h(r.certification)}{through}</td><td>{refs}{late}</td></tr>"
    )


def not_passed_group(r: NotPassed) -> str:
    """The group of a long table's partner that did not pass: its deciding reason."""
    through = f" ({r.arrangement})" if r.arrangement else ""
    return f"{r.outcome}: {r.code or 'no reason'}{through}"


def to_confirm_group(r: ToConfirm) -> str:
    """The group of a long table's pass to confirm: what there is to confirm."""
    parts = [r.arrangement or r.certification]
    if r.conditions:
        parts.append("conditions " + ", ".join(f"C{n}" for n in r.conditions))
    # A certification's own conditions name it: grouped by their count, never their text.
    if r.own:
        parts.append(f"{len(r.own)} own condition{'s' if len(r.own) > 1 else ''}")
    if r.overdue:
        parts.append(f"{len(r.overdue)} overdue")
    return " · ".join(parts)


def deadline_group(d: DeadlineRow) -> str:
    """The group of a long table's deadline: which deadline of which program."""
    return f"{d.name} · {d.program or '—'}"


def deadline(d: DeadlineRow) -> str:
    """A deadline: when, what, whose."""
    return (
        f'<tr><td class="due">{_h(d.due)}</td><td>{_h(d.name)}</td>'
        f"{_holder(d.holder_name, d.holder)}<td>{_h(d.program or '—')}</td>"
        f"<td>{_h(d.reference or '—')}</td><td>{_h(d.opens or '—')}</td></tr>"
    )
