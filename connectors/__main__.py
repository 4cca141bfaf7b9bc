"""Command line: `python -m connectors sync|check [--config sources.toml] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from connectors.base import SourceError
from connectors.config import KINDS, ConfigError, load_sources
from data.db import make_engine
from data.loading import run_sync
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.settings import ConfigurationError, pseudonym_key

COUNT_COLUMNS = ("read", "loaded", "updated", "duplicates", "quarantined")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m connectors", description="Sync learning sources into the warehouse.")
    parser.add_argument("command", choices=("sync", "check"))
    parser.add_argument("--config", default="sources.toml", type=Path, help="sources file (default: sources.toml)")
    parser.add_argument("--source", action="append", help="sync only this source (repeatable)")
    parser.add_argument("--full", action="store_true",
                        help="ignore the saved watermarks and read everything again (upserts; changes nothing twice)")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    try:
        sources = load_sources(args.config)
        if args.command == "check":
            print(f"{args.config}: {len(sources)} source(s), no problems")
            return 0
        pseudonymise = Pseudonymiser(pseudonym_key())
    except (ConfigError, ConfigurationError) as exc:
        print(exc, file=sys.stderr)
        return 2
    engine = make_engine()
    upgrade(engine)
    results, failed = [], False
    for source in sources:
        if args.source and source.name not in args.source:
            continue
        connector = KINDS[source.kind](source.name, source.options, pseudonymise, args.config.resolve().parent)
        try:
            results.append(run_sync(engine, connector, full=args.full).as_dict())
        except SourceError as exc:
            failed = True
            results.append({"source": source.name, "kind": source.kind, "status": "failed", "message": str(exc)})
        except Exception as exc:  # a defect or a database problem: report it, roll back, go on with the others
            failed = True
            message = (f"source '{source.name}' ({source.kind}): unexpected {exc.__class__.__name__}: {exc}. "
                       "Nothing of this source was written; please report this with the message.")
            results.append({"source": source.name, "kind": source.kind, "status": "failed", "message": message})
    print(json.dumps(results, indent=2) if args.json else _table(results))
    return 1 if failed else 0


def _table(results: list[dict]) -> str:
    lines = [f"{'source':<20} {'status':<7} " + " ".join(f"{c:>11}" for c in COUNT_COLUMNS)]
    for r in results:
        counts = " ".join(f"{r.get(c, 0):>11,}" for c in COUNT_COLUMNS)
        lines.append(f"{r['source']:<20} {r['status']:<7} {counts}")
        if r.get("message"):
            lines.append(f"  ! {r['message']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
