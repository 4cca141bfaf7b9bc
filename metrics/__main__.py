"""Command line: `python -m metrics list | show ID [--period P] [--by GROUPING]
[--org-unit U] [--country C] [--channel CH] [--format table|json|csv] | docs`."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from metrics.catalogue import CATALOGUE
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
    args = parser.parse_args(argv)
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
    from data.db import make_engine
    from data.settings import Settings
    from metrics.compute import NotComputedYet, compute, last_complete_quarter, today_in
    from metrics.filters import Filters
    from metrics.frames import load_frames
    from metrics.overview import Metrics
    from metrics.periods import Period

    settings = Settings.from_env()
    try:
        period = Period.parse(args.period) if args.period else last_complete_quarter(today_in(settings.timezone))
        model = Metrics(load_frames(make_engine()), settings)
        filters = Filters(org_unit=args.org_unit, country=args.country, channel=args.channel)
        results = [compute(model, metric_id, period, args.by, filters) for metric_id in args.metric.split(",")]
    except (KeyError, ValueError, NotComputedYet) as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
