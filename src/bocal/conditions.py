"""`when` conditions: a tiny, safe expression language over profile values (no eval).

    employees >= 50 and not withholding_special
    listed or board
    fiscal_year_end in [3, 9]

A bare key is true when set and not false/0/empty. Compiling returns a predicate and the names it
reads, so the loader can reject unknown keys and the expander can share work between profiles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .bounds import MAX_RULE_INT, MAX_WHEN_DEPTH, MAX_WHEN_LENGTH

Values = Mapping[str, object]
Predicate = Callable[[Values], bool]

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<str>\"[^\"]*\"|'[^']*')|(?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"
)


class ConditionSyntaxError(ValueError):
    """A condition that cannot be read; the message says where."""


@dataclass(frozen=True)
class Condition:
    """A compiled condition: its text, the profile keys it reads, and the predicate."""

    text: str
    names: frozenset[str]
    test: Predicate = field(compare=False, repr=False)  # a closure: two compilations of one text are equal

    def __call__(self, values: Values) -> bool:
        return self.test(values)

    def __reduce__(self) -> tuple[Callable[[str], Condition], tuple[str]]:
        # the predicate is a closure; pickling (the catalog cache) re-compiles it from the text
        return (compile_condition, (self.text,))

    def explain(self, values: Values) -> str:
        """The condition with the values it read: `employees >= 50 (employees = 25)`."""
        shown = ", ".join(f"{n} = {_show(values.get(n))}" for n in sorted(self.names))
        return f"{self.text} ({shown})" if shown else self.text


def _show(v: object) -> str:
    if v is None:
        return "unset"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConditionSyntaxError(f"cannot read {text[pos:].strip()!r} at column {pos + 1}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0
        self.names: set[str] = set()

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise ConditionSyntaxError(f"the condition ends too early{f'; expected {value!r}' if value else ''}")
        if value is not None and tok[1] != value:
            raise ConditionSyntaxError(f"expected {value!r}, found {tok[1]!r}")
        self.i += 1
        return tok

    def parse(self) -> Predicate:
        if not self.toks:
            raise ConditionSyntaxError("the condition is empty")
        pred = self.or_()
        if self.peek() is not None:
            raise ConditionSyntaxError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return pred

    def or_(self) -> Predicate:
        # a flat list, not nested closures: `a or b or … ` of any length evaluates without recursion
        parts = [self.and_()]
        while (t := self.peek()) and t == ("name", "or"):
            self.take()
            parts.append(self.and_())
        if len(parts) == 1:
            return parts[0]
        return lambda v: any(p(v) for p in parts)

    def and_(self) -> Predicate:
        parts = [self.not_()]
        while (t := self.peek()) and t == ("name", "and"):
            self.take()
            parts.append(self.not_())
        if len(parts) == 1:
            return parts[0]
        return lambda v: all(p(v) for p in parts)

    def nest(self) -> None:
        """Count one level of `not` or parentheses; deeper than MAX_WHEN_DEPTH is an error, not a RecursionError."""
        self.depth += 1
        if self.depth > MAX_WHEN_DEPTH:
            raise ConditionSyntaxError(f"nested more than {MAX_WHEN_DEPTH} deep (parentheses and not); simplify it")

    def not_(self) -> Predicate:
        if self.peek() == ("name", "not"):
            self.take()
            self.nest()
            inner = self.not_()
            self.depth -= 1
            return lambda v: not inner(v)
        return self.comparison()

    def comparison(self) -> Predicate:
        tok = self.peek()
        if tok == ("op", "("):
            self.take()
            self.nest()
            inner = self.or_()
            self.take(")")
            self.depth -= 1
            return inner
        left = self.operand()
        nxt = self.peek()
        if nxt and nxt[0] == "op" and nxt[1] in _COMPARE:
            self.take()
            right = self.operand()
            op = _COMPARE[nxt[1]]
            return lambda v: _safe(op, left(v), right(v))
        if nxt == ("name", "in"):
            self.take()
            items = self.list_()
            return lambda v: left(v) in items
        return lambda v: _truthy(left(v))

    def list_(self) -> tuple[object, ...]:
        self.take("[")
        items: list[object] = []
        while self.peek() != ("op", "]"):
            kind, text = self.take()
            items.append(_literal(kind, text))
            if self.peek() == ("op", ","):
                self.take()
        self.take("]")
        return tuple(items)

    def operand(self) -> Callable[[Values], object]:
        if self.peek() is None:
            after = f" after {self.toks[-1][1]!r}" if self.toks else ""
            raise ConditionSyntaxError(f"the condition ends too early; expected a profile key or a value{after}")
        kind, text = self.take()
        if kind == "name":
            if text in ("true", "false"):
                value = text == "true"
                return lambda v: value
            if text in ("and", "or", "not", "in"):
                raise ConditionSyntaxError(f"expected a profile key or a value, found {text!r}")
            self.names.add(text)
            return lambda v: v.get(text)
        if kind in ("num", "str"):
            value2 = _literal(kind, text)
            return lambda v: value2
        raise ConditionSyntaxError(f"expected a profile key or a value, found {text!r}")


def _literal(kind: str, text: str) -> object:
    if kind == "num":
        digits = text.lstrip("-").split(".")[0]
        if len(digits) > len(str(MAX_RULE_INT)) or int(digits) > MAX_RULE_INT:
            raise ConditionSyntaxError(f"{text} is beyond the numbers a condition compares (at most {MAX_RULE_INT:,})")
        return float(text) if "." in text else int(text)
    if kind == "str":
        return text[1:-1]
    if kind == "name" and text in ("true", "false"):
        return text == "true"
    raise ConditionSyntaxError(f"expected a value, found {text!r}")


def _truthy(x: object) -> bool:
    return bool(x) and x is not None


def _safe(op: Callable[[object, object], bool], a: object, b: object) -> bool:
    # An unset key compares false rather than raising: `prior_tax > 100000` is false when unknown.
    if a is None or b is None:
        return False
    try:
        return op(a, b)
    except TypeError:
        return False


_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}


def compile_condition(text: str) -> Condition:
    """Compile a `when` string; raises ConditionSyntaxError with a readable message."""
    if len(text) > MAX_WHEN_LENGTH:
        raise ConditionSyntaxError(
            f"is {len(text):,} characters long; a condition may have at most {MAX_WHEN_LENGTH:,}"
        )
    parser = _Parser(text)
    test = parser.parse()
    return Condition(text.strip(), frozenset(parser.names), test)
