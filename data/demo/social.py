"""Coaching and circles: LEX mentoring pairs that meet monthly, learning companions' conversations
(Lernbegleitung) and lernOS learning circles that meet weekly."""

from __future__ import annotations

from datetime import timedelta

from .catalog import TOPICS, tag, topic_for
from .records import Circle, Conversation, Pair
from .timeline import logistic, next_workday
from .world import World

PAIRS_PER_HEAD = 0.003  # new mentoring pairs per employee and month
CIRCLES_PER_HEAD = 0.0008
ACCOMPANIMENTS_PER_HEAD = 0.003  # learners starting with a learning companion, a month
COMPANIONS_PER_HEAD = 0.015  # trained learning companions
MENTOR_SKILLS = ("advise", "lead_others", "feedback", "reflection")
MENTORING_TOPICS = ("Karriereentwicklung", "Einstieg ins Team", "Erste Führungsrolle", "Netzwerk aufbauen",
                    "Rückkehr aus der Elternzeit", "Projektleitung")
STAGES = ("Ziel klären", "Erfahrung auswerten", "Nächste Schritte planen")


def _senior(w: World, fam: str, exclude: tuple[int, ...], bands: tuple[str, ...]) -> int | None:
    """A pool member of the wanted age bands if one turns up in a few draws, else anyone."""
    picked = None
    for _ in range(4):
        draw = w.sample(fam, 1, exclude)
        if draw:
            picked = draw[0]
            if w.people[picked].age_band in bands:
                break
    return picked


def _pair(w: World) -> None:
    rng = w.rng
    mentor = _senior(w, "lead" if rng.random() < 0.5 else "general", (), ("35-44", "45-54", "55+"))
    if mentor is None:
        return
    mentee = _senior(w, w.family[mentor] if rng.random() < 0.6 else "general", (mentor,), ("<25", "25-34"))
    if mentee is None:
        return
    topic = topic_for(rng, w.family[mentee])
    kind = "coaching" if w.leader[mentor] and rng.random() < 0.3 else "mentoring"
    subject = rng.choice(MENTORING_TOPICS) if rng.random() < 0.5 else rng.choice(topic.courses)
    length, planned = rng.choice((45, 60, 60, 75, 90)), rng.randint(3, 9)
    pair = Pair(w.lex.next_id("pairs"), kind, mentor, mentee, subject,
                [rng.choice(MENTOR_SKILLS)] + rng.sample(topic.skills, 1), 0, planned)
    for k in range(planned):
        index = w.month.index + k
        if index >= len(w.months):
            break
        day = w.day(w.months[index])
        if not (w.people[mentor].employed(day) and w.people[mentee].employed(day)):
            pair.end_ms = pair.meetings[-1][1] if pair.meetings else None
            break
        start = w.at(day, w.start_minute(length))
        pair.meetings.append((w.lex.next_id("pair_meetings"), start, int(length * rng.uniform(0.85, 1.1))))
    else:
        pair.end_ms = pair.meetings[-1][1]
    if pair.meetings:
        pair.start_ms = pair.meetings[0][1] - rng.randint(1, 10) * 86_400_000
        pair.start_ms = max(pair.start_ms, w.at(w.month.first, 8 * 60))
        w.lex.pairs.append(pair)


def _circle(w: World) -> None:
    rng = w.rng
    topic = topic_for(rng, "general", 0.5) if rng.random() < 0.8 else rng.choice(TOPICS)
    facilitator = w.sample(topic.family, 1)
    if not facilitator:
        return
    members = w.sample(topic.family, rng.randint(3, 11), exclude=tuple(facilitator))
    circles = w.companionship.circles
    title = rng.choice(("Working Out Loud",) + topic.courses)
    planned = rng.randint(8, 12)
    held = planned if rng.random() < 0.8 else rng.randint(3, planned - 1)
    length = rng.choice((45, 60, 60, 90))
    first, minute = w.day(), w.start_minute(length)
    number = w.companionship.circles_before + len(circles) + 1
    circle = Circle(f"LK-{number:03d}", title, topic.community, facilitator[0], w.at(first, minute),
                    planned, length, tag(rng, topic, extra=0.0)[:2] + ["reflection"])
    quitting = {i: rng.randint(2, planned) for i in members if rng.random() < 0.12}  # leave after that meeting
    left: dict[int, int] = {}
    show = 0.9
    for k in range(held):
        day = next_workday(first + timedelta(days=7 * k))
        if day > w.end or not w.people[facilitator[0]].employed(day):
            break
        start = w.at(day, minute)
        present = []
        for i in members:
            if i in left:
                continue
            if not w.people[i].employed(day):
                left[i] = w.at(w.people[i].exit, 12 * 60)
                continue
            if quitting.get(i, planned + 1) <= k:
                left[i] = start - 86_400_000
                continue
            if rng.random() < show:
                present.append(i)
        circle.meetings.append((k + 1, start, present))
        show = max(0.6, show - 0.02)
    circle.members = [(i, left.get(i)) for i in members]
    circles.append(circle)


def _companions(w: World) -> list[int]:
    """Trained learning companions: experienced staff, a few more trained each quarter."""
    have = w.companion_pool
    want = round(COMPANIONS_PER_HEAD * len(w.pool) * (0.6 + 0.4 * logistic(w.month.index, len(w.months))))
    while len([c for c in have if c in w.in_pool]) < want:
        picked = _senior(w, "general", tuple(have), ("35-44", "45-54", "55+"))
        if picked is None:
            break
        have.append(picked)
    return [c for c in have if c in w.in_pool]


def _accompaniment(w: World, companions: list[int]) -> None:
    """A learner works with a companion: two to five conversations, two to six weeks apart."""
    rng = w.rng
    learner = w.sample("general", 1, exclude=tuple(companions))
    if not learner or not companions:
        return
    companion = rng.choice(companions)
    topic = topic_for(rng, w.family[learner[0]])
    goal, skills = rng.choice(topic.courses + topic.sessions), tag(rng, topic)
    talks, day = rng.randint(2, 5), w.day()
    conversations = w.companionship.conversations
    for k in range(talks):
        if k:
            day = next_workday(day + timedelta(days=rng.randint(14, 42)))
        if day > w.end or not (w.people[companion].employed(day) and w.people[learner[0]].employed(day)):
            break
        minutes = rng.choice((30, 45, 45, 60, 60, 90))
        stage = STAGES[0] if k == 0 else STAGES[2] if k == talks - 1 else STAGES[1]
        number = w.companionship.conversations_before + len(conversations) + 1
        conversations.append(Conversation(f"LG-{day.year}-{number:05d}", companion, learner[0],
                                          w.at(day, w.start_minute(minutes)), minutes, goal, skills, stage))


def simulate_month(w: World) -> None:
    """Mentoring pairs, learning circles and accompaniments starting this month."""
    for _ in range(w.stochastic_round(PAIRS_PER_HEAD * len(w.pool) * w.month.season)):
        _pair(w)
    for _ in range(w.stochastic_round(CIRCLES_PER_HEAD * len(w.pool) * w.month.season)):
        _circle(w)
    companions = _companions(w)
    for _ in range(w.stochastic_round(ACCOMPANIMENTS_PER_HEAD * len(w.pool) * w.month.season)):
        _accompaniment(w, companions)
