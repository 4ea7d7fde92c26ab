"""The printed receipt 收据 / 退款单 / 冲减凭证: an A5 page with the project's header, the slip's number (the numbered
stub of the three-part slip, 三联单), what the money was for, the amount in figures and in words, and the lines for
the payer's and the cashier's signatures. A voided number is printed marked 作废, with the number that replaced it.

The font is found as desk's notice does: Debian's Noto Sans CJK SC (fonts-noto-cjk) embedded when present, else
reportlab's built-in CID font STSong-Light, which every PDF reader shows without a font installed.
"""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .domain.receipts import METHOD_TITLES, amount_in_words

CJK_FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SIMPLIFIED_CHINESE_FACE = 2  # the .ttc holds JP, KR, SC, TC, HK in this order
BUILT_IN_FONT = "STSong-Light"


@cache
def receipt_font() -> str:
    if CJK_FONT_FILE.exists():
        try:
            pdfmetrics.registerFont(TTFont("ReceiptNotoSC", str(CJK_FONT_FILE), subfontIndex=SIMPLIFIED_CHINESE_FACE))
            return "ReceiptNotoSC"
        except Exception:  # noqa: BLE001 - an unreadable font file: the built-in CID font prints the same text
            pass
    pdfmetrics.registerFont(UnicodeCIDFont(BUILT_IN_FONT))
    return BUILT_IN_FONT


def yuan(fen: int) -> str:
    return f"¥{fen / 100:,.2f}"


def render(slip: dict) -> bytes:
    """`slip` is the API's slip view (handlers.receipts.slip_view)."""
    font = receipt_font()
    style = lambda name, size, **kw: ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.45, **kw)  # noqa: E731
    header, title = style("h", 12, alignment=TA_CENTER), style("t", 17, alignment=TA_CENTER)
    cell = style("c", 9.5, wordWrap="CJK")
    void = slip["status"] != "issued"
    heading = slip["title"] + ("(作废)" if void else "")
    facts = [
        ["编号(三联单)", slip["number"], "日期", slip["issued_at"]],
        ["房号", slip.get("unit_id") or "—", "收费单号", slip.get("charge_slip_number") or "—"],
        ["方式", METHOD_TITLES.get(slip.get("method") or "", "—"), "经办人", slip.get("cashier") or "—"],
    ]
    lines = [["摘要", "金额"]] + [[Paragraph(escape(line["description"]), cell), yuan(line["amount_fen"])]
                                 for line in slip["lines"]]
    lines.append([Paragraph(f"合计(大写):{amount_in_words(slip['amount_fen'])}", cell), yuan(slip["amount_fen"])])
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                       ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    story = [Paragraph(escape(slip["header"]), header), Spacer(1, 2 * mm), Paragraph(heading, title), Spacer(1, 4 * mm),
             Table([[Paragraph(escape(str(v)), cell) for v in row] for row in facts],
                   colWidths=[22 * mm, 38 * mm, 20 * mm, 38 * mm], style=grid),
             Spacer(1, 3 * mm), Table(lines, colWidths=[88 * mm, 30 * mm], style=grid)]
    if slip.get("reason"):
        story += [Spacer(1, 2 * mm), Paragraph(f"事由:{escape(slip['reason'])}", cell)]
    if void:
        story += [Spacer(1, 2 * mm), Paragraph(f"此编号已作废,由 {escape(slip.get('replaced_by') or '—')} 代替。", cell)]
    story += [Spacer(1, 10 * mm), Paragraph("交款人签字:________________    收款人签字:________________", cell),
              Spacer(1, 2 * mm), Paragraph("第一联 存根 · 第二联 交业户 · 第三联 财务记账", cell)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A5, title=f"{slip['title']} {slip['number']}", author=slip["header"],
                      leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm, bottomMargin=14 * mm).build(story)
    return out.getvalue()
