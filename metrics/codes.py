"""Identifier columns as categoricals: a 4-byte code per row instead of a 32-character pseudonym.

At Konzern scale the prepared frames hold tens of millions of person, activity and skill ids; as strings they
are most of the metrics layer's memory, and joins on them hash every character. Skill ids are coded too (S2's
evidence, one row per person and skill, is the largest result the layer keeps); the taxonomy's own frames stay
text and are cast to the coded type where they meet the evidence (`skills_taxonomy.with_broader`). Polars'
categoricals share one global dictionary, so coded columns of different frames still join and compare with
each other and with plain strings. Values are unchanged: a coded column reads back as the same text.
"""

from __future__ import annotations

from dataclasses import fields, replace

import polars as pl

CODED = frozenset({
    "person_id", "actor_id", "identity_id", "manager_id", "counterpart_id", "counterpart_person_id",
    "activity_id", "parent_activity_id", "verb", "role", "source", "status", "skill_id", "broader_skill_id",
})


def coded(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its identifier columns cast to categoricals."""
    columns = [c for c in frame.columns if c in CODED and frame.schema[c] == pl.String]
    return frame.with_columns(pl.col(c).cast(pl.Categorical) for c in columns) if columns else frame


def coded_frames(frames):
    """Every frame of `frames` (metrics.frames.Frames) with its identifier columns coded."""
    return replace(frames, **{f.name: coded(getattr(frames, f.name)) for f in fields(frames)})
