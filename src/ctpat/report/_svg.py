"""Inline SVG charts, drawn in Python (private).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that say
what it shows in words; the page puts the same figures in a table next to it.
Colours come from the Okabe-Ito palette (distinguishable with the common colour
vision deficiencies), and every coloured mark also carries its number as text.
Only presentation attributes are used (no ``style``), so the page's content
security policy needs no inline-style exception. Every text is escaped here:
labels come from files nobody checked.
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup, escape

from ctpat.programs import Deadline
from ctpat.vetting import Outcome

#: Fill colours of the outcomes (Okabe-Ito bluish green, vermillion; grey for
#: "nothing known").
COLOURS: Mapping[Outcome, str] = {
    Outcome.PASSED: "#009e73",
    Outcome.FAILED: "#d55e00",
    Outcome.UNVERIFIED: "#8b9096",
}
OVERDUE = "#d55e00"
EXPIRY = "#0072b2"
SOFT = "#56b4e9"
INK = "#1f2328"
MUTED = "#59636e"
RULE = "#d1d9e0"

#: Drawing widths: the full width of a section, and half of it.
FULL = 1030
HALF = 490
_FONT = 'font-family="system-ui, sans-serif"'


def _n(value: int) -> str:
    return f"{value:,}"


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 12,
    fill: str = INK,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"'
        f' font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


def _open(id: str, title: str, desc: str, width: float, height: float) -> list[str]:
    # Drawn at its own size (the page's CSS only shrinks it to fit), so that
    # the text stays the size it was set in.
    return [
        f'<svg class="chart" role="img" id="{escape(id)}"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" {_FONT}'
        f' aria-labelledby="{escape(id)}-title {escape(id)}-desc">',
        f'<title id="{escape(id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(id)}-desc">{escape(desc)}</desc>',
    ]


def _legend(items: Sequence[tuple[str, str]], y: float) -> list[str]:
    parts, x = [], 0.0
    for label, colour in items:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" rx="2" fill="{colour}"/>'
        )
        parts.append(_text(x + 17, y, label))
        x += 17 + 7.2 * len(label) + 22
    return parts


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"


def summary_bar(counts: Mapping[Outcome, int], *, id: str) -> Markup:
    """One bar split into the outcomes' shares, each share labelled."""
    total = sum(counts.values())
    words = ", ".join(f"{_n(counts[o])} {o.value}" for o in COLOURS)
    width = float(FULL)
    parts = _open(id, "Outcomes of the vet", f"Of {_n(total)} partners: {words}.", width, 64)
    x = 0.0
    for outcome, colour in COLOURS.items():
        count = counts[outcome]
        if not count:
            continue
        w = width * count / total
        share = f"{count / total:.0%}"
        parts.append(
            f'<rect x="{x:.2f}" y="4" width="{w:.2f}" height="34" fill="{colour}">'
            f"<title>{escape(outcome.value)}: {_n(count)} ({share})</title></rect>"
        )
        label = f"{outcome.value} {share}"
        if w > 7.5 * len(label) + 16:
            parts.append(_text(x + 8, 26, label, size=13, fill="#fff", weight="600"))
        x += w
    parts.extend(_legend([(o.value, c) for o, c in COLOURS.items()], 60))
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    groups: Sequence[tuple[str, Mapping[Outcome, int]]],
    *,
    id: str,
    title: str,
    desc: str,
    limit: int = 12,
    last: str | None = None,
) -> Markup:
    """Horizontal bars, one a group, split by outcome; the largest ``limit``
    groups, the rest together in one "other" bar; the group labelled ``last``
    (if any) stays on its own, at the end."""
    kept = [g for g in groups if g[0] == last]
    groups = [g for g in groups if g[0] != last]
    # Merging two or fewer groups into "others" would hide them for no room gained.
    cut = limit if len(groups) > limit + 2 else len(groups)
    shown = list(groups[:cut])
    rest = groups[cut:]
    if rest:
        merged = {o: sum(counts.get(o, 0) for _, counts in rest) for o in COLOURS}
        shown.append((f"{len(rest)} others", merged))
    shown.extend(kept)
    row, top, label_w = 24, 30, 118
    height = top + row * len(shown) + 6
    parts = _open(id, title, desc, HALF, height)
    parts.extend(_legend([(o.value, c) for o, c in COLOURS.items()], 14))
    # Room on the right for the longest "total · share" label (about 6.6 px a
    # character at 12 px).
    longest = max((len(_n(sum(c.values()))) for _, c in shown), default=1)
    bar_w = HALF - label_w - 6.6 * (longest + 14) - 8
    most = max((sum(c.values()) for _, c in shown), default=0) or 1
    for i, (label, counts) in enumerate(shown):
        y = top + i * row
        total = sum(counts.get(o, 0) for o in COLOURS)
        passed = counts.get(Outcome.PASSED, 0)
        parts.append(f"<g><title>{escape(label)}: {escape(_words(counts))}</title>")
        parts.append(_text(label_w - 8, y + 16, _clip(label, 17), anchor="end"))
        x = float(label_w)
        for outcome, colour in COLOURS.items():
            count = counts.get(outcome, 0)
            if count:
                w = max(bar_w * count / most, 1.0)
                parts.append(
                    f'<rect x="{x:.2f}" y="{y + 4}" width="{w:.2f}" height="{row - 8}" fill="{colour}"/>'
                )
                x += w
        share = f"{passed / total:.0%} passed" if total else ""
        parts.append(_text(x + 6, y + 16, f"{_n(total)} · {share}", fill=MUTED))
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _words(counts: Mapping[Outcome, int]) -> str:
    return ", ".join(f"{_n(counts.get(o, 0))} {o.value}" for o in COLOURS)


# -- the deadline timeline -------------------------------------------------------------


def bins(on: dt.date, horizon: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Consecutive ``[start, end]`` date ranges from ``on`` to ``horizon``: weeks
    for a horizon up to 16 weeks away, calendar months beyond."""
    out: list[tuple[dt.date, dt.date]] = []
    if (horizon - on).days <= 16 * 7:
        start = on
        while start <= horizon:
            end = start + dt.timedelta(days=6) if horizon - start > _SIX_DAYS else horizon
            out.append((start, end))
            if end == dt.date.max:
                break
            start = end + dt.timedelta(days=1)
        return out
    start = on
    while start <= horizon:
        last = _calendar.monthrange(start.year, start.month)[1]
        end = start.replace(day=last)
        out.append((start, end))
        if end == dt.date.max:  # the calendar's last month
            break
        start = end + dt.timedelta(days=1)
    return out


_SIX_DAYS = dt.timedelta(days=6)


def timeline(deadlines: Iterable[Deadline], *, on: dt.date, horizon: dt.date, id: str) -> Markup:
    """Deadlines counted per week or month from ``on`` to ``horizon``, the
    overdue ones in a bar of their own on the left; expiries (which end a
    certification) apart from soft deadlines (validations, reviews)."""
    spans = bins(on, horizon)
    overdue = 0
    counts = [[0, 0] for _ in spans]  # [expiry, soft] a bin
    starts = [start for start, _ in spans]

    for d in deadlines:
        if d.overdue:
            overdue += 1
            continue
        # Clamped to the first and last bins: the caller's horizon covers every
        # deadline (see ``ctpat.report``), and one due before ``on`` but not
        # marked overdue still counts, in the first bin.
        i = min(max(bisect.bisect_right(starts, d.due) - 1, 0), len(spans) - 1)
        counts[i][0 if d.name == "expiry" else 1] += 1
    coming = sum(a + b for a, b in counts)
    unit = "week" if spans and (spans[0][1] - spans[0][0]).days == 6 else "month"
    desc = (
        f"{_n(overdue)} deadlines overdue on {on}; {_n(coming)} due from {on} to {horizon},"
        f" counted per {unit}."
    )
    busiest = [
        f"{_n(a + b)} in the {unit} from {s}"
        for (s, _), (a, b) in zip(spans, counts, strict=True)
        if a + b
    ]
    if busiest:
        desc += " " + "; ".join(busiest[:6]) + ("; …" if len(busiest) > 6 else "") + "."
    height, base, left = 210.0, 160.0, 96.0
    parts = _open(id, f"Deadlines from {on} to {horizon}", desc, FULL, height)
    parts.extend(
        _legend([("overdue", OVERDUE), ("expiry", EXPIRY), ("validation, review", SOFT)], 14)
    )
    # A floor on the scale, so that one deadline is not drawn as a full bar.
    most = max([5, *(a + b for a, b in counts)])
    scale = (base - 44) / most
    # The overdue deadlines are a count of their own, left of the axis, not a
    # bar on its scale: there may be thousands of them against tens a week.
    if overdue:
        parts.append(
            f'<g><title>overdue: {_n(overdue)}</title><rect x="4" y="{base - 62}" width="76"'
            f' height="62" rx="6" fill="{OVERDUE}"/></g>'
        )
    size = 20 if len(_n(overdue)) <= 5 else 15
    parts.append(
        _text(
            42,
            base - 24,
            _n(overdue),
            anchor="middle",
            size=size,
            weight="700",
            fill="#fff" if overdue else MUTED,
        )
    )
    parts.append(_text(42, base + 16, "overdue", anchor="middle", fill=MUTED))
    parts.append(f'<line x1="{left - 8}" y1="{base}" x2="{FULL}" y2="{base}" stroke="{RULE}"/>')
    slot = (FULL - left) / max(len(spans), 1)
    every = max(1, round(len(spans) / 8))
    for i, ((start, end), (expiry, soft)) in enumerate(zip(spans, counts, strict=True)):
        x = left + i * slot
        tip = f"{start} to {end}: {_n(expiry)} expiry, {_n(soft)} validation or review"
        parts.append(
            _bar(x + slot * 0.15, slot * 0.7, base, [(expiry, EXPIRY), (soft, SOFT)], scale, tip)
        )
        if i % every == 0:
            label = start.strftime("%d %b") if unit == "week" else start.strftime("%b %Y")
            parts.append(
                f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 5}" stroke="{MUTED}"/>'
            )
            parts.append(_text(x, base + 18, label, fill=MUTED))
    parts.append(_text(left, base + 40, f"from {on} (as of) to {horizon}", fill=MUTED, size=11))
    parts.append("</svg>")
    return Markup("".join(parts))


def _bar(
    x: float, w: float, base: float, stack: Sequence[tuple[int, str]], scale: float, tip: str
) -> str:
    parts = [f"<g><title>{escape(tip)}</title>"]
    y = base
    total = 0
    for count, colour in stack:
        if count:
            h = max(count * scale, 1.5)
            y -= h
            parts.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{colour}"/>'
            )
            total += count
    if total:
        parts.append(_text(x + w / 2, y - 4, _n(total), anchor="middle", size=11))
    parts.append("</g>")
    return "".join(parts)
