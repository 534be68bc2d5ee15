"""`casebook network …`, `casebook publish` and `casebook sync`: added to the core CLI through
the `casebook.commands` entry point, so the core never imports git."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casebook import settings
from casebook.cli import ProgressLine, print_json
from casebook.errors import CasebookError, InputError
from casebook.home import Home, resolve
from casebook.library import Library

Command = Callable[[argparse.Namespace], int]


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the sync commands; `command(name, func, help)` makes a sub-parser with --home."""
    network = command("network", _network_help, "Join, leave, create and check peer networks.")
    sub = network.add_subparsers(title="network commands", metavar="ACTION")
    p = _sub(sub, "add", cmd_add, "Join a network: NAME and the address URL of its repository.")
    p.add_argument("name")
    p.add_argument("url", help="https://…, ssh://…, user@host:path, or the full path of a shared folder")
    p.add_argument("--council", help="your council's folder name in the network (default: the council setting)")
    p.add_argument("--branch", default="main")
    _signin_options(p)
    p = _sub(sub, "signin", cmd_signin, "Change the user name and token a network is signed in with "
                                        "(changes waiting to be shared are kept).")
    p.add_argument("name")
    _signin_options(p)
    _sub(sub, "list", cmd_list, "List the networks this computer has joined.")
    p = _sub(sub, "remove", cmd_remove, "Leave a network (its clone is kept, out of search, unless --delete).")
    p.add_argument("name")
    p.add_argument("--delete", action="store_true", help="also delete the clone")
    p = _sub(sub, "status", cmd_status, "Unshared changes, ahead/behind, last sync, conflicts, quarantine.")
    p.add_argument("name", nargs="?")
    p = _sub(sub, "rejoin", cmd_rejoin, "Start again from a network whose history was lost or rewritten, "
             "keeping your old copy; your cases it lacks are listed, and put back only with --restore.")
    p.add_argument("name")
    p.add_argument("--branch", help="the network's branch now, when it was renamed (e.g. master)")
    p.add_argument("--restore", nargs="+", default=[], metavar="ID", help="cases of yours to share again")
    p = _sub(sub, "init", cmd_init, "Create a new network repository (use --bare for a shared folder).")
    p.add_argument("path")
    p.add_argument("--name", required=True)
    p.add_argument("--bare", action="store_true")
    p.add_argument("--description", default="")
    p = _sub(sub, "check", cmd_check, "Check the commits BASE..HEAD of a network repository (for its CI).")
    p.add_argument("base")
    p.add_argument("head")
    p.add_argument("--repo", default=".", help="the network repository (default: here)")
    p = command("publish", cmd_publish, "Share one of your network/public cases with a network at the next sync.")
    p.add_argument("id")
    p.add_argument("--to", required=True, metavar="NAME", dest="to")
    p.add_argument("--json", action="store_true")
    p = command("conflicts", cmd_conflicts, "List conflicts: a case changed here and in the network, both kept.")
    p.add_argument("--json", action="store_true")
    p = command("resolve", cmd_resolve, "Resolve a conflict (shared at the next sync): keep mine, theirs or both.")
    p.add_argument("id", help="the case's id, or the conflict's id from `casebook conflicts` when a case has several")
    p.add_argument("--keep", required=True, choices=("mine", "theirs", "both"))
    p.add_argument("--json", action="store_true")
    p = command("sync", cmd_sync, "Sync with one network, or all of them: receive, check, merge, share.")
    p.add_argument("name", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--undo", action="store_true",
                   help="bring your folder in the network NAME back to the recovery point made before the last sync")
    _signin_options(p)


def _sub(sub: Any, name: str, func: Command, help_: str) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_, description=help_)
    p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help="home folder")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=func)
    return p


def _signin_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", default="", help="user name on the network's host (asked when not given)")
    p.add_argument("--token-stdin", action="store_true",
                   help="read the token from standard input (otherwise asked without showing it, at a terminal)")


def _read_signin(args: argparse.Namespace, url: str, user: str = "") -> Any:
    """The sign-in from --token-stdin or asked at a terminal, never from an argument; None when
    none is given (a public or file-share network)."""
    from sync.credentials import SignIn

    interactive = sys.stdin.isatty() and not args.token_stdin
    if not (args.token_stdin or (interactive and url.startswith(("https://", "http://")))):
        return None
    user = args.user or user
    if interactive and not user:
        user = input("User name on the network's host (blank for none): ").strip()
    token = sys.stdin.readline().strip() if args.token_stdin else getpass.getpass("Token (not shown): ").strip()
    if token and not user:
        raise InputError("give the user name that goes with the token: --user NAME")
    return SignIn(user, token) if token else None


def _network_help(args: argparse.Namespace) -> int:
    print("usage: casebook network {add,signin,list,remove,status,rejoin,init,check} … (see casebook network --help)")
    return 2


def _opened(args: argparse.Namespace) -> tuple[Home, Any]:
    from sync.credentials import move_typed_secrets
    from sync.networks import Registry

    home = resolve(args.home).ensure()
    lib = Library(home)
    registry = Registry(lib.catalog)
    move_typed_secrets(registry)
    return home, (lib, registry)


def cmd_add(args: argparse.Namespace) -> int:
    from sync import actions
    from sync.credentials import NoKeyringError, split_url

    home, (lib, registry) = _opened(args)
    url, typed = split_url(args.url)
    signin = None if typed and typed.token else _read_signin(args, url, typed.user if typed else "")
    note = ""
    with lib:
        council = args.council or settings.get(lib.catalog, "council")
        try:
            network = actions.add(home, registry, args.name, args.url, council, args.branch, signin)
        except NoKeyringError as exc:
            network = actions.add(home, registry, args.name, url, council, args.branch)
            note = f"\nBut {exc}: give the token to each sync instead: casebook sync {network.name} --token-stdin"
    _say(args, {"network": network.name, "clone": str(network.clone(home)), "council": network.council},
         f"Joined {network.name}; your cases go to cases/{network.council}/. Run `casebook sync {network.name}`."
         + note)
    return 0


def cmd_signin(args: argparse.Namespace) -> int:
    from sync import credentials

    _, (lib, registry) = _opened(args)
    with lib:
        url = registry.require(args.name).url
        kept = credentials.lookup(url)
        signin = _read_signin(args, url, kept.user if kept else "")
        if signin is None:
            raise InputError("no token given: type it when asked, or pipe it in with --token-stdin")
        credentials.sign_in(registry, args.name, signin)
    _say(args, {"network": args.name, "user": signin.user},
         f"Changed the sign-in of {args.name} (user {signin.user}); it is used from the next sync.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    _, (lib, registry) = _opened(args)
    with lib:
        networks = registry.all()
    if args.json:
        print_json([vars(n) for n in networks])
    for n in [] if args.json else networks:
        print(f"{n.name}  {n.url}  (council folder: {n.council}, branch: {n.branch})")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from sync import actions

    home, (lib, registry) = _opened(args)
    with lib:
        kept = actions.remove(home, registry, args.name, args.delete)
        lib.update()
    _say(args, {"network": args.name, "kept": str(kept) if kept else None},
         f"Left {args.name}." + (f" Its clone was kept at {kept}." if kept else ""))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from sync import actions

    home, (lib, registry) = _opened(args)
    with lib:
        names = [args.name] if args.name else [n.name for n in registry.all()]
        found = [actions.status(home, registry, name) for name in names]
    if args.json:
        print_json(found if not args.name else found[0])
        return 0
    for s in found:
        last = s["last_sync"]
        when = f"last sync: {last['summary']}" if last else "never synced"
        print(f"{s['network']}: {s['unshared']} change(s) not yet shared, {s['behind']} to receive; {when}")
        for c in s["conflicts"]:
            print(f"  conflict: {c['path']} — both versions kept (casebook conflicts)")
        for q in s["quarantined"]:
            print(f"  quarantined: {q['path']} (commit {q['commit'][:10]}): {q['reason']}")
    return 0


def cmd_rejoin(args: argparse.Namespace) -> int:
    from sync import actions

    home, (lib, registry) = _opened(args)
    with lib:
        done = actions.rejoin(home, registry, args.name, args.branch, args.restore)
        lib.update()
    lines = [f"Rejoined {args.name} as it is now." + (f" Your old copy is kept at {done.kept}." if done.kept else "")]
    lines += [f"  put back, shared at the next sync: {path}" for path in done.restored]
    lines += [f"  not in the network (share again with --restore ID): {path}"
              for path in done.offered if path not in done.restored]
    _say(args, {"network": args.name, "kept": str(done.kept) if done.kept else None, "offered": done.offered,
                "restored": done.restored}, "\n".join(lines))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from sync import actions
    from sync.gitcmd import hooks_folder

    home = resolve(args.home).ensure()
    path = actions.init_network(Path(args.path), args.name, hooks_folder(home.root), args.bare,
                                args.description)
    _say(args, {"path": str(path)}, f"Created network {args.name} at {path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from sync import actions
    from sync.gitcmd import hooks_folder

    home = resolve(args.home).ensure()
    findings = actions.check(Path(args.repo), args.base, args.head, hooks_folder(home.root))
    if args.json:
        print_json({"ok": not findings, "problems": [vars(f) for f in findings]})
    else:
        for finding in findings:
            print(f"refused: {finding}")
        print(f"{len(findings)} problem(s)" if findings else "ok: every change can be taken in")
    return 1 if findings else 0


def cmd_publish(args: argparse.Namespace) -> int:
    from sync import actions

    home, (lib, registry) = _opened(args)
    with lib:
        lib.update()
        target = actions.publish(home, registry, args.id, args.to)
        problems = lib.case(args.id).problems
    _say(args, {"id": args.id, "network": args.to, "path": str(target), "problems": [p.message for p in problems]},
         f"Published {args.id} to {args.to}; it is shared at the next `casebook sync {args.to}`.")
    if problems:  # published all the same, as incomplete cases are saved, indexed and synced
        print(f"casebook: note: {args.id} is incomplete ({len(problems)} problem{'s' if len(problems) > 1 else ''}, "
              f"the first: {problems[0].message}); peers will see it marked incomplete", file=sys.stderr)
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from sync import inbox

    home, (lib, registry) = _opened(args)
    with lib:
        found = inbox.conflicts(home, registry)
    if args.json:
        print_json([{"id": c.id, "network": c.network, "path": c.path, "copy": c.copy} for c in found])
        return 0
    for c in found:
        print(f"{c.id}  ({c.network}) {c.path} — both versions kept")
    print(f"{len(found)} conflict(s)" + (": casebook resolve ID --keep mine|theirs|both" if found else ""))
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from sync import inbox

    home, (lib, registry) = _opened(args)
    with lib:
        conflict = inbox.resolve(home, registry, args.id, args.keep)
        lib.update()
    _say(args, {"id": conflict.id, "network": conflict.network, "path": conflict.path, "kept": args.keep},
         f"Kept {args.keep} for {conflict.path}; shared at the next `casebook sync {conflict.network}`.")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from sync import engine

    if args.undo:
        return _undo(args)
    home, (lib, registry) = _opened(args)
    with lib:
        networks = [registry.require(args.name)] if args.name else registry.all()
        _sign_in_for_this_run(args, networks)
        if not networks:
            raise CasebookError("no networks yet: join one with `casebook network add NAME URL`")
        reports = []
        for network in networks:
            progress = ProgressLine(unit=f"steps ({network.name})")
            reports.append(engine.sync(home, registry, network, progress=progress))
            progress.finish()
        changes = lib.update(progress=ProgressLine())
    if args.json:
        print_json([r.to_json() for r in reports] if not args.name else reports[0].to_json())
    else:
        for r in reports:
            print(f"{r.network}: {r.summary}")
            for finding in r.quarantined:
                print(f"  quarantined: {finding}")
            for finding in r.blocked:
                print(f"  kept back: {finding}")
            for finding in r.left_out:
                print(f"  stays on this computer: {finding}")
            for finding in r.still_shared:
                print(f"  still on the network: {finding}")
            for copy in r.conflicts:
                case_id = copy.rsplit("/", 1)[-1].split(".")[0]
                print(f"  conflict: your version is kept on this computer only, as {copy} "
                      f"(casebook resolve {case_id} --keep mine|theirs|both)")
        print(f"Search index: {len(changes.added)} added, {len(changes.updated)} updated, "
              f"{len(changes.removed)} removed")
    return 0 if all(r.ok for r in reports) else 1


def _sign_in_for_this_run(args: argparse.Namespace, networks: list[Any]) -> None:
    """`sync NAME --token-stdin`: a sign-in kept only while this command runs (no password store)."""
    from sync import credentials

    if not args.token_stdin:
        return
    if len(networks) != 1:
        raise InputError("say which network the token is for: casebook sync NAME --token-stdin")
    kept = credentials.lookup(networks[0].url)
    signin = _read_signin(args, networks[0].url, kept.user if kept else "")
    if signin is not None:
        credentials.store(networks[0].url, signin, session_only=True)


def _undo(args: argparse.Namespace) -> int:
    from sync import recovery

    if not args.name:
        raise InputError("say which network to undo: casebook sync --undo NAME")
    home, (lib, registry) = _opened(args)
    with lib:
        when = recovery.undo(home, registry, args.name)
        lib.update()
    _say(args, {"network": args.name, "recovery_point": when},
         f"Your folder in {args.name} is back as it was at {when} (UTC); the next sync shares it. "
         "Nothing on the network was changed.")
    return 0


def _say(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if getattr(args, "json", False):
        print_json(data)
    else:
        print(text)

