"""Words the charts and tables use, in Vietnamese (default) and English.

The texts are msgids of the `parindex` gettext catalogue (see `parindex.i18n`).
"""

from __future__ import annotations

from parindex.i18n import Message, gettext_noop, translate

LABELS: dict[str, Message] = {
    "area": gettext_noop("Lĩnh vực"),
    "criterion": gettext_noop("Tiêu chí"),
    "unit": gettext_noop("Đơn vị"),
    "year": gettext_noop("Năm"),
    "province": gettext_noop("Tỉnh, thành phố"),
    "points": gettext_noop("điểm"),
    "rank": gettext_noop("Xếp hạng"),
    "score": gettext_noop("Điểm"),
    "percent": gettext_noop("% điểm tối đa"),
    "class": gettext_noop("Xếp loại"),
    "change": gettext_noop("Tăng/giảm so với năm trước (điểm)"),
    "rank_change": gettext_noop("Thay đổi thứ hạng"),
    "max": gettext_noop("Điểm tối đa"),
    "this_year": gettext_noop("Năm {year}"),
    "last_year": gettext_noop("Năm {year}"),
    "target": gettext_noop("Mục tiêu"),
    "total": gettext_noop("Chỉ số PAR INDEX (tổng điểm)"),
    "lost": gettext_noop("Điểm bị trừ"),
    "count": gettext_noop("Số lượng"),
    "status": gettext_noop("Tình trạng"),
    "satisfaction": gettext_noop("Mức độ hài lòng"),
    "factor": gettext_noop("Yếu tố"),
    "low": gettext_noop("{label}: cận dưới (khoảng tin cậy)"),
    "high": gettext_noop("{label}: cận trên (khoảng tin cậy)"),
    "overall_satisfaction": gettext_noop("Chỉ số hài lòng chung"),
    "mean_percent": gettext_noop("Trung bình % điểm tối đa"),
    "mean_approx": gettext_noop(
        "Trung bình cộng các tỉnh trước sáp nhập (xấp xỉ, không gia quyền)"
    ),
    "unclassified": gettext_noop("Chưa xếp loại"),
    "t_history": gettext_noop("Chỉ số CCHC và thứ hạng qua các năm"),
    "d_history": gettext_noop(
        "Tổng điểm Chỉ số CCHC (trục trái) và thứ hạng (trục phải, hạng 1 "
        "ở trên) của {name} qua các năm."
    ),
    "t_areas": gettext_noop("Điểm theo lĩnh vực so với điểm tối đa"),
    "d_areas": gettext_noop(
        "Điểm từng lĩnh vực năm {year}, năm trước và mục tiêu, so với điểm tối đa."
    ),
    "t_lost": gettext_noop("Điểm bị trừ theo tiêu chí, nhiều nhất trước"),
    "d_lost": gettext_noop(
        "Các tiêu chí bị trừ điểm năm {year}, sắp xếp theo số điểm bị trừ giảm dần."
    ),
    "t_progress": gettext_noop("Tiến độ thực hiện kế hoạch"),
    "d_progress": gettext_noop("Số nhiệm vụ của kế hoạch theo tình trạng thực hiện."),
    "t_sipas": gettext_noop("Chỉ số hài lòng (SIPAS)"),
    "d_sipas": gettext_noop("Tỷ lệ người dân, tổ chức hài lòng theo từng yếu tố (%)."),
    "d_sipas_interval": gettext_noop(
        "Tỷ lệ người dân, tổ chức hài lòng theo từng yếu tố và chỉ số "
        "chung năm {year} (%), với khoảng tin cậy {confidence} (vạch "
        "ngang), năm trước và mục tiêu."
    ),
    "t_ranking": gettext_noop("Xếp hạng {kind} năm {year}"),
    "d_ranking": gettext_noop("{count} đơn vị xếp theo tổng điểm giảm dần, tô màu theo xếp loại."),
    "t_heatmap": gettext_noop("Kết quả theo lĩnh vực (% điểm tối đa)"),
    "heat_scale": gettext_noop("Màu ô: thấp → cao"),
    "d_heatmap": gettext_noop(
        "Mỗi ô là điểm của một đơn vị ở một lĩnh vực, tính theo % điểm tối đa."
    ),
    "t_weakest": gettext_noop("Tiêu chí yếu nhất (trung bình % điểm tối đa)"),
    "d_weakest": gettext_noop(
        "Các tiêu chí có trung bình % điểm tối đa thấp nhất trên {count} đơn vị."
    ),
    "t_national": gettext_noop("Chỉ số CCHC các tỉnh, thành phố năm {year}"),
    "d_national": gettext_noop("{count} tỉnh, thành phố xếp theo tổng điểm; {name} được tô đậm."),
    "t_lineage": gettext_noop("{name} và các tỉnh trước sáp nhập"),
    "d_lineage": gettext_noop(
        "Tổng điểm của {name} từ năm {year} và của từng tỉnh trước sáp nhập những năm trước đó."
    ),
    "kind_department": gettext_noop("sở, ban, ngành"),
    "kind_commune": gettext_noop("xã, phường"),
    "kind_district": gettext_noop("huyện"),
    "kind_province": gettext_noop("tỉnh"),
    "status_done": gettext_noop("Đã hoàn thành"),
    "status_in_progress": gettext_noop("Đang thực hiện"),
    "status_not_started": gettext_noop("Chưa thực hiện"),
    "status_overdue": gettext_noop("Quá hạn"),
    "status_reports_overdue": gettext_noop("Báo cáo quá hạn"),
}


def label(key: str, lang: str = "vi", **params: object) -> str:
    """The label for ``key`` in ``lang`` (Vietnamese when unknown), filled with ``params``."""
    message = LABELS.get(key)
    text = key if message is None else translate(message, lang)
    return text.format(**params) if params else text
