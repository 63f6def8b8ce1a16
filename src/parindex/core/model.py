"""The framework model: frozen, validated, versioned data."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parindex.core.rules import Rule

INPUT_KINDS = ("count", "percent", "money", "number", "yes_no", "choice", "points")
SCORED_BY = ("self", "ministry", "survey")
RELATION_OPS = ("<=", "<", ">=", ">", "=")
UNIT_KINDS = ("province", "ministry", "department", "district", "commune")


@dataclass(frozen=True)
class InputSpec:
    """A named input a leaf's rule reads (a count, a percentage, an amount, a yes/no...)."""

    name: str
    kind: str
    title: str = ""
    unit: str = ""
    choices: tuple[str, ...] = ()
    title_en: str = ""
    unit_en: str = ""
    #: the English label of each of ``choices``, in the same order (the value stored is the
    #: Vietnamese choice; this is only what an English page shows)
    choices_en: tuple[str, ...] = ()

    def label(self, lang: str = "vi") -> str:
        """The input's title in ``lang`` (English falls back to Vietnamese, then the name)."""
        english = self.title_en if lang == "en" else ""
        return english or self.title or self.name

    def unit_label(self, lang: str = "vi") -> str:
        return (self.unit_en or self.unit) if lang == "en" else self.unit

    def choice_label(self, choice: str, lang: str = "vi") -> str:
        """The label of one of ``choices`` in ``lang`` (the choice itself when not English)."""
        if lang == "en" and choice in self.choices and len(self.choices_en) == len(self.choices):
            return self.choices_en[self.choices.index(choice)]
        return choice

    def choice_labels(self, lang: str = "vi") -> tuple[tuple[str, str], ...]:
        """``(value, label)`` of each choice, the label in ``lang``."""
        return tuple((c, self.choice_label(c, lang)) for c in self.choices)


@dataclass(frozen=True)
class Relation:
    """What a leaf's inputs must satisfy: ``left op right`` (an input or a constant).

    ``origin`` tells a relation the rule implies (``rule``) from one the framework file
    declares (``framework``); see :mod:`parindex.core.relations`.
    """

    left: str
    op: str
    right: str = ""
    constant: Decimal | None = None
    origin: str = "framework"


@dataclass(frozen=True)
class Block:
    """A block of the index (appraisal, survey) with its maximum."""

    code: str
    title: str
    max: Decimal
    title_en: str = ""

    def label(self, lang: str = "vi") -> str:
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True)
class Node:
    """An area, criterion or sub-criterion. Leaves carry a rule and its inputs."""

    code: str
    title: str
    max: Decimal
    block: str
    scored_by: str
    depth: int
    children: tuple[Node, ...] = ()
    rule: Rule | None = None
    inputs: tuple[InputSpec, ...] = ()
    evidence: tuple[str, ...] = ()
    guidance: str = ""
    source: str = ""
    published: bool = True
    explain: Mapping[str, str] = field(default_factory=dict)
    title_en: str = ""
    line: int | None = None
    #: Relations the framework file declares between the leaf's inputs (the rule's own
    #: implied relations come from ``rule.implied_relations()``).
    relations: tuple[Relation, ...] = ()
    guidance_en: str = ""
    evidence_en: tuple[str, ...] = ()

    def label(self, lang: str = "vi") -> str:
        """The node's title in ``lang`` (English falls back to the Vietnamese title)."""
        return (self.title_en or self.title) if lang == "en" else self.title

    def guidance_in(self, lang: str = "vi") -> str:
        return (self.guidance_en or self.guidance) if lang == "en" else self.guidance

    def evidence_in(self, lang: str = "vi") -> tuple[str, ...]:
        return (self.evidence_en or self.evidence) if lang == "en" else self.evidence

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def input(self, name: str) -> InputSpec | None:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        return None


@dataclass(frozen=True)
class Framework:
    """A versioned criteria framework: identity, blocks and the tree of nodes."""

    code: str
    title: str
    legal_basis: str
    version: str
    years: tuple[int, ...]
    unit_kind: str
    blocks: tuple[Block, ...]
    nodes: tuple[Node, ...]
    sources: Mapping[str, str] = field(default_factory=dict)
    title_en: str = ""
    source_name: str = ""
    legal_basis_en: str = ""
    _index: dict[str, Node] = field(default_factory=dict, init=False, repr=False, compare=False)
    _parents: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _order: tuple[Node, ...] = field(default=(), init=False, repr=False, compare=False)

    def label(self, lang: str = "vi") -> str:
        """The framework's title in ``lang`` (English falls back to the Vietnamese title)."""
        return (self.title_en or self.title) if lang == "en" else self.title

    def legal_basis_in(self, lang: str = "vi") -> str:
        return (self.legal_basis_en or self.legal_basis) if lang == "en" else self.legal_basis

    def __post_init__(self) -> None:
        order: list[Node] = []
        parents: dict[str, str] = {}

        def walk(node: Node, parent: Node | None) -> None:
            order.append(node)
            if parent is not None:
                parents[node.code] = parent.code
            for child in node.children:
                walk(child, node)

        for top in self.nodes:
            walk(top, None)
        object.__setattr__(self, "_order", tuple(order))
        object.__setattr__(self, "_index", {n.code: n for n in order})
        object.__setattr__(self, "_parents", parents)

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def walk(self) -> Iterator[Node]:
        """Every node in tree order (pre-order)."""
        return iter(self._order)

    def leaves(self) -> Iterator[Node]:
        return (n for n in self._order if n.is_leaf)

    def english_missing(self) -> list[tuple[str, str]]:
        """Each text with words but no English, as ``(place, field)``: ``("", "title")`` for
        the framework, ``("block:survey", "title")``, ``("3.4.1", "guidance")``,
        ``("3.4.1", "inputs.on_time.unit")``. A text without letters (a unit "%") needs none."""

        def wants(text: str | tuple[str, ...], english: str | tuple[str, ...]) -> bool:
            texts = (text,) if isinstance(text, str) else text
            return any(any(c.isalpha() for c in t) for t in texts) and not english

        found: list[tuple[str, str]] = []
        for field_name, text, english in (
            ("title", self.title, self.title_en),
            ("legal_basis", self.legal_basis, self.legal_basis_en),
        ):
            if wants(text, english):
                found.append(("", field_name))
        found += [(f"block:{b.code}", "title") for b in self.blocks if wants(b.title, b.title_en)]
        for node in self._order:
            pairs: list[tuple[str, str | tuple[str, ...], str | tuple[str, ...]]] = [
                ("title", node.title, node.title_en),
                ("guidance", node.guidance, node.guidance_en),
                ("evidence", node.evidence, node.evidence_en),
            ]
            if node.explain:
                pairs.append(("explain", tuple(node.explain.values()), node.explain.get("en", "")))
            for spec in node.inputs:
                at = f"inputs.{spec.name}"
                pairs += [
                    (f"{at}.title", spec.title, spec.title_en),
                    (f"{at}.unit", spec.unit, spec.unit_en),
                    (f"{at}.choices", spec.choices, spec.choices_en),
                ]
            found += [(node.code, name) for name, text, english in pairs if wants(text, english)]
        return found

    def get(self, code: str) -> Node | None:
        return self._index.get(code)

    def __getitem__(self, code: str) -> Node:
        return self._index[code]

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def parent(self, code: str) -> Node | None:
        parent = self._parents.get(code)
        return self._index[parent] if parent is not None else None

    def ancestors(self, code: str) -> list[Node]:
        chain: list[Node] = []
        node = self.parent(code)
        while node is not None:
            chain.append(node)
            node = self.parent(node.code)
        return chain

    def area_of(self, code: str) -> Node:
        chain = self.ancestors(code)
        return chain[-1] if chain else self._index[code]

    @property
    def max(self) -> Decimal:
        return sum((n.max for n in self.nodes), Decimal(0))

    def max_by(self, scored_by: str) -> Decimal:
        return sum((n.max for n in self.leaves() if n.scored_by == scored_by), Decimal(0))

    def applies_to(self, year: int) -> bool:
        return year in self.years
