"""The quarterly review as a deck for executives: PowerPoint (python-pptx, native charts) and PDF (ReportLab).

`content.build` computes the deck's content as plain data (executive role, one language); `pptx.render` and
`pdf.render` draw it; `python -m dashboard.report` and the Quarterly review page's buttons call `deck_bytes`.
"""

from __future__ import annotations

from datetime import datetime

FORMATS = ("pptx", "pdf")
MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf"}


def deck_bytes(model, quarter, format: str, language: str, now: datetime | None = None) -> bytes:
    """The deck for the quarter as a file's bytes, in the language, with the executive role's privacy rules."""
    from dashboard.report.content import build

    deck = build(model, quarter, language, now)
    if format == "pptx":
        from dashboard.report.powerpoint import render
    elif format == "pdf":
        from dashboard.report.pdf import render
    else:
        raise ValueError(f"'{format}' is not a deck format; formats: {', '.join(FORMATS)}")
    return render(deck)
