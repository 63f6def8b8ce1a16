"""Sentences from the core's reasons, contradictions and problems, in Vietnamese or English.

The core returns codes and parameters; this module owns every word. A node's own template
(``explain`` in the framework file, editable data) wins over the generic sentence of its reason
code, so a province words its reports without touching code. The generic texts are msgids of
the `parindex` gettext catalogue (see `parindex.i18n`).
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from parindex.core.checks import Contradiction
from parindex.core.errors import Problem
from parindex.core.model import InputSpec
from parindex.core.scoring import NodeScore, Scorecard
from parindex.i18n import Message, gettext_noop, translate
from parindex.presentation.framework_problems import FRAMEWORK_PROBLEMS, TYPE_WORDS
from parindex.presentation.numbers import fmt_number, fmt_points, parse_format_spec

LANGS = ("vi", "en")

# Generic sentences per reason code (used when a node has no template of its own).
REASONS: dict[str, Message] = {
    "rate": gettext_noop("không đạt điểm tối đa do tỷ lệ đạt {rate:.2}%"),
    "rate_fraction": gettext_noop(
        "không đạt điểm tối đa do tỷ lệ đạt {numerator}/{denominator}, bằng {rate:.2}%"
    ),
    "rate_below_target": gettext_noop(
        "không đạt điểm tối đa do tỷ lệ đạt {rate:.2}%, thấp hơn mức {target}%"
    ),
    "band": gettext_noop("không đạt điểm tối đa do kết quả đạt {rate:.2}%"),
    "not_higher": gettext_noop(
        "không được chấm điểm do kết quả năm {year} ({value}) không cao "
        "hơn năm {prev_year} ({previous})"
    ),
    "missing_previous": gettext_noop("chưa có số liệu năm {prev_year} để so sánh"),
    "no": gettext_noop("không đạt điểm tối đa do chưa thực hiện"),
    "choice": gettext_noop("không đạt điểm tối đa do mức đạt được: {option}"),
    "penalty": gettext_noop("bị trừ {deduction} điểm do có {count} trường hợp vi phạm"),
    "bonus": gettext_noop("đạt {count} nội dung được cộng điểm"),
    "manual": gettext_noop("không đạt điểm tối đa"),
    "formula": gettext_noop("không đạt điểm tối đa theo công thức {expr}"),
    "missing_input": gettext_noop("chưa nhập số liệu: {inputs}"),
    "no_denominator": gettext_noop("không phát sinh (mẫu số bằng 0)"),
    "no_band": gettext_noop("kết quả {rate:.2}% không thuộc mức nào"),
    "formula_error": gettext_noop("không tính được điểm: {error}"),
}

PHRASES: dict[str, Message] = {
    "criterion": gettext_noop("Tiêu chí"),
    "full": gettext_noop("đạt điểm tối đa"),
    "points": gettext_noop("điểm"),
    "area_summary": gettext_noop("Điểm tự đánh giá, chấm điểm năm {year}: {score}/{max} điểm"),
    "area_full": gettext_noop(" (đạt điểm tối đa)"),
    "area_lost": gettext_noop("; điểm không đạt: {lost} điểm, cụ thể:"),
    "area_ministry": gettext_noop("; {ministry} điểm do Bộ Nội vụ chấm điểm"),
    "total": gettext_noop("Tổng điểm tự đánh giá năm {year}: {score}/{max} điểm"),
    # A plan drafted from the council's final appraisal says so wherever it quotes a score.
    "area_summary_final": gettext_noop("Điểm thẩm định cuối cùng năm {year}: {score}/{max} điểm"),
    "heading_self": gettext_noop("Điểm tự chấm"),
    "heading_final": gettext_noop("Điểm thẩm định cuối cùng"),
    "score_basis_self": gettext_noop("kết quả tự đánh giá, chấm điểm"),
    "score_basis_final": gettext_noop("căn cứ điểm thẩm định cuối cùng, kết quả chấm điểm"),
    "council": gettext_noop(
        "Hội đồng thẩm định chấm {points} điểm (tự đánh giá {self_points} điểm), lý do: {reason}"
    ),
    "council_no_reason": gettext_noop(
        "Hội đồng thẩm định chấm {points} điểm (tự đánh giá {self_points} điểm)"
    ),
    "note_input": gettext_noop(
        "Ghi chú: tại tiêu chí {node}, báo cáo ghi «{input}» là {stated}; kế hoạch dùng "
        "{computed}, số liệu khớp với tỷ lệ và số điểm báo cáo nêu."
    ),
    "note_input_plain": gettext_noop(
        "Ghi chú: tại tiêu chí {node}, báo cáo ghi «{input}» là {stated}; kế hoạch dùng {computed}."
    ),
    "note_score": gettext_noop(
        "Ghi chú: tại tiêu chí {node}, báo cáo ghi {stated} điểm; tính theo quy tắc từ số liệu "
        "báo cáo nêu được {computed} điểm, kế hoạch dùng {computed} điểm."
    ),
}


#: What a plan measure without a title of its own is called, by its name; any other untitled
#: measure is a "Chỉ tiêu" (a plan's key such as ``rate`` never reaches a reader).
MEASURE_WORDS: dict[str, Message] = {
    "rate": gettext_noop("Tỷ lệ"),
    "satisfaction": gettext_noop("Mức độ hài lòng"),
}
MEASURE_WORD = gettext_noop("Chỉ tiêu")


def measure_title(
    name: str, title: str = "", inputs: Sequence[InputSpec] = (), lang: str = "vi"
) -> str:
    """A plan measure in words: its title, else the title of the criterion's input of that
    name, else a generic word ('rate' → 'Tỷ lệ', any other → 'Chỉ tiêu'); never the key."""
    if title.strip():
        return title.strip()
    for spec in inputs:
        if spec.name == name and spec.title:
            return (spec.title_en or spec.title) if lang == "en" else spec.title
    return translate(MEASURE_WORDS.get(name.strip().casefold(), MEASURE_WORD), lang)


def phrase(key: str, lang: str = "vi") -> str:
    """One of :data:`PHRASES` in ``lang`` (a plan's basis: ``heading_final``, ...)."""
    return _phrase(key, lang)


class _Formatter(string.Formatter):
    """str.format with Vietnamese/English numbers; '{rate:.4}' fixes 4 decimals."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            places, truncate = parse_format_spec(format_spec)
            return fmt_number(value, self.lang, places, truncate=truncate)
        if isinstance(value, tuple | list):
            return ", ".join(str(v) for v in value)
        return super().format_field("" if value is None else value, format_spec)

    def get_value(self, key: int | str, args: object, kwargs: Mapping[str, object]) -> object:
        if isinstance(key, str):
            return kwargs.get(key, "")
        return super().get_value(key, args, kwargs)  # type: ignore[arg-type]


def render(template: str, lang: str, **params: object) -> str:
    """Fill a template with numbers in the language's format; unknown names render empty."""
    return _Formatter(lang).format(template, **params)


def lowercase_first(text: str) -> str:
    """Lower the first letter as the seed quotes titles, leaving acronyms (GRDP, TTHC) alone."""
    if not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def reason_text(scorecard: Scorecard, code: str, lang: str = "vi", comment: str = "") -> str:
    """Why a node lost points, as the tail of the seed's sentences."""
    node = scorecard[code]
    fw_node = scorecard.framework[code]
    if node.reason is None:
        return ""
    year = scorecard.year
    params: dict[str, object] = dict(node.reason.params)
    params.update(year=str(year or ""), prev_year=str(year - 1) if year else "")
    template = fw_node.explain.get(lang)
    reason_code = node.reason.code
    if reason_code == "rate" and "numerator" in params and not template:
        reason_code = "rate_fraction"
    if not template or node.reason.code in (
        "missing_input",
        "missing_previous",
        "no_denominator",
        "formula_error",
    ):
        template = translate(REASONS.get(reason_code, REASONS["manual"]), lang)
    text = render(template, lang, **params)
    if comment:
        text = f"{text}; {comment}"
    return text


def node_title(scorecard: Scorecard, code: str, lang: str) -> str:
    fw_node = scorecard.framework[code]
    return (fw_node.title_en or fw_node.title) if lang == "en" else fw_node.title


def lost_sentence(
    scorecard: Scorecard,
    code: str,
    lang: str = "vi",
    comment: str = "",
    council: tuple[Decimal, str] | None = None,
) -> str:
    """The seed's sentence: 'Tiêu chí 3.4.1 “…”: 1,4628/1,5 điểm; không đạt điểm tối đa do …'.

    ``council`` is (self-assessed points, reason) where the appraisal council changed the item:
    its reason follows the sentence (the scorecard then holds the council's points).
    """
    node: NodeScore = scorecard[code]
    title = lowercase_first(node_title(scorecard, code, lang))
    head = (
        f"{_phrase('criterion', lang)} {code} “{title}”: {fmt_points(node.score, lang)}/"
        f"{fmt_points(node.max, lang)} {_phrase('points', lang)}"
    )
    if council is None:
        tail = (
            reason_text(scorecard, code, lang, comment) if node.lost > 0 else _phrase("full", lang)
        )
        return f"{head}; {tail}." if tail else f"{head}."
    self_points, reason = council
    parts = []
    if self_points < node.max:  # the self-assessment lost points of its own: say why first
        parts.append(reason_text(scorecard, code, lang, comment))
    key = "council" if reason.strip() else "council_no_reason"
    parts.append(
        render(
            _phrase(key, lang),
            lang,
            points=_p(node.score, lang),
            self_points=_p(self_points, lang),
            reason=reason.strip().rstrip("."),
        )
    )
    return f"{head}; {'; '.join(p for p in parts if p)}."


def area_summary(scorecard: Scorecard, code: str, lang: str = "vi", basis: str = "self") -> str:
    """'Điểm tự đánh giá, chấm điểm năm 2020: 13,4438/13,5 điểm; điểm không đạt: 0,0562 điểm'.

    With ``basis="final"`` (the scorecard holds the council's final points) it opens
    'Điểm thẩm định cuối cùng năm 2020: …'.
    """
    node = scorecard[code]
    self_score, self_max = node.part("self")
    ministry = node.part("ministry")[1]
    shown_max = self_max + ministry if ministry else self_max
    text = render(
        _phrase("area_summary_final" if basis == "final" else "area_summary", lang),
        lang,
        year=str(scorecard.year or ""),
        score=_p(self_score, lang),
        max=_p(shown_max, lang),
    )
    if ministry:
        text += render(_phrase("area_ministry", lang), lang, ministry=_p(ministry, lang))
    lost = self_max - self_score
    if lost > 0:
        text += render(_phrase("area_lost", lang), lang, lost=_p(lost, lang))
    elif not ministry:
        text += _phrase("area_full", lang)
    return text + ("" if text.endswith(":") else ".")


def correction_notes(
    scorecard: Scorecard, found: list[Contradiction], lang: str = "vi"
) -> dict[str, str]:
    """By node, the note a document adds where it uses a figure other than the report printed.

    ``found`` are the consistency check's contradictions between the report's stated figures
    and the scorecard: a stated input the scorecard does not use (the seed's 39.773 dossiers at
    3.4.2, where 39.733 gives its rate and points) and a stated score the rule does not give
    (the seed's 0,6484 at 7.1.9, where its figures give 0,6844).
    """
    notes: dict[str, str] = {}
    by_node: dict[str, set[str]] = {}
    for item in found:
        by_node.setdefault(item.node, set()).add(item.code)
    for item in found:
        if item.node in notes or item.node not in scorecard.framework:
            continue
        if item.code == "input":
            name = str(item.params.get("input", ""))
            spec = scorecard.framework[item.node].input(name)
            agrees = not by_node[item.node] & {"rate", "score"}
            notes[item.node] = render(
                _phrase("note_input" if agrees else "note_input_plain", lang),
                lang,
                node=item.node,
                input=spec.title if spec is not None and spec.title else name,
                stated=item.stated,
                computed=item.computed,
            )
        elif item.code == "score" and scorecard.framework[item.node].is_leaf:
            notes[item.node] = render(
                _phrase("note_score", lang),
                lang,
                node=item.node,
                stated=_p(item.stated, lang),
                computed=_p(item.computed, lang),
            )
    return notes


def _phrase(key: str, lang: str) -> str:
    return translate(PHRASES[key], lang)


def _p(value: Decimal, lang: str) -> str:
    return fmt_points(value, lang)


CONTRADICTIONS: dict[str, Message] = {
    "score": gettext_noop("{node}: điểm nêu {stated} nhưng tính theo quy tắc được {computed}"),
    "max": gettext_noop("{node}: điểm tối đa nêu {stated} nhưng bộ tiêu chí quy định {computed}"),
    "lost": gettext_noop("{node}: điểm không đạt nêu {stated} nhưng tính được {computed}"),
    "rate": gettext_noop("{node}: tỷ lệ nêu {stated}% nhưng số liệu dùng để chấm cho {computed}%"),
    "rate_fraction": gettext_noop(
        "{node}: tỷ lệ nêu {stated}% nhưng {numerator}/{denominator} = {computed}%"
    ),
    "input": gettext_noop(
        "{node}: số liệu '{input}' nêu {stated} nhưng số liệu dùng để chấm là {computed}"
    ),
    "input_score": gettext_noop(
        "{node}: với số liệu nêu, quy tắc cho {computed} điểm, không phải {stated}"
    ),
    "parts": gettext_noop(
        "{node}: điểm không đạt nêu {stated} nhưng các tiêu chí thành "
        "phần được nêu cộng lại {computed}"
    ),
    "total": gettext_noop("Tổng điểm nêu {stated} nhưng tính được {computed}"),
    "total_max": gettext_noop("Tổng điểm tối đa nêu {stated} nhưng bộ tiêu chí cho {computed}"),
    "total_parts": gettext_noop(
        "Tổng điểm nêu {stated} nhưng các lĩnh vực được nêu cộng lại {computed}"
    ),
}


# What a relation between inputs requires, by operator (core/relations.py): each side reads
# "Số hồ sơ giải quyết đúng hạn (301.893)", or just the number for a constant.
RELATIONS: dict[str, Message] = {
    "<=": gettext_noop("{left} không được lớn hơn {right}"),
    "<": gettext_noop("{left} phải nhỏ hơn {right}"),
    ">=": gettext_noop("{left} không được nhỏ hơn {right}"),
    ">": gettext_noop("{left} phải lớn hơn {right}"),
    "=": gettext_noop("{left} phải bằng {right}"),
}


def relation_text(params: Mapping[str, object], lang: str = "vi") -> str:
    """'Số hồ sơ giải quyết đúng hạn (301.893) không được lớn hơn Tổng số hồ sơ (201.893)'.

    ``params`` are a ``relation`` problem's or contradiction's: both names, values and titles.
    """

    def side(key: str, value: object) -> str:
        number = fmt_number(value, lang)
        name = str(params.get(key) or "")
        if not name:
            return number
        title = params.get(f"{key}_title_en") if lang == "en" else None
        title = title or params.get(f"{key}_title") or name
        return f"{title} ({number})"

    op = str(params.get("op", "<="))
    template = translate(RELATIONS.get(op, RELATIONS["<="]), lang)
    left = side("left", params.get("left_value", params.get("stated")))
    right = side("right", params.get("right_value", params.get("computed")))
    return render(template, lang, left=left, right=right)


def contradiction_text(item: Contradiction, lang: str = "vi", framework: Any = None) -> str:
    """One contradiction in words; with the ``framework``, an input by its title, not its key."""
    if item.code == "relation":
        params = {**item.params, "left_value": item.stated, "right_value": item.computed}
        return f"{item.node}: {relation_text(params, lang)}"
    places = (
        max(4, -int(item.stated.as_tuple().exponent))
        if item.code in ("rate", "rate_fraction")
        else None
    )
    computed: object = item.computed
    if places is not None:
        computed = fmt_number(item.computed, lang, places)
    elif item.code in ("score", "lost", "input_score", "parts", "total", "total_parts"):
        computed = fmt_points(item.computed, lang)
    template = translate(CONTRADICTIONS[item.code], lang)
    params = dict(item.params)
    node = framework.get(item.node) if framework is not None else None
    if node is not None and "input" in params:
        spec = next((i for i in node.inputs if i.name == params["input"]), None)
        if spec is not None:
            params["input"] = spec.label(lang)
    return render(template, lang, node=item.node, stated=item.stated, computed=computed, **params)


# Problems of an imported criteria table (parindex.io.criteria_table), by code: the table's
# own codes and the core's, worded with the parameters the table reader gives them.
PROBLEMS: dict[str, Message] = {
    "table_unreadable": gettext_noop(
        "không đọc được tệp: chỉ nhận tệp Word (.docx) hoặc Excel (.xlsx)"
    ),
    "table_no_table": gettext_noop("tệp không có bảng nào"),
    "table_missing_column": gettext_noop(
        "thiếu cột «{heading}»; các tiêu đề cột tìm thấy: {found}"
    ),
    "table_empty": gettext_noop("bảng không có dòng tiêu chí nào dưới dòng tiêu đề"),
    "table_empty_cell": gettext_noop("ô trống: tiêu chí {code} cần có giá trị ở cột này"),
    "table_merged_cell": gettext_noop(
        "ô trống vì thuộc vùng gộp ô bắt đầu ở dòng {origin_row}: hãy bỏ gộp ô và ghi giá trị "
        "của tiêu chí {code} vào dòng này"
    ),
    "table_not_number": gettext_noop("«{value}» không phải là số; viết điểm dạng 1,5 hoặc 1.5"),
    "table_bad_code": gettext_noop(
        "«{value}» không phải là mã tiêu chí (viết 1, 1.1, 1.1.1, I, II hoặc a, b)"
    ),
    "table_unknown_parent": gettext_noop(
        "tiêu chí {code} nằm dưới tiêu chí {parent} nhưng bảng không có tiêu chí {parent}"
    ),
    "table_total_sum": gettext_noop(
        "dòng tổng ghi {max} điểm nhưng các lĩnh vực cộng lại {total} điểm"
    ),
    "table_score_above_max": gettext_noop("điểm tự đánh giá {score} lớn hơn điểm tối đa {max}"),
    "table_score_not_self": gettext_noop(
        "tiêu chí {code} do Bộ Nội vụ chấm hoặc chấm qua điều tra xã hội học, không tự đánh giá, "
        "nhưng có điểm tự đánh giá {score}"
    ),
    "duplicate_code": gettext_noop("mã {code} trùng với mã ở {first_place}"),
    "children_sum": gettext_noop(
        "điểm tối đa của {code} là {max} nhưng các tiêu chí con cộng lại {total}"
    ),
    "max_not_positive": gettext_noop("điểm tối đa của {code} phải lớn hơn 0"),
    "block_sum": gettext_noop(
        "khối điểm «{block}» ghi {max} điểm nhưng các tiêu chí của khối cộng lại {total}"
    ),
    "file_too_large_or_malformed": gettext_noop(
        "tệp vượt giới hạn {limit}: tối đa {maximum}, tệp có {found}"
    ),
    **FRAMEWORK_PROBLEMS,
}

# Where a table problem is: the parts of its place, in this order.
PLACES: dict[str, Message] = {
    "table": gettext_noop("bảng {table}"),
    "sheet": gettext_noop("trang tính «{sheet}»"),
    "row": gettext_noop("dòng {row}"),
    "line": gettext_noop("dòng {line}"),
    "column": gettext_noop("cột «{column}»"),
    "cell": gettext_noop("ô {cell}"),
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def place_text(params: Mapping[str, object], lang: str = "vi", prefix: str = "") -> str:
    """'bảng 2, dòng 14, cột «Điểm tối đa»' from a problem's ``table``/``sheet``, ``row``, …"""
    parts = [
        render(translate(PLACES[key], lang), lang, **{key: str(params[prefix + key])})
        for key in PLACES
        if params.get(prefix + key) not in (None, "")
    ]
    return ", ".join(parts)


def problem_text(problem: Problem, lang: str = "vi") -> str:
    """A problem in ``lang``, located for the reader.

    A problem whose code :data:`PROBLEMS` words, with every parameter its sentence needs, reads
    ``file, bảng 2, dòng 14, cột «Điểm tối đa»: sentence``; any other keeps its technical
    message.
    """
    if problem.code == "relation":
        where = problem.location()
        return (
            f"{where}: {relation_text(problem.params, lang)}"
            if where
            else (relation_text(problem.params, lang))
        )
    message = PROBLEMS.get(_key(problem))
    template = None if message is None else translate(message, lang)
    params: dict[str, object] = {"code": problem.node, **problem.params}
    if "row" not in params and problem.line is not None:
        params["line"] = problem.line  # a YAML file: its line
    if "first_row" in params:
        params["first_place"] = place_text(params, lang, prefix="first_")
    elif isinstance(params.get("first"), int) and "line" in params:
        params["first_place"] = place_text({"line": params["first"]}, lang)
    if "expected" in params and problem.code == "schema":
        word = TYPE_WORDS.get(str(params["expected"]))
        params["expected_text"] = translate(word, lang) if word else params["expected"]
    if template is None or not _fields(template) <= {k for k, v in params.items() if v != ""}:
        return str(problem)
    file = str(params.get("file") or problem.source)
    place = ", ".join(p for p in (file, place_text(params, lang)) if p)
    text = render(template, lang, **params)
    return f"{place}: {text}" if place else text


def _key(problem: Problem) -> str:
    """The entry of :data:`PROBLEMS` that words a problem: its code, or ``code:variant``."""
    params = problem.params
    variant = params.get("variant")
    if problem.code == "schema":
        variant = variant or params.get("validator")
        if variant == "type" and "value" not in params:
            variant = "type_shape"
        if f"schema:{variant}" not in PROBLEMS:
            variant = "other"
    return f"{problem.code}:{variant}" if variant else problem.code
