"""Splitting a case file into YAML front matter and body, and loading the YAML safely."""

from __future__ import annotations

import re
from typing import Any

import yaml

from casebook.errors import CaseFormatError
from casebook.model import Problem

MAX_FRONT_MATTER = 64 * 1024
_CLOSERS = ("---", "...")


def split(text: str, path: str) -> tuple[str, str]:
    """Return (yaml_text, body). The YAML starts on line 2 of the file."""
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
            return yaml_text, "\n".join(lines[number:])
    raise CaseFormatError(path, 1, "front matter opened with '---' is never closed by a '---' line")


class _SafeLoader(yaml.SafeLoader):
    """Safe loading without aliases: an alias bomb is refused before it is built."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem="YAML aliases ('*name') are not allowed in case files",
                                       problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def _timestamp(loader: _SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date-like value that is no real date (2019-02-30) stays text, so validation can name it."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, AttributeError):
        return loader.construct_scalar(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

#: libyaml's safe loader, about five times faster. It cannot refuse aliases while composing, so
#: it is used only for text with no anchor or alias marks; any error is re-read by _SafeLoader,
#: whose messages are clearer.
_FastLoader: type | None = None
if yaml.__with_libyaml__:
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        pass

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:?-])[&*][^\s,\]}]")


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
    if _FastLoader is not None and not _ANCHOR_OR_ALIAS.search(yaml_text):
        try:
            return _load_with(_FastLoader, yaml_text, path)
        except CaseFormatError:
            pass
    return _load_with(_SafeLoader, yaml_text, path)


def _load_with(kind: type, yaml_text: str, path: str) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    loader = kind(yaml_text)
    try:
        node = loader.get_single_node()
        lines, problems = _key_lines(node)
        meta = _construct(loader, node, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        problem = _hinted(exc.problem or exc.context)
        raise CaseFormatError(path, line, f"front matter is not valid YAML: {problem}") from exc
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


#: Plain words for YAML errors whose usual cause in front matter is recognisable.
_HINTS = (
    (re.compile(r"mapping values are not allowed"), "a value containing ': ' must be in quotes, as in "
                                                    'title: "Bins: the app"'),
    (re.compile(r"found character '(.)' that cannot start any token"), "a value starting with '{0}' must be in quotes"),
    (re.compile(r"expected <block end>, but found '<scalar>'"), "text follows a closing quote or bracket: put the "
                                                                "whole value in quotes"),
    (re.compile(r"could not find expected ':'"), "each line must be 'key: value'"),
    (re.compile(r"sequence entries are not allowed"), "a value starting with '- ' must be in quotes"),
)


def _hinted(problem: str | None) -> str:
    """PyYAML's `problem`, with a hint at its cause when it is one of _HINTS."""
    text = str(problem)
    for pattern, hint in _HINTS:
        if match := pattern.search(text):
            return f"{text}; {hint.format(*match.groups())}"
    return text


def _construct(loader: Any, node: Any, path: str) -> Any:
    """Build Python values; a value PyYAML cannot build (say `date: 2019-02-30`) is reported
    at its own line rather than escaping as a bare ValueError."""
    if node is None:
        return {}
    try:
        return loader.construct_document(node)
    except yaml.YAMLError:
        raise
    except Exception as exc:  # constructors raise ValueError, KeyError, ...
        line = _failing_line(node)
        raise CaseFormatError(path, line, f"front matter value cannot be read: {exc}") from exc


def _failing_line(node: Any) -> int:
    """The line of the first top-level value that does not construct on its own."""
    for _, value in getattr(node, "value", []) if isinstance(node, yaml.MappingNode) else []:
        try:
            _SafeLoader("").construct_object(value, deep=True)
        except Exception:
            return value.start_mark.line + 2
    return node.start_mark.line + 2


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
