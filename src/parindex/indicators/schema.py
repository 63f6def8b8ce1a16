"""The normalised dossier log: its columns, their kinds, and the words real exports use."""

from __future__ import annotations

import functools
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
        "dossier_id",
        "str",
        True,
        (
            "Mã hồ sơ",
            "Số hồ sơ",
            "Mã HS",
            "dossier_id",
            "Mã số hồ sơ",
            "Số biên nhận",
            "Mã biên nhận",
        ),
    ),
    Field(
        "procedure_code", "str", False, ("Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính", "Mã TT")
    ),
    Field(
        "procedure_name",
        "str",
        False,
        ("Tên thủ tục", "Tên TTHC", "Thủ tục hành chính", "Tên thủ tục hành chính", "Thủ tục"),
    ),
    Field("field", "str", False, ("Lĩnh vực", "Tên lĩnh vực", "Lĩnh vực TTHC")),
    Field(
        "agency_code",
        "str",
        False,
        (
            "Mã cơ quan",
            "Mã đơn vị",
            "Mã cơ quan tiếp nhận",
            "Mã đơn vị tiếp nhận",
            "Mã cơ quan xử lý",
        ),
    ),
    Field(
        "agency_name",
        "str",
        False,
        (
            "Cơ quan tiếp nhận",
            "Đơn vị tiếp nhận",
            "Cơ quan",
            "Đơn vị",
            "Tên cơ quan",
            "Tên đơn vị",
            "Cơ quan giải quyết",
            "Đơn vị xử lý",
            "Cơ quan thực hiện",
        ),
    ),
    Field(
        "level",
        "level",
        True,
        ("Cấp", "Cấp thực hiện", "Cấp giải quyết", "Cấp hành chính", "Cấp cơ quan", "Cấp đơn vị"),
    ),
    Field(
        "channel",
        "channel",
        False,
        (
            "Hình thức nộp",
            "Hình thức tiếp nhận",
            "Kênh tiếp nhận",
            "Hình thức nộp hồ sơ",
            "Kênh nộp",
            "Nguồn hồ sơ",
        ),
    ),
    Field(
        "returned_by_bcci",
        "bool",
        False,
        (
            "Trả kết quả qua BCCI",
            "Trả qua bưu chính",
            "Trả kết quả qua dịch vụ bưu chính công ích",
            "Trả kết quả qua bưu chính công ích",
            "Nhận kết quả qua BCCI",
        ),
    ),
    Field(
        "received_date",
        "date",
        True,
        ("Ngày tiếp nhận", "Ngày nhận", "Ngày nộp", "Ngày nhận hồ sơ", "Thời gian tiếp nhận"),
    ),
    Field(
        "due_date",
        "date",
        False,
        (
            "Hạn xử lý",
            "Hạn giải quyết",
            "Ngày hẹn trả",
            "Ngày hẹn trả kết quả",
            "Hạn trả kết quả",
            "Ngày hẹn",
        ),
    ),
    Field(
        "resolved_date",
        "date",
        False,
        (
            "Ngày có kết quả",
            "Ngày giải quyết",
            "Ngày hoàn thành",
            "Ngày kết thúc xử lý",
            "Ngày hoàn thành xử lý",
            "Ngày xử lý xong",
        ),
    ),
    Field(
        "returned_date",
        "date",
        False,
        ("Ngày trả kết quả", "Ngày trả", "Ngày trả kết quả thực tế", "Thời gian trả kết quả"),
    ),
    Field(
        "status",
        "status",
        False,
        ("Trạng thái", "Tình trạng", "Trạng thái hồ sơ", "Tình trạng hồ sơ", "Trạng thái xử lý"),
    ),
    Field(
        "apology_sent",
        "bool",
        False,
        (
            "Đã xin lỗi",
            "Thư xin lỗi",
            "Văn bản xin lỗi",
            "Có thư xin lỗi",
            "Đã gửi thư xin lỗi",
            "Gửi thư xin lỗi",
            "Phiếu xin lỗi",
            "Có văn bản xin lỗi",
            "Xin lỗi",
        ),
    ),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
NAMES = tuple(f.name for f in FIELDS)
DATE_FIELDS = tuple(f.name for f in FIELDS if f.kind == "date")

LEVELS = ("province", "district", "commune")
CHANNELS = ("direct", "online", "bcci")
# Statuses of a dossier (Decree 61/2018, Circular 01/2018/TT-VPCP). `received` and the three
# waiting ones are pending; `resolved` and `returned` (result handed over) need a resolution date;
# `cancelled` and `withdrawn` count in no indicator but `cancelled`.
STATUSES = (
    "received",
    "in_progress",
    "supplement_requested",
    "suspended",
    "resolved",
    "returned",
    "rejected",
    "cancelled",
    "withdrawn",
)
RESOLVED_STATUSES = ("resolved", "returned")
CANCELLED_STATUSES = ("cancelled", "withdrawn")

# Output dtypes of the normalised log (what a Parquet part in the store holds).
SCHEMA: dict[str, pl.DataType] = {
    **{n: pl.String() for n in NAMES},
    **{n: pl.Date() for n in DATE_FIELDS},
    "returned_by_bcci": pl.Boolean(),
    "apology_sent": pl.Boolean(),
}
SCHEMA = {n: SCHEMA[n] for n in NAMES}


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form every comparison of text assumes."""
    return unicodedata.normalize("NFC", text)


@functools.lru_cache(maxsize=8192)  # header matching folds the same few hundred names often
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
                "dịch vụ bcci",
                "qua bcci",
                "bưu điện",
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
            "received": (
                "mới tiếp nhận",
                "đã tiếp nhận",
                "tiếp nhận",
                "chờ tiếp nhận",
                "mới",
                "chờ xử lý",
            ),
            "in_progress": (
                "đang xử lý",
                "đang giải quyết",
                "chưa giải quyết",
                "đang thụ lý",
                "đang thẩm định",
                "chờ phê duyệt",
                "chờ ký duyệt",
                "đang trình ký",
                "chuyển xử lý",
                "pending",
            ),
            "supplement_requested": (
                "chờ bổ sung",
                "yêu cầu bổ sung",
                "bổ sung hồ sơ",
                "chờ bổ sung hồ sơ",
                "đề nghị bổ sung",
                "yêu cầu bổ sung hồ sơ",
            ),
            "suspended": ("tạm dừng", "tạm dừng xử lý", "dừng xử lý", "tạm ngưng"),
            "resolved": (
                "đã giải quyết",
                "đã có kết quả",
                "có kết quả",
                "hoàn thành",
                "đã xử lý xong",
                "đã hoàn thành",
                "chờ trả kết quả",
            ),
            "returned": ("đã trả kết quả", "đã trả", "trả kết quả", "đã trả kết quả cho công dân"),
            "rejected": ("từ chối", "từ chối giải quyết", "không giải quyết", "không đủ điều kiện"),
            "cancelled": ("đã hủy", "hủy", "hủy hồ sơ", "đã hủy hồ sơ", "hồ sơ bị hủy"),
            "withdrawn": ("rút hồ sơ", "công dân rút hồ sơ", "đã rút", "rút", "đã rút hồ sơ"),
        }
    ),
}
# A dossier "returned" without a decision goes back to the applicant unresolved.
VOCAB["status"].update({fold("trả lại"): "rejected", fold("trả lại hồ sơ"): "rejected"})
VOCAB["channel"].update({"bcci": "bcci", "buu dien": "bcci"})
