"""A safe arithmetic formula over named inputs: parsed to a whitelisted AST, never eval'd."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation

from parindex.core.errors import FormulaError

_BINOPS: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Decimal, Decimal], bool]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}
_FUNCTIONS: dict[str, Callable[..., Decimal]] = {
    "min": lambda *a: min(a),
    "max": lambda *a: max(a),
    "abs": lambda a: abs(a),
}
MAX_LENGTH = 500


class Formula:
    """A compiled formula. ``names`` are the variables it reads."""

    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise FormulaError(f"formula longer than {MAX_LENGTH} characters")
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError as exc:
            raise FormulaError(f"formula syntax error at column {exc.offset}: {text!r}") from exc
        names: set[str] = set()
        self._check(tree.body, names)
        self.text = text
        self.names = frozenset(names)
        self._tree = tree.body

    def _check(self, node: ast.AST, names: set[str]) -> None:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise FormulaError(f"only numbers are allowed as constants, not {node.value!r}")
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise FormulaError(f"operator {type(node.op).__name__} is not allowed")
            self._check(node.left, names)
            self._check(node.right, names)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise FormulaError(f"operator {type(node.op).__name__} is not allowed")
            self._check(node.operand, names)
        elif isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _COMPARE:
                    raise FormulaError(f"comparison {type(op).__name__} is not allowed")
            self._check(node.left, names)
            for comparator in node.comparators:
                self._check(comparator, names)
        elif isinstance(node, ast.IfExp):
            for part in (node.test, node.body, node.orelse):
                self._check(part, names)
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
                raise FormulaError("only min(), max() and abs() may be called")
            if node.keywords or not node.args:
                raise FormulaError(f"{node.func.id}() takes positional arguments only")
            for arg in node.args:
                self._check(arg, names)
        else:
            raise FormulaError(f"{type(node).__name__} is not allowed in a formula")

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        try:
            result = self._eval(self._tree, values)
        except (DivisionByZero, InvalidOperation, ZeroDivisionError) as exc:
            raise FormulaError(f"cannot evaluate {self.text!r}: division by zero") from exc
        if isinstance(result, bool):
            return Decimal(int(result))
        return result

    def _eval(self, node: ast.AST, values: Mapping[str, Decimal]) -> Decimal:
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, float):
                return Decimal(repr(value))
            if isinstance(value, int):
                return Decimal(value)
            raise FormulaError(f"constant {value!r} is not allowed")
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise FormulaError(f"unknown name {node.id!r}")
            return values[node.id]
        if isinstance(node, ast.BinOp):
            left = self._eval(node.left, values)
            right = self._eval(node.right, values)
            return _BINOPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand, values)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, values)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = self._eval(comparator, values)
                if not _COMPARE[type(op)](left, right):
                    return Decimal(0)
                left = right
            return Decimal(1)
        if isinstance(node, ast.IfExp):
            test = self._eval(node.test, values)
            return self._eval(node.body if test != 0 else node.orelse, values)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [self._eval(arg, values) for arg in node.args]
            return _FUNCTIONS[node.func.id](*args)
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula")  # pragma: no cover
