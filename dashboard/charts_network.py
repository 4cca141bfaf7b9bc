"""Network effects page: frames from the guarded results, the findings they support, and their charts.

Everything here works on what `metrics.compute.compute` returns (the rows `python -m metrics show` prints);
nothing reaches below the privacy guard. The findings are small pure functions, so the page only arranges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import igraph as ig
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import charts
from dashboard.i18n import month_label, number, percent
from metrics.compute import Result

SERIES = ("contributors", "learners", "sessions_offered", "seats_filled")
SERIES_COLOURS = {"contributors": charts.ORANGE, "learners": charts.BLUE, "sessions_offered": charts.GREEN,
                  "seats_filled": charts.PINK}
PROPORTIONAL = 0.1  # |b - 1| below this reads as "in proportion"
STEADY = 0.05  # no series moved more than 5 % over the year: the flywheel holds steady
NO_EI = charts.GREY


# --- one figure out of a result ------------------------------------------------------------------------------

def figure(result: Result, field: str | None = None, group: str = "all") -> tuple[Any, bool]:
    """A group's value (one field of a multi-figure metric) and whether it is hidden."""
    row = next((r for r in result.rows if r["group"] == group), None)
    if row is None:
        return None, True
    value = row["value"]
    if field is not None:
        value = value.get(field) if isinstance(value, dict) else None
    return value, row["suppressed"]


def change(now: tuple[Any, bool], before: tuple[Any, bool], share: bool = False) -> float | None:
    """Change against the previous period (percentage points for shares); None when either is hidden or missing."""
    (value, hidden), (prior, prior_hidden) = now, before
    if hidden or prior_hidden or value is None or prior is None:
        return None
    return (value - prior) * (100 if share else 1)


# --- N7: the flywheel ----------------------------------------------------------------------------------------

def flywheel_frame(n7: Result) -> pl.DataFrame:
    """The monthly rows of N7: month, the five series, active persons, suppressed (values null when hidden)."""
    fields = (*SERIES, "active_persons", "interactions")
    rows = [{"month": date.fromisoformat(r["group"]), **{f: r["value"][f] for f in fields},
             "suppressed": r["suppressed"]} for r in n7.rows if r["group"] != "all"]
    schema = {"month": pl.Date, **{f: pl.Int64 for f in fields}, "suppressed": pl.Boolean}
    return pl.DataFrame(rows, schema=schema).sort("month")


@dataclass(frozen=True)
class Growth:
    series: str
    first: int
    last: int
    first_month: date
    last_month: date

    @property
    def factor(self) -> float:
        return self.last / self.first


def strongest_growth(series: pl.DataFrame, since: date | None = None) -> Growth | None:
    """The series that changed most (by factor, up or down) over the last year of shown months: the last month
    against the same month a year before, or against the first month when the range is shorter. Months that
    start before `since` (the first day with data: a month the data begins in the middle of) are left out."""
    shown = series.filter(~pl.col("suppressed"))
    if since is not None:
        shown = shown.filter(pl.col("month") >= since)
    if shown.height < 2:
        return None
    last = shown.row(-1, named=True)
    year_before = last["month"].replace(year=last["month"].year - 1)
    baseline = shown.filter(pl.col("month") >= year_before).row(0, named=True)
    growths = [Growth(s, baseline[s], last[s], baseline["month"], last["month"]) for s in SERIES
               if baseline[s] and last[s] is not None and last[s] > 0]
    if not growths:
        return None
    return max(growths, key=lambda g: abs(math.log(g.factor)))


def log_ticks(low: float, high: float) -> list[float]:
    """Readable ticks for a logarithmic axis from `low` to `high` (plotly's own crowd at 700, 800, 900): 1-2-5
    steps over a decade or more, evenly spaced round numbers within a narrower range."""
    if not low or not high or low <= 0:
        return []
    if high / low >= 10:
        ticks, power = [], 10 ** math.floor(math.log10(low))
        while power <= high * 10:
            ticks += [m * power for m in (1, 2, 5) if low / 1.5 <= m * power <= high * 1.5]
            power *= 10
        return ticks
    raw = max((high - low) / 4, 1e-9)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 2) if first + i * step > 0]


def reading(b: float) -> str:
    """How the exponent reads: interactions grow faster than, in proportion to, or slower than active persons."""
    if b > 1 + PROPORTIONAL:
        return "faster"
    return "slower" if b < 1 - PROPORTIONAL else "proportional"


def flywheel_chart(series: pl.DataFrame, names: dict[str, str]) -> go.Figure:
    """The four monthly series on one logarithmic axis: parallel lines grow at the same rate."""
    figure = go.Figure()
    months = series["month"].to_list()
    for name in SERIES:
        values = [v if v else None for v in series[name].to_list()]  # log axis: zero months leave a gap
        figure.add_scatter(x=months, y=values, name=names[name], mode="lines+markers", connectgaps=False,
                           line={"color": SERIES_COLOURS[name], "width": 2.2}, marker={"size": 4})
    charts.layout(figure, height=360)
    values = [v for name in SERIES for v in series[name].to_list() if v]
    ticks = log_ticks(min(values), max(values)) if values else []
    figure.update_yaxes(type="log", tickvals=ticks, ticktext=[number(v) for v in ticks], rangemode="normal")
    figure.update_layout(legend={"orientation": "h", "y": -0.15})
    return charts.month_axis(figure, months, every=4 if len(months) > 12 else 1)


def exponent_chart(series: pl.DataFrame, exponent: float | None, intercept: float | None,
                   labels: dict[str, str]) -> go.Figure:
    """Interactions against active persons per month on log-log axes, with the fitted line where there is one."""
    usable = series.filter(~pl.col("suppressed") & (pl.col("interactions") > 0) & (pl.col("active_persons") > 0))
    figure = go.Figure()
    hover = [month_label(m) for m in usable["month"].to_list()]
    figure.add_scatter(x=usable["active_persons"].to_list(), y=usable["interactions"].to_list(), mode="markers",
                       name=labels["months"], text=hover, marker={"color": charts.BLUE, "size": 8, "opacity": 0.8},
                       hovertemplate="%{text}<br>" + labels["active"] + ": %{x:,}<br>" + labels["interactions"]
                       + ": %{y:,}<extra></extra>")
    if exponent is not None and intercept is not None and usable.height:
        low, high = usable["active_persons"].min(), usable["active_persons"].max()
        xs = [low * (high / low) ** (i / 20) for i in range(21)]
        figure.add_scatter(x=xs, y=[math.exp(intercept) * x ** exponent for x in xs], mode="lines",
                           name=labels["fit"], line={"color": charts.VERMILION, "width": 2, "dash": "dash"},
                           hoverinfo="skip")
    charts.layout(figure, height=360)
    figure.update_layout(hovermode="closest", legend={"orientation": "h", "y": -0.25},
                         margin={"l": 60, "r": 10, "t": 20, "b": 10})
    for axis, column, title in ((figure.update_xaxes, "active_persons", labels["active"]),
                                (figure.update_yaxes, "interactions", labels["interactions"])):
        values = usable[column].to_list()
        ticks = log_ticks(min(values), max(values)) if values else []
        axis(type="log", title=title, tickvals=ticks, ticktext=[number(v) for v in ticks], showgrid=True,
             gridcolor=charts.GRID, rangemode="normal")
    return figure


# --- N3: learner to contributor ------------------------------------------------------------------------------

def funnel_chart(stages: list[str], values: list[int], texts: list[str]) -> go.Figure:
    figure = go.Figure(go.Funnel(y=stages, x=values, text=texts, textinfo="text", textposition="inside",
                                 marker={"color": [charts.SKY, charts.ORANGE]}, hoverinfo="skip",
                                 connector={"fillcolor": charts.GRID}))
    charts.layout(figure, height=260, legend=False)
    figure.update_layout(hovermode=False, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    figure.update_yaxes(showgrid=False)
    return figure


# --- N8: session fill ----------------------------------------------------------------------------------------

def fill_frame(months: list[date], results: list[Result]) -> pl.DataFrame:
    """N8 per month: month, sessions, mean_attendees, empty_share, registrations, show_rate, suppressed."""
    rows = []
    for month, result in zip(months, results):
        row = result.rows[0]
        value = row["value"] or {}
        rows.append({"month": month, **{f: value.get(f) for f in ("sessions", "mean_attendees", "empty_share",
                                                                    "registrations", "show_rate")},
                     "suppressed": row["suppressed"]})
    return pl.DataFrame(rows, schema={"month": pl.Date, "sessions": pl.Int64, "mean_attendees": pl.Float64,
                                      "empty_share": pl.Float64, "registrations": pl.Int64,
                                      "show_rate": pl.Float64, "suppressed": pl.Boolean})


def fill_chart(fill: pl.DataFrame, attendees_label: str, show_label: str) -> go.Figure:
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    months = fill["month"].to_list()
    figure.add_bar(x=months, y=fill["mean_attendees"].to_list(), name=attendees_label, marker_color=charts.SKY,
                   secondary_y=False)
    figure.add_scatter(x=months, y=fill["show_rate"].to_list(), name=show_label, mode="lines+markers",
                       line={"color": charts.BLUE, "width": 2.2}, secondary_y=True)
    charts.layout(figure, height=300)
    figure.update_yaxes(tickformat=",~r", secondary_y=False)
    ticks = [0, 0.25, 0.5, 0.75, 1]
    figure.update_yaxes(tickvals=ticks, ticktext=[percent(v, 0) for v in ticks], range=[0, 1.05],
                        secondary_y=True, showgrid=False)
    figure.update_layout(legend={"orientation": "h", "y": -0.2})
    return charts.month_axis(figure, months, every=4 if len(months) > 12 else 1)


# --- N4 to N6: the network at group level --------------------------------------------------------------------

@dataclass(frozen=True)
class GroupNetwork:
    nodes: pl.DataFrame  # group, population, ei_index, internal
    ties: pl.DataFrame  # a, b, a_to_b, b_to_a, interactions (a < b, between distinct shown groups)
    hidden: int  # groups below k, left out

    def data(self, names: dict[str, str]) -> pl.DataFrame:
        """Nodes and ties in one frame for the CSV: kind, group, name, population, ei_index, ties."""
        nodes = self.nodes.select(pl.lit("group").alias("kind"), "group",
                                  pl.col("group").replace_strict(names, default=pl.col("group")).alias("name"),
                                  "population", "ei_index", pl.col("internal").alias("interactions_within"))
        ties = self.ties.select(pl.lit("tie").alias("kind"), (pl.col("a") + " ↔ " + pl.col("b")).alias("group"),
                                "a_to_b", "b_to_a", "interactions")
        return pl.concat([nodes, ties], how="diagonal")


def group_network(n5: Result, n6: Result) -> GroupNetwork:
    """Nodes: the groups N5 shows (at least k people) with their E-I index; ties: N6's tie rows between them,
    both directions added up; the groups hidden by the guard are counted, never drawn."""
    groups = [r for r in n5.rows if r["group"] != "all"]
    shown = [r for r in groups if not r["suppressed"]]
    directed: dict[tuple[str, str], int] = {}
    for row in n6.rows:
        value = row["value"]
        if row["suppressed"] or not isinstance(value, dict) or value.get("from_group") is None:
            continue
        directed[(value["from_group"], value["to_group"])] = value["interactions"]
    names = {r["group"] for r in shown}
    nodes = pl.DataFrame([{"group": r["group"], "population": r["population"], "ei_index": r["value"],
                           "internal": directed.get((r["group"], r["group"]), 0)} for r in shown],
                         schema={"group": pl.String, "population": pl.Int64, "ei_index": pl.Float64,
                                 "internal": pl.Int64})
    pairs = sorted({tuple(sorted(p)) for p in directed if p[0] != p[1] and p[0] in names and p[1] in names})
    ties = pl.DataFrame([{"a": a, "b": b, "a_to_b": directed.get((a, b), 0), "b_to_a": directed.get((b, a), 0)}
                         for a, b in pairs],
                        schema={"a": pl.String, "b": pl.String, "a_to_b": pl.Int64, "b_to_a": pl.Int64})
    ties = ties.with_columns((pl.col("a_to_b") + pl.col("b_to_a")).alias("interactions"))
    return GroupNetwork(nodes.sort("group"), ties.sort("interactions", "a", "b", descending=[True, False, False]),
                        len(groups) - len(shown))


@dataclass(frozen=True)
class NetworkFinding:
    strongest: tuple[str, str, int] | None  # a, b, interactions
    inward: tuple[str, float] | None  # lowest E-I
    outward: tuple[str, float] | None  # highest E-I


def network_finding(network: GroupNetwork) -> NetworkFinding:
    strongest = network.ties.row(0) if network.ties.height else None
    rated = network.nodes.filter(pl.col("ei_index").is_not_null()).sort("ei_index", "group")
    inward = rated.select("group", "ei_index").row(0) if rated.height >= 2 else None
    outward = rated.select("group", "ei_index").row(-1) if rated.height >= 2 else None
    return NetworkFinding((strongest[0], strongest[1], strongest[4]) if strongest else None, inward, outward)


BACKBONE = 3  # with more than BACKBONE_FROM groups, each group's 3 strongest ties are drawn
BACKBONE_FROM = 8


def backbone(network: GroupNetwork) -> pl.DataFrame:
    """The ties to draw: all of them for a few groups; for more, each group's strongest ties (a tie stays when
    it is among the strongest of either end), so that the picture shows structure rather than a hairball."""
    ties = network.ties
    if network.nodes.height <= BACKBONE_FROM or ties.is_empty():
        return ties
    ranked = pl.concat([ties.select(pl.col("a").alias("group"), "a", "b", "interactions"),
                        ties.select(pl.col("b").alias("group"), "a", "b", "interactions")])
    strongest = (ranked.sort("interactions", "a", "b", descending=[True, False, False])
                 .group_by("group", maintain_order=True).head(BACKBONE).select("a", "b").unique())
    return ties.join(strongest, on=["a", "b"], how="semi").sort("interactions", "a", "b",
                                                                 descending=[True, False, False])


def layout_positions(network: GroupNetwork) -> dict[str, tuple[float, float]]:
    """Force-directed positions (igraph's Fruchterman-Reingold over the drawn ties, stronger ties pull closer),
    started from a circle so the same figures always give the same picture."""
    groups = network.nodes["group"].to_list()
    n = len(groups)
    if n == 0:
        return {}
    circle = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    drawn = backbone(network)
    if n < 3 or drawn.is_empty():
        return {g: tuple(p) for g, p in zip(groups, circle)}
    index = {g: i for i, g in enumerate(groups)}
    heaviest = max(drawn["interactions"].max(), 1)
    graph = ig.Graph(n=n, edges=[(index[a], index[b]) for a, b in drawn.select("a", "b").iter_rows()])
    weights = [1 + 4 * w / heaviest for w in drawn["interactions"].to_list()]
    coords = graph.layout_fruchterman_reingold(weights=weights, seed=circle, niter=1000, grid="nogrid").coords
    return {g: (x, y) for g, (x, y) in zip(groups, coords)}


def _node_sizes(populations: list[int]) -> list[float]:
    """Marker diameters: area in proportion to people; smaller circles when there are many groups."""
    largest = max(populations) if populations else 1
    top = 60 * min(1.0, math.sqrt(10 / max(len(populations), 1)))
    bottom = max(6.0, top / 4)
    return [bottom + (top - bottom) * math.sqrt(p / largest) for p in populations]


def network_chart(network: GroupNetwork, positions: dict[str, tuple[float, float]], names: dict[str, str],
                  labels: dict[str, str], show_text: bool) -> go.Figure:
    """Groups as circles (area ~ in-scope people, colour = E-I index), ties as lines (width ~ interactions)."""
    figure = go.Figure()
    drawn = backbone(network)
    heaviest = max(drawn["interactions"].max() or 1, 1) if drawn.height else 1
    widths: dict[int, tuple[list, list]] = {}
    middles_x, middles_y, middles_text = [], [], []
    for a, b, a_to_b, b_to_a, total in drawn.iter_rows():
        (xa, ya), (xb, yb) = positions[a], positions[b]
        step = min(4, int(4 * total / heaviest))  # five line widths keep the traces few
        xs, ys = widths.setdefault(step, ([], []))
        xs += [xa, xb, None]
        ys += [ya, yb, None]
        middles_x.append((xa + xb) / 2)
        middles_y.append((ya + yb) / 2)
        middles_text.append(f"{names[a]} ↔ {names[b]}: {number(total)}<br>{names[a]} → {names[b]}: "
                            f"{number(a_to_b)}<br>{names[b]} → {names[a]}: {number(b_to_a)}")
    for step, (xs, ys) in sorted(widths.items()):
        figure.add_scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                           line={"color": "rgba(31,41,51,0.28)", "width": 1 + 2.5 * step})
    if middles_x:
        figure.add_scatter(x=middles_x, y=middles_y, mode="markers", marker={"size": 10, "opacity": 0},
                           text=middles_text, hovertemplate="%{text}<extra></extra>", showlegend=False)
    nodes = network.nodes
    xs = [positions[g][0] for g in nodes["group"]]
    ys = [positions[g][1] for g in nodes["group"]]
    ei = nodes["ei_index"].to_list()
    hover = [f"<b>{names[g]}</b><br>{labels['people']}: {number(p)}<br>E-I: "
             + (ei_text(e) if e is not None else "–") + f"<br>{labels['within']}: {number(w)}"
             for g, p, e, w in nodes.select("group", "population", "ei_index", "internal").iter_rows()]
    rated = [i for i, e in enumerate(ei) if e is not None]
    unrated = [i for i, e in enumerate(ei) if e is None]
    sizes = _node_sizes(nodes["population"].to_list())
    texts = [names[g] for g in nodes["group"]]
    for indices, colour in ((unrated, None), (rated, "ei")):
        if not indices:
            continue
        pick = lambda values: [values[i] for i in indices]  # noqa: E731
        marker = {"size": pick(sizes), "opacity": 1, "line": {"color": charts.INK, "width": 1}}
        if colour is None:  # no ties: grey, outside the E-I scale
            marker["color"] = NO_EI
        else:
            marker |= {"color": pick(ei), "cmin": -1, "cmax": 1, "colorscale": charts.DIVERGING,
                       "colorbar": {"title": {"text": "E-I", "side": "top"}, "thickness": 12, "len": 0.8,
                                    "tickvals": [-1, 0, 1],
                                    "ticktext": [labels["inside"], "0", labels["outside"]]}}
        figure.add_scatter(x=pick(xs), y=pick(ys), mode="markers+text" if show_text else "markers",
                           text=pick(texts), textposition="top center", textfont={"size": 11, "color": charts.INK},
                           hovertext=pick(hover), hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
                           marker=marker)
    charts.layout(figure, height=480, legend=False)
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 10, "t": 30, "b": 10})
    all_x, all_y = xs or [0.0], ys or [0.0]
    span_x, span_y = (max(all_x) - min(all_x)) or 2.0, (max(all_y) - min(all_y)) or 2.0
    # room for the labels: half a long name either side, one line above the top circle
    figure.update_xaxes(visible=False, range=[min(all_x) - 0.16 * span_x, max(all_x) + 0.16 * span_x])
    figure.update_yaxes(visible=False, range=[min(all_y) - 0.08 * span_y, max(all_y) + 0.14 * span_y],
                        rangemode="normal")
    return figure


# --- N6: reach -----------------------------------------------------------------------------------------------

def reach_frame(n6: Result) -> pl.DataFrame:
    """N6's distribution rows: reach (groups reached), contributors; empty when hidden."""
    rows = [{"reach": r["value"]["reach"], "contributors": r["value"]["contributors"]} for r in n6.rows
            if r["group"].startswith("reach ") and not r["suppressed"] and isinstance(r["value"], dict)]
    return pl.DataFrame(rows, schema={"reach": pl.Int64, "contributors": pl.Int64}).sort("reach")


def reach_chart(frame: pl.DataFrame, x_label: str, y_label: str, mean: float | None) -> go.Figure:
    figure = go.Figure()
    figure.add_bar(x=frame["reach"].to_list(), y=frame["contributors"].to_list(), marker_color=charts.ORANGE,
                   name=y_label, hovertemplate=x_label + ": %{x}<br>" + y_label + ": %{y:,}<extra></extra>")
    if mean is not None:
        figure.add_vline(x=mean, line={"color": charts.INK, "dash": "dot", "width": 1.5})
    charts.layout(figure, height=300, legend=False)
    figure.update_layout(hovermode="closest", bargap=0.25)
    figure.update_xaxes(title=x_label, dtick=1)
    figure.update_yaxes(title=y_label, tickformat=",~r")
    return figure


# --- titles: each chart's finding in a sentence ---------------------------------------------------------------

def _t(key: str, **values) -> str:
    from dashboard.i18n import t

    return t(key, **values)


def _count(value: float) -> str:
    return number(value, 0)


def ei_text(value: float) -> str:
    """An E-I index (or a correlation) with two decimals, never "-0.00"."""
    rounded = round(value, 2)
    return number(rounded if rounded != 0 else 0.0, 2)


def change_text(factor: float) -> str:
    """A growth factor as people say it: "×2.7" from doubling on, else "+35%" or "−4%"."""
    from dashboard.i18n import percent

    if factor >= 2:
        return "×" + number(factor, 1 if factor < 10 else 0)
    change = factor - 1
    return ("+" if change >= 0 else "−") + percent(abs(change), 0)


def flywheel_title(series: pl.DataFrame, hidden: str, since: date | None = None) -> str:
    if series.height and series["suppressed"].all():
        return _t("network_flywheel_hidden", hidden=hidden)
    growth = strongest_growth(series, since)
    if growth is None:
        return _t("network_flywheel_flat")
    values = {"first_month": month_label(growth.first_month), "last_month": month_label(growth.last_month)}
    if abs(growth.factor - 1) < STEADY:
        return _t("network_flywheel_steady", **values)
    return _t("network_grew" if growth.last > growth.first else "network_fell",
              series=_t(f"network_series_{growth.series}"), first=_count(growth.first), last=_count(growth.last),
              change=change_text(growth.factor), **values)


def exponent_title(exponent: float | None, hidden: bool, hidden_text: str) -> str:
    if hidden:
        return _t("network_exponent_hidden", hidden=hidden_text)
    if exponent is None:
        return _t("network_exponent_missing")
    return _t(f"network_exponent_{reading(exponent)}", b=number(exponent, 2))


def network_title(network: GroupNetwork, names: dict[str, str], period_label: str) -> str:
    found = network_finding(network)
    if found.strongest is None:
        return _t("network_graph_no_ties", period=period_label)
    a, b, n = found.strongest
    if found.inward is None or found.outward is None or found.inward[0] == found.outward[0]:
        return _t("network_graph_strongest_only", a=names[a], b=names[b], n=_count(n))
    return _t("network_graph_strongest", a=names[a], b=names[b], n=_count(n), inward=names[found.inward[0]],
              inward_ei=ei_text(found.inward[1]), outward=names[found.outward[0]],
              outward_ei=ei_text(found.outward[1]))
