"""Printable agendas and table sheets (reportlab), set in Helvetica with Chinese and other scripts in the
platform's fonts for them (`chuhai.pdf_style.markup`)."""

from __future__ import annotations

from io import BytesIO

from chuhai.events.clock import event_dates
from chuhai.events.models import Event, EventMeeting, EventRegistration
from chuhai.events.participation import participant_name
from chuhai.i18n import gettext as _
from chuhai.i18n import pick
from chuhai.pdf_style import markup


def _markup(text: str) -> str:
    return markup(text, "Helvetica")


def _styles():
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # deferred: heavy, loaded only for a PDF

    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName="Helvetica-Bold", fontSize=16, leading=22),
        "sub": ParagraphStyle("sub", parent=base["Normal"], fontName="Helvetica", fontSize=10, leading=14),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontName="Helvetica", fontSize=9, leading=12),
        "head": ParagraphStyle("head", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=9, leading=12,
                               textColor="#ffffff"),
    }


def _table(rows: list[list[str]], widths: list[float], styles):
    from reportlab.lib import colors  # deferred: heavy, loaded only for a PDF
    from reportlab.platypus import Paragraph, Table, TableStyle  # deferred: heavy, loaded only for a PDF

    data = [[Paragraph(_markup(cell), styles["head"] if i == 0 else styles["cell"]) for cell in row]
            for i, row in enumerate(rows)]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0f4c81")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f5f9")]),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _heading(event: Event, styles) -> list:
    from reportlab.platypus import Paragraph, Spacer  # deferred: heavy, loaded only for a PDF

    place = event.venue if event.mode.is_onsite else _("Online")
    return [Paragraph(_markup(pick(event.name_zh, event.name_en)), styles["title"]),
            Paragraph(_markup(f"{event_dates(event)} · {place or ''}"), styles["sub"]), Spacer(1, 10)]


def _document(build) -> bytes:
    from reportlab.lib.pagesizes import A4  # deferred: heavy, loaded only for a PDF
    from reportlab.lib.units import mm  # deferred: heavy, loaded only for a PDF
    from reportlab.platypus import SimpleDocTemplate  # deferred: heavy, loaded only for a PDF

    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="Chuhai", author="Chuhai")
    doc.build(build())
    return buffer.getvalue()


def agenda_pdf(event: Event, registration: EventRegistration, meetings: list[EventMeeting]) -> bytes:
    from reportlab.lib.units import mm  # deferred: heavy, loaded only for a PDF
    from reportlab.platypus import Paragraph, Spacer  # deferred: heavy, loaded only for a PDF

    styles = _styles()

    def build():
        story = _heading(event, styles)
        story.append(Paragraph(_markup(_("Agenda of %(name)s", name=participant_name(registration))), styles["sub"]))
        story.append(Spacer(1, 8))
        rows = [[_("Time"), _("Table"), _("Meeting with"), _("Status")]]
        for meeting in meetings:
            other = meeting.enterprise_registration if registration.side.is_buyer else meeting.buyer_registration
            rows.append([meeting.slot.label, str(meeting.table_number), participant_name(other),
                         _(meeting.status.label)])
        if len(rows) == 1:
            rows.append(["—", "", _("No meetings scheduled."), ""])
        story.append(_table(rows, [38 * mm, 18 * mm, 94 * mm, 30 * mm], styles))
        return story

    return _document(build)


def table_sheets_pdf(event: Event, meetings_by_table: dict[int, list[EventMeeting]]) -> bytes:
    """One page per table: who meets whom there in each slot, with a column to tick the meeting held."""
    from reportlab.lib.units import mm  # deferred: heavy, loaded only for a PDF
    from reportlab.platypus import PageBreak, Paragraph, Spacer  # deferred: heavy, loaded only for a PDF

    styles = _styles()

    def build():
        story = []
        for i, (table, meetings) in enumerate(sorted(meetings_by_table.items())):
            if i:
                story.append(PageBreak())
            story += _heading(event, styles)
            story.append(Paragraph(_markup(_("Table %(number)s", number=table)), styles["title"]))
            story.append(Spacer(1, 6))
            rows = [[_("Time"), _("Buyer"), _("Enterprise"), _("Held")]]
            for meeting in meetings:
                rows.append([meeting.slot.label, participant_name(meeting.buyer_registration),
                             participant_name(meeting.enterprise_registration), ""])
            if len(rows) == 1:
                rows.append(["—", _("No meetings scheduled."), "", ""])
            story.append(_table(rows, [36 * mm, 62 * mm, 66 * mm, 16 * mm], styles))
        return story

    return _document(build)
