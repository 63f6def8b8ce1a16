"""The council sees what a new year's criteria change: the diff of a known pair, exactly."""

from __future__ import annotations

from decimal import Decimal

from parindex.core.diff import Change, framework_diff
from parindex.frameworks import find
from parindex.io.framework_yaml import load_framework_yaml
from parindex.presentation.diff import diff_lines

OLD = """
schema: parindex/framework/1
code: so-nganh
title: "Bộ tiêu chí sở"
legal_basis: "QĐ 1"
version: "2024.1"
years: [2024]
unit_kind: department
blocks:
  - {code: appraisal, title: "Thẩm định", max: 8}
  - {code: survey, title: "Điều tra", max: 2}
nodes:
  - code: "1"
    title: "Chỉ đạo điều hành"
    max: 5
    block: appraisal
    children:
      - {code: "1.1", title: "Kế hoạch", max: 3, rule: {kind: manual}}
      - {code: "1.2", title: "Báo cáo", max: 2, rule: {kind: manual}}
  - code: "2"
    title: "Thể chế"
    max: 3
    block: appraisal
    children:
      - {code: "2.1", title: "Văn bản", max: 2, rule: {kind: manual}}
      - {code: "2.2", title: "Kiểm tra", max: 1, rule: {kind: manual}}
  - {code: "DT", title: "Điều tra", max: 2, block: survey, scored_by: survey, rule: {kind: manual}}
"""

NEW = """
schema: parindex/framework/1
code: so-nganh
title: "Bộ tiêu chí sở"
legal_basis: "QĐ 2"
version: "2025.1"
years: [2025]
unit_kind: department
blocks:
  - {code: appraisal, title: "Thẩm định", max: 8}
  - {code: survey, title: "Điều tra", max: 2}
nodes:
  - code: "1"
    title: "Chỉ đạo điều hành"
    max: 5
    block: appraisal
    children:
      - {code: "1.1", title: "Kế hoạch CCHC năm", max: 2.5, rule: {kind: manual}}
      - {code: "1.3", title: "Tuyên truyền", max: 0.5, rule: {kind: manual}}
      - code: "2.2"
        title: "Kiểm tra"
        max: 2
        inputs: {done: {kind: yes_no}}
        rule: {kind: yes_no, input: done}
  - code: "2"
    title: "Thể chế"
    max: 3
    block: appraisal
    children:
      - {code: "2.1", title: "Văn bản", max: 3, rule: {kind: manual}}
  - {code: "DT", title: "Điều tra", max: 2, block: survey, scored_by: survey, rule: {kind: manual}}
"""


def test_diff_of_a_known_pair_lists_every_change_in_tree_order() -> None:
    diff = framework_diff(load_framework_yaml(OLD, "old"), load_framework_yaml(NEW, "new"))
    assert (diff.old, diff.new) == ("so-nganh@2024.1", "so-nganh@2025.1")
    assert diff.changes == (
        Change("renamed", "1.1", "Kế hoạch", "Kế hoạch CCHC năm", "Kế hoạch CCHC năm"),
        Change("max_changed", "1.1", Decimal(3), Decimal("2.5"), "Kế hoạch CCHC năm"),
        Change("added", "1.3", None, Decimal("0.5"), "Tuyên truyền"),
        Change("max_changed", "2.2", Decimal(1), Decimal(2), "Kiểm tra"),
        Change("rule_changed", "2.2", "manual", "yes_no(input=done)", "Kiểm tra"),
        Change("moved", "2.2", "2", "1", "Kiểm tra"),
        Change("max_changed", "2.1", Decimal(2), Decimal(3), "Văn bản"),
        Change("removed", "1.2", Decimal(2), None, "Báo cáo"),
    )
    assert diff.counts() == {
        "renamed": 1,
        "max_changed": 3,
        "added": 1,
        "rule_changed": 1,
        "moved": 1,
        "removed": 1,
    }


def test_diff_in_vietnamese_and_english() -> None:
    diff = framework_diff(load_framework_yaml(OLD, "old"), load_framework_yaml(NEW, "new"))
    vi = diff_lines(diff)
    assert vi[0] == "Khác biệt từ so-nganh@2024.1 đến so-nganh@2025.1"
    assert vi[1] == "Đổi tên 1.1: «Kế hoạch» thành «Kế hoạch CCHC năm»"
    assert vi[2] == "Điểm tối đa của 1.1 «Kế hoạch CCHC năm»: 3 thành 2,5"
    assert vi[6] == "Chuyển 2.2 «Kiểm tra» từ dưới 2 sang dưới 1"
    assert vi[8] == "Bỏ 1.2 «Báo cáo» (2 điểm)"
    en = diff_lines(diff, "en")
    assert en[3] == "Added 1.3 'Tuyên truyền' (0.5 points)"


def test_a_version_against_itself_has_no_change() -> None:
    framework = find("par-province-1149")
    diff = framework_diff(framework, framework)
    assert not diff
    assert diff_lines(diff)[1:] == ["Không có thay đổi."]


def test_blocks_and_scorers_are_reported_where_they_change() -> None:
    old = find("par-province-876")
    new = find("par-province-892")
    diff = framework_diff(old, new)
    kinds = diff.counts()
    assert kinds["framework_block_removed"] >= 1
    assert all(c.kind != "renamed" or c.before != c.after for c in diff.changes)
