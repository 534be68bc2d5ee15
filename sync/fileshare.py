"""A network on a file share owned by another account (a council's shared drive): git refuses
such a repository ("dubious ownership") unless `safe.directory` names it, and git before 2.46
trusts that setting only from system or global config, not from `-c` or GIT_CONFIG_*. So each
call to a file:// hub gets, in its environment, a global config of its own: the user's own
global config included, plus that one folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from casebook.authoring import write_atomic
from casebook.errors import CasebookError
from casebook.home import Home


def trusting(home: Home, url: str) -> Path:
    """The path of a global git config (under `<home>/sync/`) that is the user's own plus a
    `safe.directory` for the shared folder of the file:// `url` alone."""
    folder = Path(url2pathname(urlsplit(url).path)).resolve()
    own = os.environ.get("GIT_CONFIG_GLOBAL")
    includes = [own] if own else ["~/.gitconfig", f"{os.environ.get('XDG_CONFIG_HOME', '~/.config')}/git/config"]
    lines = ["[include]", *(f"\tpath = {_quoted(p)}" for p in includes),
             "[safe]", f"\tdirectory = {_quoted(folder.as_posix())}"]
    path = home.root / "sync" / f"trust-{hashlib.sha1(folder.as_posix().encode()).hexdigest()[:12]}.gitconfig"
    text = "\n".join(lines) + "\n"
    if not path.exists() or path.read_text("utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode())
    return path


def _quoted(value: str) -> str:
    """A git config value in quotes; a control character (a newline could add config) is refused."""
    if any(ord(c) < 32 for c in value):
        raise CasebookError(f"{value!r} cannot be used as a folder of a network")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
