"""The LRS: external e-learning providers report over xAPI 1.0.3; a compact recorder and the NDJSON export."""

from __future__ import annotations

import json
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
    """Collects statements compactly and writes them sorted by stored time as an LRS export."""

    def __init__(self, seed: int, floor_ms: int):
        self.rng = random.Random(f"{seed}:statements")
        self.floor_ms = floor_ms  # statements before the export window are not exported
        self.rows: list[tuple] = []
        self.actors: dict[int, str] = {}

    def actor(self, index: int, name: str, email: str) -> None:
        self.actors[index] = _dumps({"objectType": "Agent", "name": name, "mbox": f"mailto:{email}"})

    def add(self, ms: int, person: int, verb: str, act: Activity, result: dict | None = None) -> None:
        """Record one statement unless it lies before the export window."""
        if ms < self.floor_ms:
            return
        sid = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        stored = ms + self.rng.randint(800, 240_000)
        result_json = _dumps(result) if result else ""
        self.rows.append((stored, sid, ms, person, verb, act, result_json))

    def void_some(self, share: float, ceiling_ms: int) -> int:
        """Void learner statements (a `share` of all), each by a later authority statement before `ceiling_ms`."""
        latest = ceiling_ms - 4 * 86_400_000
        candidates = [r for r in self.rows if r[4] in LEARNER_VERBS and r[0] < latest]
        victims = self.rng.sample(candidates, min(len(candidates), max(1, round(len(self.rows) * share))))
        for stored, sid, _, _, _, _, _ in victims:
            ms = stored + self.rng.randint(3_600_000, 3 * 86_400_000)
            void_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            self.rows.append((ms + self.rng.randint(800, 60_000), void_id, ms, -1, "voided", None, sid))
        return len(victims)

    def write(self, path: Path) -> int:
        """Write the NDJSON export sorted by stored time; returns the number of statements."""
        self.rows.sort(key=lambda r: (r[0], r[1]))
        with path.open("w", encoding="utf-8", newline="\n") as f:
            for stored, sid, ms, person, verb, act, extra in self.rows:
                head = f'{{"id":"{sid}","version":"1.0.3","actor":'
                if verb == "voided":
                    body = f'{_AUTHORITY_JSON},"verb":{_VERB_JSON[verb]},"object":{{"objectType":"StatementRef","id":"{extra}"}}'
                else:
                    body = f'{self.actors[person]},"verb":{_VERB_JSON[verb]},"object":{act.object_json}'
                    if extra:
                        body += f',"result":{extra}'
                    body += f',"context":{act.context_json}'
                f.write(f'{head}{body},"timestamp":"{iso_ms(ms)}","stored":"{iso_ms(stored)}",'
                        f'"authority":{_AUTHORITY_JSON}}}\n')
        return len(self.rows)
