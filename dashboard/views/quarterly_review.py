"""Quarterly review: the headline metrics against the previous quarter, a year before and the target, with status."""

from dataclasses import replace
from functools import partial

import streamlit as st

from dashboard import charts_quarterly
from dashboard.components import (chart, csv_bytes, download, may_export, page_start, finding, hidden_text, k,
                                  rows_frame, tile, trace)
from dashboard.findings_quarterly import (
    DECIMALS,
    change_label,
    chart_finding,
    label,
    left_out,
    lines,
    panel_subtitle,
    review_quarter,
    rose,
    status_text,
    summary,
    table_frame,
    tile_caption,
    why_text,
)
from dashboard.i18n import date_text, language, percent, t
from dashboard.i18n import number as number_text
from dashboard.loaders import metrics, result
from dashboard.report import MIME, deck_bytes
from metrics.compute import today_in
from metrics.filters import Filters
from metrics.quarterly import (HEADLINE, STATUS_SCALE, common_thresholds, same_quarter_a_year_before, targets,
                               thresholds)

view = page_start("quarterly_review", "quarterly_caption")

quarter, why = review_quarter(view.period, view.data_range, today_in(metrics().settings.timezone))
if quarter is None:
    st.info(t("quarterly_no_quarter"))
    st.stop()
shows = t("quarterly_shows", quarter=quarter.label, start=date_text(quarter.start), end=date_text(quarter.end))
st.markdown(f"**{shows}** · {why_text(why, view.period)}")
view = replace(view, period=quarter)  # the trace line and the CSV name the quarter shown
previous, year_before = quarter.previous(), same_quarter_a_year_before(quarter)
IDS = ["Q", *HEADLINE]

review_result = result("Q", quarter, filters=view.filters)
review = lines(review_result)
common, index = common_thresholds(), thresholds()["N5"]  # the help states the thresholds in force
st.markdown(f"#### {summary(review, hidden_text())}", help=t(
    "quarterly_status_help", at_risk=percent(common.at_risk, 0), trend=percent(common.trend_at_risk, 0),
    index_at_risk=number_text(index.at_risk * STATUS_SCALE["N5"], 2),
    index_trend=number_text(index.trend_at_risk * STATUS_SCALE["N5"], 2)))

# The deck for executives: the whole organisation, this quarter and language, generated when a button is clicked.
if may_export("deck"):
    whole, spoken = metrics(), language()
    deck_view = replace(view, filters=Filters())
    caption, *buttons = st.columns([4, 1.2, 1], vertical_alignment="center")
    caption.caption(t("report_downloads", quarter=quarter.label))
    for column, kind, icon in zip(buttons, ("pptx", "pdf"), (":material/slideshow:", ":material/picture_as_pdf:")):
        download(t(f"report_download_{kind}"), partial(deck_bytes, whole, quarter, kind, spoken), export="deck",
                 file_name=f"dirigent-quarterly-{quarter.label}-{spoken}.{kind}", key=f"quarterly_deck_{kind}",
                 mime=MIME[kind], metric_ids=[*IDS, "S4"], view=deck_view, target=column, icon=icon,
                 help=t("report_download_help", quarter=quarter.label))

# Tiles: the quarter and its change against the previous quarter; below, a year before and the target.
for start in range(0, len(review), 3):
    for column, line in zip(st.columns(3), review[start:start + 3]):
        tile(column, line.metric_id, line.value, suppressed=line.suppressed, label=label(line.metric_id),
             delta=change_label(line.metric_id, line.change), decimals=DECIMALS.get(line.metric_id),
             delta_description=t("vs_previous", period=previous.label))
        if not line.suppressed:  # our own words and numbers only: safe as HTML
            column.markdown(f"{charts_quarterly.badge(line.status, status_text(line.status))} "
                            f"{charts_quarterly.caption_html(tile_caption(line, year_before))}",
                            unsafe_allow_html=True)
st.caption(t("quarterly_tiles_caption", previous=previous.label))

# The table: every comparison with its status as a coloured label; the CSV holds the guarded numbers.
finding(t("quarterly_rose", n=rose(review), total=len(review), previous=previous.label), *IDS)
styles = charts_quarterly.status_styles(review)
shown_table = table_frame(review).to_pandas().style.apply(lambda _: styles, subset=["status"], axis=0)
text, number = st.column_config.TextColumn, {"alignment": "right"}
st.dataframe(shown_table, hide_index=True, key="quarterly_table", column_config={
    "metric": text(t("quarterly_col_metric")),
    "value": text(t("quarterly_col_value", quarter=quarter.label), help=t("quarterly_col_value_help"), **number),
    "previous": text(t("quarterly_col_previous", quarter=previous.label), help=t("quarterly_col_previous_help"),
                     **number),
    "year_before": text(t("quarterly_col_year_before", quarter=year_before.label),
                        help=t("quarterly_col_year_before_help"), **number),
    "change": text(t("quarterly_col_change"), help=t("quarterly_col_change_help"), **number),
    "target": text(t("quarterly_col_target"), **number),
    "status": text(t("quarterly_col_status")),
})
data = rows_frame(review_result).rename({"group": "metric"})
left, right = st.columns([5, 1], vertical_alignment="center")
left.caption(t("quarterly_table_note", k=k()))
download(t("download_csv"), csv_bytes(data, view, IDS), file_name="dirigent-quarterly-review.csv",
         key="quarterly_table_csv", metric_ids=IDS, view=view, target=right, icon=":material/download:",
         type="tertiary")

# The chart: a small panel per metric, the quarter coloured by its status, the target dashed.
visible = [line for line in review if not line.suppressed]
if visible:
    titles = {line.metric_id: charts_quarterly.panel_title(label(line.metric_id), panel_subtitle(line))
              for line in visible}
    figure = charts_quarterly.small_multiples(visible, titles, (year_before.label, previous.label, quarter.label))
    note = " ".join(filter(None, [t("quarterly_chart_note", quarter=quarter.label), left_out(visible)]))
    chart(figure, data, title=chart_finding(visible, quarter), metric_ids=IDS, key="quarterly_chart", view=view,
          note=note)
else:
    st.info(t("quarterly_chart_hidden", hidden=hidden_text()))

if not targets():
    st.caption(t("quarterly_no_targets"))
elif view.filters:
    st.caption(t("quarterly_filter_targets"))
trace(view, IDS)
