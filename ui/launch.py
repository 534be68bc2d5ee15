"""The `casebook` entry point: with a command it is the CLI; with none it opens the desktop app.

It lives outside the core because the core never imports Qt. Qt is imported only when the
window is wanted, so commands stay fast and work where PySide6 is not installed."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

STARTED = time.perf_counter()


def main(argv: Sequence[str] | None = None) -> int:
    from casebook import cli

    args = list(sys.argv[1:] if argv is None else argv)
    parsed = cli.parser_for(args).parse_args(args)
    if parsed.func is not cli.cmd_default:
        return cli.main(args)
    from ui import display

    problem = display.problem()
    if problem:
        print(f"casebook: the desktop app cannot start: {problem}\n{display.CLI_HINT}", file=sys.stderr)
        return 1
    try:
        from ui.app import run
    except ImportError as exc:
        print(f"casebook: the desktop app cannot start ({exc}); showing the command-line view.", file=sys.stderr)
        return cli.main(args)
    from casebook.home import resolve

    home_arg = getattr(parsed, "home", None)
    return run(resolve(home_arg).ensure(), explicit_home=home_arg is not None, started=STARTED)
