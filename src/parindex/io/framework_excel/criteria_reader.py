"""The criteria sheet: one row per node, each naming its parent, read into the node tree."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from parindex.core.errors import FrameworkError
from parindex.core.limits import LimitError
from parindex.core.loader import LineDict, LineList, parse_yaml
from parindex.io.framework_excel.cells import as_text, parse_input, stamp_into
from parindex.io.framework_excel.sheet_reader import SheetReader, row_dict

# A number with a decimal comma (1,5) between other characters than digits: in the
# parameters, YAML would read "1,5" as two items.
_COMMA_DECIMAL = re.compile(r"(?<![\w.,])\d+,\d+(?![\w.,])")


def read_nodes(sheet: SheetReader, default_block: str) -> LineList:
    """The criteria rows as a tree of nodes; unknown parents and loops are reported."""
    rows: list[tuple[int, LineDict, str | None]] = []
    for row, cells in sheet.rows():
        node, parent = _node(sheet, row, cells)
        rows.append((row, node, parent))
    by_code: dict[str, LineDict] = {}
    for _, node, _ in rows:
        if "code" in node:
            by_code.setdefault(node["code"], node)
    top = LineList()
    top.line = sheet.line(sheet.header_row)
    placed: list[tuple[int, LineDict, LineDict]] = []
    for row, node, parent in rows:
        if parent is None:
            top.append(node)
        elif parent not in by_code:
            sheet.cell_problem(
                "xlsx_unknown_parent",
                row,
                "parent",
                f"no row has code '{parent}'",
                str(node.get("code", "")),
                parent=parent,
            )
        else:
            placed.append((row, node, by_code[parent]))
    for _, node, parent_node in placed:
        children = parent_node.get("children")
        if children is None:
            children = parent_node["children"] = LineList()
            children.line = parent_node.line
            parent_node.key_lines["children"] = parent_node.line
        children.append(node)
    reached: set[int] = set()

    def settle(node: LineDict, block: str, scored_by: str, is_top: bool) -> None:
        reached.add(id(node))
        # A block or scorer equal to the inherited one is left implicit, as in the files.
        if not is_top and node.get("block") == block:
            del node["block"]
        if node.get("scored_by") == scored_by:
            del node["scored_by"]
        block = str(node.get("block", block))
        scored_by = str(node.get("scored_by", scored_by))
        for child in node.get("children", []):
            if id(child) not in reached:
                settle(child, block, scored_by, False)

    for node in top:
        settle(node, default_block, "self", True)
    parent_of = {id(node): parent_node for _, node, parent_node in placed}
    for row, node, parent_node in placed:
        if id(node) not in reached and _in_loop(node, parent_of):
            sheet.cell_problem(
                "xlsx_parent_loop",
                row,
                "parent",
                f"parent '{parent_node.get('code')}' leads back to this row: the rows form a loop",
                str(node.get("code", "")),
                parent=str(parent_node.get("code", "")),
            )
    return top


def _node(sheet: SheetReader, row: int, cells: dict[str, Any]) -> tuple[LineDict, str | None]:
    node = row_dict(sheet, row)
    code = ""
    if cells.get("code") is None:
        sheet.cell_problem("xlsx_empty", row, "code", "every row needs a code", variant="code")
    else:
        code = sheet.code_cell(row, "code", cells["code"])
        node["code"] = code
    parent = None
    if cells.get("parent") is not None:
        parent = sheet.code_cell(row, "parent", cells["parent"])
    for key in ("title", "title_en"):
        if cells.get(key) is not None:
            node[key] = as_text(cells[key])
    if cells.get("max") is not None:
        number = sheet.number_cell(row, "max", cells["max"], code)
        if number is not None:
            node["max"] = number
    for key in ("block", "scored_by"):
        if cells.get(key) is not None:
            node[key] = as_text(cells[key])
    if cells.get("published") is not None:
        published = sheet.yes_no_cell(row, "published", cells["published"], code)
        if published is False:
            node["published"] = False
    for key in ("source", "guidance", "guidance_en"):
        if cells.get(key) is not None:
            node[key] = as_text(cells[key])
    for key in ("evidence", "evidence_en"):
        if cells.get(key) is not None:
            evidence = LineList(
                line.strip() for line in as_text(cells[key]).split("\n") if line.strip()
            )
            evidence.line = sheet.line(row, key)
            node[key] = evidence
    if cells.get("inputs") is not None:
        inputs = _inputs(sheet, row, cells["inputs"], code)
        if inputs:
            node["inputs"] = inputs
            if cells.get("inputs_en") is not None:
                _inputs_en(sheet, row, cells["inputs_en"], code, inputs)
    rule = _rule(sheet, row, cells.get("rule"), cells.get("params"), code)
    if rule is not None:
        node["rule"] = rule
        node.key_lines["rule"] = sheet.line(row, "params" if "params" in sheet.columns else "rule")
    explain = LineDict()
    explain.line = sheet.line(row, "explain_vi")
    explain.key_lines = {}
    for key in sheet.columns:
        if key.startswith("explain_") and cells.get(key) is not None:
            lang = key.removeprefix("explain_")
            explain[lang] = as_text(cells[key])
            explain.key_lines[lang] = sheet.line(row, key)
    if explain:
        node["explain"] = explain
        node.key_lines["explain"] = next(iter(explain.key_lines.values()))
    return node, parent


def _inputs(sheet: SheetReader, row: int, value: Any, node: str) -> LineDict | None:
    inputs = LineDict()
    inputs.line = sheet.line(row, "inputs")
    inputs.key_lines = {}
    ok = True
    text = as_text(value)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        spec = parse_input(line.strip())
        if spec is None:
            sheet.cell_problem(
                "xlsx_bad_input",
                row,
                "inputs",
                f"line {number} '{line.strip()}' is not 'name (kind): title [unit]'",
                node,
                variant="line",
                input_line=number,
                text=line.strip(),
            )
            ok = False
            continue
        name, fields = spec
        if name in inputs:
            sheet.cell_problem(
                "xlsx_bad_input",
                row,
                "inputs",
                f"input '{name}' is declared twice",
                node,
                variant="twice",
                input=name,
            )
            ok = False
            continue
        stamp_into(fields, inputs.line)
        inputs[name] = fields
        inputs.key_lines[name] = inputs.line
    return inputs if ok else None


_INPUT_EN = re.compile(
    r"(?P<name>[a-z][a-z0-9_]*)\s*(?:\((?P<choices>[^()]*)\))?"
    r"\s*:\s*(?P<title>.*?)\s*(?:\[(?P<unit>[^\]]*)\])?"
)


def _inputs_en(sheet: SheetReader, row: int, value: Any, node: str, inputs: LineDict) -> None:
    """English titles, units and choices (``name (a|b): title [unit]``, the choices in the
    order of the Vietnamese ones) added to the inputs declared."""
    for number, line in enumerate(as_text(value).split("\n"), start=1):
        if not line.strip():
            continue
        match = _INPUT_EN.fullmatch(line.strip())
        if match is None or match["name"] not in inputs:
            sheet.cell_problem(
                "xlsx_bad_input",
                row,
                "inputs_en",
                f"line {number} '{line.strip()}' is not 'name: title [unit]' of a declared input",
                node,
                input_line=number,
            )
            continue
        spec = inputs[match["name"]]
        if match["title"]:
            spec["title_en"] = match["title"]
        if (match["unit"] or "").strip():
            spec["unit_en"] = match["unit"].strip()
        if match["choices"] is not None:
            choices = [c.strip() for c in match["choices"].split("|") if c.strip()]
            spec["choices_en"] = stamp_into(LineList(choices), spec.line)


def _rule(sheet: SheetReader, row: int, kind: Any, params: Any, node: str) -> LineDict | None:
    spec: Any = LineDict()
    if params is not None:
        text = as_text(params)
        comma = _COMMA_DECIMAL.search(text)
        if comma:
            fix = _COMMA_DECIMAL.sub(lambda m: m[0].replace(",", "."), text)
            sheet.cell_problem(
                "xlsx_bad_params",
                row,
                "params",
                f"'{comma[0]}' has a decimal comma; write a point: {fix}",
                node,
                variant="comma_decimal",
                value=comma[0],
                fix=fix,
            )
            return None
        # `a: 1, b: 2` is accepted without braces; several lines read as a block mapping.
        if not text.startswith("{") and "\n" not in text:
            text = "{" + text + "}"
        try:
            spec = parse_yaml(text, sheet.source)
        except FrameworkError as exc:
            if isinstance(limit := exc.__cause__, LimitError):
                sheet.cell_problem(limit.code, row, "params", str(limit), node, **limit.params)
                return None
            reason = exc.problems[0].message if exc.problems else "invalid"
            sheet.cell_problem(
                "xlsx_bad_params",
                row,
                "params",
                f"cannot read the parameters ({reason}); write them like "
                "{numerator: on_time, denominator: total}",
                node,
                variant="unreadable",
                value=text,
            )
            return None
        if not isinstance(spec, Mapping):
            sheet.cell_problem(
                "xlsx_bad_params",
                row,
                "params",
                "the parameters must be {key: value, ...}",
                node,
                variant="not_mapping",
                value=text,
            )
            return None
    kind_text = as_text(kind).strip() if kind is not None else None
    if "kind" in spec and kind_text is not None and str(spec["kind"]) != kind_text:
        sheet.cell_problem(
            "xlsx_bad_params",
            row,
            "params",
            f"kind '{spec['kind']}' differs from the rule '{kind_text}'",
            node,
            variant="kind_differs",
            kind=str(spec["kind"]),
            rule=kind_text,
        )
        return None
    kind_value = kind_text if kind_text is not None else spec.get("kind")
    if kind_value is None:
        if spec:
            sheet.cell_problem(
                "xlsx_bad_params",
                row,
                "rule",
                "parameters without a rule kind",
                node,
                variant="no_kind",
            )
        return None
    rule = LineDict(kind=kind_value)
    rule.update((k, v) for k, v in spec.items() if k != "kind")
    line = sheet.line(row, "params")
    stamp_into(rule, line)
    rule.key_lines["kind"] = sheet.line(row, "rule")
    return rule


def _in_loop(node: LineDict, parent_of: dict[int, LineDict]) -> bool:
    """Whether following parents from this row comes back to it (rows below a loop do not)."""
    current = parent_of.get(id(node))
    for _ in range(len(parent_of)):
        if current is None:
            return False
        if current is node:
            return True
        current = parent_of.get(id(current))
    return False
