"""Command line: python -m data.demo --out DIR [--employees N] [--months M] [--seed S] [--end-month YYYY-MM]."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import generate


def main(argv: list[str] | None = None) -> int:
    """Generate the demo company and print a one-line summary."""
    parser = argparse.ArgumentParser(prog="python -m data.demo", description="Generate the Demo AG source exports.")
    parser.add_argument("--out", required=True, type=Path, help="output folder (one folder per system is created)")
    parser.add_argument("--employees", type=int, default=5000, help="approximate headcount at the end month")
    parser.add_argument("--months", type=int, default=24, help="length of the window in months")
    parser.add_argument("--seed", type=int, default=42, help="random seed; same seed, same bytes")
    parser.add_argument("--end-month", default="2026-10", help="last month of the window, YYYY-MM")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.end_month):
        parser.error("--end-month must look like 2026-10")
    if args.employees < 20 or args.months < 1:
        parser.error("--employees must be at least 20 and --months at least 1")
    s = generate(args.out, args.employees, args.months, args.seed, args.end_month)
    print(f"Demo AG -> {args.out}: {s['hr_rows']} HR rows ({s['persons']} persons, {s['headcount_end']} employed at "
          f"the end), Moodle {s['moodle']['courses']} courses/{s['moodle']['enrolments']} enrolments, "
          f"{s['statements']} xAPI statements, LEX {s['lex']['sessions']} sessions/"
          f"{s['lex']['registrations']} registrations, {s['teams']['reports']} Teams reports, "
          f"{s['calendar']['events']} calendar events, {s['companionship']['conversations']} conversations/"
          f"{s['companionship']['circles']} circles, {s['skills']['occupations']} roles; "
          f"{sum(s['bytes'].values()) / 1e6:.0f} MB in {s['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
