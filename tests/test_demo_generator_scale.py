"""The demo generator at Konzern scale: it writes month by month, and its fast paths draw exactly as the plain ones."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

from data.demo import generate
from data.demo.catalog import FAMILIES
from data.demo.export_xapi import Recorder
from data.demo.org import build_org
from data.demo.peer import Available
from data.demo.people import build_people
from data.demo.timeline import berlin_ms, build_months
from data.demo.world import World

MONTHS = 6


def _lines(path: Path) -> int:
    return sum(1 for _ in path.open("rb")) if path.exists() else 0


def test_records_are_written_month_by_month(tmp_path):
    """After each month its statements, sessions, registrations and conversations are on disk already (and so
    need not be held until the end); what is written is final: sorted, and nothing later goes before it."""
    out = tmp_path / "demo"
    calendar = build_months("2026-10", MONTHS)
    seen: list[dict] = []

    def on_month(k: int) -> None:
        part = out / "lrs" / "statements.ndjson.part"
        stored = [json.loads(line)["stored"] for line in part.read_text(encoding="utf-8").splitlines()]
        cut = berlin_ms(calendar[k].last + timedelta(days=1), 0)
        seen.append({"k": k, "stored": stored, "cut": cut,
                     **{name: _lines(out / name) for name in ("lex/sessions.jsonl", "lex/registrations.jsonl",
                                                              "lex/video_views.jsonl",
                                                              "companionship/lerngespraeche.csv")}})

    summary = generate(out, employees=300, months=MONTHS, seed=3, on_month=on_month)
    assert [s["k"] for s in seen] == list(range(MONTHS))
    for name, total in (("lex/sessions.jsonl", summary["lex"]["sessions"]),
                        ("lex/registrations.jsonl", summary["lex"]["registrations"]),
                        ("lex/video_views.jsonl", summary["lex"]["video_views"]),
                        ("companionship/lerngespraeche.csv", summary["companionship"]["conversations"] + 1)):
        counts = [s[name] for s in seen]
        assert counts == sorted(counts) and counts[-1] == total, (name, counts, total)
        assert 0 < counts[MONTHS // 2] < total, (name, counts)  # half-way, part of it is written, not all
    statements = [s["stored"] for s in seen]
    assert 0 < len(statements[MONTHS // 2]) < summary["statements"]
    for before, after in zip(statements, statements[1:]):
        assert after[:len(before)] == before  # appended only
    for s in seen:
        assert s["stored"] == sorted(s["stored"])
        assert all(ms_iso < _iso(s["cut"]) for ms_iso in s["stored"])
    final = (out / "lrs" / "statements.ndjson").read_text(encoding="utf-8").splitlines()
    assert len(final) == summary["statements"] and not (out / "lrs" / "statements.ndjson.part").exists()
    keys = [(json.loads(line)["stored"], json.loads(line)["id"]) for line in final]
    assert keys == sorted(keys)


def _iso(ms: int) -> str:
    from data.demo.export_xapi import iso_ms
    return iso_ms(ms)


def test_a_statement_stored_before_a_flush_is_refused(tmp_path):
    rec = Recorder(1, 0, tmp_path / "s.ndjson", 10**13)
    rec.flush(1_000_000_000_000)
    try:
        rec.add(1_000_000_000_000 - 3_600_000, 0, "registered", None)
    except RuntimeError:
        pass
    else:
        raise AssertionError("an out-of-order statement was accepted")


def test_hosts_are_drawn_exactly_as_random_choices_would():
    """The Fenwick tree of available hosts against rng.choices over the plain list, through appends, weight
    changes and removals, with twin generators: every draw must be the same host."""
    for seed in range(20):
        plan = random.Random(seed)
        a, b = random.Random(f"draw{seed}"), random.Random(f"draw{seed}")
        audience = [plan.randint(0, 400) for _ in range(300)]
        plain = [h for h in range(0, 300, 2) if plan.random() < 0.7]
        tree = Available(list(plain), audience, room=40)
        for _ in range(400):
            roll = plan.random()
            if roll < 0.08:
                new = plan.choice([h for h in range(1, 300, 2) if h not in tree] or [None])
                if new is not None:
                    plain.append(new)
                    tree.append(new, audience[new] + 1)
            elif roll < 0.25 and plain:
                h = plan.choice(plain)
                plain.remove(h)
                tree.remove(h)
            elif roll < 0.45 and plain:
                h = plan.choice(plain)
                audience[h] += plan.randint(0, 30)
                tree.set(h, audience[h] + 1)
            elif plain:
                assert tree.draw(a) == b.choices(plain, weights=[audience[h] + 1 for h in plain])[0]
                assert len(tree) == len(plain)


def test_sampling_weights_equal_the_per_person_definition():
    """World computes the cumulative weights of all families with numpy; they must equal, to the bit, the sums
    of `weight` person by person (any difference would change every draw)."""
    calendar = build_months("2026-10", 14)
    window = [replace(m, index=m.index - 2) for m in calendar[2:]]
    units = build_org(random.Random("5:org"))
    people = build_people(random.Random("5:people"), units, window, 600)
    rec = Recorder(5, 0, Path("/dev/null"), 10**13)
    w = World(random.Random("5:activity"), people, window, rec, 600, 10**13)
    rng = random.Random(9)
    for month in window[:3]:
        for i in range(len(people)):
            w.attended[i] = rng.choice((0, 0, 1, 3, 16, 40))
        w.start_month(month)
        for fam in FAMILIES:
            for formal in (False, True):
                key = ("formal:" if formal else "") + fam
                assert w._cum[key] == list(accumulate(w.weight(i, fam, formal) for i in w.pool)), key
