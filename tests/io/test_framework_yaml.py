"""A framework written back to YAML loads to the same framework, in the shipped files' layout."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.errors import FrameworkError
from parindex.core.loader import load_framework, parse_yaml
from parindex.core.model import Framework, Node
from parindex.core.rules import Rule
from parindex.frameworks import find, shipped
from parindex.io.framework_yaml import (
    TOP_KEYS,
    differs_only_in_english,
    dump_framework_yaml,
    framework_document,
)

# Every rule kind, every input kind and the awkward texts a secretariat writes: shared with
# test_framework_excel.py (pytest puts this directory on the import path, as for core_helpers).
EVERY_KIND = """\
schema: parindex/framework/1
code: every-kind
title: "Bộ tiêu chí thử: mọi cách tính"
title_en: "Every rule kind"
legal_basis: "QĐ thử nghiệm"
version: "3"
years: [2024]
unit_kind: district
sources: {qd: "Quyết định thử", "yes": "A source keyed like a YAML boolean"}
blocks:
  - {code: appraisal, title: "Thẩm định", max: 14.3}
  - {code: survey, title: "Điều tra", max: 1}
nodes:
  - code: "A"
    title: "Lĩnh vực A"
    max: 14.3
    block: appraisal
    source: qd
    children:
      - code: "A.1"
        title: "Tỷ lệ đúng hạn"
        max: 1.5
        inputs:
          on_time: {kind: count, title: "Số hồ sơ đúng hạn", unit: "hồ sơ"}
          total: {kind: count, title: "Tổng số [đã giải quyết]"}
        rule: {kind: proportional, numerator: on_time, denominator: total, when_zero: zero}
        explain: {vi: "đạt {rate:.4}%", en: "{rate:.4}%", fr: "taux {rate}"}
      - code: "A.2"
        title: "Ngưỡng"
        max: 0.5
        inputs: {rate: {kind: percent, unit: "%"}}
        rule: {kind: threshold_proportional, value: rate, target: 50}
      - code: "A.3"
        title: "Cơ sở cộng tỷ lệ"
        max: 1
        inputs: {done: {kind: money}, planned: {kind: money}}
        rule: {kind: base_proportional, base: 0.25, numerator: done, denominator: planned}
      - code: "A.4"
        title: "Khoảng"
        max: 1
        inputs: {met: {kind: count}, targets: {kind: count}}
        rule:
          kind: bands
          numerator: met
          denominator: targets
          bands:
            - {from: 100, to: null, points: 1}
            - {from: 80, to: 100, points: 0.5}
            - {from: null, to: 80, points: 0}
      - code: "A.5"
        title: "So với năm trước"
        max: 1
        inputs: {growth: {kind: number}, growth_before: {kind: number}}
        rule: {kind: compare_previous, value: growth, previous: growth_before, or_equal: true}
      - code: "A.6"
        title: "Có/không"
        max: 1
        inputs: {issued: {kind: yes_no, title: "Đã ban hành"}}
        rule: {kind: yes_no, input: issued, "yes": 0.75, "no": 0.25}
      - code: "A.7"
        title: "Mức độ"
        max: 1
        inputs: {level: {kind: choice, title: "Mức độ", choices: ["tốt", "khá", "no"]}}
        rule: {kind: choice, input: level, points: {"tốt": 1, "khá": 0.5, "no": 0}}
      - code: "A.8"
        title: "Thưởng"
        max: 1
        inputs: {prizes: {kind: count}}
        rule: {kind: bonus, input: prizes, per: 0.25}
      - code: "A.9"
        title: "Trừ điểm"
        max: 1
        scored_by: ministry
        inputs: {late: {kind: count}}
        rule: {kind: penalty, input: late, per: 0.125}
      - code: "A.10"
        title: "Công thức"
        max: 2.3
        guidance: "= điểm tối đa × tỷ lệ\\nDòng hai: \\"ngoặc kép\\", dấu # không là chú thích"
        evidence: ["Báo cáo năm", "Quyết định, kèm danh sách"]
        inputs: {a: {kind: number}, b: {kind: yes_no}}
        rule: {kind: formula, expr: "min(MAX, a * 0.1) if b else 0"}
      - code: "A.11"
        title: "Chưa công bố"
        title_en: "Not published"
        max: 3
        published: false
        rule: {kind: manual}
  - code: "S"
    title: "Điều tra"
    max: 1
    block: survey
    scored_by: survey
    children:
      - {code: "S.1", title: "Điểm điều tra", max: 1, rule: {kind: manual}}
"""


def rule_state(rule: Rule | None) -> Any:
    """What a rule does, as comparable data (rules have no equality of their own)."""
    if rule is None:
        return None

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if hasattr(value, "text") and hasattr(value, "names"):  # a Formula
            return value.text
        return value

    return (rule.kind, {k: plain(v) for k, v in vars(rule).items()})


def node_state(node: Node) -> dict[str, Any]:
    """Everything a node says, children by code."""
    return {
        "code": node.code,
        "title": node.title,
        "title_en": node.title_en,
        "max": node.max,
        "block": node.block,
        "scored_by": node.scored_by,
        "depth": node.depth,
        "published": node.published,
        "source": node.source,
        "guidance": node.guidance,
        "evidence": node.evidence,
        "inputs": node.inputs,
        "rule": rule_state(node.rule),
        "explain": dict(node.explain),
        "children": [c.code for c in node.children],
    }


def assert_same_framework(actual: Framework, expected: Framework) -> None:
    """Identity, blocks, sources and every node, compared one by one."""
    for name in ("code", "title", "title_en", "legal_basis", "version", "years", "unit_kind"):
        assert getattr(actual, name) == getattr(expected, name), name
    assert actual.blocks == expected.blocks
    assert dict(actual.sources) == dict(expected.sources)
    assert [n.code for n in actual.walk()] == [n.code for n in expected.walk()]
    for node in expected.walk():
        assert node_state(actual[node.code]) == node_state(node), node.code


def every_kind() -> Framework:
    return load_framework(EVERY_KIND, "every-kind.yaml")


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.name)
def test_dump_of_a_shipped_framework_loads_to_the_same_framework(path):
    framework = find(str(path))
    assert_same_framework(load_framework(dump_framework_yaml(framework), "dump.yaml"), framework)


def test_dump_of_every_rule_kind_loads_to_the_same_framework():
    framework = every_kind()
    text = dump_framework_yaml(framework)
    assert_same_framework(load_framework(text, "dump.yaml"), framework)


def test_dump_is_stable_when_written_twice():
    framework = find("par-province-1149")
    once = dump_framework_yaml(framework)
    assert dump_framework_yaml(load_framework(once, "once.yaml")) == once


def test_dump_of_a_document_writes_the_document_as_given():
    document = parse_yaml(EVERY_KIND, "every-kind.yaml")
    text = dump_framework_yaml(document)
    assert parse_yaml(text, "dump.yaml") == document
    # The bands stay in the order the author wrote them (the parsed rule sorts them).
    assert text.index("from: 100") < text.index("from: 80") < text.index("from: null")


def test_keys_follow_the_order_of_the_shipped_file():
    text = dump_framework_yaml(find("par-province-1149"))
    top = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert top == list(TOP_KEYS)
    start = text.index('          - code: "3.4.1"')
    block = text[start : text.index('          - code: "3.4.2"')].splitlines()
    keys = [line[12:].split(":")[0] for line in block if line[12:13].isalpha()]
    assert keys == [
        "code",
        "title",
        "title_en",
        "max",
        "source",
        "guidance",
        "guidance_en",
        "evidence",
        "evidence_en",
        "inputs",
        "rule",
        "explain",
    ]


def test_decimals_are_written_exactly_and_never_as_floats():
    framework = every_kind()
    document = framework_document(framework)
    document["blocks"][0]["max"] = Decimal("14.30")
    text = dump_framework_yaml(document)
    assert "max: 14.30}" in text
    assert "max: 2.3\n" in text
    assert "per: 0.125}" in text
    loaded = parse_yaml(text, "dump.yaml")
    assert loaded["blocks"][0]["max"] == Decimal("14.30")
    assert isinstance(loaded["blocks"][0]["max"], Decimal)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("1E+1"), "10"),
        (Decimal("0.00000001"), "0.00000001"),
        (Decimal("-0.5"), "-0.5"),
        (Decimal("66.50"), "66.50"),
    ],
)
def test_a_decimal_is_written_in_fixed_notation(value, written):
    from parindex.io.framework_yaml import scalar

    assert scalar(value) == written
    assert parse_yaml(f"x: {written}")["x"] == value


def test_vietnamese_text_is_written_as_it_is():
    text = dump_framework_yaml(find("par-province-1149"))
    assert 'title: "Cải cách thủ tục hành chính"' in text
    assert "\\u" not in text


def test_words_yaml_readers_take_for_booleans_stay_text():
    text = dump_framework_yaml(every_kind())
    plain = yaml.safe_load(text)  # a YAML 1.1 reader, stricter than ours
    assert plain["sources"]["yes"] == "A source keyed like a YAML boolean"
    a6 = plain["nodes"][0]["children"][5]
    assert a6["rule"] == {"kind": "yes_no", "input": "issued", "yes": 0.75, "no": 0.25}
    assert plain["nodes"][0]["children"][6]["inputs"]["level"]["choices"] == ["tốt", "khá", "no"]


def test_multi_line_text_is_written_as_a_literal_block():
    document = framework_document(every_kind())
    document["nodes"][0]["guidance"] = "Dòng một\n\nDòng ba"
    text = dump_framework_yaml(document)
    assert "guidance: |-\n      Dòng một\n\n      Dòng ba\n" in text
    assert load_framework(text, "x.yaml")["A"].guidance == "Dòng một\n\nDòng ba"


def test_the_implicit_input_of_a_manual_rule_is_not_written():
    text = dump_framework_yaml(every_kind())
    assert "points: {kind: points" not in text


def test_a_comment_heads_the_file():
    text = dump_framework_yaml(every_kind(), comment="Imported from lao-cai.xlsx\n\nby parindex")
    assert text.startswith("# Imported from lao-cai.xlsx\n#\n# by parindex\nschema:")


def test_a_rule_kind_the_writer_does_not_know_is_reported_not_guessed():
    class Custom(Rule):
        kind = "custom"

        @classmethod
        def parse(cls, spec, ctx):  # pragma: no cover - never parsed here
            return cls()

        def input_names(self):  # pragma: no cover
            return ()

        def evaluate(self, max_points, values, previous):  # pragma: no cover
            raise NotImplementedError

    framework = every_kind()
    leaf = dataclasses.replace(framework["S.1"], rule=Custom())
    area = dataclasses.replace(framework["S"], children=(leaf,))
    odd = dataclasses.replace(framework, nodes=(framework.nodes[0], area))
    with pytest.raises(FrameworkError) as excinfo:
        dump_framework_yaml(odd)
    (problem,) = excinfo.value.problems
    assert (problem.code, problem.node) == ("rule_not_writable", "S.1")


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(title=TEXT.filter(lambda t: t != ""), guidance=TEXT, key=TEXT.filter(lambda t: t != ""))
def test_any_text_survives_the_round_trip(title, guidance, key):
    document = framework_document(every_kind())
    document["title"] = title
    document["nodes"][0]["guidance"] = guidance
    document["sources"] = {key: guidance}
    document["nodes"][0]["explain"] = {key: title}
    loaded = parse_yaml(dump_framework_yaml(document), "dump.yaml")
    assert loaded["title"] == title
    assert loaded["nodes"][0]["guidance"] == guidance
    assert loaded["sources"] == {key: guidance}
    assert loaded["nodes"][0]["explain"] == {key: title}


def test_a_translation_differs_only_in_english_and_any_other_change_does_not():
    framework = find("par-province-1149")
    node = framework["3.4.1"]
    retitled = dataclasses.replace(
        node, title_en="Dossiers of provincial agencies resolved on time"
    )
    explained = dataclasses.replace(retitled, explain={**node.explain, "en": "late: {rate}%"})
    translated = _with_node(framework, explained)
    assert differs_only_in_english(framework, translated)
    assert not differs_only_in_english(framework, framework)  # no difference at all
    renamed = _with_node(translated, dataclasses.replace(explained, title="Tỷ lệ hồ sơ đúng hạn"))
    assert not differs_only_in_english(framework, renamed)
    assert not differs_only_in_english(framework, dataclasses.replace(translated, years=(2020,)))


def _with_node(framework, node):
    """``framework`` with ``node`` put in place of the node of the same code."""

    def swap(n):
        if n.code == node.code:
            return node
        return dataclasses.replace(n, children=tuple(swap(c) for c in n.children))

    return dataclasses.replace(framework, nodes=tuple(swap(n) for n in framework.nodes))
