"""The normalised dossier log: its columns, their kinds, and the words real exports use."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

import polars as pl

Kind = Literal["str", "date", "level", "channel", "bool", "status"]


@dataclass(frozen=True)
class Field:
    """One normalised column: its kind, whether a row needs it, and the headers it goes by."""

    name: str
    kind: Kind
    required: bool
    aliases: tuple[str, ...]


# Headers seen in one-stop-shop exports (Hệ thống thông tin giải quyết TTHC, Excel reports).
# Matching ignores case, diacritics and spacing; a mapping file overrides or extends them.
FIELDS: tuple[Field, ...] = (
    Field(
        "dossier_id", "str", True, ("Mã hồ sơ", "Số hồ sơ", "Mã HS", "dossier_id", "Mã số hồ sơ")
    ),
    Field("procedure_code", "str", False, ("Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính")),
    Field("procedure_name", "str", False, ("Tên thủ tục", "Tên TTHC", "Thủ tục hành chính")),
    Field("field", "str", False, ("Lĩnh vực", "Tên lĩnh vực")),
    Field("agency_code", "str", False, ("Mã cơ quan", "Mã đơn vị", "Mã cơ quan tiếp nhận")),
    Field(
        "agency_name", "str", False, ("Cơ quan tiếp nhận", "Đơn vị tiếp nhận", "Cơ quan", "Đơn vị")
    ),
    Field("level", "level", True, ("Cấp", "Cấp thực hiện", "Cấp giải quyết", "Cấp hành chính")),
    Field("channel", "channel", False, ("Hình thức nộp", "Hình thức tiếp nhận", "Kênh tiếp nhận")),
    Field(
        "returned_by_bcci",
        "bool",
        False,
        ("Trả kết quả qua BCCI", "Trả qua bưu chính", "Trả kết quả qua dịch vụ bưu chính công ích"),
    ),
    Field("received_date", "date", True, ("Ngày tiếp nhận", "Ngày nhận", "Ngày nộp")),
    Field(
        "due_date",
        "date",
        False,
        ("Hạn xử lý", "Hạn giải quyết", "Ngày hẹn trả", "Ngày hẹn trả kết quả"),
    ),
    Field(
        "resolved_date", "date", False, ("Ngày có kết quả", "Ngày giải quyết", "Ngày hoàn thành")
    ),
    Field("returned_date", "date", False, ("Ngày trả kết quả", "Ngày trả")),
    Field("status", "status", False, ("Trạng thái", "Tình trạng", "Trạng thái hồ sơ")),
    Field(
        "apology_sent",
        "bool",
        False,
        ("Đã xin lỗi", "Thư xin lỗi", "Văn bản xin lỗi", "Có thư xin lỗi"),
    ),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
NAMES = tuple(f.name for f in FIELDS)
DATE_FIELDS = tuple(f.name for f in FIELDS if f.kind == "date")

LEVELS = ("province", "district", "commune")
CHANNELS = ("direct", "online", "bcci")
STATUSES = ("pending", "resolved", "returned", "withdrawn", "rejected")

# Output dtypes of the normalised log (what a Parquet part in the store holds).
SCHEMA: dict[str, pl.DataType] = {
    **{n: pl.String() for n in NAMES},
    **{n: pl.Date() for n in DATE_FIELDS},
    "returned_by_bcci": pl.Boolean(),
    "apology_sent": pl.Boolean(),
}
SCHEMA = {n: SCHEMA[n] for n in NAMES}


def fold(text: str) -> str:
    """Fold text for matching: no diacritics, đ→d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().replace("_", " ").split())


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """Fold a string column the way `fold` folds text (vectorised)."""
    return (
        expr.str.replace_all("[đĐ]", "d")
        .str.normalize("NFD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[\s_]+", " ")
        .str.strip_chars()
    )


def _vocab(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(word): value for value, words in table.items() for word in (value, *words)}


VOCAB: dict[str, dict[str, str]] = {
    "level": _vocab(
        {
            "province": (
                "tỉnh",
                "cấp tỉnh",
                "sở",
                "sở, ban, ngành",
                "cơ quan chuyên môn cấp tỉnh",
                "1",
            ),
            "district": ("huyện", "cấp huyện", "quận", "thị xã", "ubnd cấp huyện", "2"),
            "commune": (
                "xã",
                "cấp xã",
                "phường",
                "thị trấn",
                "xã, phường, thị trấn",
                "ubnd cấp xã",
                "3",
            ),
        }
    ),
    "channel": _vocab(
        {
            "direct": ("trực tiếp", "nộp trực tiếp", "tại bộ phận một cửa", "một cửa"),
            "online": (
                "trực tuyến",
                "nộp trực tuyến",
                "dịch vụ công trực tuyến",
                "qua mạng",
                "dvc",
            ),
            "bcci": (
                "bưu chính",
                "bưu chính công ích",
                "qua bưu chính",
                "dịch vụ bưu chính công ích",
                "qua dịch vụ bưu chính công ích",
            ),
        }
    ),
    "bool": _vocab(
        {
            "true": ("1", "x", "có", "yes", "y", "đã gửi", "đã xin lỗi", "true", "đúng"),
            "false": ("0", "không", "no", "n", "chưa", "chưa gửi", "false", "sai", "-"),
        }
    ),
    "status": _vocab(
        {
            "pending": (
                "đang giải quyết",
                "đang xử lý",
                "chờ xử lý",
                "chưa giải quyết",
                "mới tiếp nhận",
            ),
            "resolved": ("đã giải quyết", "đã có kết quả", "hoàn thành", "đã xử lý xong"),
            "returned": ("đã trả kết quả", "đã trả", "trả kết quả"),
            "withdrawn": ("rút hồ sơ", "công dân rút hồ sơ", "đã rút"),
            "rejected": ("từ chối", "không giải quyết", "trả lại hồ sơ"),
        }
    ),
}
VOCAB["channel"].update({"bcci": "bcci", "buu dien": "bcci"})
