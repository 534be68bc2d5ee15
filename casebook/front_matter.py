"""Splitting a case file into YAML front matter and body, and loading the YAML safely."""

from __future__ import annotations

from typing import Any

import yaml

from casebook.errors import CaseFormatError
from casebook.model import Problem

MAX_FRONT_MATTER = 64 * 1024
_CLOSERS = ("---", "...")


def split(text: str, path: str) -> tuple[str, str, int]:
    """Return (yaml_text, body, body_first_line). The YAML starts on line 2."""
    lines = text.split("\n")
    opener = lines[0].rstrip()
    if opener == "+++":
        raise CaseFormatError(path, 1, "TOML front matter ('+++') is not supported; use YAML between '---' lines")
    if opener.startswith("---") and opener != "---":
        raise CaseFormatError(path, 1, f"front matter starts with '{opener}'; only YAML between '---' lines is read")
    if opener != "---":
        raise CaseFormatError(path, 1, "no front matter: a case starts with a '---' line, "
                              "then 'key: value' lines, then another '---' line")
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in _CLOSERS:
            yaml_text = "\n".join(lines[1:number - 1])
            if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER:
                raise CaseFormatError(path, 1, f"front matter is larger than {MAX_FRONT_MATTER // 1024} KiB")
            return yaml_text, "\n".join(lines[number:]), number + 1
    raise CaseFormatError(path, 1, "front matter opened with '---' is never closed by a '---' line")


class _SafeLoader(yaml.SafeLoader):
    """Safe loading without aliases: an alias bomb is refused before it is built."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem="YAML aliases ('*name') are not allowed in case files",
                                       problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def load(yaml_text: str, path: str) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    """Parse front matter into (values, line of each key, problems).

    A TAB indent is read as spaces and reported; anything else unreadable raises CaseFormatError.
    """
    try:
        return _load(yaml_text, path)
    except CaseFormatError as exc:
        if "\t" not in yaml_text or "'\\t'" not in exc.message:
            raise
    meta, lines, problems = _load(yaml_text.replace("\t", "  "), path)
    first_tab = next(n for n, line in enumerate(yaml_text.split("\n"), start=2) if "\t" in line)
    problems.append(Problem(first_tab, "front matter contains TAB characters; they were read as spaces"))
    return meta, lines, problems


def _load(yaml_text: str, path: str) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    loader = _SafeLoader(yaml_text)
    try:
        node = loader.get_single_node()
        lines, problems = _key_lines(node)
        meta = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        raise CaseFormatError(path, line, f"front matter is not valid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise CaseFormatError(path, 1, f"front matter is not valid YAML: {exc}") from exc
    except RecursionError as exc:
        raise CaseFormatError(path, 1, "front matter is nested too deeply") from exc
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise CaseFormatError(path, 2, "front matter must be 'key: value' lines, not a "
                              f"{type(meta).__name__}")
    return {str(k): v for k, v in meta.items()}, lines, problems


def _key_lines(node: Any) -> tuple[dict[str, int], list[Problem]]:
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    if not isinstance(node, yaml.MappingNode):
        return lines, problems
    for key_node, _ in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 2
        if key in lines:
            message = f"duplicate key '{key}' (first on line {lines[key]}); the last value is used"
            problems.append(Problem(line, message))
        lines[key] = line
    return lines, problems
