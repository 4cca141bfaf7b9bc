"""The Teams attendance connector on real reports and on variants: layouts, encodings, locales, bad input."""

from __future__ import annotations

import codecs
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from connectors.base import SourceError
from connectors.teams_attendance import TeamsAttendance
from connectors.teams_values import LocalTimes, parse_duration
from data.loading import Record, Rejected, run_sync
from data.schema import activities, events, quarantine

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "teams-attendance"
VARIANTS = Path(__file__).resolve().parents[1] / "fixtures" / "teams"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the real Teams reports are not in {SAMPLES} "
                                                                 "(they live in ../shared beside the repository)")
BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-8": codecs.BOM_UTF8}
HEADER = "Name\tFirst join\tLast leave\tIn-meeting duration\tEmail\tParticipant ID (UPN)\tRole"
ROWS = [
    "Ada Host\t14/11/22, 09:30:46\t14/11/22, 09:50:12\t19m 26s\tada@example.org\tada@example.org\tOrganizer",
    "Ben Learner\t14/11/22, 09:30:52\t14/11/22, 09:50:12\t19m 20s\tben@example.org\tben@example.org\tPresenter",
    "Cem Guest (EXT)\t14/11/22, 09:31:19\t14/11/22, 09:50:09\t18m 50s\tcem@guest.example\tcem@guest.example\tAttendee",
]
NAMES = ("Ada Host", "Ben Learner", "Cem Guest", "Anna Müller", "Chiara Rossi", "Hari Heera", "Jon Park",
         "Tom Organizer", "Vic Student", "JANSSENS", "Johnny Walker", "Santiago")


def report(rows=ROWS, summary=True, header=HEADER, title="Weekly sync") -> str:
    """An en-GB report in the current layout, as Teams writes it."""
    head = ["1. Summary", f"Meeting title\t{title}", f"Attended participants\t{len(rows)}",
            "Start time\t14/11/22, 09:29:07", "End time\t14/11/22, 09:50:14", "Meeting duration\t21m 7s",
            "Average attendance time\t18m 24s", ""] if summary else []
    return "\n".join([*head, "2. Participants", header, *rows, "", "3. In-Meeting activities",
                      "Name\tJoin time\tLeave time\tDuration\tEmail\tRole"]) + "\n"


def write(folder: Path, name: str, text: str, encoding: str = "utf-16-be") -> Path:
    path = folder / name
    path.write_bytes(BOMS.get(encoding, b"") + text.encode(encoding))
    return path


def connector(path: Path, pseudonymise, **config) -> TeamsAttendance:
    return TeamsAttendance("teams", {"path": str(path), **config}, pseudonymise, path.parent)


def read(path: Path, pseudonymise, **config) -> list:
    return list(connector(path, pseudonymise, **config).read({}))


def sync(engine, path: Path, pseudonymise, **config):
    return run_sync(engine, connector(path, pseudonymise, **config))


def counts(result) -> tuple:
    c = result.counts
    assert c.balanced()
    return c.read, c.loaded, c.updated, c.duplicates, c.quarantined


def event_values(items) -> list[dict]:
    return [i.row.values for i in items if isinstance(i, Record)]


# -- the real reports -------------------------------------------------------------------------------

@needs_samples
def test_real_reports_map_to_sessions_and_events(pseudonymise):
    items = read(SAMPLES, pseudonymise)
    assert [type(i) for i in items] == [Record] * 23  # 7 + 8 + 8 participants; LICENSE and README skipped
    first = items[0]
    assert first.location == "IDL-14-11-22.csv:11"
    host = first.row.values
    assert host["actor_id"] == pseudonymise("email", "jan.janssens.ext@un.int")
    assert (host["verb"], host["role"], host["duration_seconds"]) == ("hosted", "contributor", 1166.0)
    assert host["occurred_at"] == datetime(2022, 11, 14, 8, 30, 46)  # 09:30:46 in Berlin (CET)
    activity = first.related[0].values
    assert (activity["title"], activity["activity_type"], activity["channel"]) == ("Scrum Meeting", "session", "peer")
    assert (activity["starts_at"], activity["ends_at"]) == (datetime(2022, 11, 14, 8, 29, 7),
                                                            datetime(2022, 11, 14, 8, 50, 14))
    assert activity["planned_minutes"] == pytest.approx(21 + 7 / 60)
    assert activity["activity_id"].startswith("urn:dirigent:teams-meeting:") and activity["join_url"] is None
    # In these tenants every participant is a Presenter: by default they attended as learners.
    assert {v["verb"] for v in event_values(items[1:7])} == {"attended"}
    # One activity per report (a recurring meeting), related rows only on the report's first record.
    assert len({v["activity_id"] for v in event_values(items)}) == 3
    assert sum(len(i.related) for i in items) == 3


@needs_samples
def test_real_reports_sync_once_then_nothing_then_renamed_copy_changes_nothing(engine, pseudonymise, tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLES, folder)
    assert counts(sync(engine, folder, pseudonymise)) == (23, 23, 0, 0, 0)
    assert counts(sync(engine, folder, pseudonymise)) == (0, 0, 0, 0, 0)
    (folder / "IDL-15-11-22.csv").rename(folder / "Scrum Meeting - Attendance report 11-15-22.csv")
    assert counts(sync(engine, folder, pseudonymise)) == (8, 0, 0, 8, 0)
    with engine.connect() as conn:
        assert len(conn.execute(select(events.c.source_record_id)).all()) == 23
        assert len(conn.execute(select(activities.c.activity_id)).all()) == 3


@needs_samples
def test_corrected_real_report_updates_in_place(engine, pseudonymise, tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLES, folder)
    sync(engine, folder, pseudonymise)
    path = folder / "IDL-14-11-22.csv"
    text = path.read_bytes()[2:].decode("utf-16-be")
    assert text.count("19m 20s") == 2  # Participants and In-Meeting activities
    write(folder, path.name, text.replace("19m 20s", "19m 25s"), "utf-16-be")
    assert counts(sync(engine, folder, pseudonymise)) == (7, 0, 1, 6, 0)
    with engine.connect() as conn:
        stored = conn.execute(select(events.c.duration_seconds).where(
            events.c.actor_id == pseudonymise("email", "Johnny.Walker@scotch.aero"),
            events.c.occurred_at == datetime(2022, 11, 14, 8, 30, 52))).scalar_one()
    assert stored == 1165.0


@needs_samples
def test_identity_upn_uses_the_participant_id(pseudonymise):
    items = read(SAMPLES / "IDL-15-11-22.csv", pseudonymise, identity="upn")
    actors = {v["actor_id"] for v in event_values(items)}
    assert pseudonymise("email", "sergio.mestre@indra-avitech.aero") in actors  # Email column differs from UPN
    assert pseudonymise("email", "Johnny.Walker@scotch.aero") not in actors


# -- layouts, encodings and locales ------------------------------------------------------------------

def test_german_utf16le_report(pseudonymise):
    items = read(VARIANTS / "de-utf16le-sections.csv", pseudonymise)
    values = event_values(items)
    assert [(v["verb"], v["role"], v["duration_seconds"]) for v in values] == [
        ("hosted", "contributor", 5407.0), ("attended", "learner", 5271.0),
        ("attended", "learner", 2703.0), ("attended", "learner", 45.0)]
    assert values[1]["occurred_at"] == datetime(2022, 11, 14, 8, 30, 46)
    assert values[0]["actor_id"] == pseudonymise("email", "anna.mueller@example.org")  # case-insensitive
    # The external guest is loaded like everyone else; metrics ignore identities HR does not know.
    assert values[2]["actor_id"] == pseudonymise("email", "chiara@partner.example")
    assert items[0].related[0].values["title"] == "Python für Einsteiger"


def test_us_utf8_report_month_first_with_am_pm(pseudonymise):
    items = read(VARIANTS / "en-us-utf8bom-sections.csv", pseudonymise, timezone="America/New_York")
    values = event_values(items)
    assert [v["verb"] for v in values] == ["hosted", "co-hosted", "attended", "attended", "attended"]
    assert values[1]["occurred_at"] == datetime(2026, 7, 22, 23, 2, 11)  # 7:02:11 PM EDT
    assert values[2]["occurred_at"] == datetime(2026, 7, 22, 23, 5)  # narrow no-break space before PM
    # The dial-in guest has no e-mail or UPN: keyed by a pseudonym of the display name, never the name.
    assert values[4]["actor_id"] == pseudonymise("account", "teams-display-name:+1 555 0100 (Unverified)")
    assert items[0].related[0].values["planned_minutes"] == pytest.approx(90 + 51 / 60)


def test_2021_summary_and_table_layout(pseudonymise):
    values = event_values(read(VARIANTS / "en-utf16le-summary-table-2021.csv", pseudonymise))
    assert [(v["verb"], v["duration_seconds"]) for v in values] == [
        ("hosted", 1762.0), ("attended", 1738.0), ("attended", 900.0)]
    assert values[0]["occurred_at"] == datetime(2021, 12, 10, 18, 37, 51)  # AM/PM decides December 10th


def test_2020_join_leave_list_sums_each_persons_spans(pseudonymise):
    items = read(VARIANTS / "en-us-utf16le-join-leave-2020.csv", pseudonymise)
    values = event_values(items)
    assert [(v["verb"], v["duration_seconds"]) for v in values] == [
        ("attended", 2995.0),  # joined, never left: until the list's last entry
        ("attended", 2700.0),  # "Joined before" counts as a join
        ("attended", 2280.0),  # 18 + 20 minutes
    ]
    activity = items[0].related[0].values
    assert activity["title"] is None and activity["starts_at"] == datetime(2020, 9, 29, 11, 0, 5)


def test_utf16_without_bom_and_little_endian_round_trip(tmp_path, pseudonymise):
    write(tmp_path, "le.csv", report(), "utf-16-le")
    (tmp_path / "nobom.csv").write_bytes(report().encode("utf-16-le"))
    write(tmp_path, "utf8.csv", report().replace("\n", "\r\n"), "utf-8")
    for name in ("le.csv", "nobom.csv", "utf8.csv"):
        assert [v["duration_seconds"] for v in event_values(read(tmp_path / name, pseudonymise))] == [
            1166.0, 1160.0, 1130.0]


@pytest.mark.parametrize("text, seconds", [
    ("1h 27m 51s", 5271.0), ("19m 26s", 1166.0), ("45s", 45.0), ("1h 7s", 3607.0), ("2h", 7200.0),
    ("0s", 0.0), ("1 Std. 2 Min. 3 Sek.", 3723.0), ("1:27:51", 5271.0),
])
def test_durations(text, seconds):
    assert parse_duration(text, "In-meeting duration") == seconds


@pytest.mark.parametrize("values, setting, order", [
    (["14/11/22, 09:30:46"], "auto", "day-first"),
    (["7/22/26, 7:02:11 PM"], "auto", "month-first"),
    (["5/6/26, 7:02:11 PM"], "auto", "month-first"),  # no day above 12: AM/PM as en-US writes
    (["5/6/26, 19:02:11"], "auto", "day-first"),  # no day above 12: 24-hour clock as en-GB writes
    (["5/6/26, 19:02:11"], "month-first", "month-first"),
    (["14/11/22, 09:30:46"], "month-first", "month-first"),  # forced, the value then fails to read
])
def test_date_order_from_evidence_or_setting(values, setting, order):
    from zoneinfo import ZoneInfo
    assert LocalTimes.for_report(values, setting, ZoneInfo("UTC")).order == order


def test_date_order_setting_forces_ambiguous_dates(tmp_path, pseudonymise):
    path = write(tmp_path, "r.csv", report().replace("14/11/22", "5/6/26"))
    assert event_values(read(path, pseudonymise))[0]["occurred_at"].month == 6
    assert event_values(read(path, pseudonymise, date_order="month-first"))[0]["occurred_at"].month == 5


def test_a_row_written_the_other_way_round_is_outvoted_and_quarantined(tmp_path, pseudonymise):
    rows = [ROWS[0], ROWS[1].replace("14/11/22, 09:30:52", "11/14/22, 09:30:52"), ROWS[2]]
    items = read(write(tmp_path, "r.csv", report(rows)), pseudonymise)
    assert [type(i) for i in items] == [Record, Rejected, Record]
    assert "First join '11/14/22, 09:30:52' is not a valid date and time" in items[1].reason
    assert "read day-first: '14/11/22, 09:29:07' has a day above 12" in items[1].reason


def test_dates_that_contradict_evenly_quarantine_the_report(tmp_path, pseudonymise):
    row = ROWS[0].replace("14/11/22, 09:50:12", "11/14/22, 09:50:12")
    items = read(write(tmp_path, "r.csv", report([row], summary=False)), pseudonymise)
    assert len(items) == 1 and isinstance(items[0], Rejected)
    assert "dates contradict each other" in items[0].reason and "set date_order" in items[0].reason


def test_presenter_role_contributor_and_join_links(tmp_path, pseudonymise):
    link = ("https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%22Tid%22%3a%22"
            "t-1%22%2c%22Oid%22%3a%22organiser-object-id%22%7d")
    items = read(write(tmp_path, "r.csv", report()), pseudonymise, presenter_role="contributor",
                 join_links={"Weekly sync": link}, channel="formal")
    link = "https://teams.microsoft.com/l/meetup-join/19:meeting_abc@thread.v2/0"  # the organiser's id dropped
    values = event_values(items)
    assert [(v["verb"], v["role"]) for v in values] == [
        ("hosted", "contributor"), ("co-hosted", "contributor"), ("attended", "learner")]
    activity = items[0].related[0].values
    assert activity["activity_id"] == link == activity["join_url"] == values[0]["activity_id"]
    assert activity["channel"] == "formal"


def test_column_mapping_reads_other_headers(tmp_path, pseudonymise):
    header = HEADER.replace("First join", "Beitritt um").replace("Role", "Funktion")
    items = read(write(tmp_path, "r.csv", report(header=header)), pseudonymise,
                 columns={"first_join": "Beitritt um", "role": "Funktion"})
    assert [v["verb"] for v in event_values(items)] == ["hosted", "attended", "attended"]


def test_extra_and_missing_columns(tmp_path, pseudonymise):
    extra = [r + "\tContoso" for r in ROWS]
    values = event_values(read(write(tmp_path, "extra.csv", report(extra, header=HEADER + "\tTenant")), pseudonymise))
    assert len(values) == 3
    # Without Email the UPN names the person; without Role everyone attended.
    rows = ["\t".join(r.split("\t")[:4] + r.split("\t")[5:6]) for r in ROWS]
    header = "Name\tFirst join\tLast leave\tIn-meeting duration\tParticipant ID (UPN)"
    values = event_values(read(write(tmp_path, "fewer.csv", report(rows, header=header)), pseudonymise))
    assert [(v["verb"], v["actor_id"]) for v in values][0] == ("attended", pseudonymise("email", "ada@example.org"))


def test_variants_sync_once_then_nothing_then_a_correction_updates_in_place(engine, pseudonymise, tmp_path):
    folder = tmp_path / "variants"
    shutil.copytree(VARIANTS, folder)
    assert counts(sync(engine, folder, pseudonymise)) == (4 + 5 + 3 + 3, 15, 0, 0, 0)
    assert counts(sync(engine, folder, pseudonymise)) == (0, 0, 0, 0, 0)
    path = folder / "de-utf16le-sections.csv"
    corrected = path.read_bytes()[2:].decode("utf-16-le").replace("\tReferent", "\tOrganisator")
    write(folder, path.name, corrected, "utf-16-le")
    assert counts(sync(engine, folder, pseudonymise)) == (4, 0, 1, 3, 0)
    with engine.connect() as conn:
        verbs = conn.execute(select(events.c.verb).where(
            events.c.actor_id == pseudonymise("email", "bernd.schulz@example.org"))).scalars().all()
        titles = sorted(t or "" for t in conn.execute(select(activities.c.title)).scalars())
    assert verbs == ["hosted"]
    assert titles == ["", "Devops project", "Negotiation basics", "Python für Einsteiger"]


# -- bad input ---------------------------------------------------------------------------------------

def broken(row: int, column: int, value: str) -> list[str]:
    rows = [r.split("\t") for r in ROWS]
    rows[row][column] = value
    return ["\t".join(r) for r in rows]


@pytest.mark.parametrize("rows, line, reason", [
    (broken(1, 3, "19m 2x"), 12, "In-meeting duration '19m 2x' is not a duration"),
    (broken(1, 3, "-19m 20s"), 12, "In-meeting duration '-19m 20s' is negative"),
    (broken(1, 1, "-14/11/22, 09:30:52"), 12, "First join '-14/11/22, 09:30:52' is not a date and time"),
    (broken(1, 1, "32/13/22, 25:61:00"), 12, "First join '32/13/22, 25:61:00' is not a valid date and time"),
    (broken(1, 2, "14/11/22, 09:00:00"), 12, "Last leave '14/11/22, 09:00:00' is before First join"),
    (broken(1, 1, "14/11/99, 09:30:52"), 12, "lies in the future"),
    (broken(1, 6, "Gast"), 12, "Role 'Gast' is not a Teams role"),
    (broken(1, 4, "ben.example.org"), 12, "Email has no '@'"),
    ([*ROWS, ROWS[1]], 14, "participant listed twice (first at line 12)"),
    ([*ROWS, ROWS[1][:25]], 14, "2 cells where the header (line 10) has 7: the line looks cut off"),
    ([*ROWS[:2], ROWS[2] + "\tstray"], 13, "8 cells where the header (line 10) has 7"),
])
def test_bad_rows_are_quarantined_with_file_line_and_reason(tmp_path, pseudonymise, rows, line, reason):
    items = read(write(tmp_path, "bad.csv", report(rows)), pseudonymise)
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(rejected) == 1 and len(items) == len(rows)
    assert rejected[0].location == f"bad.csv:{line}"
    assert reason in rejected[0].reason
    assert "@example.org" not in rejected[0].record and "Ben Learner" not in rejected[0].record


@pytest.mark.parametrize("make, line, reason", [
    (lambda d: write(d, "bad.csv", report().split("2. Participants")[0]), 7,
     "no participant table ('2. Participants') after the summary, which ends at line 7: the file looks cut off"),
    (lambda d: (d / "bad.csv").write_bytes(report().replace("\t", ";").encode("cp1252")), 1,
     "no tab-separated line (the file is UTF-8 without BOM, separated by ';')"),
    (lambda d: (d / "bad.csv").write_bytes(report().replace("\t", ";").replace("Cem", "Céline").encode("cp1252")), 1,
     "the file is Windows-1252 (no BOM, not UTF-8), separated by ';'"),
    (lambda d: (d / "bad.csv").write_bytes(b""), 1, "no tab-separated line"),
    (lambda d: write(d, "bad.csv", report().replace("Start time\t14/11/22, 09:29:07", "Start time\tyesterday")), 4,
     "summary: Start time 'yesterday' is not a date and time"),
    (lambda d: write(d, "bad.csv", report().replace("2. Participants\n", "2. Participants\nWho\tWhen\n")), 10,
     "'2. Participants' should start with its header"),
    (lambda d: write(d, "bad.csv", "Personalnummer\tName\n4711\tWeiß\n"), 1, "not a Teams attendance report"),
])
def test_bad_files_are_quarantined_whole_with_a_clear_message(tmp_path, pseudonymise, make, line, reason):
    make(tmp_path)
    items = read(tmp_path / "bad.csv", pseudonymise)
    assert len(items) == 1 and isinstance(items[0], Rejected)
    assert items[0].location == f"bad.csv:{line}"
    assert reason in items[0].reason and f"report bad.csv, line {line}" in items[0].reason


def test_truncated_download_loads_complete_rows_and_quarantines_the_cut_one(tmp_path, pseudonymise):
    whole = BOMS["utf-16-be"] + report(summary=True).split("\n\n3.")[0].encode("utf-16-be")
    (tmp_path / "cut.csv").write_bytes(whole[: whole.index("Cem".encode("utf-16-be")) + 41])  # odd: mid-character
    items = read(tmp_path / "cut.csv", pseudonymise)
    assert [type(i) for i in items] == [Record, Record, Rejected]
    assert items[2].location == "cut.csv:13" and "looks cut off" in items[2].reason


def test_bad_inputs_sync_with_balanced_counts_and_nothing_lost(engine, pseudonymise, tmp_path):
    write(tmp_path, "good.csv", report())
    write(tmp_path, "rows.csv", report(broken(0, 3, "19m 2x") + [ROWS[2].replace("Attendee", "Gast")],
                                       title="Other meeting"))
    (tmp_path / "resaved.csv").write_bytes(report().replace("\t", ";").encode("cp1252"))
    write(tmp_path, "cut.csv", report().split("2. Participants")[0])
    (tmp_path / "notes.txt").write_text("not a report")  # not .csv: never read from a folder
    assert counts(sync(engine, tmp_path, pseudonymise)) == (3 + 4 + 1 + 1, 3 + 2, 0, 0, 4)
    with engine.connect() as conn:
        stored = conn.execute(select(quarantine.c.location, quarantine.c.reason)
                              .order_by(quarantine.c.location)).all()
    assert [location for location, _ in stored] == ["cut.csv:7", "resaved.csv:1", "rows.csv:11", "rows.csv:14"]
    assert all(reason for _, reason in stored)


def test_bad_settings_and_missing_files_stop_the_source(tmp_path, pseudonymise):
    path = write(tmp_path, "r.csv", report())
    for config, message in [
        ({"timezone": "Berlin"}, "setting timezone = 'Berlin': not an IANA time zone"),
        ({"date_order": "dmy"}, "setting date_order = 'dmy': not one of auto, day-first, month-first"),
        ({"presenter_role": "host"}, "setting presenter_role = 'host'"),
        ({"columns": {"start": "Beginn"}}, "[source.columns]: unknown field(s) start"),
        ({"join_links": {"Weekly sync": "teams link"}}, "[source.join_links]: the link for 'Weekly sync'"),
    ]:
        with pytest.raises(SourceError, match="source 'teams' \\(teams_attendance\\)") as error:
            read(path, pseudonymise, **config)
        assert message in str(error.value)
    with pytest.raises(SourceError, match="no attendance report \\(.csv\\) found"):
        list(TeamsAttendance("teams", {"path": "nowhere"}, pseudonymise, tmp_path).read({}))


def test_changed_settings_read_every_report_again(engine, pseudonymise, tmp_path):
    write(tmp_path, "r.csv", report())
    assert counts(sync(engine, tmp_path, pseudonymise)) == (3, 3, 0, 0, 0)
    assert counts(sync(engine, tmp_path, pseudonymise, presenter_role="contributor")) == (3, 0, 1, 2, 0)
    assert counts(sync(engine, tmp_path, pseudonymise, presenter_role="contributor")) == (0, 0, 0, 0, 0)


def test_no_names_emails_or_upns_reach_the_warehouse(engine, pseudonymise, tmp_path):
    folder = tmp_path / "all"
    shutil.copytree(VARIANTS, folder)
    if SAMPLES.is_dir():
        for sample in SAMPLES.glob("*.csv"):
            shutil.copy(sample, folder)
    write(folder, "bad.csv", report(broken(1, 3, "19m 2x") + [ROWS[0]]))
    result = sync(engine, folder, pseudonymise)
    assert result.counts.quarantined == 2 and result.counts.loaded >= 15
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        text = " ".join(str(value) for table in metadata.sorted_tables
                        for row in conn.execute(select(table)) for value in row)
    assert "@" not in text and "#EXT#" not in text
    for name in NAMES:
        assert name.lower() not in text.lower(), name


def test_report_without_join_times_uses_the_meeting_start(tmp_path, pseudonymise):
    # "Attendance information collection: Only who attended" leaves out join and leave times.
    rows = ["\t".join(r.split("\t")[i] for i in (0, 4, 5, 6)) for r in ROWS]
    items = read(write(tmp_path, "r.csv", report(rows, header="Name\tEmail\tParticipant ID (UPN)\tRole")),
                 pseudonymise)
    assert [(v["occurred_at"], v["duration_seconds"]) for v in event_values(items)] == [
        (datetime(2022, 11, 14, 8, 29, 7), None)] * 3


def test_join_leave_list_without_timestamp_column_is_quarantined(tmp_path, pseudonymise):
    items = read(write(tmp_path, "r.csv", "Full Name\tUser Action\nTom\tJoined\n", "utf-16-le"), pseudonymise)
    assert len(items) == 1 and "has no Timestamp column" in items[0].reason
