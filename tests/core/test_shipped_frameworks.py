"""The framework files shipped with parindex: what each one claims, and that it holds."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from parindex import frameworks
from parindex.core.model import Framework
from parindex.core.scoring import score

EXAMPLE_VI = "Bộ tiêu chí mẫu — tỉnh điều chỉnh theo quyết định của mình"
EXAMPLE_EN = "Example criteria set — the province adapts it to its own decision"

# code: (unit kind, years, areas, criteria, sub-criteria, {block: max})
SHIPPED = {
    "par-province-1149": ("province", (2020, 2021), 9, 17, 8, {"appraisal": 66.5, "survey": 33.5}),
    "par-province-876": ("province", (2022, 2023), 2, 0, 0, {"appraisal": 68, "survey": 32}),
    "par-province-892": ("province", tuple(range(2024, 2031)), 5, 5, 0, {"total": 100}),
    "par-department-example": (
        "department",
        tuple(range(2020, 2031)),
        8,
        31,
        65,
        {"appraisal": 80, "survey": 20},
    ),
    "par-commune-example": (
        "commune",
        tuple(range(2020, 2031)),
        8,
        28,
        50,
        {"appraisal": 70, "survey": 30},
    ),
}


def levels(framework: Framework) -> tuple[int, int, int]:
    counts = [0, 0, 0]
    for node in framework.walk():
        counts[node.depth - 1] += 1
    return counts[0], counts[1], counts[2]


def test_every_shipped_file_is_in_the_table() -> None:
    assert {frameworks.load_path(p).code for p in frameworks.shipped()} == set(SHIPPED)


@pytest.mark.parametrize(("code", "claims"), SHIPPED.items())
def test_shipped_framework_has_the_shape_it_claims(code: str, claims: tuple) -> None:
    unit_kind, years, areas, criteria, subs, blocks = claims
    framework = frameworks.find(code)
    assert (framework.unit_kind, framework.years) == (unit_kind, years)
    assert levels(framework) == (areas, criteria, subs)
    assert {b.code: b.max for b in framework.blocks} == {
        k: Decimal(str(v)) for k, v in blocks.items()
    }
    for block in framework.blocks:
        leaves = [n.max for n in framework.leaves() if n.block == block.code]
        assert sum(leaves, Decimal(0)) == block.max
    assert framework.max == 100


@pytest.mark.parametrize("code", SHIPPED)
def test_every_node_has_an_english_title(code: str) -> None:
    assert [n.code for n in frameworks.find(code).walk() if not n.title_en] == []


@pytest.mark.parametrize("code", SHIPPED)
def test_every_text_of_a_shipped_framework_has_its_english(code: str) -> None:
    """Titles, legal basis, guidance, evidence, lost-point sentences, input labels, units and
    choices: an English page shows no Vietnamese from a shipped framework."""
    assert frameworks.find(code).english_missing() == []


def test_english_missing_names_each_text_without_english() -> None:
    framework = frameworks.find("par-department-example")
    leaf = framework["6.3.2"]
    spec = leaf.input("autonomy")
    assert spec is not None
    bare = replace(spec, title_en="", choices_en=())
    node = replace(leaf, guidance="Hướng dẫn", guidance_en="", inputs=(bare,))
    area = framework.nodes[0]
    changed = replace(framework, legal_basis_en="", nodes=(replace(area, children=(node,)),))
    assert changed.english_missing() == [
        ("", "legal_basis"),
        ("6.3.2", "guidance"),
        ("6.3.2", "inputs.autonomy.title"),
        ("6.3.2", "inputs.autonomy.choices"),
    ]


def test_a_choice_shows_its_english_label_and_keeps_its_stored_value() -> None:
    spec = frameworks.find("par-department-example")["1.4.2"].input("channels")
    assert spec is not None
    assert spec.choice_labels("en") == (
        ("từ 3 hình thức trở lên", "3 channels or more"),
        ("1 - 2 hình thức", "1 or 2 channels"),
        ("không thực hiện", "none"),
    )
    assert spec.choice_label("1 - 2 hình thức", "vi") == "1 - 2 hình thức"
    assert spec.choice_label("not a choice", "en") == "not a choice"


def test_1149_keeps_the_seeds_area_maxima() -> None:
    framework = frameworks.find("par-province-1149@2020.1")
    assert [(n.code, n.max) for n in framework.nodes] == [
        (code, Decimal(m))
        for code, m in [
            ("1", "8.5"), ("2", "5"), ("3", "13.5"), ("4", "7"), ("5", "7.5"),
            ("6", "8"), ("7", "11"), ("8", "6"), ("DT", "33.5"),
        ]
    ]  # fmt: skip
    assert "tối thiểu 30% số cơ quan" in framework["1"].guidance


def test_876_is_a_skeleton_that_names_its_eight_areas() -> None:
    framework = frameworks.find("par-province-876")
    assert [(n.code, n.max, n.published) for n in framework.leaves()] == [
        ("A.R", Decimal(68), False),
        ("S.R", Decimal(32), False),
    ]
    guidance = framework["A.R"].guidance
    assert "37 tiêu chí, 88 tiêu chí thành phần" in guidance
    assert "2. Xây dựng và tổ chức thực hiện thể chế" in guidance
    assert "Nhập bộ tiêu chí" in guidance  # where the page imports the real table
    assert "2. Building and implementing institutions" in framework["A.R"].guidance_en


def test_892_carries_the_four_published_area_maxima_and_the_rest_together() -> None:
    framework = frameworks.find("par-province-892")
    assert [(n.code, n.max) for n in framework.nodes] == [
        ("1-2-6-7", Decimal(45)),
        ("3", Decimal(13)),
        ("4", Decimal("10.5")),
        ("5", Decimal(15)),
        ("8", Decimal("16.5")),
    ]
    for leaf in framework.leaves():
        assert leaf.published is False and leaf.rule is not None and leaf.rule.kind == "manual"
        assert "Nhập bộ tiêu chí" in leaf.guidance
        assert "Import a framework" in leaf.guidance_en


@pytest.mark.parametrize("code", ["par-department-example", "par-commune-example"])
def test_example_frameworks_say_they_are_examples(code: str) -> None:
    framework = frameworks.find(code)
    assert framework.title.startswith(EXAMPLE_VI)
    assert framework.title_en.startswith(EXAMPLE_EN)
    assert framework.legal_basis.startswith(EXAMPLE_VI)
    assert EXAMPLE_VI in framework.sources["note"] and EXAMPLE_EN in framework.sources["note"]
    for area in framework.nodes:  # each language in its own text
        assert EXAMPLE_VI in area.guidance and EXAMPLE_EN not in area.guidance
        assert EXAMPLE_EN in area.guidance_en
    kinds = {leaf.rule.kind for leaf in framework.leaves() if leaf.rule is not None}
    assert {"proportional", "threshold_proportional", "yes_no", "bands", "manual"} <= kinds


@pytest.mark.parametrize(
    ("code", "node", "inputs", "points"),
    [
        ("par-department-example", "3.4.1", {"on_time": 950, "total": 1000}, "3.8"),
        ("par-department-example", "1.1.2", {"done": 9, "planned": 10}, "1"),
        ("par-department-example", "1.3.2", {"inspected": 1, "units": 5}, "0.5"),
        ("par-department-example", "5.5.1", {"disciplined": 1}, "1.5"),
        ("par-department-example", "6.3.2", {"autonomy": "tự bảo đảm chi thường xuyên"}, "0.75"),
        ("par-department-example", "8.2.1", {"sipas_index": "95.39"}, "11.4468"),
        ("par-commune-example", "3.3.1", {"on_time": 201628, "total": 201893}, "4.9934"),
        ("par-commune-example", "5.2.1", {"qualified": 19, "staff": 20}, "2"),
        ("par-commune-example", "6.1.1", {"collected": 1100, "estimate": 1000}, "2"),
        ("par-commune-example", "1.5.1", {"initiatives": 3}, "1.5"),
    ],
)
def test_example_rules_score_as_their_guidance_says(
    code: str, node: str, inputs: dict, points: str
) -> None:
    card = score(frameworks.find(code), {node: inputs}, unit="Đơn vị mẫu", year=2024)
    assert card[node].score == Decimal(points)
