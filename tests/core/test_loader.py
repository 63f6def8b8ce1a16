"""Loading a framework validates everything and reports every problem at once, located."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import HEADER, framework_text, line_of

from parindex.core.errors import FrameworkError
from parindex.core.loader import load_framework
from parindex.core.model import UNIT_KINDS
from parindex.frameworks import find, shipped

SOURCE = "par-test.yaml"


def problems_of(text: str):
    with pytest.raises(FrameworkError) as excinfo:
        load_framework(text, SOURCE)
    return excinfo.value.problems


def area(children: str, max: str = "1") -> str:
    return f'  - code: "1"\n    title: Area\n    max: {max}\n    children:\n{children}'


COUNTS = "{on_time: {kind: count}, total: {kind: count}}"

# Each case: the nodes of a file, the problem code, a text on the line it must point at,
# and the node it must name.
CASES = [
    pytest.param(
        area(
            '      - {code: "1.1", title: A, max: 0.5, rule: {kind: manual}}\n'
            '      - {code: "1.1", title: B, max: 0.5, rule: {kind: manual}}\n'
        ),
        "duplicate_code",
        "title: B",
        "1.1",
        id="duplicate node code",
    ),
    pytest.param(
        area(
            '      - {code: "1.1", title: A, max: 0.5, rule: {kind: manual}}\n'
            '      - {code: "1.2", title: B, max: 0.25, rule: {kind: manual}}\n'
        ),
        "children_sum",
        'code: "1"',
        "1",
        id="children maxima do not add up",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            f"        inputs: {COUNTS}\n"
            "        rule: {kind: proportional, numerator: on_time, denominator: resolved}\n"
        ),
        "unknown_input",
        "rule:",
        "1.1",
        id="unknown input in a rule",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            f"        inputs: {COUNTS}\n"
            "        rule: {kind: proportional, numerator: on_time}\n"
        ),
        "rule_missing_input",
        "rule:",
        "1.1",
        id="rule needs an input",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            f"        inputs: {COUNTS}\n"
            "        rule: {kind: proportional, value: on_time}\n"
        ),
        "input_kind",
        "rule:",
        "1.1",
        id="wrong input kind",
    ),
    pytest.param(
        area(
            '      - {code: "1.1", title: A, max: 1, rule: {kind: manual}}\n'
            '      - {code: "1.2", title: B, max: 0, rule: {kind: manual}}\n'
        ),
        "max_not_positive",
        "title: B",
        "1.2",
        id="non-positive maximum",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            f"        inputs: {COUNTS}\n"
            "        rule:\n"
            "          kind: bands\n"
            "          numerator: on_time\n"
            "          denominator: total\n"
            "          bands:\n"
            "            - {from: 0, to: 90, points: 0}\n"
            "            - {from: 80, to: null, points: 1}\n"
        ),
        "bands_overlap",
        "kind: bands",
        "1.1",
        id="overlapping bands",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            f"        inputs: {COUNTS}\n"
            "        rule:\n"
            "          kind: bands\n"
            "          numerator: on_time\n"
            "          denominator: total\n"
            "          bands:\n"
            "            - {from: 0, to: 70, points: 0}\n"
            "            - {from: 80, to: null, points: 1}\n"
        ),
        "bands_gap",
        "kind: bands",
        "1.1",
        id="gapped bands",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            f"        inputs: {COUNTS}\n"
            "        rule:\n"
            "          kind: bands\n"
            "          numerator: on_time\n"
            "          denominator: total\n"
            "          bands:\n"
            "            - {from: 0, to: 80, points: 0}\n"
            "            - {from: 80, to: 80, points: 0.5}\n"
            "            - {from: 80, to: null, points: 1}\n"
        ),
        "band_empty",
        "kind: bands",
        "1.1",
        id="band from not below to",
    ),
    pytest.param(
        area('      - {code: "1.1", title: A, max: 1, block: survey, rule: {kind: manual}}\n'),
        "unknown_block",
        'code: "1.1"',
        "1.1",
        id="unknown block",
    ),
    pytest.param(
        area('      - {code: "1.1", title: A, max: 1}\n'),
        "rule_missing",
        'code: "1.1"',
        "1.1",
        id="leaf without a rule",
    ),
    pytest.param(
        '  - code: "1"\n    title: Area\n    max: 1\n    rule: {kind: manual}\n    children:\n'
        '      - {code: "1.1", title: A, max: 1, rule: {kind: manual}}\n',
        "rule_on_parent",
        "rule: {kind: manual}",
        "1",
        id="rule on a parent",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            "        inputs: {level: {kind: choice, choices: [tot, kha]}}\n"
            "        rule: {kind: choice, input: level, points: {tot: 1, yeu: 0}}\n"
        ),
        "choice_options",
        "rule:",
        "1.1",
        id="choice options differ from the input's choices",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            "        inputs:\n"
            "          level: {kind: choice}\n"
            "        rule: {kind: choice, input: level, points: {tot: 1}}\n"
        ),
        "choice_options",
        "level: {kind: choice}",
        "1.1",
        id="choice input without choices",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            "        inputs:\n"
            "          level: {kind: choice, choices: [tot, kha], choices_en: [good]}\n"
            "        rule: {kind: choice, input: level, points: {tot: 1, kha: 0}}\n"
        ),
        "choice_options",
        "level: {kind: choice, choices: [tot, kha], choices_en: [good]}",
        "1.1",
        id="fewer English choices than choices",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            "        inputs: {done: {kind: yes_no}}\n"
            "        rule: {kind: yes_no, input: done, 'yes': 2}\n"
        ),
        "rule_points_range",
        "rule:",
        "1.1",
        id="rule points above the maximum",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            "        inputs: {a: {kind: number}}\n"
            "        rule: {kind: formula, expr: 'a ** 2'}\n"
        ),
        "formula_invalid",
        "rule:",
        "1.1",
        id="formula outside arithmetic",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            "        colour: red\n"
            "        rule: {kind: manual}\n"
        ),
        "schema",
        'code: "1.1"',
        "1.1",
        id="schema unknown key on a node",
    ),
    pytest.param(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            "        inputs: {a: {kind: litres}}\n"
            "        rule: {kind: manual}\n"
        ),
        "schema",
        "inputs:",
        "1.1",
        id="schema unknown input kind",
    ),
    pytest.param(
        area('      - {code: "1.1", title: A, max: 1, rule: {kind: lottery}}\n'),
        "schema",
        'code: "1.1"',
        "1.1",
        id="schema unknown rule kind",
    ),
]


@pytest.mark.parametrize(("nodes", "code", "marker", "node"), CASES)
def test_each_validation_error_is_reported_with_its_line_and_node(nodes, code, marker, node):
    text = framework_text(nodes)
    located = [(p.code, p.line, p.node) for p in problems_of(text)]
    assert (code, line_of(text, marker), node) in located


@pytest.mark.parametrize(("nodes", "code", "marker", "node"), CASES)
def test_each_problem_reads_file_line_node_then_message(nodes, code, marker, node):
    text = framework_text(nodes)
    problem = next(p for p in problems_of(text) if p.code == code)
    assert str(problem) == f"{SOURCE}:{line_of(text, marker)} {node}: {problem.message}"


def test_a_rule_missing_an_input_says_which():
    text = framework_text(
        area(
            '      - code: "3.4.1"\n        title: A\n        max: 1\n'
            f"        inputs: {COUNTS}\n"
            "        rule: {kind: proportional, numerator: on_time}\n"
        )
    )
    (problem,) = problems_of(text)
    assert str(problem) == (
        f"{SOURCE}:{line_of(text, 'rule:')} 3.4.1: rule 'proportional' needs input 'denominator'"
    )


def test_a_block_whose_items_do_not_add_up_is_reported_on_the_block():
    text = framework_text(
        area('      - {code: "1.1", title: A, max: 1, rule: {kind: manual}}\n'),
        blocks="  - {code: appraisal, title: A, max: 2}\n",
    )
    (problem,) = problems_of(text)
    assert (problem.code, problem.line, problem.node) == (
        "block_sum",
        line_of(text, "code: appraisal"),
        "",
    )
    assert problem.params == {"block": "appraisal", "total": Decimal(1), "max": Decimal(2)}


@pytest.mark.parametrize(
    ("replace", "by", "marker"),
    [
        ("unit_kind: province", "unit_kind: planet", "unit_kind:"),
        ("years: [2020]", "years: []", "years:"),
        ('version: "1"\n', 'version: "1"\nlicence: MIT\n', "code: test-framework"),
    ],
    ids=["bad unit_kind", "no years", "unknown top-level key"],
)
def test_schema_errors_at_the_top_of_the_file_are_located(replace, by, marker):
    text = framework_text(area('      - {code: "1.1", title: A, max: 1, rule: {kind: manual}}\n'))
    text = text.replace(replace, by)
    (problem,) = problems_of(text)
    assert (problem.code, problem.line, problem.node) == ("schema", line_of(text, marker), "")


@pytest.mark.parametrize(
    ("replace", "by", "params"),
    [
        (
            "unit_kind: province",
            "unit_kind: planet",
            {
                "path": "unit_kind",
                "validator": "enum",
                "expected": list(UNIT_KINDS),
                "field": "unit_kind",
                "value": "planet",
            },
        ),
        (
            'version: "1"\n',
            'version: "1"\nlicence: MIT\nowner: me\n',
            {
                "path": "(top)",
                "validator": "additionalProperties",
                "properties": ["licence", "owner"],
            },
        ),
        (
            "years: [2020]",
            'years: ["2020"]',
            {
                "path": "years/0",
                "validator": "type",
                "expected": "integer",
                "field": "years",
                "value": "2020",
            },
        ),
    ],
    ids=["enum", "additional properties", "type"],
)
def test_a_schema_problem_carries_the_failed_keyword_and_its_facts(replace, by, params):
    text = framework_text(area('      - {code: "1.1", title: A, max: 1, rule: {kind: manual}}\n'))
    (problem,) = problems_of(text.replace(replace, by))
    assert (problem.code, problem.params) == ("schema", params)


def test_each_missing_required_property_is_its_own_problem_naming_it():
    text = framework_text(area('      - {code: "1.1", title: A, max: 1, rule: {kind: manual}}\n'))
    text = text.replace('legal_basis: "QĐ thử nghiệm"\n', "").replace('version: "1"\n', "")
    problems = problems_of(text)
    assert [(p.code, p.params) for p in problems] == [
        ("schema", {"path": "(top)", "validator": "required", "property": "legal_basis"}),
        ("schema", {"path": "(top)", "validator": "required", "property": "version"}),
    ]


def test_a_duplicate_code_gives_the_line_of_the_first_as_a_parameter():
    text = framework_text(
        area(
            '      - {code: "1.1", title: A, max: 0.5, rule: {kind: manual}}\n'
            '      - {code: "1.1", title: B, max: 0.5, rule: {kind: manual}}\n'
        )
    )
    (problem,) = problems_of(text)
    assert (problem.code, problem.params) == (
        "duplicate_code",
        {"first": line_of(text, "title: A, max: 0.5")},
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEADER + "blocks: a: b\nnodes:\n", 7),
        (HEADER + "blocks:\n  - {code: a, title: A, max: 1, max: 2}\nnodes: []\n", 8),
        (HEADER.replace('version: "1"', 'version: "1"\nversion: "2"'), 5),
    ],
    ids=["syntax error", "duplicate key in a flow mapping", "duplicate top-level key"],
)
def test_yaml_syntax_errors_and_duplicate_keys_are_reported_with_their_line(text, line):
    (problem,) = problems_of(text)
    assert (problem.code, problem.line) == ("yaml_syntax", line)
    assert str(problem).startswith(f"{SOURCE}:{line}: ")


MANY_ERRORS = framework_text(
    """\
  - code: "1"
    title: Area one
    max: 3
    children:
      - {code: "1.1", title: A, max: 1, rule: {kind: manual}}
      - {code: "1.1", title: B, max: 1, rule: {kind: manual}}
      - code: "1.3"
        title: C
        max: 0.5
        inputs: {on_time: {kind: count}, total: {kind: count}}
        rule: {kind: proportional, numerator: on_time}
  - code: "2"
    title: Area two
    max: -1
    children:
      - {code: "2.1", title: D, max: -1}
""",
    blocks="  - {code: appraisal, title: A, max: 4}\n",
)


def test_every_problem_in_a_file_is_reported_at_once():
    located = [(p.code, p.line, p.node) for p in problems_of(MANY_ERRORS)]
    assert located == [
        ("block_sum", line_of(MANY_ERRORS, "code: appraisal"), ""),
        ("children_sum", line_of(MANY_ERRORS, 'code: "1"'), "1"),
        ("duplicate_code", line_of(MANY_ERRORS, "title: B"), "1.1"),
        ("rule_missing_input", line_of(MANY_ERRORS, "rule: {kind: proportional"), "1.3"),
        ("max_not_positive", line_of(MANY_ERRORS, 'code: "2"'), "2"),
        ("max_not_positive", line_of(MANY_ERRORS, 'code: "2.1"'), "2.1"),
        ("rule_missing", line_of(MANY_ERRORS, 'code: "2.1"'), "2.1"),
    ]


def test_the_error_message_lists_every_problem_one_per_line():
    with pytest.raises(FrameworkError) as excinfo:
        load_framework(MANY_ERRORS, SOURCE)
    assert str(excinfo.value).splitlines() == [str(p) for p in excinfo.value.problems]


def test_numbers_in_a_framework_are_exact_decimals_never_floats():
    framework = load_framework(
        framework_text(
            area(
                '      - {code: "1.1", title: A, max: 0.1, rule: {kind: manual}}\n'
                '      - {code: "1.2", title: B, max: 0.2, rule: {kind: manual}}\n',
                max="0.3",
            ),
            blocks="  - {code: appraisal, title: A, max: 0.3}\n",
        ),
        SOURCE,
    )
    assert framework["1.1"].max == Decimal("0.1")
    assert framework.max == Decimal("0.3")  # 0.1 + 0.2 == 0.3 exactly


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.name)
def test_every_shipped_framework_loads_without_problems(path):
    framework = load_framework(path.read_text(encoding="utf-8"), path.name)
    assert framework.max == 100


def test_a_framework_is_found_by_code_and_version():
    framework = find("par-province-1149")
    assert find(framework.key) is framework
    assert framework["3.4.1"].line is not None


# --- values of the wrong shape, bands that leave rates uncovered ------------------------


@pytest.mark.parametrize(
    "bad",
    ["inputs: [a, b]", "explain: [a]", "evidence: 5", "children: 5"],
)
def test_a_value_of_the_wrong_shape_is_a_schema_problem_not_a_crash(bad):
    text = framework_text(
        area(
            f'      - code: "1.1"\n        title: A\n        max: 1\n        {bad}\n'
            "        rule: {kind: manual}\n"
        )
    )
    assert "schema" in {p.code for p in problems_of(text)}


def test_two_bands_open_below_overlap():
    text = framework_text(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            f"        inputs: {COUNTS}\n"
            "        rule:\n"
            "          kind: bands\n"
            "          numerator: on_time\n"
            "          denominator: total\n"
            "          bands:\n"
            "            - {to: 50, points: 0}\n"
            "            - {to: 80, points: 0.5}\n"
            "            - {from: 80, points: 1}\n"
        )
    )
    assert [p.code for p in problems_of(text)] == ["bands_overlap"]


@pytest.mark.parametrize(
    ("inputs", "measure", "bands"),
    [
        (COUNTS, "numerator: on_time, denominator: total", "[{from: 0, to: 100, points: 1}]"),
        ("{rate: {kind: percent}}", "value: rate", "[{from: 50, to: null, points: 1}]"),
    ],
    ids=["100 % uncovered", "percent below the lowest band uncovered"],
)
def test_bands_that_leave_possible_rates_uncovered_are_a_gap(inputs, measure, bands):
    text = framework_text(
        area(
            '      - code: "1.1"\n        title: A\n        max: 1\n'
            f"        inputs: {inputs}\n"
            f"        rule: {{kind: bands, {measure}, bands: {bands}}}\n"
        )
    )
    assert "bands_gap" in {p.code for p in problems_of(text)}


def test_the_same_file_loads_to_equal_frameworks_and_rules_keep_their_spec():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "src/parindex/frameworks/par-province-1149.yaml"
    text = path.read_text(encoding="utf-8")
    first, second = load_framework(text, path.name), load_framework(text, path.name)
    assert first == second
    rule = first["3.4.1"].rule
    assert rule is not None
    assert dict(rule.spec) == {
        "kind": "proportional",
        "numerator": "on_time",
        "denominator": "total",
    }
    assert rule == first["3.4.2"].rule  # same spec, same rule
    assert rule != first["6.1.1"].rule  # other inputs
