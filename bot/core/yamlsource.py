"""YAML read with SafeLoader, keeping the line of every value so that errors can point at it.

PyYAML's YAML 1.1 rules turn unquoted yes/no/on/off into booleans; such values are reported
(a quiz answer "no" silently becoming False is a classic content bug).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_BOOL_WORDS = {"true", "false"}


@dataclass(frozen=True)
class Located:
    """A value from the file and the 1-based line it starts on."""

    value: Any
    line: int


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str
    is_boolean: bool = False  # an unquoted yes/no/on/off


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_located(text: str) -> tuple[Any, list[YamlProblem]]:
    """Parse `text`; mappings become dicts of key -> Located, sequences lists of Located."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlSyntaxError(line, f"YAML 문법 오류: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(0, f"YAML 문법 오류: {exc}") from exc
    problems: list[YamlProblem] = []
    if node is None:
        return None, problems
    constructor = yaml.SafeLoader("")  # builds plain scalars exactly as safe_load would
    try:
        return _convert(node, problems, constructor).value, problems
    finally:
        constructor.dispose()


def _convert(node: yaml.Node, problems: list[YamlProblem], constructor: yaml.SafeLoader) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                problems.append(YamlProblem(key_node.start_mark.line + 1, f"키 '{key}'가 두 번 나옵니다"))
            out[key] = _convert(value_node, problems, constructor)
        return Located(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(item, problems, constructor) for item in node.value], line)
    assert isinstance(node, yaml.ScalarNode)
    value = constructor.construct_object(node, deep=True)
    if node.tag == "tag:yaml.org,2002:bool" and node.style is None and node.value.lower() not in _BOOL_WORDS:
        problems.append(
            YamlProblem(
                line,
                f"따옴표 없는 '{node.value}'는 YAML에서 {value}(참/거짓)로 읽힙니다. "
                f'글자 그대로라면 "{node.value}"처럼 따옴표로 감싸 주세요',
                is_boolean=True,
            )
        )
    return Located(value, line)


def plain(located: Any) -> Any:
    """Strip the line information again (for values whose position no longer matters)."""
    if isinstance(located, Located):
        return plain(located.value)
    if isinstance(located, dict):
        return {k: plain(v) for k, v in located.items()}
    if isinstance(located, list):
        return [plain(v) for v in located]
    return located
