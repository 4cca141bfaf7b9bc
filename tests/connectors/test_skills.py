"""The skills connector on ESCO CSV as published and on a company framework: counts, roles, bad files."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import func, or_, select

from connectors.base import SourceError
from connectors.skills import SkillsFramework
from data.loading import run_sync
from data.schema import (
    occupation_skills,
    occupations,
    quarantine,
    role_skill_requirements,
    skill_relations,
    skills,
    sync_runs,
)
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "skills" / "esco_sample"
COMPANY_FRAMEWORK = FIXTURES / "skills" / "company"
ESCO = Path(__file__).resolve().parents[3] / "shared" / "esco" / "v1.1.1"

OCCUPATION = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
DATA_ANALYST = OCCUPATION + "d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
SOFTWARE_DEVELOPER = OCCUPATION + "f2b15a0e-e65a-438a-affb-29b9d50b77d1"
ROLES = {"Data Analyst": DATA_ANALYST, "2512": SOFTWARE_DEVELOPER}
STATISTICS, DATA_MINING, MANAGE_DATA = (SKILL + "7ee4c2ea-b349-4bd2-81a3-ec31475d4833",
                                        SKILL + "4216e465-7baa-4884-a241-54b197bb9278",
                                        SKILL + "9ff9db9d-d14b-426e-83f3-e7449af6c79f")
DEBUG_SOFTWARE = SKILL + "2522a6ce-3202-4ac8-9f5b-b9cb5a3a83a1"
HIERARCHY_ONLY_GROUP = SKILL + "ca8723d6-d9fe-42fd-ac14-ba6bb5b0f6c2"
COMPANY = "https://skills.beispiel-ag.de/"
COMPANY_ROLES = {"Teamleitung Vertrieb": COMPANY + "role/R-20", "JC-5223": COMPANY + "role/R-10"}


def sync(engine, pseudonymise, folder: Path, **config):
    return run_sync(engine, SkillsFramework("esco", {"path": str(folder), **config}, pseudonymise, folder.parent))


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def counts(result) -> tuple:
    c = result.counts
    return c.read, c.loaded, c.updated, c.duplicates, c.quarantined


def quarantined(engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(quarantine.c.location, quarantine.c.reason).order_by(quarantine.c.quarantine_id))]


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the ESCO sample that a test may change."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "esco"))


@pytest.fixture
def company(tmp_path) -> Path:
    return Path(shutil.copytree(COMPANY_FRAMEWORK, tmp_path / "kompetenzmodell"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {path.name}"
    path.write_bytes(text.replace(old, new).encode("utf-8"))


def test_esco_sample_maps_skills_groups_occupations_and_role_requirements(engine, pseudonymise, sample):
    result = sync(engine, pseudonymise, sample, roles=ROLES)
    # 10 skills + 23 groups + 2 groups only the hierarchy names, 35 broader relations,
    # 2 occupations, 7 occupation-skill relations, 4 essential requirements.
    assert counts(result) == (83, 83, 0, 0, 0)
    assert count(engine, skills) == 35 and count(engine, skills, skills.c.skill_type == "skill_group") == 25
    assert count(engine, skills, skills.c.skill_type == "knowledge") == 3
    assert count(engine, skill_relations) == 35 and count(engine, occupations) == 2
    assert count(engine, occupation_skills, occupation_skills.c.relation == "optional") == 3
    with engine.connect() as conn:
        requirements = set(conn.execute(select(role_skill_requirements.c.role, role_skill_requirements.c.skill_id,
                                               role_skill_requirements.c.relation)).all())
        assert requirements == {("Data Analyst", STATISTICS, "essential"), ("Data Analyst", DATA_MINING, "essential"),
                                ("Data Analyst", MANAGE_DATA, "essential"), ("2512", DEBUG_SOFTWARE, "essential")}
        analyst = conn.execute(select(occupations).where(occupations.c.occupation_id == DATA_ANALYST)).mappings().one()
        assert (analyst["label"], analyst["isco_group"], analyst["source"]) == ("data analyst", "2511", "esco")
        group = conn.execute(select(skills.c.label, skills.c.skill_type)
                             .where(skills.c.skill_id == HIERARCHY_ONLY_GROUP)).one()
        assert tuple(group) == ("positioning tools or equipment", "skill_group")
        assert conn.execute(select(skill_relations.c.broader_skill_id)
                            .where(skill_relations.c.skill_id == HIERARCHY_ONLY_GROUP)).scalar() == (
            SKILL + "1e924921-b7ff-4326-a698-c8275bbcf60d")
    assert counts(sync(engine, pseudonymise, sample, roles=ROLES)) == (0, 0, 0, 0, 0)


def test_changed_label_updates_in_place_and_only_its_file_is_read_again(engine, pseudonymise, sample):
    sync(engine, pseudonymise, sample, roles=ROLES)
    edit(sample / "skills_en.csv", ",manage data,", ",manage data assets,")
    assert counts(sync(engine, pseudonymise, sample, roles=ROLES)) == (10, 0, 1, 9, 0)
    with engine.connect() as conn:
        assert conn.execute(select(skills.c.label).where(skills.c.skill_id == MANAGE_DATA)).scalar() == (
            "manage data assets")
    assert count(engine, skills) == 35


def test_changed_role_settings_derive_the_requirements_again(sqlite_engine, pseudonymise, sample):
    sync(sqlite_engine, pseudonymise, sample, roles=ROLES)
    again = sync(sqlite_engine, pseudonymise, sample, roles=ROLES, relations=["essential", "optional"])
    assert counts(again) == (7, 3, 0, 4, 0)  # data analyst 3 + 2, software developer 1 + 1
    assert count(sqlite_engine, role_skill_requirements, role_skill_requirements.c.relation == "optional") == 3


def test_company_framework_in_german_maps_job_codes_to_its_own_roles(engine, pseudonymise, company):
    result = sync(engine, pseudonymise, company, language="de", roles=COMPANY_ROLES,
                  relations=["essential", "optional"])
    assert counts(result) == (28, 28, 0, 0, 0)  # 4 skills + 3 groups, 7 broader, 2 roles, 6 relations, 6 requirements
    with engine.connect() as conn:
        label = conn.execute(select(skills.c.label).where(skills.c.skill_id == COMPANY + "skill/K-101")).scalar()
        assert label == "Kundengespräche führen"
        requirements = dict(conn.execute(
            select(role_skill_requirements.c.skill_id, role_skill_requirements.c.relation)
            .where(role_skill_requirements.c.role == "JC-5223")).all())
    assert requirements == {COMPANY + "skill/K-101": "essential", COMPANY + "skill/K-102": "essential",
                            COMPANY + "skill/K-201": "optional"}


def test_a_role_of_several_occupations_takes_essential_over_optional(sqlite_engine, pseudonymise, company):
    sync(sqlite_engine, pseudonymise, company, language="de", relations=["essential", "optional"],
         roles={"Shopleitung": [COMPANY + "role/R-10", COMPANY + "role/R-20"]})
    with sqlite_engine.connect() as conn:
        requirements = dict(conn.execute(select(role_skill_requirements.c.skill_id,
                                                role_skill_requirements.c.relation)).all())
    # K-201 is optional for R-10 and essential for R-20; K-101 the other way round.
    assert requirements == {COMPANY + f"skill/{k}": "essential" for k in ("K-101", "K-102", "K-201", "K-202")}


def test_esco_1_2_file_names_and_extra_columns_are_read(sqlite_engine, pseudonymise, sample):
    relations = (sample / "occupationSkillRelations.csv").read_text(encoding="utf-8").splitlines()
    wider = [relations[0] + ",skillLabel"] + [line + ",some label" for line in relations[1:]]
    (sample / "occupationSkillRelations_en.csv").write_text("\r\n".join(wider) + "\r\n", encoding="utf-8")
    (sample / "occupationSkillRelations.csv").unlink()
    assert counts(sync(sqlite_engine, pseudonymise, sample)) == (79, 79, 0, 0, 0)
    assert count(sqlite_engine, occupation_skills) == 7


# --- bad input -------------------------------------------------------------------------------


def test_truncated_file_quarantines_the_cut_record_and_what_needs_it(sqlite_engine, pseudonymise, sample):
    text = (sample / "skills_en.csv").read_bytes()
    cut = text.index(b"\"http", text.index(b"create digital content")) + 40  # inside the last record's inScheme
    (sample / "skills_en.csv").write_bytes(text[:cut])
    result = sync(sqlite_engine, pseudonymise, sample, roles=ROLES)
    rejected = quarantined(sqlite_engine)
    assert rejected[0] == ("skills_en.csv:165", ("the file ends inside a quoted field: it is truncated; "
                                                "download or export it again"))
    cut_skill = f"{SKILL}d822b4b2-26c7-4bd9-970d-229c6504f615 is not in skills_en.csv or skillGroups_en.csv or " \
                "skillsHierarchy_en.csv"
    assert rejected[1:] == [("broaderRelationsSkillPillar.csv:33", "conceptUri " + cut_skill),
                            ("broaderRelationsSkillPillar.csv:34", "broaderUri " + cut_skill)]
    assert counts(result) == (83, 80, 0, 0, 3) and result.counts.balanced()


def test_row_cut_short_is_quarantined_with_its_line(sqlite_engine, pseudonymise, sample):
    path = sample / "occupationSkillRelations.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\r\n").rsplit(b",", 2)[0])
    result = sync(sqlite_engine, pseudonymise, sample)
    assert quarantined(sqlite_engine) == [("occupationSkillRelations.csv:8", ("2 fields where the header has 4 "
                                          "(a truncated row, an unquoted comma or a different separator)"))]
    assert counts(result) == (79, 78, 0, 0, 1)


def test_relation_to_unknown_skill_or_occupation_is_quarantined(sqlite_engine, pseudonymise, sample):
    with (sample / "occupationSkillRelations.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"{DATA_ANALYST},essential,knowledge,{SKILL}00000000-0000-0000-0000-000000000000\r\n")
        handle.write(f"{OCCUPATION}unknown,optional,knowledge,{STATISTICS}\r\n")
        handle.write(f"{DATA_ANALYST},mandatory,knowledge,{DEBUG_SOFTWARE}\r\n")
        handle.write(f"{DATA_ANALYST},optional,knowledge,{STATISTICS}\r\n")
    result = sync(sqlite_engine, pseudonymise, sample, roles=ROLES)
    assert quarantined(sqlite_engine) == [
        ("occupationSkillRelations.csv:9", (f"skillUri {SKILL}00000000-0000-0000-0000-000000000000 is not in "
                                           "skills_en.csv or skillGroups_en.csv or skillsHierarchy_en.csv")),
        ("occupationSkillRelations.csv:10", f"occupationUri {OCCUPATION}unknown is not in occupations_en.csv"),
        ("occupationSkillRelations.csv:11", "relationType 'mandatory' is not one of essential, optional"),
        ("occupationSkillRelations.csv:12", "the same relation is already on occupationSkillRelations.csv:2"),
    ]
    assert counts(result) == (87, 83, 0, 0, 4)
    assert count(sqlite_engine, role_skill_requirements) == 4


def test_duplicate_ids_and_unreleased_concepts_are_quarantined(sqlite_engine, pseudonymise, company):
    with (company / "skills_de.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"KnowledgeSkillCompetence,{COMPANY}skill/K-101,skill/competence,,Kundengespräche,,,released,"
                     ",,,,\r\n")
        handle.write(f"KnowledgeSkillCompetence,{COMPANY}skill/K-301,skill/competence,,Verhandeln,,,draft,,,,,\r\n")
        handle.write("KnowledgeSkillCompetence,,skill/competence,,Ohne Kennung,,,released,,,,,\r\n")
        handle.write(f"KnowledgeSkillCompetence,{COMPANY}skill/K-302,skill/competence,,,,,released,,,,,\r\n")
    with (company / "occupationSkillRelations.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"{COMPANY}role/R-20,essential,skill/competence,{COMPANY}skill/K-301\r\n")
    result = sync(sqlite_engine, pseudonymise, company, language="de", roles=COMPANY_ROLES)
    assert quarantined(sqlite_engine) == [
        ("skills_de.csv:8", f"conceptUri {COMPANY}skill/K-101 is defined twice (first: skills_de.csv:2)"),
        ("skills_de.csv:9", "status 'draft': only released concepts are imported"),
        ("skills_de.csv:10", "conceptUri is empty"),
        ("skills_de.csv:11", "preferredLabel is empty"),
        ("occupationSkillRelations.csv:8", (f"skillUri {COMPANY}skill/K-301 is not imported (status 'draft': only "
                                           "released concepts are imported on skills_de.csv:9)")),
    ]
    # 28 good records minus the 2 optional requirements of the default (essential only), plus 5 bad.
    assert counts(result) == (31, 26, 0, 0, 5)
    with sqlite_engine.connect() as conn:
        assert conn.execute(select(skills.c.label).where(skills.c.skill_id == COMPANY + "skill/K-101")).scalar() == (
            "Kundengespräche führen")


def test_bad_broader_relations_are_quarantined(sqlite_engine, pseudonymise, company):
    with (company / "broaderRelationsSkillPillar.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"KnowledgeSkillCompetence,{COMPANY}skill/K-101,SkillGroup,{COMPANY}group/G-9\r\n")
        handle.write(f"SkillGroup,{COMPANY}group/G-1,SkillGroup,{COMPANY}group/G-1\r\n")
        handle.write(f"KnowledgeSkillCompetence,{COMPANY}skill/K-101,SkillGroup,{COMPANY}group/G-1\r\n")
        handle.write(f"KnowledgeSkillCompetence,{COMPANY}skill/K-102,SkillGroup\r\n")
    result = sync(sqlite_engine, pseudonymise, company, language="de")
    assert quarantined(sqlite_engine) == [
        ("broaderRelationsSkillPillar.csv:9", (f"broaderUri {COMPANY}group/G-9 is not in skills_de.csv or "
                                              "skillGroups_de.csv")),
        ("broaderRelationsSkillPillar.csv:10", f"conceptUri {COMPANY}group/G-1 is its own broader concept"),
        ("broaderRelationsSkillPillar.csv:11", "the same relation is already on broaderRelationsSkillPillar.csv:4"),
        ("broaderRelationsSkillPillar.csv:12", ("3 fields where the header has 4 (a truncated row, an unquoted "
                                               "comma or a different separator)")),
    ]
    assert counts(result) == (26, 22, 0, 0, 4) and count(sqlite_engine, skill_relations) == 7


def failed_sync(engine, pseudonymise, folder: Path, **config) -> str:
    with pytest.raises(SourceError) as error:
        sync(engine, pseudonymise, folder, **config)
    with engine.connect() as conn:
        status, message = conn.execute(select(sync_runs.c.status, sync_runs.c.message)
                                       .order_by(sync_runs.c.run_id.desc())).first()
    assert status == "failed" and message == str(error.value)
    assert count(engine, skills) == 0 and count(engine, occupation_skills) == 0  # nothing of it written
    return str(error.value)


def test_missing_required_column_stops_the_source(sqlite_engine, pseudonymise, sample):
    edit(sample / "skills_en.csv", "conceptType,conceptUri,", "conceptType,uri,")
    message = failed_sync(sqlite_engine, pseudonymise, sample)
    assert message.startswith(f"source 'esco' (skills): file {sample / 'skills_en.csv'}, line 1: "
                              "missing column(s) conceptUri; the header has ['conceptType', 'uri', ")
    assert "Use the CSV files as ESCO publishes them" in message


def test_semicolon_separated_file_is_named_as_such(sqlite_engine, pseudonymise, company):
    path = company / "occupationSkillRelations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    message = failed_sync(sqlite_engine, pseudonymise, company, language="de")
    assert f"file {path}, line 1: missing column(s) occupationUri, relationType, skillUri" in message
    assert "separated by semicolons; ESCO files are comma-separated" in message


def test_windows_1252_file_is_refused_with_its_line(sqlite_engine, pseudonymise, company):
    path = company / "occupations_de.csv"
    path.write_bytes(path.read_bytes().decode("utf-8").encode("cp1252"))
    message = failed_sync(sqlite_engine, pseudonymise, company, language="de")
    assert f"file {path}, line 3: not UTF-8 (byte 0xe4" in message and "'CSV UTF-8'" in message


def test_byte_that_is_not_utf8_deep_in_a_file_names_its_line(sqlite_engine, pseudonymise, sample):
    path = sample / "skillGroups_en.csv"
    text = path.read_bytes()
    at = text.rindex(b"Setting up and managing") + 1  # past the first 8 KB the header check decodes
    path.write_bytes(text[:at] + b"\xe9" + text[at + 1:])
    message = failed_sync(sqlite_engine, pseudonymise, sample)
    assert message.startswith(f"source 'esco' (skills): file {path}, line 126: not UTF-8 (byte 0xe9")


def test_role_mapped_to_unknown_occupation_names_role_and_setting(sqlite_engine, pseudonymise, sample):
    message = failed_sync(sqlite_engine, pseudonymise, sample,
                          roles={**ROLES, "Data Scientist": OCCUPATION + "no-such-occupation"})
    assert message.startswith(f"source 'esco' (skills): setting [source.roles] 'Data Scientist': occupation "
                              f"'{OCCUPATION}no-such-occupation' is not in {sample / 'occupations_en.csv'}. ")
    assert "Map every role to the conceptUri of an occupation in that file" in message


@pytest.mark.parametrize("config, expected", [
    ({"language": "de"}, ("no skills_de.csv. Point path at the unpacked ESCO CSV download or the company "
                         "framework. It has skills_en.csv: set language accordingly.")),
    ({"relations": ["mandatory"]}, "setting 'relations': ['mandatory'] is not a list of essential and optional"),
    ({"roles": {"Data Analyst": 17}}, "setting [source.roles] 'Data Analyst': 17 is not an occupation URI"),
])
def test_bad_settings_are_named(sqlite_engine, pseudonymise, sample, config, expected):
    assert expected in failed_sync(sqlite_engine, pseudonymise, sample, **config)


def test_roles_without_occupation_files_are_refused(sqlite_engine, pseudonymise, sample):
    (sample / "occupations_en.csv").unlink()
    assert ("setting [source.roles]: roles need occupations_en.csv" in
            failed_sync(sqlite_engine, pseudonymise, sample, roles=ROLES))


def test_no_clear_text_identifier_reaches_the_warehouse(sqlite_engine, pseudonymise, company):
    path = company / "skills_de.csv"
    records = path.read_bytes().decode("utf-8").removesuffix("\r\n").split("\r\n")
    records = [records[0] + ",Verantwortlich"] + [r + ",petra.schulz@beispiel-ag.de" for r in records[1:]]
    records.append(f"KnowledgeSkillCompetence,{COMPANY}skill/K-109,knowledge,,,,,released,,,,,,"
                   "max.muster@beispiel-ag.de")
    path.write_text("\r\n".join(records) + "\r\n", encoding="utf-8")
    result = sync(sqlite_engine, pseudonymise, company, language="de")
    assert counts(result) == (23, 22, 0, 0, 1)  # the unnamed skill K-109 is quarantined
    with sqlite_engine.connect() as conn:
        stored = [str(v) for table in (skills, skill_relations, occupations, occupation_skills, quarantine)
                  for row in conn.execute(select(table)) for v in row]
    assert any("K-109" in value for value in stored) and not any("@" in value for value in stored)


# --- the complete ESCO v1.1.1 ------------------------------------------------------------------


@pytest.mark.skipif(not (ESCO / "skills_en.csv").is_file(),
                    reason=f"the complete ESCO v1.1.1 CSV download is not at {ESCO} (it is never copied into the repo)")
def test_complete_esco_v1_1_1(engine, pseudonymise, record_property):
    start = time.perf_counter()
    result = run_sync(engine, SkillsFramework("esco", {"path": str(ESCO), "roles": {"Data Analyst": DATA_ANALYST}},
                                              pseudonymise, ESCO))
    seconds = time.perf_counter() - start
    record_property("esco_import_seconds", round(seconds, 1))
    print(f"\nESCO v1.1.1 on {engine.dialect.name}: {result.counts.read} records in {seconds:.1f} s "
          f"({result.counts.read / seconds:,.0f} records/s)")
    # 13,896 skills + 640 groups + 7 groups only in the hierarchy; 20,656 broader relations;
    # 3,007 occupations; 123,855 relations, 67 of an occupation that occupations_en.csv lacks; 30 requirements.
    assert counts(result) == (162_091, 162_024, 0, 0, 67)
    assert count(engine, skills, or_(skills.c.skill_type.is_(None), skills.c.skill_type != "skill_group")) == 13_896
    assert count(engine, skills, skills.c.skill_type == "skill_group") == 647
    assert count(engine, skill_relations) == 20_656
    assert count(engine, occupations) == 3_007
    assert count(engine, occupation_skills) + result.counts.quarantined == 123_855
    assert count(engine, occupation_skills, occupation_skills.c.relation == "essential") == 64_891  # of 64,946
    assert count(engine, role_skill_requirements) == 30
    assert {reason for _, reason in quarantined(engine)} == {
        f"occupationUri {OCCUPATION}a9e54177-a185-404d-b6e6-15663d31137e is not in occupations_en.csv"}
    again = run_sync(engine, SkillsFramework("esco", {"path": str(ESCO), "roles": {"Data Analyst": DATA_ANALYST}},
                                             pseudonymise, ESCO))
    assert counts(again) == (0, 0, 0, 0, 0)
