"""Facts about the warehouse itself, in `warehouse_meta` (key, value): e.g. `demo` = "true" on the demo company."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, select

from data.schema import warehouse_meta

DEMO = "demo"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def set_meta(engine: Engine | Connection, key: str, value: str) -> None:
    """Set one key (insert or replace); on a Connection it joins the caller's transaction."""
    if isinstance(engine, Connection):
        _set(engine, key, value)
        return
    with engine.begin() as conn:
        _set(conn, key, value)


def _set(conn: Connection, key: str, value: str) -> None:
    updated = conn.execute(warehouse_meta.update().where(warehouse_meta.c.key == key)
                           .values(value=str(value), updated_at=_now())).rowcount
    if not updated:
        conn.execute(warehouse_meta.insert().values(key=key, value=str(value), updated_at=_now()))


def get_meta(engine: Engine | Connection, key: str) -> str | None:
    query = select(warehouse_meta.c.value).where(warehouse_meta.c.key == key)
    if isinstance(engine, Connection):
        return engine.execute(query).scalar()
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def mark_demo(engine: Engine | Connection) -> None:
    """Mark the warehouse as the demo company's (the dashboard says so on every page)."""
    set_meta(engine, DEMO, "true")


def is_demo(engine: Engine | Connection) -> bool:
    return get_meta(engine, DEMO) == "true"
