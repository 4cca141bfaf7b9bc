"""Command line: `python -m connectors sync|check [--config sources.toml] [--json]`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from connectors.base import SourceError
from connectors.config import KINDS, ConfigError, SourceConfig, load_sources
from connectors.http import credential_forms, scrub
from data.db import make_engine
from data.loading import Item, Rejected, run_sync
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.settings import ConfigurationError, Settings, pseudonym_key

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
        key = pseudonym_key()
        pseudonymise = Pseudonymiser(key)
        db_url = Settings.from_env().db_url
    except (ConfigError, ConfigurationError) as exc:
        print(exc, file=sys.stderr)
        return 2
    secrets = configured_secrets(sources, key, db_url)
    try:
        engine = make_engine(db_url)
        upgrade(engine)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        print(scrub(f"The warehouse {_shown_db(db_url)} cannot be opened: {exc.__class__.__name__}: {exc}. Check "
                    "DIRIGENT_DB_URL and that the database server runs; nothing was synced.", secrets),
              file=sys.stderr)
        return 2
    results, failed = [], False
    for source in sources:
        if args.source and source.name not in args.source:
            continue
        connector = Scrubbed(KINDS[source.kind](source.name, source.options, pseudonymise,
                                                args.config.resolve().parent), secrets)
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
    print(scrub(json.dumps(results, indent=2) if args.json else _table(results), secrets))
    return 1 if failed else 0


def configured_secrets(sources: list[SourceConfig], key: bytes, db_url: str) -> set[str]:
    """Every secret a sync holds: the values of the `*_env` variables, the pseudonym key, the database password.

    They are replaced by *** in run-log messages, quarantine reasons and what this command prints, also where
    a server or a library repeats them."""
    values = [line.strip() for line in key.decode("utf-8", "replace").splitlines()]
    for source in sources:
        values += [os.environ.get(name, "") for setting, name in source.options.items()
                   if setting.endswith("_env") and isinstance(name, str)]
    try:
        values.append(make_url(db_url).password or "")
    except (SQLAlchemyError, ValueError):
        values.append(db_url)  # cannot be parsed: never shown at all
    return set().union(*(credential_forms(v) for v in values if v))


def _shown_db(db_url: str) -> str:
    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return "(DIRIGENT_DB_URL, which cannot be parsed)"


class Scrubbed:
    """A connector whose failures and quarantine reasons never carry a configured secret."""

    def __init__(self, connector, secrets: set[str]):
        self._inner, self._secrets = connector, secrets

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    def read(self, state: dict) -> Iterator[Item]:
        items = self._inner.read(state)
        try:
            while True:
                try:
                    item = next(items)
                except StopIteration as stop:
                    return stop.value
                if isinstance(item, Rejected):
                    item = Rejected(item.location, scrub(item.reason, self._secrets), scrub(item.record, self._secrets))
                yield item
        except SourceError as exc:
            raise SourceError(scrub(str(exc), self._secrets)) from None
        except Exception as exc:
            text = scrub(str(exc), self._secrets)
            if text == str(exc):
                raise
            raise SourceError(f"source '{self._inner.name}' ({self._inner.kind}): unexpected "
                              f"{exc.__class__.__name__}: {text}. Nothing of this source was written; please "
                              "report this with the message.") from None


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
