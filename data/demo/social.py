"""Coaching and circles: mentoring pairs that meet monthly and lernOS learning circles that meet weekly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .catalog import TOPICS, tag, topic_for
from .statements import activity, iso_ms
from .timeline import iso_duration, next_workday
from .world import World

PAIRS_PER_HEAD = 0.003  # new mentoring pairs per employee and month
CIRCLES_PER_HEAD = 0.0008
MENTOR_SKILLS = ("advise", "lead_others", "feedback", "reflection")


@dataclass
class Social:
    """Counters for stable activity ids."""

    pairs: int = 0
    circles: int = 0


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


def _pair(w: World, social: Social) -> None:
    rng = w.rng
    mentor = _senior(w, "lead" if rng.random() < 0.5 else "general", (), ("35-44", "45-54", "55+"))
    if mentor is None:
        return
    mentee = _senior(w, w.family[mentor] if rng.random() < 0.6 else "general", (mentor,), ("<25", "25-34"))
    if mentee is None:
        return
    social.pairs += 1
    topic = topic_for(rng, w.family[mentee])
    skills = [rng.choice(MENTOR_SKILLS)] + rng.sample(topic.skills, 1)
    length = rng.choice((45, 60, 60, 75, 90))
    for k in range(rng.randint(3, 9)):
        index = w.month.index + k
        if index >= len(w.months):
            break
        day = w.day(w.months[index])
        if not (w.people[mentor].employed(day) and w.people[mentee].employed(day)):
            break
        start = w.at(day, w.start_minute(length))
        act = activity("mentoring", f"https://lex.demo-ag.example/mentoring/P{social.pairs:04d}/{k + 1}",
                       f"Mentoring-Gespräch {k + 1}", length * 60, "Mentoring-Programm", "Mentoring", skills)
        duration = {"duration": iso_duration(int(length * 60 * rng.uniform(0.85, 1.1)))}
        w.rec.add(start, mentor, "mentored", act, duration)
        w.rec.add(start + rng.randint(0, 120) * 1000, mentee, "attended", act, duration)


def _circle(w: World, social: Social) -> None:
    rng = w.rng
    topic = topic_for(rng, "general", 0.5) if rng.random() < 0.8 else rng.choice(TOPICS)
    facilitator = w.sample(topic.family, 1)
    if not facilitator:
        return
    members = w.sample(topic.family, rng.randint(3, 11), exclude=tuple(facilitator))
    social.circles += 1
    title = rng.choice(("Working Out Loud",) + topic.courses)
    skills = tag(rng, topic, extra=0.0)[:2] + ["reflection"]
    planned = rng.randint(8, 12)
    held = planned if rng.random() < 0.8 else rng.randint(3, planned - 1)
    length = rng.choice((45, 60, 60, 90))
    first, minute = w.day(), w.start_minute(length)
    show = 0.9
    for k in range(held):
        day = next_workday(first + timedelta(days=7 * k))
        if day > w.end:
            break
        start = w.at(day, minute)
        act = activity("circle", f"https://lex.demo-ag.example/circles/{social.circles}/meetings/{k + 1}",
                       f"Lernkreis {title} – Treffen {k + 1}/{planned}", length * 60, "lernOS Lernkreise",
                       "Lernkreise", skills, start_iso=iso_ms(start))
        if w.people[facilitator[0]].employed(day):
            w.rec.add(start, facilitator[0], "facilitated", act, {"duration": iso_duration(length * 60)})
        for i in members:
            if w.people[i].employed(day) and rng.random() < show:
                w.rec.add(start + rng.randint(0, 180) * 1000, i, "attended", act,
                          {"duration": iso_duration(int(length * 60 * rng.uniform(0.8, 1.0)))})
        show = max(0.6, show - 0.02)


def simulate_month(w: World, social: Social) -> None:
    """Mentoring pairs and learning circles starting this month."""
    for _ in range(w.stochastic_round(PAIRS_PER_HEAD * len(w.pool) * w.month.season)):
        _pair(w, social)
    for _ in range(w.stochastic_round(CIRCLES_PER_HEAD * len(w.pool) * w.month.season)):
        _circle(w, social)
