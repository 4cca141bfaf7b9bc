"""Ecosystem map: the players (communities, providers, source systems), the hours they supply through each
channel, and the org units that use them."""

import polars as pl
import streamlit as st

from dashboard import charts_ecosystem as eco
from dashboard.components import (chart, change_text, csv_bytes, download, page_start, finding, group_label, hidden_text,
                                  k, tile, trace)
from dashboard.i18n import number, percent, t
from dashboard.loaders import metrics, result
from metrics.filters import subtree

TOP_PLAYERS, TOP_UNITS = 12, 12

view = page_start("ecosystem", "ecosystem_caption")
period, filters = view.period, view.filters
previous = period.previous()

has_previous = previous.end >= view.data_range[0]  # a period before the first data has nothing to compare
total = eco.value_of(result("P4", period, filters=filters))
total_before = eco.value_of(result("P4", previous, filters=filters)) if has_previous else None
by_player = result("P4", period, "provider", filters)
by_player_before = result("P4", previous, "provider", filters) if has_previous else None
channel_result = result("P4", period, "channel+provider", filters)
players = eco.players(by_player, result("P2", period, "provider", filters), by_player_before, total, channel_result)
sources = set(metrics().frames.sync_runs["source"].drop_nulls())

# -- headline tiles -----------------------------------------------------------------------------------------
st.subheader(t("ecosystem_headline", period=period.label))
count, half, top = players.height, eco.carriers(players, total), eco.leader(players)
columns = st.columns(4)
if total is None:
    for column, label in zip(columns[:3], ("ecosystem_players", "ecosystem_top_share", "ecosystem_half")):
        column.metric(t(label), t("hidden"), help=t(f"{label}_help"), border=True)
        column.caption(hidden_text())
else:
    count_before = len(by_player_before.rows) if by_player_before and total_before is not None else None
    source_count = sum(1 for p in players["player"] if p in sources)
    columns[0].metric(t("ecosystem_players"), number(count), help=t("ecosystem_players_help"), border=True,
                      delta=None if count_before is None else f"{count - count_before:+d}", delta_color="off",
                      delta_description=t("vs_previous", period=previous.label))
    columns[0].caption(t("ecosystem_players_split", communities=count - source_count, sources=source_count))
    columns[1].metric(t("ecosystem_top_share"), percent(top["share"]) if top else t("hidden"),
                      help=t("ecosystem_top_share_help"), border=True)
    columns[1].caption(eco.player_label(top["player"], sources) if top else hidden_text())
    columns[2].metric(t("ecosystem_half"), number(half) if half else t("hidden"), help=t("ecosystem_half_help"),
                      border=True)
    columns[2].caption(t("ecosystem_of_players", n=number(count)) if half else hidden_text())
tile(columns[3], "P4", total, suppressed=total is None,
     delta=change_text("P4", None if total is None or total_before is None else total - total_before),
     delta_description=t("vs_previous", period=previous.label))

# -- the map: channel -> player -> org unit ---------------------------------------------------------------
st.subheader(t("ecosystem_map"))
units = metrics().frames.org_units
unit_levels = dict(units.select("org_unit_id", "level").iter_rows())
counts: dict[int, int] = {}
for unit in subtree(units, filters.org_unit) if filters.org_unit else unit_levels:
    counts[unit_levels[unit]] = counts.get(unit_levels[unit], 0) + 1
floor = unit_levels.get(filters.org_unit, 0)
levels = sorted(lvl for lvl, n in counts.items() if lvl > floor and n > 1) or sorted(counts)[:1]
if st.session_state.get("ecosystem_level") not in levels:
    st.session_state.pop("ecosystem_level", None)
level = st.segmented_control(t("ecosystem_level"), levels, default=levels[0], required=True, key="ecosystem_level",
                             format_func=lambda lvl: t("ecosystem_level_option", level=lvl, n=counts[lvl]))
channel_links = eco.flows(channel_result)
unit_links = eco.flows(result("P4", period, f"provider+org_unit:{level}", filters))
unit_top = eco.leader(eco.groups(result("P4", period, f"org_unit:{level}", filters)), "value")

keep = players.filter(pl.col("hours").is_not_null())["player"].head(TOP_PLAYERS).to_list()
drawn = set(eco.ranked(channel_links, "target")) | set(eco.ranked(unit_links, "source"))
lumped_players = len(drawn - set(keep))
all_units = eco.ranked(unit_links, "target")
keep_units = all_units[:TOP_UNITS]
other_players = t("ecosystem_other_players", n=lumped_players)
other_units = t("ecosystem_other_units", n=len(all_units) - len(keep_units))
channel_drawn = eco.lump(channel_links, "target", keep, other_players)
unit_drawn = eco.lump(eco.lump(unit_links, "source", keep, other_players), "target", keep_units, other_units)

hidden_out, hidden_in = eco.hidden(unit_links, total), eco.hidden(channel_links, total)
notes = [t("ecosystem_sankey_note", level=level), eco.hidden_note(hidden_out, hidden_in, total)]
if lumped_players:
    notes.append(t("ecosystem_lumped", n=lumped_players, label=other_players))
if len(keep_units) < len(all_units):
    notes.append(t("ecosystem_lumped_units", n=len(all_units) - len(keep_units), label=other_units))
labels = {("channel", c): t(f"channel_{c}") for c in ("formal", "peer", "coaching", "circle", "other")}
labels |= {("player", p): eco.player_label(p, sources) for p in drawn}
labels |= {("unit", u): group_label("org_unit", u) for u in keep_units}
title = eco.map_title(top, unit_top, total, sources)
data = pl.concat([channel_links.with_columns(pl.lit("channel+provider").alias("by")),
                  unit_links.with_columns(pl.lit(f"provider+org_unit:{level}").alias("by"))]).select(
    "by", "source", "target", "hours", "learners", "suppressed", "note")
if channel_drawn.is_empty() and unit_drawn.is_empty():
    finding(title, "P4")
    st.info(" ".join(notes[1:]) if hidden_in.flows or hidden_out.flows else t("ecosystem_sankey_empty"))
else:
    figure = eco.sankey(channel_drawn, unit_drawn, labels, t("ecosystem_hours_axis"),
                        lambda n: "" if n is None else f"{number(n)} {t('ecosystem_col_learners')}",
                        last=(other_players, other_units))
    chart(figure, data, title=title, metric_ids=["P4"], key="ecosystem_sankey", view=view, note=" ".join(notes))

# -- the players ------------------------------------------------------------------------------------------
st.subheader(t("ecosystem_table"))
finding(eco.table_title(players, total, previous.label, sources), "P4", "P2")
rows = eco.table_rows(players, sources, previous.label)
st.dataframe(rows, hide_index=True, key="ecosystem_players", height=min(38 + 35 * max(rows.height, 1), 470))
left, right = st.columns([5, 1], vertical_alignment="center")
left.caption(t("ecosystem_table_note", k=k()))
download(t("download_csv"), csv_bytes(players.with_columns(pl.col("channels").list.join(", ")), view, ["P4", "P2"]),
         file_name="dirigent-ecosystem_players.csv", key="ecosystem_players_csv", metric_ids=["P4", "P2"], view=view,
         target=right, icon=":material/download:", type="tertiary")

command = f"python -m metrics show P4,P2 --period {period.label}" + "".join(
    f" --{name.replace('_', '-')} {value}" for name, value in filters.as_dict().items())
st.caption(t("ecosystem_cli", command=command, level=level))
trace(view, ["P4", "P2"])
