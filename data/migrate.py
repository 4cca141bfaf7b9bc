"""Bring a warehouse to the newest schema with Alembic: `python -m data.migrate [--url URL]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def main() -> None:
    from data.db import make_engine

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="database URL (default: DIRIGENT_DB_URL or the SQLite file)")
    args = parser.parse_args()
    engine = make_engine(args.url)
    upgrade(engine)
    print(f"warehouse at {engine.url.render_as_string(hide_password=True)} is on the newest schema")


if __name__ == "__main__":
    main()
