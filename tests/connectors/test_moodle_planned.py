"""A course's planned learning time from a Moodle course custom field."""

from connectors.moodle_mapping import course_row, planned_minutes

COURSE = {"id": 7, "fullname": "Datenschutz", "customfields": [
    {"name": "Lernzeit (Minuten)", "shortname": "lernzeit", "type": "text", "value": "90"},
    {"name": "Anbieter", "shortname": "provider", "type": "text", "value": "intern"}]}


def test_planned_minutes_come_from_the_named_field():
    assert planned_minutes(COURSE, "lernzeit") == 90.0
    assert planned_minutes(COURSE, None) is None
    assert planned_minutes(COURSE, "dauer") is None
    assert planned_minutes({"customfields": [{"shortname": "lernzeit", "value": "1,5"}]}, "lernzeit") == 1.5
    assert planned_minutes({"customfields": [{"shortname": "lernzeit", "value": "bald"}]}, "lernzeit") is None


def test_course_row_carries_them():
    row = course_row("moodle", "https://lms.example.org", COURSE, "Compliance", "lernzeit")
    assert row.values["planned_minutes"] == 90.0 and row.values["channel"] == "formal"
