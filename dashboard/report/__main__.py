"""`python -m dashboard.report --quarter 2025-Q3 --format pptx|pdf --lang de|en --out FILE`: the quarterly deck."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.report import FORMATS, deck_bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.report",
                                     description="The quarterly review as a deck for executives.")
    parser.add_argument("--quarter", help="e.g. 2026-Q3 (default: the last complete quarter)")
    parser.add_argument("--format", choices=FORMATS, default="pptx")
    parser.add_argument("--lang", choices=("en", "de"), default="en")
    parser.add_argument("--out", help="the file to write (default: dirigent-quarterly-<quarter>-<lang>.<format>)")
    args = parser.parse_args(argv)

    from data.db import make_engine
    from data.settings import ConfigurationError, Settings
    from metrics.access import AccessDenied
    from metrics.compute import last_complete_quarter, today_in
    from metrics.frames import load_metrics
    from metrics.periods import Period

    started = time.perf_counter()
    try:
        settings = Settings.from_env()
        quarter = Period.parse(args.quarter) if args.quarter else last_complete_quarter(today_in(settings.timezone))
        if quarter.kind != "quarter":
            raise ValueError(f"'{args.quarter}' is not a quarter; write it as 2026-Q3")
        if quarter.end >= today_in(settings.timezone):
            raise ValueError(f"{quarter.label} is not complete yet (it ends {quarter.end}); the last complete "
                             f"quarter is {last_complete_quarter(today_in(settings.timezone)).label}")
        model = load_metrics(make_engine(), settings)
        data_range = model.data_range()
        if data_range is None:
            raise ValueError("the warehouse holds no learning data yet: sync first (python -m connectors sync)")
        if quarter.end < data_range[0]:
            raise ValueError(f"{quarter.label} ends before the warehouse's first learning data "
                             f"({data_range[0]}); its data reaches from {data_range[0]} to {data_range[1]}")
        data = deck_bytes(model, quarter, args.format, args.lang)
    except (ValueError, KeyError, ConfigurationError, AccessDenied) as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
        return 2
    out = Path(args.out or f"dirigent-quarterly-{quarter.label}-{args.lang}.{args.format}")
    out.write_bytes(data)
    print(f"{out} ({len(data) / 1024:,.0f} KiB, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
