"""Privacy operations on the warehouse: `python -m data retention|rekey|audit|inventory`.

    python -m data retention [--apply] [--json]       what is older than the retention periods; --apply deletes it
    python -m data rekey [--apply] [--new-key-file F]  rotate the pseudonym key, re-keying the whole warehouse
    python -m data audit [--since D] [--role R] [--action A] [--limit N] [--json]   recent audit-log entries
    python -m data inventory [--json] [--language de]  what is held, from where, how long, k, the purpose
    python -m data mark-demo                            mark the warehouse as the demo's (make demo-sync does)

Every run is written to the audit log (role "operator", the operating-system user pseudonymised). Exit codes:
0 done, 2 a setting, file or the warehouse needs attention (the message says which and what to do).
Keys and passwords are never printed: database URLs appear as postgresql://user:***@host/db.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from data import audit
from data.audit import mask_url, redact
from data.settings import LANGUAGES, ConfigurationError, Settings


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command_line = "python -m data " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    url = None
    try:
        settings = Settings.from_env()
        from data.db import make_engine
        from data.migrate import upgrade

        engine = make_engine(args.url or settings.db_url)
        url = mask_url(engine.url.render_as_string(hide_password=False))
        upgrade(engine)
        output = COMMANDS[args.command](engine, settings, args, redact(command_line))
    except ConfigurationError as exc:
        return _fail(str(exc))
    except _Refused as exc:
        return _fail(str(exc))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return _fail(f"the warehouse at {url or 'DIRIGENT_DB_URL'} could not be used: {reason}. Check "
                     "DIRIGENT_DB_URL (or --url) and that the database is reachable.")
    print(output)
    return 0


class _Refused(RuntimeError):
    pass


def _fail(message: str) -> int:
    print(f"error: {redact(message)}", file=sys.stderr)
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--url", help="warehouse URL (default: DIRIGENT_DB_URL or the SQLite file)")
        p.add_argument("--json", action="store_true", help="print JSON")
        return p

    p = add("retention", "Report (and with --apply delete) data older than DIRIGENT_RETENTION_MONTHS.")
    p.add_argument("--apply", action="store_true", help="delete, in one transaction, and log it")
    p = add("rekey", "Rotate the pseudonym key: re-key every pseudonym in one transaction, then extend the ring.")
    p.add_argument("--apply", action="store_true", help="rewrite the warehouse and the key file")
    p.add_argument("--new-key-file", type=Path,
                   help="the new key: read from this file if it exists, else generated and written there (0600); "
                        "required when the key comes from DIRIGENT_PSEUDONYM_KEY")
    p = add("audit", "Print recent audit-log entries, newest first.")
    p.add_argument("--since", type=_date, help="from this day (YYYY-MM-DD, UTC)")
    p.add_argument("--until", type=_date, help="before this day (YYYY-MM-DD, UTC)")
    p.add_argument("--role", help="only this role (ld_lead, works_council, executive, admin, operator)")
    p.add_argument("--action", choices=audit.ACTIONS)
    p.add_argument("--limit", type=int, default=50)
    p = add("inventory", "What the warehouse holds, from where, how people are pseudonymised, how long, k, purpose.")
    p.add_argument("--language", choices=LANGUAGES, default=None, help="language of the texts (default: setting)")
    add("mark-demo", "Mark the warehouse as the demo company's (make demo-sync does): without an [auth] login the "
                     "dashboard then opens in demo mode, with a role switcher. Never on real data.")
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day like 2026-01-31") from None


# -- commands ------------------------------------------------------------------------------------------

def _retention(engine, settings, args, command_line) -> str:
    from data.retention import retention

    report = retention(engine, settings, apply=args.apply)
    if not args.apply:
        audit.record(engine, login=None, role="operator", action="command", detail=command_line)
    if args.json:
        return json.dumps(report.as_dict(), indent=2)
    verb = "deleted" if args.apply else "would delete"
    lines = [f"Retention on {report.today} ({report.timezone}): "
             + ("deleted in one transaction and logged." if args.apply else
                "dry run, nothing deleted; run again with --apply to delete."),
             f"{'table':<20}{'setting':<13}{'months':>7}  {'cutoff':<12}{verb:>14}"]
    for t in report.tables:
        months = "never" if t.months is None else str(t.months)
        lines.append(f"{t.table:<20}{t.setting:<13}{months:>7}  {t.cutoff or '-':<12}{t.rows:>14}")
    lines.append(f"{'total':<54}{report.total:>14}")
    return "\n".join(lines)


def _rekey(engine, settings, args, command_line) -> str:
    from data.rekey import RekeyError, rekey

    try:
        report = rekey(engine, apply=args.apply, new_key_file=args.new_key_file)
    except RekeyError as exc:
        raise _Refused(str(exc)) from None
    if not args.apply:
        audit.record(engine, login=None, role="operator", action="command", detail=command_line)
    if args.json:
        return json.dumps(report.as_dict(), indent=2)
    where = f" ({report.key_file})" if report.key_file else ""
    lines = [f"Key rotation: {'done, in one transaction' if args.apply else 'dry run'}; the ring goes from "
             f"{report.ring_before} to {report.ring_after} keys; key from {report.key_setting}{where}.",
             f"{'column':<40}{'rewritten' if args.apply else 'to rewrite':>12}"]
    lines += [f"{name:<40}{n:>12}" for name, n in report.rewritten.items()]
    lines.append(f"{'total':<40}{report.total:>12}")
    lines += report.next_steps
    return "\n".join(lines)


def _audit(engine, settings, args, command_line) -> str:
    found = audit.entries(engine, since=args.since, until=args.until, role=args.role, action=args.action,
                          limit=args.limit)
    audit.record(engine, login=None, role="operator", action="command", detail=command_line)
    if args.json:
        return json.dumps(found, indent=2, default=_json_default)
    lines = [f"{'at (UTC)':<20}{'channel':<10}{'role':<14}{'action':<10}{'login':<10}{'page':<18}{'metric':<8}detail"]
    for e in found:
        filters = json.dumps(e["filters"], sort_keys=True) if e["filters"] else ""
        detail = " ".join(x for x in (filters, e["detail"] or "") if x)
        lines.append(f"{e['at']:%Y-%m-%d %H:%M:%S} {e['channel']:<10}{e['role']:<14}{e['action']:<10}"
                     f"{e['login'][:8]:<10}{(e['page'] or ''):<18}{(e['metric'] or ''):<8}{detail[:120]}")
    if not found:
        lines.append("(no entries)")
    return "\n".join(lines)


def _inventory(engine, settings, args, command_line) -> str:
    from data.inventory import inventory

    found = inventory(engine, settings)
    audit.record(engine, login=None, role="operator", action="command", detail=command_line)
    if args.json:
        return json.dumps(found.as_dict(), indent=2, ensure_ascii=False)
    language = args.language or settings.language
    lines = ["Data inventory" + (" (demo warehouse)" if found.demo else ""), "", "Purpose:",
             found.purpose[language], "", "Sources:"]
    for s in found.sources:
        rows = ", ".join(f"{t} {n}" for t, n in s.rows.items()) or "no rows"
        lines.append(f"  {s.name} ({s.kind}): last run {s.last_run or '-'} {s.last_status}, last success "
                     f"{s.last_success or '-'}; {rows}")
    if not found.sources:
        lines.append("  (none synced yet)")
    lines += ["", "Tables (* pseudonym, + text that may contain pseudonyms):"]
    for t in found.tables:
        keep = ("kept" if t.retention_setting is None else
                f"kept {t.retention_months} months" if t.retention_months else "kept (retention: never)")
        lines.append(f"  {t.name} ({t.rows} rows, {keep}): {t.description[language]}")
        lines.append("    " + ", ".join(c.name + ("*" if c.pseudonym else "+" if c.embeds_pseudonyms else "")
                                         for c in t.columns))
    lines += ["", "Pseudonymisation:", found.pseudonymisation[language], "",
              f"Minimum group size k: {found.min_group_size}; works council: {found.works_council_min_group_size}"]
    lines += found.notes
    return "\n".join(lines)


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _mark_demo(engine, settings, args, command_line) -> str:
    audit.mark_demo(engine)
    audit.record(engine, login=None, role="operator", action="command", detail=command_line)
    return (f"{mask_url(engine.url.render_as_string(hide_password=False))} is marked as the demo warehouse: the "
            "dashboard opens it without a login when no [auth] is configured")


COMMANDS = {"retention": _retention, "rekey": _rekey, "audit": _audit, "inventory": _inventory,
            "mark-demo": _mark_demo}

if __name__ == "__main__":
    sys.exit(main())
