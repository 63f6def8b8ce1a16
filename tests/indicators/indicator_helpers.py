"""Messy-export material shared by the indicators tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

HEADER = (
    "STT;Mã hồ sơ;Mã thủ tục;Lĩnh vực;Cơ quan tiếp nhận;Cấp;Hình thức nộp;"
    "Ngày tiếp nhận;Hạn xử lý;Ngày có kết quả;Đã xin lỗi"
)
TITLE = "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nBÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ NĂM 2020\n"
GOOD = [
    "1;HS-001;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tuyến;05/03/2020;10/03/2020;09/03/2020;",
    "2;HS-002;1.002;Đất đai;UBND huyện Bát Xát;Cấp huyện;Trực tiếp;2020-03-06;43900;;",
    "3;HS-003;1.003;Hộ tịch;UBND xã Cốc San;Cấp xã;Bưu chính công ích;"
    "06/03/2020;09/03/2020;12/03/2020;Có",
]

Writer = Callable[..., Path]
