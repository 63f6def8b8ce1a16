"""The rule registry and what every rule kind shares: its base class, outcome and parse context.

A rule parses its spec (reporting problems instead of raising), names the inputs it reads and
evaluates them to an :class:`Outcome`: unrounded points within ``[0, max]`` and a reason code
with parameters. Adding a kind means adding a class decorated with :func:`register`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from parindex.core.model import InputSpec, Relation
from parindex.core.numbers import to_decimal

Value = Decimal | bool | str
_NO_PARAMS: Mapping[str, object] = MappingProxyType({})
Report = Callable[[str, str, dict[str, object]], None]
NUMERIC_KINDS = ("count", "percent", "money", "number", "points")


class Outcome(NamedTuple):
    """What a rule gives: unrounded points, a reason code and its parameters.

    A NamedTuple rather than a frozen dataclass: one is made per leaf per unit, and scoring
    thousands of units is a goal (see benchmarks/).
    """

    points: Decimal
    reason: str
    params: Mapping[str, object] = _NO_PARAMS
    complete: bool = True


@dataclass(frozen=True)
class ParseContext:
    """What a rule may know about its node while parsing its spec."""

    code: str
    max: Decimal
    inputs: Mapping[str, InputSpec]
    report: Report

    def need_input(self, kind: str, key: str, name: object, kinds: tuple[str, ...]) -> str | None:
        """Check that spec key ``key`` names a declared input of one of ``kinds``."""
        if name is None:
            self.report(
                "rule_missing_input",
                f"rule '{kind}' needs input '{key}'",
                {"rule": kind, "key": key},
            )
            return None
        if not isinstance(name, str):
            self.report(
                "rule_bad_input",
                f"rule '{kind}': '{key}' must name an input",
                {"rule": kind, "key": key},
            )
            return None
        spec = self.inputs.get(name)
        if spec is None:
            self.report(
                "unknown_input",
                f"rule '{kind}' uses input '{name}' ({key}), which the node does not declare",
                {"rule": kind, "input": name},
            )
            return None
        if spec.kind not in kinds:
            self.report(
                "input_kind",
                f"rule '{kind}': input '{name}' is {spec.kind}, expected {' or '.join(kinds)}",
                {"rule": kind, "input": name, "kind": spec.kind, "expected": list(kinds)},
            )
            return None
        return name

    def points(self, kind: str, key: str, raw: object, default: Decimal | None) -> Decimal | None:
        """Read a points value from the spec: a number within ``[0, max]``."""
        if raw is None:
            return default
        try:
            value = to_decimal(raw)
        except ValueError:
            self.report(
                "rule_bad_number",
                f"rule '{kind}': '{key}' must be a number",
                number_facts(kind, key, raw),
            )
            return None
        if value < 0 or value > self.max:
            self.report(
                "rule_points_range",
                f"rule '{kind}': '{key}' = {value} is outside 0..{self.max}",
                {"rule": kind, "key": key, "value": value, "max": self.max},
            )
            return None
        return value


#: Every rule kind by name: the one registry the loader, the schema and the writers read.
RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Add a rule kind to :data:`RULES` under its ``kind``."""
    RULES[cls.kind] = cls
    return cls


class Rule(ABC):
    """Base of every rule kind."""

    kind: ClassVar[str]
    #: JSON Schema properties of the spec (besides ``kind``), published with the format.
    schema: ClassVar[dict[str, Any]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    #: Inputs a rule brings itself when the node does not declare them.
    implicit_inputs: ClassVar[tuple[InputSpec, ...]] = ()
    #: The spec the rule was parsed from (set by the loader): writing a framework back out
    #: and comparing two rules need nothing kind-specific.
    spec: Mapping[str, Any] = _NO_PARAMS

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and dict(self.spec) == dict(getattr(other, "spec", {}))

    def __hash__(self) -> int:
        return hash((self.kind, repr(sorted(self.spec.items(), key=lambda kv: kv[0]))))

    @classmethod
    @abstractmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        """Build the rule from its spec; report problems through ``ctx`` and return None."""

    @abstractmethod
    def input_names(self) -> tuple[str, ...]:
        """The inputs the rule reads for the current year."""

    @abstractmethod
    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        """Points for these input values (and last year's, for comparisons)."""

    def monotone_inputs(self) -> tuple[str, ...]:
        """Inputs whose increase never lowers the points (for property tests)."""
        return ()

    def implied_relations(self) -> tuple[Relation, ...]:
        """Relations between inputs the rule itself implies (see ``core/relations.py``)."""
        return ()


def as_number(value: Value) -> Decimal:
    """An input value as a Decimal (inputs arrive coerced; text is parsed exactly)."""
    if isinstance(value, Decimal):
        return value
    return to_decimal(value)


def spec_number(kind: str, key: str, spec: Mapping[str, Any], ctx: ParseContext) -> Decimal | None:
    """Read a required number from the spec, reporting a missing or malformed one."""
    raw = spec.get(key)
    if raw is None:
        ctx.report("rule_missing_param", f"rule '{kind}' needs '{key}'", {"rule": kind, "key": key})
        return None
    try:
        return to_decimal(raw)
    except ValueError:
        ctx.report(
            "rule_bad_number",
            f"rule '{kind}': '{key}' must be a number",
            number_facts(kind, key, raw),
        )
        return None


_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+")


def number_facts(kind: str, key: str, raw: object) -> dict[str, object]:
    """What a malformed number's problem needs; a decimal comma (1,5) is told with its fix."""
    facts: dict[str, object] = {"rule": kind, "key": key, "value": str(raw)}
    if isinstance(raw, str) and _COMMA_DECIMAL.fullmatch(raw.strip()):
        facts["variant"] = "comma_decimal"
        facts["fix"] = raw.strip().replace(",", ".")
    return facts
