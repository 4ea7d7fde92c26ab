"""The printed notice 客户通知 (seed 000: "对客户通知的打印、分发和存档"): an A4 page with the project's letterhead,
the title, the body, the date and who approved it, in Chinese.

The font: Debian's Noto Sans CJK (package fonts-noto-cjk) when the machine has it, embedded in the file; else
reportlab's built-in CID font STSong-Light, which every PDF reader can show without anything installed here.
"""
from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# In NotoSansCJK-Regular.ttc the faces are JP, KR, SC, TC, HK: index 2 is Simplified Chinese.
NOTO_SC_INDEX = 2
FALLBACK = "STSong-Light"


@cache
def font_name() -> str:
    """The registered font to write with: Noto Sans CJK SC if the file is there and loads, else STSong-Light."""
    if NOTO_CJK.exists():
        try:
            pdfmetrics.registerFont(TTFont("NotoSansCJKsc", str(NOTO_CJK), subfontIndex=NOTO_SC_INDEX))
            return "NotoSansCJKsc"
        except Exception:  # noqa: BLE001 - a broken or unexpected font file: print with the built-in font instead
            pass
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


def _paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(escape(line) or "&nbsp;", style) for line in text.splitlines() or [""]]


def render(notice: dict, letterhead: str, published_on: datetime | None, approver: str | None) -> bytes:
    """The notice as a PDF document. `published_on` is in the project's zone (or None for an unpublished proof)."""
    font = font_name()
    head = ParagraphStyle("head", fontName=font, fontSize=12, leading=16, alignment=TA_CENTER)
    title = ParagraphStyle("title", fontName=font, fontSize=20, leading=28, alignment=TA_CENTER, spaceAfter=8 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    sign = ParagraphStyle("sign", fontName=font, fontSize=12, leading=20, alignment=TA_RIGHT)
    date = f"{published_on.year}年{published_on.month}月{published_on.day}日" if published_on else "(未发布)"
    story = [Paragraph(escape(letterhead), head), HRFlowable(width="100%", spaceBefore=2 * mm, spaceAfter=8 * mm),
             Paragraph(escape(notice["title"]), title), *_paragraphs(notice["body"], body), Spacer(1, 12 * mm),
             Paragraph(escape(letterhead), sign), Paragraph(date, sign)]
    if approver:
        story.append(Paragraph(f"审批人:{escape(approver)}", sign))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=notice["title"], author=letterhead, leftMargin=25 * mm,
                      rightMargin=25 * mm, topMargin=20 * mm, bottomMargin=20 * mm).build(story)
    return out.getvalue()
