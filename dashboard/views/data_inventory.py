"""Data inventory: the purpose, which sources, which fields are held (pseudonymised ones marked), how identities
are pseudonymised, how long each kind of data is kept, and the minimum group sizes."""

import polars as pl
import streamlit as st

from dashboard.components import check_page, csv_bytes, download
from dashboard.i18n import language, number, t
from dashboard.loaders import data_inventory
from dashboard.texts import TEXTS

check_page("data_inventory")
st.title(t("data_inventory"))
st.caption(t("data_inventory_caption"))

held = data_inventory()
lang = language()

st.subheader(t("data_inventory_purpose"))
st.info(held.purpose.get(lang) or held.purpose["en"], icon=":material/flag:")

first, second, third, fourth = st.columns(4)
first.metric(t("data_inventory_k"), number(held.min_group_size), help=t("data_inventory_k_help"), border=True)
second.metric(t("data_inventory_k_works_council"), number(held.works_council_min_group_size),
              help=t("data_inventory_k_works_council_help"), border=True)
third.metric(t("data_inventory_sources"), number(len(held.sources)), border=True)
fourth.metric(t("data_inventory_person_tables"), number(sum(table.person_level for table in held.tables)),
              help=t("data_inventory_person_tables_help"), border=True)
if held.demo:
    st.caption(t("data_inventory_demo"))
for note in held.notes:
    st.warning(note, icon=":material/warning:")

st.subheader(t("data_inventory_sources_title"))
if held.sources:
    sources = pl.DataFrame([{"source": s.name, "kind": s.kind, "status": s.last_status, "last_run": s.last_run,
                             "last_success": s.last_success, "runs": s.runs,
                             "rows": ", ".join(f"{table}: {number(n)}" for table, n in s.rows.items())}
                            for s in held.sources])
    st.dataframe(sources, hide_index=True, key="inventory_sources", column_config={
        "source": t("data_inventory_source"), "kind": t("data_inventory_kind"), "status": t("data_inventory_status"),
        "last_run": t("data_inventory_last_run"), "last_success": t("data_inventory_last_success"),
        "runs": t("data_inventory_runs"), "rows": t("data_inventory_rows_written")})
else:
    st.caption(t("data_inventory_no_sources"))

st.subheader(t("data_inventory_pseudonymisation"))
st.markdown(held.pseudonymisation.get(lang) or held.pseudonymisation["en"])

st.subheader(t("data_inventory_fields"))
st.caption(t("data_inventory_fields_caption"))


def kept(table) -> str:
    if table.retention_setting is None:
        return t("data_inventory_kept_no_setting")
    if table.retention_months is None:
        return t("data_inventory_kept_never")
    return t("data_inventory_months", n=number(table.retention_months))


tables = pl.DataFrame([{
    "table": table.name, "holds": table.description.get(lang) or table.description["en"],
    "rows": table.rows, "people": table.person_level,
    "pseudonymised": ", ".join(c.name for c in table.columns if c.pseudonym),
    "may_embed": ", ".join(c.name for c in table.columns if c.embeds_pseudonyms and not c.pseudonym),
    "fields": ", ".join(c.name for c in table.columns), "kept": kept(table),
    "setting": f"DIRIGENT_RETENTION_MONTHS_{table.retention_setting.upper()}" if table.retention_setting else "",
} for table in held.tables])
st.dataframe(tables, hide_index=True, key="inventory_tables", height=38 + 35 * max(tables.height, 1), column_config={
    "table": t("data_inventory_table"), "holds": st.column_config.TextColumn(t("data_inventory_holds"), width="large"),
    "rows": st.column_config.NumberColumn(t("data_inventory_rows"), format="localized"),
    "people": st.column_config.CheckboxColumn(t("data_inventory_people")),
    "pseudonymised": t("data_inventory_pseudonymised"), "may_embed": t("data_inventory_may_embed"),
    "fields": st.column_config.TextColumn(t("data_inventory_all_fields"), width="large"),
    "kept": t("data_inventory_kept"), "setting": t("data_inventory_setting")})
download(t("download_csv"), csv_bytes(tables, None, []), file_name="dirigent-data-inventory.csv",
         key="inventory_csv", icon=":material/download:", type="tertiary")

st.subheader(t("data_inventory_retention"))
st.markdown("\n".join(
    f"- **{t(key) if (key := f'data_inventory_retention_{name}') in TEXTS else name}** "
    f"(`DIRIGENT_RETENTION_MONTHS_{name.upper()}`): "
    + (t("data_inventory_kept_never") if months is None else t("data_inventory_months", n=number(months)))
    for name, months in held.retention_months.items()))
st.caption(t("data_inventory_generated", at=held.generated_at))
