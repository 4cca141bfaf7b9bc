"""The LRS: external e-learning providers report over xAPI 1.0.3; a compact recorder and the NDJSON export."""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
import random
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from .skills import SKILLS
from .timeline import iso_duration

ADL = "http://adlnet.gov/expapi/verbs/"
DIRIGENT = "https://w3id.org/dirigent/xapi/"
EXT = DIRIGENT + "ext/"
VERBS = {
    "registered": ADL + "registered", "progressed": ADL + "progressed", "completed": ADL + "completed",
    "passed": ADL + "passed", "failed": ADL + "failed", "voided": ADL + "voided",
}
TYPES = {"course": "http://adlnet.gov/expapi/activities/course"}
AUTHORITY = {"objectType": "Agent", "name": "lrs-export", "mbox": "mailto:lrs@demo-ag.example"}
LEARNER_VERBS = ("completed", "progressed")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_VERB_JSON = {k: _dumps({"id": iri, "display": {"en-US": k}}) for k, iri in VERBS.items()}
_AUTHORITY_JSON = _dumps(AUTHORITY)


@dataclass(frozen=True)
class Activity:
    """An xAPI activity, pre-rendered as its object and context JSON."""

    iri: str
    object_json: str
    context_json: str


def activity(kind: str, iri: str, title: str, planned_s: int, community: str, platform: str,
             skills: list[str]) -> Activity:
    """An activity of a kind in TYPES, tagged with ESCO skills by key."""
    extensions = {EXT + "planned-duration": iso_duration(planned_s), EXT + "community": community}
    obj = {"objectType": "Activity", "id": iri,
           "definition": {"type": TYPES[kind], "name": {"de-DE": title, "en-US": title}, "extensions": extensions}}
    category = [{"objectType": "Activity", "id": SKILLS[s][0],
                 "definition": {"type": "http://id.tincanapi.com/activitytype/category", "name": {"en": SKILLS[s][1]}}}
                for s in skills]
    context = {"platform": platform, "language": "de-DE", "contextActivities": {"category": category}}
    return Activity(iri, _dumps(obj), _dumps(context))


def iso_ms(ms: int) -> str:
    """Epoch milliseconds as an xAPI timestamp in UTC with Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


class Recorder:
    """Collects statements compactly and writes them, sorted by stored time, as an LRS export.

    Statements are written as the simulation goes: `flush(ms)` writes every statement stored before `ms` (the
    caller promises that none recorded later is stored earlier) to a part file and forgets it. What voiding needs
    at the end is kept aside compactly: the stored time and id of each statement that may be voided, in the order
    they were recorded. `finish()` draws the voided ones exactly as drawing from all statements would (the draw
    depends only on how many there are) and merges the voiding statements into the final file.
    """

    def __init__(self, seed: int, floor_ms: int, path: Path, ceiling_ms: int):
        self.rng = random.Random(f"{seed}:statements")
        self.floor_ms = floor_ms  # statements before the export window are not exported
        self.path, self.part = path, path.with_name(path.name + ".part")
        self.latest = ceiling_ms - 4 * 86_400_000  # statements stored later are not voided
        self.ceiling_ms = ceiling_ms
        self.rows: list[tuple] = []
        self.actors: dict[int, str] = {}
        self.count = 0
        self.flushed_ms = 0  # every statement stored before this is written
        self.void_stored = array("q")  # candidates for voiding, in the order recorded: stored ms and id
        self.void_ids = array("Q")  # the id's 128 bits as two halves
        self.out = self.part.open("w", encoding="utf-8", newline="\n")
        self.on_flush = None  # a hook, called with the cut-off of each flush (tests)

    def actor(self, index: int, name: str, email: str) -> None:
        self.actors[index] = _dumps({"objectType": "Agent", "name": name, "mbox": f"mailto:{email}"})

    def add(self, ms: int, person: int, verb: str, act: Activity, result: dict | None = None) -> None:
        """Record one statement unless it lies before the export window."""
        if ms < self.floor_ms:
            return
        uid = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        stored = ms + self.rng.randint(800, 240_000)
        if stored < self.flushed_ms:
            raise RuntimeError("a statement stored before the last flush: the export would not be sorted")
        result_json = _dumps(result) if result else ""
        self.rows.append((stored, str(uid), ms, person, verb, act, result_json))
        self.count += 1
        if verb in LEARNER_VERBS and stored < self.latest:
            self.void_stored.append(stored)
            self.void_ids.extend(divmod(uid.int, 1 << 64))

    def flush(self, before_ms: int) -> None:
        """Write, in order, the statements stored before `before_ms` and forget them."""
        self.rows.sort(key=lambda r: (r[0], r[1]))
        cut = bisect_left(self.rows, before_ms, key=lambda r: r[0])
        self.out.writelines(_line(*row, actor=self.actors) for row in self.rows[:cut])
        del self.rows[:cut]
        self.flushed_ms = before_ms
        self.out.flush()
        if self.on_flush is not None:
            self.on_flush(before_ms)

    def finish(self, share: float) -> tuple[int, int]:
        """Void learner statements (a `share` of all), each by a later authority statement before the ceiling,
        and write the export; returns (statements, voided)."""
        self.flush(1 << 62)
        self.out.close()
        n = len(self.void_stored)
        picks = self.rng.sample(range(n), min(n, max(1, round(self.count * share))))
        voids = []
        for k in picks:
            stored, high, low = self.void_stored[k], self.void_ids[2 * k], self.void_ids[2 * k + 1]
            sid = str(uuid.UUID(int=(high << 64) | low))
            ms = stored + self.rng.randint(3_600_000, 3 * 86_400_000)
            void_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            voids.append((ms + self.rng.randint(800, 60_000), void_id, ms, -1, "voided", None, sid))
        voids.sort(key=lambda r: (r[0], r[1]))
        keys = [(iso_ms(r[0]), r[1]) for r in voids]
        with self.part.open(encoding="utf-8", newline="\n") as src, \
                self.path.open("w", encoding="utf-8", newline="\n") as f:
            k = 0
            for line in src:
                if k < len(voids):
                    at = line.rindex('"stored":"') + 10
                    key = (line[at:at + 24], line[7:43])
                    while k < len(voids) and keys[k] < key:
                        f.write(_line(*voids[k], actor=self.actors))
                        k += 1
                f.write(line)
            f.writelines(_line(*row, actor=self.actors) for row in voids[k:])
        self.part.unlink()
        self.count += len(voids)
        return self.count, len(voids)


def _line(stored: int, sid: str, ms: int, person: int, verb: str, act: Activity | None, extra: str, *,
          actor: dict[int, str]) -> str:
    """One statement of the export as a line of NDJSON."""
    head = f'{{"id":"{sid}","version":"1.0.3","actor":'
    if verb == "voided":
        body = f'{_AUTHORITY_JSON},"verb":{_VERB_JSON[verb]},"object":{{"objectType":"StatementRef","id":"{extra}"}}'
    else:
        body = f'{actor[person]},"verb":{_VERB_JSON[verb]},"object":{act.object_json}'
        if extra:
            body += f',"result":{extra}'
        body += f',"context":{act.context_json}'
    return (f'{head}{body},"timestamp":"{iso_ms(ms)}","stored":"{iso_ms(stored)}",'
            f'"authority":{_AUTHORITY_JSON}}}\n')
