"""Command line: `python -m metrics list | show ID [--period P] [--by GROUPING]
[--org-unit U] [--country C] [--channel CH] [--format table|json|csv] [--role ROLE] | docs | warm`.

`show` applies the role's rules (metrics/access.py) as the dashboard does: a metric the role may not see is
refused (exit 2, the reason on stderr) before anything is computed, and the role's k applies. Every `show`
writes to the audit log (the operating-system user, pseudonymised; channel cli), refusals too."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from metrics.access import ROLES
from metrics.catalogue import CATALOGUE, METRICS
from metrics.export_safety import safe_row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrics", description="The Dirigent metric catalogue.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the catalogue")
    commands.add_parser("docs", help="print docs/metrics.md, generated from the declarations")
    show = commands.add_parser("show", help="compute one metric, or several as P2,P3,N1")
    show.add_argument("metric", help="a catalogue id, or several separated by commas")
    show.add_argument("--period", help="2025-Q3, 2025-07, 2025 or 2025-01-01..2025-03-31 (default: last complete "
                                       "quarter)")
    show.add_argument("--by", help="grouping, e.g. country or org_unit:2")
    show.add_argument("--org-unit", help="only this org unit and the units below it (an org_unit_id)")
    show.add_argument("--country", help="only people in this country (as HR writes it, e.g. DE)")
    show.add_argument("--channel", help="only learning in this channel: formal, peer, coaching or circle")
    show.add_argument("--format", choices=("table", "json", "csv"), default="table")
    show.add_argument("--role", choices=ROLES, default="ld_lead",
                      help="whose rules apply: the metrics the role may see and its k (default: ld_lead)")
    commands.add_parser("warm", help="with DIRIGENT_FRAME_CACHE: compute the catalogue for the current warehouse "
                                     "state once (after a sync), so every dashboard instance starts warm")
    args = parser.parse_args(argv)
    if args.command == "warm":
        return _warm()
    if args.command == "list":
        for metric in CATALOGUE:
            groupings = ", ".join(metric.groupings) or "-"
            print(f"{metric.id:<4} {metric.name:<38} {metric.unit:<14} by: {groupings}")
        return 0
    if args.command == "docs":
        from metrics.docs import render

        print(render(), end="")
        return 0
    return _show(args)


def _show(args) -> int:
    import inspect

    from data.db import make_engine
    from data.migrate import upgrade
    from data.settings import ConfigurationError, Settings
    from metrics import access
    from metrics.compute import NotComputedYet, compute, last_complete_quarter, today_in
    from metrics.filters import Filters
    from metrics.frames import load_metrics
    from metrics.overview import Metrics
    from metrics.periods import Period

    ids = [metric_id.strip() for metric_id in args.metric.split(",")]
    filters = Filters(org_unit=args.org_unit, country=args.country, channel=args.channel)
    asked = {"period": args.period, "by": args.by, **filters.as_dict()}
    try:
        settings = Settings.from_env()
        engine = make_engine(settings.db_url)
        upgrade(engine)  # the audit log's table
    except ConfigurationError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        for metric_id in ids:  # the role first: a refused metric is never computed
            if metric_id.upper() in METRICS:
                access.check_metric(args.role, metric_id)
        period = Period.parse(args.period) if args.period else last_complete_quarter(today_in(settings.timezone))
        asked["period"] = period.label
        model = load_metrics(engine, settings)
        takes = inspect.signature(compute).parameters
        extra = {"role": args.role} if "role" in takes else {}
        if "ledger" in takes:  # one ledger per invocation: the figures of one command are one session's
            from metrics.privacy_ledger import Ledger

            extra["ledger"] = Ledger()
        if "role" not in takes and access.min_group_size(settings, args.role) != settings.min_group_size:
            from dataclasses import replace

            model = Metrics.from_prepared(model.frames, model.person_events,
                                          replace(settings, min_group_size=access.min_group_size(settings, args.role)))
        results = [compute(model, metric_id, period, args.by, filters, **extra) for metric_id in ids]
    except access.AccessDenied as exc:
        return _refused(engine, args, asked, f"refused: {exc}")
    except (KeyError, ValueError, NotComputedYet) as exc:
        from metrics.privacy import Refused

        if isinstance(exc, Refused):
            return _refused(engine, args, asked, f"refused: {exc}")
        print(str(exc).strip("'\""), file=sys.stderr)
        return 2
    except ConfigurationError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        for result in results:
            _audit(engine, args, "metric", asked, metric=result.metric.id)
    except ConfigurationError as exc:  # no key for the audit log's pseudonyms: nothing is shown unrecorded
        print(f"the audit log cannot be written, so nothing is shown: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        dicts = [result.as_dict() for result in results]
        print(json.dumps(dicts[0] if len(dicts) == 1 else dicts, indent=2, default=str, ensure_ascii=False))
    elif args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["metric", "period_start", "period_end", "group", "value", "population", "suppressed"])
        for result in results:
            for row in result.rows:
                value = json.dumps(row["value"], default=str) if isinstance(row["value"], dict) else row["value"]
                writer.writerow(safe_row([result.metric.id, period.start, period.end, row["group"], value,
                                          row["population"], row["suppressed"]]))
        print(out.getvalue(), end="")
    else:
        for result in results:
            print(f"{result.metric.id} {result.metric.name} · {period.label} ({period.start} .. {period.end})"
                  + (f" · by {args.by}" if args.by else "") + (f" · filters {filters.describe()}" if filters else ""))
            for row in result.rows:
                value = "hidden: " + row.get("note", "") if row["suppressed"] else row["value"]
                print(f"  {row['group']:<30} {str(value):<30} population {row['population']:,}")
    return 0


def _warm() -> int:
    import os
    import time

    from data.db import make_engine
    from data.settings import ConfigurationError, Settings
    from metrics.compute import today_in
    from metrics.frames import load_metrics
    from metrics.warm import warm

    if not os.environ.get("DIRIGENT_FRAME_CACHE"):
        print("warm keeps its results beside the prepared warehouse: set DIRIGENT_FRAME_CACHE to the folder the "
              "dashboard uses (docs/performance.md)", file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env()
        start = time.perf_counter()
        model = load_metrics(make_engine(settings.db_url), settings)
        frames = warm(model, today_in(settings.timezone))
    except ConfigurationError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"warm: {frames} metric frames for the current warehouse state in {time.perf_counter() - start:.1f} s, "
          f"kept in {model.results}")
    return 0


def _audit(engine, args, action: str, asked: dict, metric: str | None = None, detail: str | None = None) -> None:
    """One audit-log row: the command line's user (pseudonymised), the role asked for, what was shown or refused."""
    from data.audit import record

    record(engine, login=None, role=args.role, action=action, metric=metric, channel="cli",
           filters={key: value for key, value in asked.items() if value}, detail=detail or "python -m metrics show")


def _refused(engine, args, asked: dict, message: str) -> int:
    from data.settings import ConfigurationError

    try:
        _audit(engine, args, "denied", asked, metric=args.metric[:32], detail=message)
    except ConfigurationError:
        pass  # the refusal stands either way
    print(message, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
