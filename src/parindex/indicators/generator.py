"""Seeded synthetic dossier logs: the seed's 2020 counts by level, scalable to 50 million rows.

With ``rows=None`` the log is one province's 2020 (Lào Cai's scale) and reproduces the seed's
counts exactly: resolved on time / resolved, dossiers received in 2020 and read at 31/12/2020 —
province 180.840 / 185.443, district 39.265 / 39.733, commune 201.628 / 201.893. The seed prints
39.773 for the district but states 98,8221 % and 1,4823 points, which only 39.265 / 39.733
gives; the generator follows the rate and the score. With ``rows=N`` the same profile (level
shares, on-time and pending rates) is scaled to N rows over as many virtual provinces as needed,
each with its own agencies. Rows are produced in chunks, so memory stays bounded at any size.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

CHUNK_ROWS = 1_000_000
PROVINCE_ROWS = 430_000  # a province's dossiers in a year, at Lào Cai's 2020 scale

# (resolved on time, resolved, still pending at 31/12) per level; pending is synthetic.
SEED_2020: dict[str, tuple[int, int, int]] = {
    "province": (180_840, 185_443, 1_850),
    "district": (39_265, 39_733, 310),
    "commune": (201_628, 201_893, 420),
}
LEVEL_TEXT = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}
CHANNEL_TEXT = ("Trực tiếp", "Trực tuyến", "Bưu chính công ích")
# Share of dossiers received online / by BCCI, per level (2020-like).
CHANNEL_SHARES = {
    "province": (0.62, 0.35, 0.03),
    "district": (0.85, 0.12, 0.03),
    "commune": (0.93, 0.06, 0.01),
}
BCCI_RETURN = {"province": 0.08, "district": 0.04, "commune": 0.01}
APOLOGY_SENT = 0.7
ONLINE_PROCEDURES = 0.4  # share of procedures offered online (level 3-4) in 2020

HEADERS = {
    "dossier_id": "Mã hồ sơ",
    "procedure_code": "Mã thủ tục",
    "procedure_name": "Tên thủ tục",
    "field": "Lĩnh vực",
    "agency_code": "Mã cơ quan",
    "agency_name": "Cơ quan tiếp nhận",
    "level": "Cấp",
    "channel": "Hình thức nộp",
    "returned_by_bcci": "Trả kết quả qua BCCI",
    "received_date": "Ngày tiếp nhận",
    "due_date": "Hạn xử lý",
    "resolved_date": "Ngày có kết quả",
    "returned_date": "Ngày trả kết quả",
    "status": "Trạng thái",
    "apology_sent": "Đã xin lỗi",
}

DEPARTMENTS = (
    ("STP", "Sở Tư pháp", ("Hộ tịch", "Lý lịch tư pháp", "Luật sư")),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", ("Đăng ký doanh nghiệp", "Đầu tư")),
    ("STNMT", "Sở Tài nguyên và Môi trường", ("Đất đai", "Môi trường", "Tài nguyên nước")),
    ("SGTVT", "Sở Giao thông vận tải", ("Đường bộ", "Đăng kiểm")),
    ("SXD", "Sở Xây dựng", ("Xây dựng", "Nhà ở")),
    ("SCT", "Sở Công Thương", ("Thương mại", "An toàn thực phẩm")),
    ("SYT", "Sở Y tế", ("Khám bệnh, chữa bệnh", "Dược phẩm")),
    ("SGDDT", "Sở Giáo dục và Đào tạo", ("Văn bằng, chứng chỉ", "Giáo dục")),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", ("Lao động", "Người có công")),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", ("Thú y", "Lâm nghiệp")),
    ("STC", "Sở Tài chính", ("Quản lý giá", "Tài chính doanh nghiệp")),
    ("SNV", "Sở Nội vụ", ("Tôn giáo", "Thi đua khen thưởng")),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", ("Du lịch", "Văn hóa")),
    ("SKHCN", "Sở Khoa học và Công nghệ", ("Sở hữu trí tuệ", "Tiêu chuẩn đo lường")),
    ("STTTT", "Sở Thông tin và Truyền thông", ("Báo chí", "Xuất bản")),
    ("SNGV", "Sở Ngoại vụ", ("Lãnh sự",)),
    ("BQLKKT", "Ban Quản lý các khu kinh tế", ("Đầu tư",)),
    ("SDT", "Ban Dân tộc", ("Dân tộc",)),
)
LOCAL_FIELDS = {
    "district": (
        "Hộ tịch",
        "Chứng thực",
        "Đất đai",
        "Đăng ký kinh doanh",
        "Xây dựng",
        "Lao động",
        "Bảo trợ xã hội",
    ),
    "commune": (
        "Hộ tịch",
        "Chứng thực",
        "Bảo trợ xã hội",
        "Người có công",
        "Đất đai",
        "Nông nghiệp",
    ),
}
DISTRICTS = (
    "Thành phố Lào Cai",
    "Bát Xát",
    "Mường Khương",
    "Si Ma Cai",
    "Bắc Hà",
    "Bảo Thắng",
    "Bảo Yên",
    "Sa Pa",
    "Văn Bàn",
)
SYLLABLES = (
    "Bản",
    "Cốc",
    "Nậm",
    "Tả",
    "Phìn",
    "Sín",
    "Mường",
    "Lùng",
    "Thanh",
    "Xuân",
    "Gia",
    "Phú",
    "Tân",
    "Minh",
    "Quang",
    "Kim",
    "Sơn",
    "Hòa",
    "Trịnh",
    "Tường",
    "Vạn",
    "Hợp",
    "Thái",
    "Niên",
)
ACTIONS = ("Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Đăng ký", "Xác nhận", "Thẩm định")
DAYS = np.array([1, 3, 5, 7, 10, 15, 20, 30])
MONTH_WEIGHT = (0.85, 0.6, 1.0, 1.0, 1.05, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.2)  # Tết, year end


@dataclass(frozen=True)
class _Catalogue:
    """Agencies and procedures of one level in one virtual province."""

    agency_code: np.ndarray
    agency_name: np.ndarray
    agency_weight: np.ndarray  # share of the level's dossiers
    agency_late: np.ndarray  # relative propensity to be late
    proc_code: np.ndarray  # per (agency, k) procedure pool, flattened
    proc_name: np.ndarray
    proc_field: np.ndarray
    proc_days: np.ndarray
    proc_late: np.ndarray
    proc_online: np.ndarray  # whether the procedure is offered online at all
    pool_start: np.ndarray
    pool_size: np.ndarray


def _procedures(
    level: str, fields: tuple[str, ...], rng: np.random.Generator
) -> list[tuple[str, str, str, int]]:
    """Return (code, name, field, statutory days) for each procedure of the given fields."""
    out: list[tuple[str, str, str, int]] = []
    base = {"province": 1, "district": 2, "commune": 3}[level]
    for field in fields:
        for action in ACTIONS[: 3 + (len(field) % 4)]:
            n = len(out) + 1
            digest = sum(ord(c) for c in field + action) % 9000 + 1000
            code = f"{base}.00{digest:04d}.{n:03d}"
            days = (
                int(DAYS[rng.integers(0, len(DAYS))])
                if level != "commune"
                else int(rng.choice([1, 3, 5, 7]))
            )
            out.append((code, f"{action} {field.lower()}", field, days))
    return out


def _catalogue(level: str, province: int, seed: int) -> _Catalogue:
    rng = np.random.default_rng(
        [seed, province, {"province": 1, "district": 2, "commune": 3}[level]]
    )
    prefix = f"{province:02d}"
    agencies: list[tuple[str, str, tuple[str, ...]]] = []
    if level == "province":
        agencies = [(f"{prefix}.{a}", n, f) for a, n, f in DEPARTMENTS]
    elif level == "district":
        for i, name in enumerate(DISTRICTS):
            label = name if name.startswith("Thành phố") else f"huyện {name}"
            suffix = "" if province == 1 else f" ({prefix})"
            agencies.append(
                (f"{prefix}.H{i + 1:02d}", f"UBND {label}{suffix}", LOCAL_FIELDS["district"])
            )
    else:
        for i in range(152):
            a, b = SYLLABLES[i % len(SYLLABLES)], SYLLABLES[(i * 7 + 3) % len(SYLLABLES)]
            kind = "phường" if i % 19 == 0 else ("thị trấn" if i % 17 == 0 else "xã")
            suffix = "" if province == 1 else f" ({prefix})"
            agencies.append(
                (
                    f"{prefix}.X{i + 1:03d}",
                    f"UBND {kind} {a} {b} {i + 1}{suffix}",
                    LOCAL_FIELDS["commune"],
                )
            )
    codes, names, fields_per = zip(*agencies, strict=True)
    weight = rng.lognormal(0.0, 0.9, len(agencies))
    # Late dossiers concentrate in a few agencies: heavy-tailed propensity.
    late = rng.lognormal(0.0, 1.2, len(agencies))
    p_code, p_name, p_field, p_days, p_late, start, size = [], [], [], [], [], [], []  # type: ignore[var-annotated]  # parallel columns filled below; np.array takes any list
    field_late = {f: float(rng.lognormal(0.0, 0.8)) for fs in fields_per for f in fs}
    for fs in fields_per:
        procs = _procedures(level, fs, rng)
        start.append(len(p_code))
        size.append(len(procs))
        for code, name, field, days in procs:
            p_code.append(code)
            p_name.append(name)
            p_field.append(field)
            p_days.append(days)
            p_late.append(field_late[field] * (1.6 if field == "Đất đai" else 1.0))
    return _Catalogue(
        np.array(codes),
        np.array(names),
        weight / weight.sum(),
        late,
        np.array(p_code),
        np.array(p_name),
        np.array(p_field),
        np.array(p_days),
        np.array(p_late),
        # By code, so a procedure is online (or not) in every agency that handles it.
        np.array([zlib.crc32(c.encode()) % 1000 < ONLINE_PROCEDURES * 1000 for c in p_code]),
        np.array(start),
        np.array(size),
    )


def _split(total: int, parts: int, index: int) -> int:
    """Return part `index` of `total` split into `parts` near-equal integers (exact sum)."""
    return total * (index + 1) // parts - total * index // parts


def _plan(rows: int | None) -> tuple[int, dict[str, tuple[int, int, int]]]:
    """Return (virtual provinces, level → (on time, resolved, pending) in total)."""
    if rows is None:
        return 1, dict(SEED_2020)
    base = sum(r + p for _, r, p in SEED_2020.values())
    provinces = max(1, math.ceil(rows / PROVINCE_ROWS))
    plan: dict[str, tuple[int, int, int]] = {}
    assigned = 0
    levels = list(SEED_2020)
    for i, level in enumerate(levels):
        on_time, resolved, pending = SEED_2020[level]
        n = rows - assigned if i == len(levels) - 1 else round(rows * (resolved + pending) / base)
        assigned += n
        n_pending = round(n * pending / (resolved + pending))
        n_resolved = n - n_pending
        plan[level] = (round(n_resolved * on_time / resolved), n_resolved, n_pending)
    return provinces, plan


def _day_weights(year: int) -> np.ndarray:
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    w = np.empty(days)
    for i in range(days):
        d = start + dt.timedelta(days=i)
        w[i] = MONTH_WEIGHT[d.month - 1] * (
            1.0 if d.weekday() < 5 else 0.3 if d.weekday() == 5 else 0.02
        )
    return w / w.sum()


def _chunk(
    level: str,
    cat: _Catalogue,
    n_on: int,
    n_late: int,
    n_pend: int,
    year: int,
    rng: np.random.Generator,
    first_id: int,
    province: int,
) -> pl.DataFrame:
    n = n_on + n_late + n_pend
    agency = rng.choice(len(cat.agency_code), size=n, p=cat.agency_weight)
    # Procedures: a skewed pick within the agency's pool (a few procedures dominate).
    pick = np.minimum((rng.pareto(1.5, n) * 2).astype(np.int64), cat.pool_size[agency] - 1)
    proc = cat.pool_start[agency] + pick
    # Outcome: late dossiers go preferentially to late-prone agencies and fields (Gumbel top-k).
    outcome = np.zeros(n, dtype=np.int8)  # 0 on time, 1 late, 2 pending
    outcome[n_on + n_late :] = 2
    resolved_idx = np.arange(n_on + n_late)
    if n_late:
        propensity = np.log(
            cat.agency_late[agency[resolved_idx]] * cat.proc_late[proc[resolved_idx]]
        )
        keys = propensity + rng.gumbel(size=len(resolved_idx))
        late_idx = np.argpartition(-keys, n_late - 1)[:n_late]
        outcome[late_idx] = 1
    days = cat.proc_days[proc]
    end = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days
    received = rng.choice(end + 1, size=n, p=_day_weights(year)).astype(np.int64)
    slack = np.floor(rng.beta(2.0, 1.5, n) * (days + 1)).astype(np.int64)
    overrun = 1 + rng.geometric(0.25, n)
    taken = np.where(outcome == 0, np.minimum(slack, days), days + overrun)
    # Resolved dossiers are resolved by 31/12 (they were counted resolved at year end):
    # move the receipt earlier when the work would run past the year.
    resolved_rows = outcome < 2
    received = np.where(resolved_rows, np.minimum(received, end - taken), received)
    received = np.maximum(received, 0)
    # Pending at year end: received in the last weeks, or long-running late dossiers.
    received = np.where(
        outcome == 2, end - np.floor(rng.exponential(12.0, n)).astype(np.int64), received
    )
    received = np.clip(received, 0, end)
    resolved = np.where(resolved_rows, received + taken, -1)
    resolved = np.where(resolved_rows, np.minimum(resolved, end), -1)
    returned = np.where(resolved_rows, resolved + rng.integers(0, 3, n), -1)
    due = received + days
    shares = CHANNEL_SHARES[level]
    _direct, online, bcci = shares
    # Only procedures offered online receive online dossiers; the level's online share holds.
    boost = min(online / ONLINE_PROCEDURES, 0.95)
    offered = cat.proc_online[proc]
    p_online = np.where(offered, boost, 0.0)
    u = rng.random(n)
    channel = np.where(u < p_online, 1, np.where(u > 1.0 - bcci, 2, 0))
    bcci_return = resolved_rows & (rng.random(n) < BCCI_RETURN[level])
    overdue = (outcome == 2) & (due < end)
    apology = ((outcome == 1) | overdue) & (rng.random(n) < APOLOGY_SENT)
    base = dt.date(year, 1, 1)
    epoch = (base - dt.date(1970, 1, 1)).days

    def as_date(offsets: np.ndarray) -> pl.Series:
        s = pl.Series(offsets + epoch, dtype=pl.Int32).cast(pl.Date)
        return s.set(pl.Series(offsets < 0), None) if (offsets < 0).any() else s

    ids = pl.int_range(first_id, first_id + n, eager=True).cast(pl.String).str.zfill(9)
    return pl.DataFrame({"dossier_id": f"H{province:02d}." + ids}).with_columns(
        procedure_code=pl.Series(cat.proc_code[proc]),
        procedure_name=pl.Series(cat.proc_name[proc]),
        field=pl.Series(cat.proc_field[proc]),
        agency_code=pl.Series(cat.agency_code[agency]),
        agency_name=pl.Series(cat.agency_name[agency]),
        level=pl.lit(LEVEL_TEXT[level]),
        channel=pl.Series(np.array(CHANNEL_TEXT)[channel]),
        returned_by_bcci=pl.Series(np.where(bcci_return, "Có", "Không")),
        received_date=as_date(received),
        due_date=as_date(due),
        resolved_date=as_date(resolved),
        returned_date=as_date(returned),
        status=pl.Series(np.where(resolved_rows, "Đã trả kết quả", "Đang giải quyết")),
        apology_sent=pl.Series(np.where(apology, "Có", "Không")),
    )


def iter_chunks(
    rows: int | None = None, *, seed: int = 2020, year: int = 2020, chunk_rows: int = CHUNK_ROWS
) -> Iterator[pl.DataFrame]:
    """Yield the synthetic log in chunks (normalised column names, typed dates)."""
    provinces, plan = _plan(rows)
    next_id = 1
    for level, (on_time, resolved, pending) in plan.items():
        total = resolved + pending
        chunks_per_province = max(1, math.ceil(total / provinces / chunk_rows))
        parts = provinces * chunks_per_province
        for part in range(parts):
            province = part // chunks_per_province + 1
            cat = _catalogue(level, province, seed)
            n_on = _split(on_time, parts, part)
            n_late = _split(resolved - on_time, parts, part)
            n_pend = _split(pending, parts, part)
            rng = np.random.default_rng([seed, year, part, len(level)])
            yield _chunk(level, cat, n_on, n_late, n_pend, year, rng, next_id, province)
            next_id += n_on + n_late + n_pend


def generate(
    path: str | Path,
    rows: int | None = None,
    *,
    seed: int = 2020,
    year: int = 2020,
    fmt: str | None = None,
    dates: str = "dmy",
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Write a synthetic export (CSV or Parquet, Vietnamese headers); return the rows written.

    CSV dates are dd/mm/yyyy (``dates='dmy'``, as exports print them) or ISO (``'iso'``).
    """
    path = Path(path)
    fmt = fmt or ("parquet" if path.suffix.lower() in (".parquet", ".pq") else "csv")
    total = sum(r + p for _, r, p in _plan(rows)[1].values())
    written = 0
    tmp = path.with_name(f".{path.name}.tmp")
    writer = None
    try:
        with tmp.open("wb") as fh:
            for i, chunk in enumerate(iter_chunks(rows, seed=seed, year=year)):
                out = chunk.rename(HEADERS)
                if fmt == "csv":
                    if dates == "dmy":
                        out = out.with_columns(
                            pl.col(HEADERS[c]).dt.strftime("%d/%m/%Y")
                            for c in ("received_date", "due_date", "resolved_date", "returned_date")
                        )
                    out.write_csv(fh, include_header=i == 0)
                else:
                    import pyarrow.parquet as pq

                    table = out.to_arrow()
                    if writer is None:
                        writer = pq.ParquetWriter(fh, table.schema, compression="zstd")
                    writer.write_table(table)
                written += out.height
                if progress:
                    progress("generate", written, total)
            if writer is not None:
                writer.close()
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return written
