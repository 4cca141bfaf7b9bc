"""The companionship connector on German Excel exports: conversations, circles, members, meetings; bad input."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from connectors.base import SourceError
from connectors.companionship import Companionship
from data.loading import Record, Rejected, run_sync
from data.schema import activities, activity_skills, activity_topics, events, quarantine, sync_runs, validation_results
from tests.conftest import FIXTURES

EXPORTS = FIXTURES / "companionship"
PY = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
CONV_HEADER = ("Gesprächs-ID;Lernbegleiter:in Personalnummer;Lernbegleiter:in Name;Lernbegleiter:in E-Mail;"
               "Lernende:r Personalnummer;Lernende:r E-Mail;Datum;Beginn;Dauer;Thema;Kompetenzen;Phase")
CONV_FIELDS = CONV_HEADER.split(";")
GOOD = {"Gesprächs-ID": "LG-1", "Lernbegleiter:in Personalnummer": "00010231",
        "Lernbegleiter:in Name": "Sabine Krüger", "Lernbegleiter:in E-Mail": "sabine.krueger@example.org",
        "Lernende:r Personalnummer": "00020117", "Lernende:r E-Mail": "jonas.becker@example.org",
        "Datum": "13.01.2026", "Beginn": "09:00", "Dauer": "45", "Thema": "Führung", "Kompetenzen": PY,
        "Phase": "Ziel klären"}
CLEAR_TEXT = ["sabine.krueger@example.org", "jonas.becker@example.org", "lea.hoffmann@example.org",
              "aylin.demir@example.org", "thomas.wendt@example.org", "00010231", "10231", "00020117", "20117",
              "00030044", "30044", "Sabine", "Krüger", "Jonas Becker", "Aylin Demir", "Oliver Kühn", "Max Mustermann"]


def conversation_line(**changes: str) -> str:
    row = {**GOOD, **{k.replace("_", " "): v for k, v in changes.items()}}
    return ";".join(row[field] for field in CONV_FIELDS)


def write(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def read_conversations(tmp_path: Path, pseudonymise, lines: list[str], encoding="utf-8-sig", **config) -> list:
    write(tmp_path / "lerngespraeche.csv", lines, encoding)
    connector = Companionship("lb", {"conversations_path": "lerngespraeche.csv", **config}, pseudonymise, tmp_path)
    return list(connector.read({}))


def copy_exports(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    shutil.copytree(EXPORTS, folder)
    return folder


def sync(engine, pseudonymise, folder: Path, name: str = "lernbegleitung", **config):
    return run_sync(engine, Companionship(name, {"path": ".", **config}, pseudonymise, folder))


def counts(result) -> tuple:
    c = result.counts
    return c.read, c.loaded, c.updated, c.duplicates, c.quarantined


# -- the fixture company's exports --------------------------------------------------------------------------

def test_fixture_exports_sync_with_exact_counts(engine, pseudonymise, tmp_path):
    result = sync(engine, pseudonymise, copy_exports(tmp_path))
    # 12 conversations x 2 events + 2 circles + 9 memberships + 1 leave
    # + 17 meetings + 17 facilitations + 66 attendances
    assert counts(result) == (136, 136, 0, 0, 0)
    with engine.connect() as conn:
        types = dict(conn.execute(select(activities.c.activity_type, func.count())
                                  .group_by(activities.c.activity_type)).all())
        verbs = dict(conn.execute(select(events.c.verb, func.count()).group_by(events.c.verb)).all())
        run = conn.execute(select(sync_runs).where(sync_runs.c.run_id == result.run_id)).mappings().one()
    assert types == {"learning_conversation": 12, "circle": 2, "circle_meeting": 17}
    assert verbs == {"accompanied": 12, "attended": 12 + 66, "facilitated": 17, "registered": 9, "unregistered": 1}
    assert (run["status"], run["records_read"], run["loaded"], run["quarantined"]) == ("ok", 136, 136, 0)
    with engine.connect() as conn:
        suites = conn.execute(select(validation_results.c.suite, validation_results.c.success).where(
            validation_results.c.run_id == result.run_id)).all()
    assert {suite for suite, _ in suites} == {"companionship:events", "companionship:activities"}
    assert all(success for _, success in suites)


def test_conversations_map_to_companion_and_learner_events(engine, pseudonymise, tmp_path):
    sync(engine, pseudonymise, copy_exports(tmp_path))
    with engine.connect() as conn:
        rows = {r["source_record_id"]: r for r in conn.execute(select(events)).mappings()}
        first = conn.execute(select(activities).where(
            activities.c.activity_id == "urn:dirigent:lernbegleitung:conversation:LG-2026-0001")).mappings().one()
        skills = conn.execute(select(func.count()).select_from(activity_skills).where(
            activity_skills.c.activity_id == "urn:dirigent:lernbegleitung:conversation:LG-2026-0003")).scalar()
        topics = conn.execute(select(activity_topics.c.topic).where(
            activity_topics.c.activity_id == first["activity_id"])).scalars().all()
    companion = rows["conversation:LG-2026-0001:companion"]
    learner = rows["conversation:LG-2026-0001:learner"]
    assert (companion["verb"], companion["role"], companion["actor_id"]) == (
        "accompanied", "contributor", pseudonymise("employee_no", "10231"))
    assert companion["counterpart_id"] == learner["actor_id"] == pseudonymise("employee_no", "00020117")
    assert (learner["verb"], learner["role"], learner["counterpart_id"]) == ("attended", "learner", None)
    assert companion["occurred_at"] == datetime(2026, 1, 13, 8, 0)  # 09:00 in Berlin (CET) is 08:00 UTC
    assert companion["duration_seconds"] == learner["duration_seconds"] == 2700.0
    assert (first["channel"], first["planned_minutes"]) == ("coaching", 45.0)
    assert first["title"] == "Projektmanagement im Team"
    assert first["ends_at"] == datetime(2026, 1, 13, 8, 45)
    assert topics == ["Projektmanagement im Team"] and skills == 2
    assert rows["conversation:LG-2026-0002:learner"]["duration_seconds"] == 75 * 60  # "1:15"
    assert rows["conversation:LG-2026-0012:learner"]["duration_seconds"] == 55.5 * 60  # "55,5"
    no_time = rows["conversation:LG-2026-0003:companion"]
    assert no_time["occurred_at"] == datetime(2026, 2, 3, 11, 0)  # a date alone is taken at noon in Berlin
    # Aylin has no employee number in the export: her e-mail is her identifier.
    assert rows["conversation:LG-2026-0004:companion"]["actor_id"] == pseudonymise("email", "Aylin.Demir@example.org")


def test_circles_meetings_and_members(engine, pseudonymise, tmp_path):
    sync(engine, pseudonymise, copy_exports(tmp_path))
    with engine.connect() as conn:
        circles = {r["title"]: r for r in conn.execute(
            select(activities).where(activities.c.activity_type == "circle")).mappings()}
        meetings = conn.execute(select(activities.c.parent_activity_id, func.count(), func.max(activities.c.title))
                                .where(activities.c.activity_type == "circle_meeting")
                                .group_by(activities.c.parent_activity_id)).all()
        by_id = {r["source_record_id"]: r for r in conn.execute(select(events)).mappings()}
    wol, python = circles["Working Out Loud"], circles["Python-Grundlagen"]
    assert (wol["channel"], wol["planned_meetings"], python["planned_meetings"]) == ("circle", 12, 8)
    held = {parent: n for parent, n, _ in meetings}
    assert held == {wol["activity_id"]: 12, python["activity_id"]: 5}  # Python stopped after 5 of 8
    facilitation = by_id["circle:LK-02:meeting:3:facilitator"]
    assert (facilitation["verb"], facilitation["role"]) == ("facilitated", "contributor")
    assert facilitation["actor_id"] == pseudonymise("email", "aylin.demir@example.org")
    assert facilitation["occurred_at"] == datetime(2026, 3, 16, 11, 30) and facilitation["duration_seconds"] == 2700
    nina = pseudonymise("employee_no", "20804")
    attended = by_id[f"circle:LK-02:meeting:3:attendee:{nina}"]
    assert (attended["verb"], attended["role"], attended["activity_id"]) == (
        "attended", "learner", python["activity_id"] + ":meeting:3")
    oliver = pseudonymise("employee_no", "30071")
    assert by_id[f"circle:LK-02:member:{oliver}"]["occurred_at"] == datetime(2026, 3, 2, 11, 0)
    left = by_id[f"circle:LK-02:member:{oliver}:left"]
    assert (left["verb"], left["role"], left["occurred_at"]) == ("unregistered", "admin", datetime(2026, 4, 6, 10, 0))
    lea = pseudonymise("email", "lea.hoffmann@example.org")  # no join date: the circle's start
    assert by_id[f"circle:LK-02:member:{lea}"]["occurred_at"] == datetime(2026, 3, 2, 11, 0)


def test_second_sync_of_unchanged_exports_loads_nothing(engine, pseudonymise, tmp_path):
    folder = copy_exports(tmp_path)
    sync(engine, pseudonymise, folder)
    assert counts(sync(engine, pseudonymise, folder)) == (0, 0, 0, 0, 0)


def test_full_resync_changes_nothing(engine, pseudonymise, tmp_path):
    folder = copy_exports(tmp_path)
    sync(engine, pseudonymise, folder)
    result = run_sync(engine, Companionship("lernbegleitung", {"path": "."}, pseudonymise, folder), full=True)
    assert counts(result) == (136, 0, 0, 136, 0)


def test_corrected_duration_updates_in_place(engine, pseudonymise, tmp_path):
    folder = copy_exports(tmp_path)
    sync(engine, pseudonymise, folder)
    path = folder / "lerngespraeche.csv"
    path.write_bytes(path.read_bytes().replace(b"LG-2026-0003;03.02.2026;;60;", b"LG-2026-0003;03.02.2026;;65;"))
    result = sync(engine, pseudonymise, folder)
    assert counts(result) == (24, 0, 2, 22, 0)  # the companion's and the learner's event
    with engine.connect() as conn:
        seconds = conn.execute(select(events.c.duration_seconds).where(
            events.c.source_record_id.like("conversation:LG-2026-0003:%"))).scalars().all()
        planned = conn.execute(select(activities.c.planned_minutes).where(
            activities.c.activity_id.like("%:conversation:LG-2026-0003"))).scalar()
        total = conn.execute(select(func.count()).select_from(events)).scalar()
    assert seconds == [3900.0, 3900.0] and planned == 65.0 and total == 117


def test_corrected_facilitator_rereads_meetings(engine, pseudonymise, tmp_path):
    folder = copy_exports(tmp_path)
    sync(engine, pseudonymise, folder)
    path = folder / "lernkreise.csv"
    path.write_bytes(path.read_bytes().replace(b"aylin.demir@example.org", b"katrin.lange@example.org"))
    result = sync(engine, pseudonymise, folder)
    # circles, members and meetings are read again; only LK-02's five facilitations change
    assert counts(result) == (2 + 10 + 100, 0, 5, 107, 0)
    with engine.connect() as conn:
        actors = set(conn.execute(select(events.c.actor_id).where(
            events.c.source_record_id.like("circle:LK-02:meeting:%:facilitator"))).scalars())
    assert actors == {pseudonymise("email", "katrin.lange@example.org")}


def test_no_clear_text_identifier_reaches_the_warehouse(engine, pseudonymise, tmp_path):
    folder = copy_exports(tmp_path)
    bad = folder / "lerngespraeche_bad.csv"
    write(bad, [CONV_HEADER, conversation_line(Dauer="-5"),
                conversation_line(**{"Gesprächs-ID": "LG-2", "Datum": "x"})])
    meetings = folder / "lernkreis_treffen.csv"
    meetings.write_bytes(meetings.read_bytes() + b'LK-02;6;06.04.2026;12:30;45;"Max Mustermann, 00030044"\r\n')
    result = sync(engine, pseudonymise, folder)
    # the sixth meeting: its activity, the facilitation and one attendance load; the name is quarantined
    assert counts(result) == (136 + 2 + 4, 136 + 3, 0, 0, 2 + 1)
    with engine.connect() as conn:
        dump = []
        for table in ("activities", "activity_topics", "activity_skills", "events", "quarantine", "sync_runs",
                      "sync_state"):
            dump += [str(row) for row in conn.execute(text(f"SELECT * FROM {table}"))]
    everything = "\n".join(dump)
    leaks = [value for value in CLEAR_TEXT if value in everything]
    assert leaks == []
    assert pseudonymise("employee_no", "10231") in everything


# -- bad input ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("changes, reason", [
    ({"Dauer": "-30"}, "duration '-30' is negative"),
    ({"Dauer": "eine Stunde"}, "duration 'eine Stunde' is not a duration"),
    ({"Dauer": "0"}, "is zero"),
    ({"Dauer": "26:00"}, "longer than a day"),
    ({"Datum": "31.02.2026"}, "date '31.02.2026' is not a date"),
    ({"Datum": ""}, "date is empty"),
    ({"Beginn": "25:00"}, "start time '25:00' is not a time of day"),
    ({"Phase": "Feierabend"}, "stage 'Feierabend' is not one of"),
    ({"Lernbegleiter:in Personalnummer": "", "Lernbegleiter:in E-Mail": ""}, "the companion has neither"),
    ({"Lernende:r Personalnummer": "", "Lernende:r E-Mail": ""}, "the learner has neither"),
    ({"Lernende:r Personalnummer": "10231", "Lernende:r E-Mail": ""}, "companion and learner are the same person"),
    ({"Lernende:r Personalnummer": "", "Lernende:r E-Mail": "Sabine.Krueger@Example.org"}, "the same person"),
    ({"Lernende:r E-Mail": "Jonas Becker"}, "the learner's e-mail is not an e-mail address"),
    ({"Lernende:r Personalnummer": "Jonas Becker"}, "the learner's employee number is not"),
    ({"Gesprächs-ID": ""}, "conversation id is empty"),
])
def test_bad_conversations_are_quarantined_with_line_and_reason(tmp_path, pseudonymise, changes, reason):
    good = conversation_line(**{"Gesprächs-ID": "LG-0"})
    items = read_conversations(tmp_path, pseudonymise, [CONV_HEADER, good, conversation_line(**changes)])
    assert [type(i) for i in items] == [Record, Record, Rejected]
    assert items[2].location == "lerngespraeche.csv:3" and reason in items[2].reason
    assert not [value for value in CLEAR_TEXT if value in items[2].record]


def test_conversation_in_the_future_is_quarantined(tmp_path, pseudonymise):
    tomorrow = date.today() + timedelta(days=2)
    items = read_conversations(tmp_path, pseudonymise, [CONV_HEADER, conversation_line(Datum=f"{tomorrow:%d.%m.%Y}")])
    assert isinstance(items[0], Rejected) and "is in the future" in items[0].reason


def test_duplicate_conversation_id_is_quarantined(tmp_path, pseudonymise):
    lines = [CONV_HEADER, conversation_line(), conversation_line(Dauer="50")]
    items = read_conversations(tmp_path, pseudonymise, lines)
    assert [type(i) for i in items] == [Record, Record, Rejected]
    assert items[2].reason == "conversation id 'LG-1' is already used on line 2"


def test_truncated_file_quarantines_the_cut_row_and_keeps_the_rest(engine, pseudonymise, tmp_path):
    lines = [CONV_HEADER, conversation_line(), conversation_line(**{"Gesprächs-ID": "LG-2"})]
    path = write(tmp_path / "lerngespraeche.csv", lines)
    path.write_bytes(path.read_bytes()[:-60])  # cut off in the middle of the last row
    result = run_sync(engine, Companionship("lb", {"conversations_path": "lerngespraeche.csv"}, pseudonymise, tmp_path))
    assert counts(result) == (3, 2, 0, 0, 1)
    with engine.connect() as conn:
        location, reason = conn.execute(select(quarantine.c.location, quarantine.c.reason)).one()
    assert location == "lerngespraeche.csv:3" and "fields where the header has 12" in reason and "cut off" in reason


def test_file_cut_inside_a_character_stops_the_source(tmp_path, pseudonymise):
    path = write(tmp_path / "lerngespraeche.csv", [CONV_HEADER, conversation_line()])
    path.write_bytes(path.read_bytes() + "Thema Führung".encode()[:-6])  # ends in the middle of "ü"
    connector = Companionship("lb", {"conversations_path": "lerngespraeche.csv"}, pseudonymise, tmp_path)
    expected = r"source 'lb' \(companionship\): file .*lerngespraeche.csv: cannot be decoded"
    with pytest.raises(SourceError, match=expected):
        list(connector.read({}))


def test_cp1252_export_without_bom_is_read(tmp_path, pseudonymise):
    items = read_conversations(tmp_path, pseudonymise, [CONV_HEADER, conversation_line(Thema="Gesprächsführung")],
                               encoding="cp1252")
    assert items[0].related[0].values["title"] == "Gesprächsführung"


def test_wrong_separator_stops_the_source_with_a_hint(tmp_path, pseudonymise):
    lines = [CONV_HEADER.replace(";", ","), conversation_line().replace(";", ",")]
    with pytest.raises(SourceError) as error:
        read_conversations(tmp_path, pseudonymise, lines)
    message = str(error.value)
    assert "source 'lb' (companionship)" in message and "lerngespraeche.csv, line 1" in message
    assert "missing columns conversation_id (column 'Gesprächs-ID')" in message and 'delimiter = ","' in message


def test_missing_columns_name_the_fields_and_the_mapping_table(tmp_path, pseudonymise):
    header = CONV_HEADER.replace("Dauer", "Länge").replace("Lernende:r Personalnummer", "Teilnehmer")
    header = header.replace("Lernende:r E-Mail", "Mail")
    with pytest.raises(SourceError) as error:
        read_conversations(tmp_path, pseudonymise, [header, conversation_line()])
    message = str(error.value)
    assert "duration (column 'Dauer')" in message
    assert "learner_employee_no (column 'Lernende:r Personalnummer') or learner_email" in message
    assert "[source.conversation_columns]" in message


def test_column_mapping_reads_other_headers_and_separators(tmp_path, pseudonymise):
    lines = ["ID,Coach,Coachee,Termin,Minuten,Inhalt,Notiz", "7,c.coach@example.org,00020117,2026-05-04,30,Feedback,x"]
    items = read_conversations(tmp_path, pseudonymise, lines, delimiter=",", conversation_columns={
        "conversation_id": "ID", "companion_email": "Coach", "learner_employee_no": "Coachee", "date": "Termin",
        "duration": "Minuten", "topic": "Inhalt"})
    companion = items[0].row.values
    assert companion["actor_id"] == pseudonymise("email", "c.coach@example.org")
    assert companion["counterpart_id"] == pseudonymise("employee_no", "20117")
    assert companion["occurred_at"] == datetime(2026, 5, 4, 10, 0)  # noon in Berlin (CEST)


def test_unknown_mapping_field_stops_the_source(tmp_path, pseudonymise):
    with pytest.raises(SourceError, match=r"\[source.conversation_columns\]: unknown fields coach"):
        read_conversations(tmp_path, pseudonymise, [CONV_HEADER], conversation_columns={"coach": "Coach"})


def test_empty_file_stops_the_source(tmp_path, pseudonymise):
    (tmp_path / "lerngespraeche.csv").write_bytes(b"")
    connector = Companionship("lb", {"conversations_path": "lerngespraeche.csv"}, pseudonymise, tmp_path)
    with pytest.raises(SourceError, match="line 1: the file is empty"):
        list(connector.read({}))


@pytest.mark.parametrize("config, problem", [
    ({}, "no export configured"),
    ({"path": "lerngespraeche.csv"}, "path 'lerngespraeche.csv': not a folder"),
    ({"path": "."}, "no export found (looked for lerngespraeche*.csv"),
    ({"conversations_path": "exports/*.csv"}, "conversations_path 'exports/*.csv': no file found"),
    ({"timezone": "Mitteleuropa", "path": "."}, "timezone 'Mitteleuropa': not a known time zone"),
])
def test_configuration_mistakes_name_the_setting(tmp_path, pseudonymise, config, problem):
    (tmp_path / "lerngespraeche.csv").write_text("")
    (tmp_path / "empty").mkdir()
    folder = tmp_path / "empty" if config.get("path") == "." else tmp_path
    with pytest.raises(SourceError) as error:
        list(Companionship("lb", config, pseudonymise, folder).read({}))
    assert problem in str(error.value)


def test_meetings_without_circles_stop_the_source(tmp_path, pseudonymise):
    shutil.copy(EXPORTS / "lernkreis_treffen.csv", tmp_path)
    connector = Companionship("lb", {"meetings_path": "lernkreis_treffen.csv"}, pseudonymise, tmp_path)
    with pytest.raises(SourceError, match="members or meetings are configured but no circles export"):
        list(connector.read({}))


def circle_items(tmp_path, pseudonymise, meetings: list[str] = (), members: list[str] = (), circles: list[str] = ()):
    folder = copy_exports(tmp_path)
    for name, extra in (("lernkreis_treffen.csv", meetings), ("lernkreis_mitglieder.csv", members),
                        ("lernkreise.csv", circles)):
        path = folder / name
        encoding = "cp1252" if name == "lernkreise.csv" else "utf-8"
        path.write_bytes(path.read_bytes() + "".join(line + "\r\n" for line in extra).encode(encoding))
    return list(Companionship("lb", {"path": "."}, pseudonymise, folder).read({}))


def test_bad_circle_rows_are_quarantined(tmp_path, pseudonymise):
    future = f"{date.today() + timedelta(days=3):%d.%m.%Y}"
    items = circle_items(tmp_path, pseudonymise, meetings=[
        'LK-99;1;06.04.2026;12:30;45;"00020342"',     # unknown circle
        'LK-02;5;30.03.2026;12:30;45;"00020342"',     # meeting 5 again
        f'LK-02;6;{future};12:30;45;""',              # not yet held
        'LK-02;7;13.04.2026;12:30;-45;""',            # negative duration
        'LK-02;0;13.04.2026;12:30;45;""',             # meeting number 0
        'LK-02;8;20.04.2026;12:30;45;"Max Mustermann, 00020342, 00020342, aylin.demir@example.org"',
    ], members=["LK-02;00020117;Jonas Becker;;01.05.2026;01.04.2026", "LK-02;;Max Mustermann;;;",
                "LK-01;00020117;Jonas Becker;;12.01.2026;"], circles=[
        "LK-03;Scrum;Agil;;;;01.09.2026;zwölf;;online", "LK-01;Doppelt;;;;;01.01.2026;3;;online"])
    rejected = {i.location: i.reason for i in items if isinstance(i, Rejected)}
    assert rejected == {
        "lernkreise.csv:4": "planned meetings 'zwölf' is not a whole number of 1 or more",
        "lernkreise.csv:5": "circle id 'LK-01' is already used on line 2",
        "lernkreis_mitglieder.csv:11": "left 01.04.2026 is before joined 01.05.2026",
        "lernkreis_mitglieder.csv:12": "the member has neither employee number nor e-mail",
        "lernkreis_mitglieder.csv:13": "this member of circle 'LK-01' is already listed on line 2",
        "lernkreis_treffen.csv:19": "circle 'LK-99' is not in the circles export (or was quarantined)",
        "lernkreis_treffen.csv:20": "meeting 5 of circle 'LK-02' is already on line 18",
        "lernkreis_treffen.csv:21": f"date {future} is in the future; a meeting is exported once it took place",
        "lernkreis_treffen.csv:22": "duration '-45' is negative",
        "lernkreis_treffen.csv:23": "meeting number '0' is not a whole number of 1 or more",
        "lernkreis_treffen.csv:24": "attendee 1 is neither an employee number nor an e-mail address",
    }
    eighth = [i.row.values for i in items if isinstance(i, Record) and i.location == "lernkreis_treffen.csv:24"]
    # the meeting, Aylin's facilitation, and Marie once (listed twice; Aylin facilitates, so no attendance)
    assert [(v.get("verb"), v.get("activity_type")) for v in eighth] == [
        (None, "circle_meeting"), ("facilitated", None), ("attended", None)]
    assert all("Mustermann" not in i.record for i in items if isinstance(i, Rejected))


def test_meetings_without_attendance_column_rely_on_membership(tmp_path, pseudonymise):
    folder = copy_exports(tmp_path)
    path = folder / "lernkreis_treffen.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    write(path, [";".join(line.split(";")[:5]) for line in lines])
    items = list(Companionship("lb", {"path": "."}, pseudonymise, folder).read({}))
    verbs = [i.row.values.get("verb") for i in items if i.location.startswith("lernkreis_treffen")]
    assert verbs.count("attended") == 0 and verbs.count("facilitated") == 17 and verbs.count(None) == 17
