"""Works council: fairness of access to learning by employment type, location, age band and gender, anonymised;
every figure about fewer than k people hidden."""

import streamlit as st

from dashboard import charts_works_council as wc
from dashboard.components import chart, change_text, page_start, k, tile, trace
from dashboard.i18n import t
from dashboard.loaders import result

view = page_start("works_council", "works_council_caption")
period, filters = view.period, view.filters
previous = period.previous()
st.info(t("works_council_k", k=k()), icon=":material/shield_person:")

frames = {(m, d): wc.groups(result(m, period, d, filters), d) for m in ("P3", "P5") for d in wc.DIMENSIONS}
mixes = {d: wc.mix(result("P6", period, d, filters), d) for d in wc.DIMENSIONS}
before = {m: wc.groups(result(m, previous, "employment_type", filters), "employment_type") for m in ("P3", "P5")}
whole = {m: wc.value(wc.groups(result(m, period, filters=filters), "all"), "all") for m in ("P3", "P5")}

# -- part-time and full-time ---------------------------------------------------------------------------------
st.subheader(t("works_council_headline", period=period.label))
for outer, metric_id in zip(st.columns(2), ("P3", "P5")):
    outer.markdown(f"**{t(metric_id)}**")
    for column, group in zip(outer.columns(2), (wc.FULL_TIME, wc.PART_TIME)):
        now, then = wc.value(frames[(metric_id, "employment_type")], group), wc.value(before[metric_id], group)
        tile(column, metric_id, now, suppressed=now is None, label=wc.subject("employment_type", group),
             delta=change_text(metric_id, None if now is None or then is None else
                               (now - then) * (100 if metric_id == "P3" else 1)),
             delta_description=t("vs_previous", period=previous.label))

# -- findings ------------------------------------------------------------------------------------------------
st.subheader(t("works_council_findings"))
findings = [wc.sentence(m, "employment_type", frames[(m, "employment_type")] if m != "P6" else mixes["employment_type"])
            for m in ("P3", "P5", "P6")]
findings += [wc.sentence("P3", d, frames[("P3", d)]) for d in wc.DIMENSIONS[1:]]
st.markdown("\n".join(f"- {s}." for s in findings))

# -- by group ------------------------------------------------------------------------------------------------
st.subheader(t("works_council_by"))
for dimension, tab in zip(wc.DIMENSIONS, st.tabs([t(f"works_council_dim_{d}") for d in wc.DIMENSIONS])):
    with tab:
        if dimension == "gender" and set(frames[("P3", "gender")]["group"]) <= {"unknown"}:
            st.caption(t("works_council_no_gender"))
        left, right = st.columns(2)
        for column, metric_id in ((left, "P3"), (right, "P5")):
            frame = frames[(metric_id, dimension)]
            hidden = wc.hidden_count(frame)
            with column:
                chart(wc.bars(frame, metric_id, whole[metric_id], t("works_council_people")), frame,
                      title=wc.sentence(metric_id, dimension, frame), metric_ids=[metric_id],
                      key=f"works_council_{metric_id}_{dimension}", view=view,
                      note=t("suppressed_cells", n=hidden, k=k()) if hidden else None)
        frame = mixes[dimension]
        hidden = wc.hidden_count(frame)
        chart(wc.mix_bars(frame), frame, title=wc.sentence("P6", dimension, frame), metric_ids=["P6"],
              key=f"works_council_P6_{dimension}", view=view,
              note=t("suppressed_cells", n=hidden, k=k()) if hidden else None)

# -- what is not here yet ------------------------------------------------------------------------------------
st.subheader(t("works_council_audit"))
st.caption(t("works_council_audit_text"))
trace(view, ["P3", "P5", "P6"])
