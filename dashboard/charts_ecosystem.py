"""Ecosystem map: the players and flows as frames, their findings, and the sankey; built from guarded Results.

Everything here reads rows the metrics layer returned (`P4`/`P2` by `provider`, `channel+provider`,
`provider+org_unit:L`); hidden rows stay hidden (no value, no population) and are only counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import plotly.graph_objects as go
import polars as pl

from dashboard.charts import CHANNEL_COLOURS, GREY, INK, layout
from dashboard.components import change_text, group_label, hidden_text, k, shown
from dashboard.i18n import number, percent, t
from metrics.compute import Result
from metrics.ecosystem import RECOVERABLE, SEPARATOR
from metrics.grouping import UNKNOWN

PLAYER_NODE, UNIT_NODE = "#5B6770", "#8C8C8C"
FLOW_SCHEMA = {"source": pl.String, "target": pl.String, "hours": pl.Float64, "learners": pl.Int64,
               "suppressed": pl.Boolean, "note": pl.String}


def groups(result: Result) -> pl.DataFrame:
    """A one-part grouping's rows: group and value (null when hidden)."""
    return pl.DataFrame([{"group": r["group"], "value": None if r["suppressed"] else r["value"]} for r in result.rows],
                        schema={"group": pl.String, "value": pl.Float64})


def value_of(result: Result, group: str = "all") -> float | None:
    """A visible value of one group, None when hidden or missing."""
    row = next((r for r in result.rows if r["group"] == group), None)
    return None if row is None or row["suppressed"] else row["value"]


def flows(result: Result) -> pl.DataFrame:
    """A two-part grouping's rows as flows: source, target, hours and learners (both null when hidden)."""
    records = []
    for row in result.rows:
        source, _, target = row["group"].partition(SEPARATOR)
        hidden = row["suppressed"]
        records.append({"source": source, "target": target, "hours": None if hidden else row["value"],
                        "learners": None if hidden else row["population"], "suppressed": hidden,
                        "note": row.get("note", "")})
    return pl.DataFrame(records, schema=FLOW_SCHEMA)


@dataclass(frozen=True)
class Hidden:
    flows: int
    total: int
    hours: float | None  # all hours less the visible flows' hours; None when the total is hidden


def hidden(flow_frame: pl.DataFrame, total_hours: float | None) -> Hidden:
    shown = float(flow_frame["hours"].drop_nulls().sum()) if flow_frame.height else 0.0
    hours = None if total_hours is None else max(total_hours - shown, 0.0)
    return Hidden(int(flow_frame["suppressed"].sum()), flow_frame.height, hours)


def players(hours: Result, learners: Result, previous: Result | None, total: float | None,
            channels: Result) -> pl.DataFrame:
    """One row per player: hours, learners, share of all hours, change against the previous period.

    A player without a row in the previous period had no learners then: its change counts from zero
    (`new`). Without a previous period (`None`: it lies before the data) there is no change. Hidden
    figures stay null; a hidden player sorts last.
    """
    before = {r["group"]: r for r in previous.rows} if previous is not None else None
    people = {r["group"]: r for r in learners.rows}
    by_player: dict[str, list[str]] = {}
    for row in channels.rows:
        channel, _, player = row["group"].partition(SEPARATOR)
        by_player.setdefault(player, []).append(channel)
    records = []
    for row in hours.rows:
        player, value = row["group"], None if row["suppressed"] else row["value"]
        prior = before.get(player) if before is not None else None
        new = before is not None and prior is None
        prior_value = 0.0 if new else (None if prior is None or prior["suppressed"] else prior["value"])
        person_row = people.get(player)
        records.append({
            "player": player, "channels": sorted(by_player.get(player, [])), "hours": value,
            "learners": None if person_row is None or person_row["suppressed"] else person_row["value"],
            "share": value / total if value is not None and total else None,
            "change": value - prior_value if value is not None and prior_value is not None else None,
            "new": new, "suppressed": row["suppressed"], "note": row.get("note", ""),
        })
    schema = {"player": pl.String, "channels": pl.List(pl.String), "hours": pl.Float64, "learners": pl.Int64,
              "share": pl.Float64, "change": pl.Float64, "new": pl.Boolean, "suppressed": pl.Boolean,
              "note": pl.String}
    return (pl.DataFrame(records, schema=schema)
            .sort([pl.col("hours").is_null(), pl.col("hours"), pl.col("player")], descending=[False, True, False]))


def leader(frame: pl.DataFrame, value: str = "hours") -> dict | None:
    """The visible row with the largest value."""
    visible = frame.filter(pl.col(value).is_not_null())
    return visible.sort(value, descending=True).row(0, named=True) if visible.height else None


def carriers(table: pl.DataFrame, total: float | None) -> int | None:
    """The fewest players (largest first) whose visible hours reach half of all hours; None if they cannot."""
    if not total:
        return None
    running = 0.0
    for count, hours in enumerate(table["hours"].drop_nulls().sort(descending=True), start=1):
        running += hours
        if running >= total / 2:
            return count
    return None


def movers(table: pl.DataFrame) -> tuple[dict | None, dict | None]:
    """The player whose hours rose most and the one that fell most against the previous period."""
    changed = table.filter(pl.col("change").is_not_null())
    rise = changed.filter(pl.col("change") > 0).sort("change", descending=True)
    fall = changed.filter(pl.col("change") < 0).sort("change")
    return (rise.row(0, named=True) if rise.height else None), (fall.row(0, named=True) if fall.height else None)


def top_share(table: pl.DataFrame, total: float | None, n: int = 3) -> float | None:
    top = table["hours"].drop_nulls().sort(descending=True).head(n)
    return float(top.sum()) / total if total and top.len() else None


def lump(links: pl.DataFrame, column: str, keep: list[str], label: str) -> pl.DataFrame:
    """Visible links with every `column` value outside `keep` renamed to `label`, hours summed."""
    visible = links.filter(~pl.col("suppressed")) if "suppressed" in links.columns else links
    if visible.is_empty():
        return visible.select("source", "target", "hours", "learners")
    return (visible.with_columns(pl.when(pl.col(column).is_in(keep)).then(pl.col(column)).otherwise(pl.lit(label))
                                 .alias(column))
            .group_by("source", "target", maintain_order=True)
            # Learners of several players cannot be added up (one person learns with several): none for a lump.
            .agg(pl.col("hours").sum(), pl.when(pl.len() == 1).then(pl.col("learners").first()).alias("learners")))


def ranked(links: pl.DataFrame, column: str) -> list[str]:
    """Values of `column` by the visible hours of their links, largest first."""
    visible = links.filter(~pl.col("suppressed"))
    if visible.is_empty():
        return []
    return (visible.group_by(column).agg(pl.col("hours").sum()).sort(["hours", column], descending=[True, False])
            [column].to_list())


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _positions(columns: list[list[tuple[str, float]]]) -> tuple[list[float], list[float]]:
    """x and y (node centres) of every node, column by column, stacked by size with a small gap."""
    xs, ys = [], []
    for index, nodes in enumerate(columns):
        x = 0.001 if index == 0 else (0.999 if index == len(columns) - 1 else index / (len(columns) - 1))
        gap = 0.03 if len(nodes) < 8 else 0.012
        total = sum(size for _, size in nodes) or 1.0
        room = max(1.0 - gap * (len(nodes) - 1), 0.3)
        top = 0.0
        for _, size in nodes:
            height = room * size / total
            xs.append(x)
            ys.append(min(max(top + height / 2, 0.001), 0.999))
            top += height + gap
    return xs, ys


def sankey(channel_links: pl.DataFrame, unit_links: pl.DataFrame, labels: dict[tuple[str, str], str],
           hours_label: str, learners_text: Callable[[int | None], str], last: tuple[str, ...] = (),
           height: int = 620) -> go.Figure:
    """Channel -> player -> org unit, widths in hours; `labels` names each (kind, value) node.

    Nodes stand largest first in their column, the ones named in `last` (the lumps) at the bottom.
    """
    channel_sizes = channel_links.group_by("source").agg(pl.col("hours").sum())
    player_in = dict(channel_links.group_by("target").agg(pl.col("hours").sum()).iter_rows())
    player_out = dict(unit_links.group_by("source").agg(pl.col("hours").sum()).iter_rows())
    unit_sizes = unit_links.group_by("target").agg(pl.col("hours").sum())
    player_sizes = {p: max(player_in.get(p, 0.0), player_out.get(p, 0.0)) for p in {*player_in, *player_out}}
    def order(sizes) -> list[tuple[str, float]]:
        return sorted(sizes, key=lambda x: (x[0] in last, -x[1], x[0]))

    columns = [
        [("channel", c, s) for c, s in order(channel_sizes.iter_rows())],
        [("player", p, s) for p, s in order(player_sizes.items())],
        [("unit", u, s) for u, s in order(unit_sizes.iter_rows())],
    ]
    nodes = [(kind, name) for column in columns for kind, name, _ in column]
    index = {node: i for i, node in enumerate(nodes)}
    xs, ys = _positions([[(name, size) for _, name, size in column] for column in columns])
    dominant = {}
    for player, rows in channel_links.group_by("target"):
        dominant[player[0]] = rows.sort("hours", descending=True)["source"][0]
    node_colours = [CHANNEL_COLOURS.get(name, GREY) if kind == "channel" else
                    (PLAYER_NODE if kind == "player" else UNIT_NODE) for kind, name in nodes]
    sources, targets, values, colours, learners = [], [], [], [], []
    for channel, player, value, people in channel_links.select("source", "target", "hours", "learners").iter_rows():
        sources.append(index[("channel", channel)])
        targets.append(index[("player", player)])
        values.append(value)
        colours.append(_rgba(CHANNEL_COLOURS.get(channel, GREY), 0.45))
        learners.append(learners_text(people))
    for player, unit, value, people in unit_links.select("source", "target", "hours", "learners").iter_rows():
        sources.append(index[("player", player)])
        targets.append(index[("unit", unit)])
        values.append(value)
        colours.append(_rgba(CHANNEL_COLOURS.get(dominant.get(player), GREY), 0.30))
        learners.append(learners_text(people))
    figure = go.Figure(go.Sankey(
        arrangement="snap", valueformat=",.0f",
        node={"label": [labels.get(node, node[1]) for node in nodes], "color": node_colours, "x": xs, "y": ys,
              "pad": 8, "thickness": 14, "line": {"width": 0},
              "hovertemplate": "%{label}<br>%{value} " + hours_label + "<extra></extra>"},
        link={"source": sources, "target": targets, "value": values, "color": colours, "customdata": learners,
              "hovertemplate": ("%{source.label} → %{target.label}<br>%{value} " + hours_label + "<br>"
                                "%{customdata}<extra></extra>")},
        textfont={"color": INK, "size": 12},
    ))
    layout(figure, height=height, legend=False)
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure


# -- sentences and table rows (in the current language) ------------------------------------------------------

def player_label(player: str, sources: set[str]) -> str:
    """A player as people read it: a community by name, a source system marked as such."""
    if player == UNKNOWN:
        return t("ecosystem_unknown_activity")
    return t("ecosystem_source_system", name=player) if player in sources else player


def map_title(top: dict | None, unit_top: dict | None, total: float | None, sources: set[str]) -> str:
    """The sankey's finding: the player that supplies most, the org unit that uses most."""
    if top and unit_top and total:
        return t("ecosystem_sankey_title", player=player_label(top["player"], sources), share=percent(top["share"]),
                 unit=group_label("org_unit", unit_top["group"]), unit_share=percent(unit_top["value"] / total))
    if top:
        return t("ecosystem_sankey_title_player", player=player_label(top["player"], sources),
                 share=percent(top["share"]))
    return t("ecosystem_sankey_empty")


def hidden_note(out: Hidden, into: Hidden, total: float | None) -> str:
    """How many flows (and hours) the map leaves out, and why."""
    if not (out.flows or into.flows):
        return t("ecosystem_no_hidden_flows")
    return t("ecosystem_hidden_flows", hidden=out.flows, total=out.total, k=k(),
             hours=number(out.hours or 0, 0) if out.hours is not None else "–",
             share=percent((out.hours or 0) / total) if total else "–", hidden_in=into.flows, total_in=into.total,
             hours_in=number(into.hours or 0, 0) if into.hours is not None else "–")


def table_title(table: pl.DataFrame, total: float | None, previous_label: str, sources: set[str]) -> str:
    """The players table's finding: who grew and who fell most; else how much the top three carry."""
    rise, fall = movers(table)
    values = {"previous": previous_label,
              "rise": rise and player_label(rise["player"], sources),
              "rise_change": rise and f"{change_text('P4', rise['change'])} h",
              "fall": fall and player_label(fall["player"], sources),
              "fall_change": fall and f"{change_text('P4', fall['change'])} h"}
    if rise and fall:
        return t("ecosystem_table_title", **values)
    if rise or fall:
        return t("ecosystem_table_title_rise" if rise else "ecosystem_table_title_fall", **values)
    share = top_share(table, total)
    return t("ecosystem_table_title_none", n=3, share=percent(share)) if share else t("ecosystem_table")


def table_rows(table: pl.DataFrame, sources: set[str], previous_label: str) -> pl.DataFrame:
    """The players table as shown: numbers written in the current language, hidden cells saying why."""
    rows = []
    for r in table.iter_rows(named=True):
        change = "" if r["change"] is None else change_text("P4", r["change"]) + (
            f" ({t('ecosystem_new')})" if r["new"] else "")
        note = "" if not r["suppressed"] else (
            t("ecosystem_recoverable") if r["note"] == RECOVERABLE else hidden_text())
        rows.append({
            t("ecosystem_col_player"): player_label(r["player"], sources),
            t("ecosystem_col_channels"): ", ".join(t(f"channel_{c}") for c in r["channels"]),
            t("ecosystem_col_hours"): t("hidden") if r["hours"] is None else shown("P4", r["hours"]),
            t("ecosystem_col_learners"): t("hidden") if r["learners"] is None else shown("P2", r["learners"]),
            t("ecosystem_col_share"): "" if r["share"] is None else percent(r["share"]),
            t("ecosystem_col_change", period=previous_label): change,
            t("ecosystem_col_note"): note,
        })
    if not rows:
        return pl.DataFrame()
    frame = pl.DataFrame(rows, schema={c: pl.String for c in rows[0]})
    return frame if table["suppressed"].any() else frame.drop(t("ecosystem_col_note"))
