"""Build the default Word templates (docxtpl: Jinja tags inside a .docx) reproducibly.

The .docx files are committed; a province may open one in Word, restyle or reword it and point
parindex at its copy. Run ``python -m parindex.documents.templates.build_templates`` after
changing this script; a test fails while the committed file differs from what it builds.

Layout follows Nghị định 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt,
issuing body top left in capitals, national motto top right, place and date in italics, bold
centred title, recipients bottom left, signature bottom right, page numbers from page 2.

Over 500 lines on purpose: one builder per shipped template, each the literal layout of an
official document; splitting would scatter one format.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

DIRECTORY = Path(__file__).parent
PLAN_TEMPLATE = DIRECTORY / "plan.docx"
REPORT_TEMPLATE = DIRECTORY / "report.docx"
FONT = "Times New Roman"
FIXED_TIME = datetime(2026, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# name: (size pt, bold, italic, alignment, first-line indent, outline level)
STYLES = {
    "PAR Body": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True, None),
    "PAR Title": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, False, None),
    "PAR Heading 1": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True, 0),
    "PAR Heading 2": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True, 1),
    "PAR Heading 3": (14, True, True, WD_ALIGN_PARAGRAPH.JUSTIFY, True, 2),
    "PAR Header": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, False, None),
    "PAR Recipients": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, False, None),
    "PAR Signature": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, False, None),
    "PAR Table": (12, False, False, WD_ALIGN_PARAGRAPH.LEFT, False, None),
    # Tables of many narrow columns of counts: 10 pt, so that no header word is broken.
    "PAR Table Small": (10, False, False, WD_ALIGN_PARAGRAPH.LEFT, False, None),
}


def _fonts(rpr_owner: object) -> None:
    """Set Times New Roman for every script, so Vietnamese never falls back to another font."""
    rpr = rpr_owner.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _setup_styles(doc: DocumentObject) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.0
    for name, (size, bold, italic, align, indent, outline) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.paragraph_format.alignment = align
        if indent:
            style.paragraph_format.first_line_indent = Cm(1)
        if name in (
            "PAR Header",
            "PAR Signature",
            "PAR Recipients",
            "PAR Table",
            "PAR Table Small",
        ):
            style.paragraph_format.space_after = Pt(0)
        if outline is not None:
            ppr = style.element.get_or_add_pPr()
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            ppr.append(level)
            style.paragraph_format.keep_with_next = True


def _setup_page(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # Page numbers centred in the header from the second page on (NĐ 30, Phụ lục I).
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.style = doc.styles["PAR Header"]
    _field(para, "PAGE")


def _field(para: Paragraph, instruction: str) -> None:
    run = para.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table: Table, widths_cm: list[float]) -> None:
    """Fix column widths in the grid and every cell: Word reads the cells, LibreOffice the grid."""
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _underline_rule(para: Paragraph, indent_cm: float) -> None:
    """A short centred rule under the issuer and the motto, as NĐ 30 draws it."""
    para.paragraph_format.left_indent = Cm(indent_cm)
    para.paragraph_format.right_indent = Cm(indent_cm)
    ppr = para._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    bdr.append(bottom)
    ppr.insert(0, bdr)


def _cell_para(
    cell: _Cell,
    text: str,
    style: str,
    *,
    new: bool = False,
    bold: bool | None = None,
    italic: bool | None = None,
    size: float | None = None,
) -> Paragraph:
    para = cell.add_paragraph() if new else cell.paragraphs[0]
    para.style = style
    run = para.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    return para


def _header_block(doc: DocumentObject) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _widths(table, [6.0, 10.5])
    left, right = table.rows[0].cells
    _cell_para(left, "{%p for line in issuer %}", "PAR Header")
    _cell_para(left, "{{ line }}", "PAR Header", bold=True, new=True)
    _cell_para(left, "{%p endfor %}", "PAR Header", new=True)
    _underline_rule(_cell_para(left, "", "PAR Header", new=True, size=6), 1.6)
    _cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PAR Header", bold=True, size=13)
    _cell_para(right, "Độc lập - Tự do - Hạnh phúc", "PAR Header", bold=True, size=14, new=True)
    _underline_rule(_cell_para(right, "", "PAR Header", new=True, size=6), 2.3)
    left, right = table.rows[1].cells
    _cell_para(left, "Số: {{ number }}/{{ symbol }}", "PAR Header")
    _cell_para(
        right,
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ issue_year }}",
        "PAR Header",
        italic=True,
        size=14,
    )


def _p(doc: DocumentObject, text: str, style: str = "PAR Body", **fmt: object) -> Paragraph:
    para = doc.add_paragraph(style=doc.styles[style])
    run = para.add_run(text)
    if fmt.get("italic"):
        run.italic = True
    if fmt.get("bold"):
        run.bold = True
    return para


def _body(doc: DocumentObject) -> None:
    _p(doc, "")
    _p(doc, "{{ title }}", "PAR Title").paragraph_format.space_after = Pt(0)
    _p(doc, "{{ subtitle }}", "PAR Title")
    _underline_rule(_p(doc, "", "PAR Title"), 6.0)
    _p(doc, "{%p for text in preamble %}")
    _p(doc, "{{ text }}")
    _p(doc, "{%p endfor %}")

    _p(doc, "I. MỤC ĐÍCH, YÊU CẦU", "PAR Heading 1")
    _p(doc, "1. Mục đích:", "PAR Heading 2")
    _p(doc, "{%p for text in purpose %}")
    _p(doc, "- {{ text }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "2. Yêu cầu:", "PAR Heading 2")
    _p(doc, "{%p for text in requirements %}")
    _p(doc, "- {{ text }}")
    _p(doc, "{%p endfor %}")

    _p(doc, "II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN", "PAR Heading 1")
    _p(doc, "{%p for a in areas %}")
    _p(doc, "{{ a.code }}. Chỉ số nội dung “{{ a.title }}”:", "PAR Heading 2")
    _p(doc, "{{ a.code }}.1. {{ basis_heading }} năm {{ base_year }}:", "PAR Heading 3")
    _p(doc, "{{ a.summary }}")
    _p(doc, "{%p for text in a.lost %}")
    _p(doc, "- {{ text }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for text in a.notes %}")
    _p(doc, "{{ text }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{{ a.code }}.2. Mục tiêu và các tiêu chí cụ thể:", "PAR Heading 3")
    _p(doc, "a) Mục tiêu: {{ a.goal }}")
    _p(doc, "{%p if a.contents %}")
    _p(doc, "b) Nội dung từng tiêu chí, tiêu chí thành phần:")
    _p(doc, "{%p for c in a.contents %}")
    _p(doc, "- {{ c.text }}")
    _p(doc, "{%p for item in c.subitems %}")
    _p(doc, "+ {{ item }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{{ a.code }}.3. Phân công trách nhiệm:", "PAR Heading 3")
    _p(doc, "{%p if a.leads|length == 1 and not a.leads[0].scope %}")
    _p(doc, "- Cơ quan chủ trì: {{ a.leads[0].agency }}.")
    _p(doc, "{%p elif a.leads %}")
    _p(doc, "- Cơ quan chủ trì:")
    _p(doc, "{%p for lead in a.leads %}")
    _p(
        doc,
        "+ {{ lead.agency }}{% if lead.scope %} chủ trì các nội dung: {{ lead.scope }}{% endif %}.",
    )
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if a.coordinating %}")
    _p(doc, "- Cơ quan phối hợp: {{ a.coordinating }}.")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endfor %}")

    _p(doc, "III. TỔ CHỨC THỰC HIỆN", "PAR Heading 1")
    _p(doc, "{%p for duty in duties %}")
    _p(doc, "{%p set group = loop.index %}")
    _p(doc, "{{ group }}. {{ duty.heading }}:", "PAR Heading 2")
    _p(doc, "{%p for item in duty.paragraphs %}")
    _p(doc, "{{ group }}.{{ loop.index }}. {{ item }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if annex_note %}")
    _p(doc, "{{ annex_note }}", italic=True)
    _p(doc, "{%p endif %}")
    _p(doc, "{{ closing }}")


def _closing_block(doc: DocumentObject) -> None:
    """Recipients bottom left, signature bottom right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _widths(table, [7.5, 9.0])
    left, right = table.rows[0].cells
    _cell_para(left, "Nơi nhận:", "PAR Recipients", bold=True, italic=True, size=12)
    _cell_para(left, "{%p for r in recipients %}", "PAR Recipients", new=True)
    _cell_para(left, "- {{ r }}", "PAR Recipients", new=True)
    _cell_para(left, "{%p endfor %}", "PAR Recipients", new=True)
    _cell_para(right, "{{ signature_capacity }}", "PAR Signature")
    _cell_para(right, "{{ signature_title }}", "PAR Signature", new=True)
    for _ in range(4):
        _cell_para(right, "", "PAR Signature", new=True)
    _cell_para(right, "{{ signatory }}", "PAR Signature", new=True)


def _row_flags(row: _Row, *, header: bool = False) -> None:
    """A row never splits across pages; the header row repeats on every page of the table."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _grid_table(
    doc: DocumentObject, headers: list[str], widths: list[float], style: str = "PAR Table"
) -> Table:
    """A bordered table; the widths (cm) are chosen so that no word of a header or of the
    values a column holds is broken across lines (tests/documents/test_document_tables.py)."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths)
    _row_flags(table.rows[0], header=True)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        para = cell.paragraphs[0]
        para.style = doc.styles[style]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run(text).bold = True
    return table


def _row(table: Table, texts: list[str]) -> None:
    row = table.add_row()
    _row_flags(row)
    style = table.rows[0].cells[0].paragraphs[0].style
    for cell, text, column in zip(row.cells, texts, table.columns, strict=True):
        cell.width = column.width
        para = cell.paragraphs[0]
        para.style = style
        para.add_run(text)


def _annex(doc: DocumentObject) -> None:
    para = _p(doc, "", "PAR Title")
    para.add_run().add_break(WD_BREAK.PAGE)
    _p(doc, "PHỤ LỤC", "PAR Title").paragraph_format.space_after = Pt(0)
    _p(doc, "CHỈ TIÊU VÀ PHÂN CÔNG THỰC HIỆN NĂM {{ year }}", "PAR Title")
    note = _p(doc, "(Kèm theo Kế hoạch số {{ number }}/{{ symbol }} của UBND {{ unit }})")
    note.style = doc.styles["PAR Title"]
    note.runs[0].bold = False
    note.runs[0].italic = True
    _p(doc, "1. Chỉ tiêu theo từng tiêu chí, tiêu chí thành phần", "PAR Heading 2")
    headers = [
        "Mã",
        "Tiêu chí, tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm tự chấm năm {{ base_year }}",
        "Điểm mục tiêu năm {{ year }}",
        "Chỉ tiêu đo lường",
        "Cơ quan chủ trì",
    ]
    table = _grid_table(doc, headers, [1.8, 4.5, 1.5, 1.7, 1.7, 2.8, 2.5])
    _row(table, ["{%tr for a in areas %}", "", "", "", "", "", ""])
    _row(table, ["{%tr for t in a.targets %}", "", "", "", "", "", ""])
    _row(
        table,
        [
            "{{ t.code }}",
            "{{ t.title }}",
            "{{ t.max }}",
            "{{ t.base_score }}",
            "{{ t.points }}",
            "{% for m in t.measures %}{{ m.text }}{% if not loop.last %}; {% endif %}{% endfor %}",
            "{{ t.lead or a.lead_names }}",
        ],
    )
    _row(table, ["{%tr endfor %}", "", "", "", "", "", ""])
    _row(table, ["{%tr endfor %}", "", "", "", "", "", ""])
    _p(doc, "{%p if tasks %}")
    _p(doc, "2. Nhiệm vụ cụ thể", "PAR Heading 2")
    table = _grid_table(
        doc,
        ["STT", "Nhiệm vụ", "Lĩnh vực", "Cơ quan chủ trì", "Thời hạn"],
        [1.2, 7.5, 1.5, 3.5, 2.8],
    )
    _row(table, ["{%tr for t in tasks %}", "", "", "", ""])
    _row(
        table,
        ["{{ loop.index }}", "{{ t.text }}", "{{ t.area }}", "{{ t.lead }}", "{{ t.deadline }}"],
    )
    _row(table, ["{%tr endfor %}", "", "", "", ""])
    _p(doc, "{%p endif %}")


def build_plan_template() -> DocumentObject:
    """The improvement plan's template as a python-docx Document."""
    doc = Document()
    _setup_styles(doc)
    _setup_page(doc)
    first = doc.paragraphs[0] if doc.paragraphs else None
    if first is not None:
        first._p.getparent().remove(first._p)
    _header_block(doc)
    _body(doc)
    _closing_block(doc)
    _annex(doc)
    props = doc.core_properties
    props.title = "Kế hoạch duy trì, cải thiện và nâng cao Chỉ số CCHC"
    props.author = props.last_modified_by = "parindex"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def normalized_bytes(doc: DocumentObject) -> bytes:
    """Save with fixed zip timestamps so the same template always gives the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


def _count_table(doc: DocumentObject, first: str, rows: str) -> None:
    """A counts table (per area or per agency) with a total row; ``rows`` names the list."""
    headers = [
        first,
        "Số nội dung",
        "Đã báo cáo",
        "Hoàn thành",
        "Đang thực hiện",
        "Chưa triển khai",
        "Chậm tiến độ",
        "Có nguy cơ không đạt",
        "Chưa báo cáo",
    ]
    table = _grid_table(doc, headers, [3.6, *[1.6] * 8], "PAR Table Small")
    _row(table, [f"{{%tr for r in {rows} %}}", *[""] * 8])
    _row(
        table,
        [
            "{{ r.name }}",
            "{{ r.count }}",
            "{{ r.reported }}",
            "{{ r.done }}",
            "{{ r.in_progress }}",
            "{{ r.not_started }}",
            "{{ r.late }}",
            "{{ r.at_risk }}",
            "{{ r.not_reported }}",
        ],
    )
    _row(table, ["{%tr endfor %}", *[""] * 8])
    _row(
        table,
        [
            "Tổng cộng",
            "{{ total.count }}",
            "{{ total.reported }}",
            "{{ total.done }}",
            "{{ total.in_progress }}",
            "{{ total.not_started }}",
            "{{ total.late }}",
            "{{ total.at_risk }}",
            "{{ total.not_reported }}",
        ],
    )


def _report_body(doc: DocumentObject) -> None:
    _p(doc, "")
    _p(doc, "{{ title }}", "PAR Title").paragraph_format.space_after = Pt(0)
    _p(doc, "{{ subtitle }}", "PAR Title")
    _underline_rule(_p(doc, "", "PAR Title"), 6.0)
    _p(doc, "{{ preamble }}")

    _p(doc, "I. KẾT QUẢ THỰC HIỆN", "PAR Heading 1")
    _p(doc, "1. Tổng hợp chung", "PAR Heading 2")
    _p(doc, "{{ overview }}")
    _p(doc, "2. Kết quả theo lĩnh vực", "PAR Heading 2")
    _count_table(doc, "Lĩnh vực", "by_area")
    _p(doc, "3. Kết quả theo cơ quan chủ trì", "PAR Heading 2")
    _count_table(doc, "Cơ quan chủ trì", "by_agency")
    _p(doc, "4. Tình hình thực hiện từng nội dung", "PAR Heading 2")
    table = _grid_table(
        doc,
        ["Mã", "Nội dung", "Cơ quan chủ trì", "Tình trạng", "Kết quả đo lường", "Ghi chú"],
        [1.8, 4.6, 2.6, 2.4, 2.6, 2.5],
    )
    _row(table, ["{%tr for i in items %}", "", "", "", "", ""])
    _row(
        table,
        [
            "{{ i.key }}",
            "{{ i.title }}",
            "{{ i.lead }}",
            "{{ i.status }}",
            "{{ i.measured }}",
            "{{ i.note }}",
        ],
    )
    _row(table, ["{%tr endfor %}", "", "", "", "", ""])
    _p(doc, "{%p if satisfaction %}")
    _p(doc, "5. Sự hài lòng của người dân, tổ chức (Chỉ số SIPAS)", "PAR Heading 2")
    _p(doc, "{{ satisfaction.text }}")
    table = _grid_table(doc, ["Yếu tố", "Tỷ lệ hài lòng", "Khoảng tin cậy"], [9.0, 3.5, 4.0])
    _row(table, ["{%tr for s in satisfaction.rows %}", "", ""])
    _row(table, ["{{ s.name }}", "{{ s.value }}", "{{ s.interval }}"])
    _row(table, ["{%tr endfor %}", "", ""])
    _p(doc, "{%p endif %}")

    _p(doc, "II. CÁC NỘI DUNG CÓ NGUY CƠ KHÔNG ĐẠT, CƠ QUAN CHẬM BÁO CÁO", "PAR Heading 1")
    _p(doc, "1. Các nội dung có nguy cơ không đạt", "PAR Heading 2")
    _p(doc, "{%p for r in risks %}")
    _p(doc, "- {{ r }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if not risks %}")
    _p(doc, "Không có nội dung nào có nguy cơ không đạt.")
    _p(doc, "{%p endif %}")
    _p(doc, "2. Các cơ quan chậm báo cáo", "PAR Heading 2")
    _p(doc, "{%p for o in overdue %}")
    _p(doc, "- {{ o }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if not overdue %}")
    _p(doc, "{{ no_overdue }}")
    _p(doc, "{%p endif %}")

    _p(doc, "III. DỰ KIẾN ĐIỂM CHỈ SỐ CCHC NĂM {{ year }}", "PAR Heading 1")
    _p(doc, "{%p for text in projection_text %}")
    _p(doc, "- {{ text }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if projection_areas %}")
    table = _grid_table(
        doc,
        [
            "Lĩnh vực",
            "Điểm tối đa",
            "Giữ nguyên kết quả hiện tại",
            "Đạt toàn bộ chỉ tiêu",
            "Chênh lệch",
        ],
        [6.5, 2.0, 2.6, 2.6, 2.8],
    )
    _row(table, ["{%tr for a in projection_areas %}", "", "", "", ""])
    _row(
        table, ["{{ a.name }}", "{{ a.max }}", "{{ a.current }}", "{{ a.targets }}", "{{ a.diff }}"]
    )
    _row(table, ["{%tr endfor %}", "", "", "", ""])
    _p(doc, "{%p endif %}")

    _p(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", "PAR Heading 1")
    _p(doc, "{%p for text in proposals %}")
    _p(doc, "- {{ text }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{{ closing }}")


def build_report_template() -> DocumentObject:
    """The periodic report on the plan (Quý I, 6 tháng, Quý III, năm) as a Document."""
    doc = Document()
    _setup_styles(doc)
    _setup_page(doc)
    first = doc.paragraphs[0] if doc.paragraphs else None
    if first is not None:
        first._p.getparent().remove(first._p)
    _header_block(doc)
    _report_body(doc)
    _closing_block(doc)
    props = doc.core_properties
    props.title = "Báo cáo tình hình thực hiện Kế hoạch nâng cao Chỉ số CCHC"
    props.author = props.last_modified_by = "parindex"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def main() -> None:
    """Write every default template beside this script."""
    PLAN_TEMPLATE.write_bytes(normalized_bytes(build_plan_template()))
    print(f"wrote {PLAN_TEMPLATE}")
    REPORT_TEMPLATE.write_bytes(normalized_bytes(build_report_template()))
    print(f"wrote {REPORT_TEMPLATE}")


if __name__ == "__main__":
    main()
