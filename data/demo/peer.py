"""The LEX peer platform: live sessions, videos and library items, growing along an S-curve."""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from .catalog import LIBRARY_FORMATS, VIDEO_FORMATS, Topic, tag, topic_for
from .statements import Activity, activity, iso_ms
from .timeline import iso_duration, logistic
from .world import World

SESSIONS_AT_PEAK = 250  # per month for 5000 employees, before seasonality
VIDEOS_AT_PEAK = 35
LIBRARY_AT_PEAK = 12
SESSION_MINUTES = (30, 45, 45, 60, 60, 60, 90)
VIDEO_MINUTES = (3, 5, 8, 10, 12, 15, 20, 30, 45)
MAX_SESSIONS_PER_HOST = 3  # a month


@dataclass
class Peer:
    """State of the platform: hosts, their repertoire and content still collecting views."""

    hosts: list[int] = field(default_factory=list)
    is_host: set[int] = field(default_factory=set)
    repertoire: dict[int, list[tuple[Topic, str]]] = field(default_factory=dict)
    pending: dict[int, list[tuple[str, Activity, Topic, int, int, date | None]]] = field(default_factory=dict)
    backlist: list[tuple[Activity, Topic, int]] = field(default_factory=list)
    sessions: int = 0
    videos: int = 0
    items: int = 0


def _recruit(w: World, peer: Peer, cum: list[float]) -> int | None:
    """A new contributor; people who attended sessions are far more likely to start."""
    if not cum or cum[-1] <= 0:
        return None
    for _ in range(20):
        i = w.pool[min(len(w.pool) - 1, bisect_left(cum, w.rng.random() * cum[-1]))]
        if i not in peer.is_host:
            return i
    return None


def _host(w: World, peer: Peer, cum_new: list[float], available: list[int], used: dict[int, int]) -> int | None:
    """Preferential attachment: a known host weighted by past audience + 1, or now and then a new one."""
    rng = w.rng
    if available and rng.random() >= max(0.08, 1 / (1 + len(available) / 15)):
        host = rng.choices(available, weights=[w.audience[h] + 1 for h in available])[0]
    else:
        host = _recruit(w, peer, cum_new)
        if host is None:
            return None
        peer.is_host.add(host)
        peer.hosts.append(host)
        available.append(host)
    used[host] = used.get(host, 0) + 1
    if used[host] >= MAX_SESSIONS_PER_HOST:
        available.remove(host)
    return host


def _session(w: World, peer: Peer, host: int) -> None:
    """One live session: host (and co-host), registrations, and the ~70 % who show up."""
    rng = w.rng
    fam = "lead" if w.leader[host] and rng.random() < 0.5 else w.family[host]
    own = peer.repertoire.setdefault(host, [])
    if own and rng.random() < 0.6:
        topic, title = rng.choice(own)
    else:
        topic = topic_for(rng, fam)
        title = rng.choice(topic.sessions)
        own.append((topic, title))
    length = rng.choice(SESSION_MINUTES)
    day = w.day()
    minute = w.start_minute(length)
    start = w.at(day, minute)
    peer.sessions += 1
    act = activity("session", f"https://lex.demo-ag.example/sessions/{peer.sessions}", title, length * 60,
                   topic.community, "LEX", tag(rng, topic), start_iso=iso_ms(start))
    hosts = [host]
    if rng.random() < 0.15:  # a co-host, often someone who hosts already
        known = [h for h in peer.hosts[-50:] if h != host and h in w.in_pool]
        hosts += [rng.choice(known)] if known and rng.random() < 0.5 else w.sample(topic.family, 1, exclude=(host,))
    for h in hosts:
        w.rec.add(start, h, "host", act, {"duration": iso_duration(length * 60)})
        if h not in peer.is_host:
            peer.is_host.add(h)
            peer.hosts.append(h)
    mean = 8 * (1 + 0.4 * math.log1p(w.audience[host] / 15)) * (1.2 if topic.family == "general" else 1.0)
    n_reg = min(int(rng.lognormvariate(math.log(mean) - 0.18, 0.6)), len(w.pool) // 4)
    window_start = w.months[0].first
    came = 0
    for i in w.sample(topic.family, n_reg, exclude=tuple(hosts)):
        back = min(rng.randint(1, 14), (day - window_start).days)
        reg = w.at(day - timedelta(days=back), rng.randint(7 * 60, 18 * 60)) if back else \
            start - rng.randint(10, 120) * 60_000
        w.rec.add(reg, i, "registered", act)
        if rng.random() < (0.66 if w.part_time[i] else 0.72):
            share = rng.uniform(0.7, 1.0) if rng.random() < 0.9 else rng.uniform(0.3, 0.7)
            w.rec.add(start + rng.randint(0, 240) * 1000, i, "attended", act,
                      {"duration": iso_duration(int(length * 60 * share))})
            w.attended[i] += 1
            came += 1
    for h in hosts:
        w.audience[h] += came


def _content(w: World, peer: Peer, cum_new: list[float], kind: str) -> None:
    """A video or library item by a host or a new author, with views spread over the following months."""
    rng = w.rng
    current = [h for h in peer.hosts if h in w.in_pool]
    author = rng.choice(current) if current and rng.random() < 0.6 else _recruit(w, peer, cum_new)
    if author is None:
        return
    topic = topic_for(rng, w.family[author])
    base = rng.choice(topic.sessions + topic.courses)
    day = w.day()
    if kind == "video":
        peer.videos += 1
        minutes = rng.choice(VIDEO_MINUTES)
        act = activity("video", f"https://lex.demo-ag.example/videos/{peer.videos}",
                       rng.choice(VIDEO_FORMATS).format(t=base), minutes * 60, topic.community, "Video-Portal",
                       tag(rng, topic))
        views, decay = rng.lognormvariate(math.log(25) - 0.32, 0.8), 0.55
    else:
        peer.items += 1
        minutes = rng.choice((10, 15, 20, 30))
        act = activity("library", f"https://lex.demo-ag.example/library/{peer.items}",
                       rng.choice(LIBRARY_FORMATS).format(t=base), minutes * 60, topic.community, "LEX",
                       tag(rng, topic))
        views, decay = rng.lognormvariate(math.log(12) - 0.32, 0.8), 0.7
    w.rec.add(w.at(day, rng.randint(8 * 60, 16 * 60)), author, "author", act)
    for _ in range(int(views)):
        offset = int(math.log(1 - rng.random()) / math.log(decay))
        k = w.month.index + offset
        if k < len(w.months):
            peer.pending.setdefault(k, []).append((kind, act, topic, minutes, author, day if offset == 0 else None))


def _view(w: World, kind: str, act: Activity, topic: Topic, minutes: int, author: int, after: date | None) -> None:
    """One view of a video (with watch time) or read of a library item (without duration)."""
    picked = w.sample(topic.family, 1, exclude=(author,))
    if not picked:
        return
    days = [d for d in w.month.workdays if after is None or d > after]
    if not days:
        return
    day = w.rng.choice(days)
    ms = w.at(day, w.start_minute(minutes))
    if kind == "video":
        share = w.rng.uniform(0.3, 1.0)
        w.rec.add(ms, picked[0], "experienced", act, {"duration": iso_duration(max(30, int(minutes * 60 * share)))})
    else:
        w.rec.add(ms, picked[0], "experienced", act)


def simulate_month(w: World, peer: Peer) -> None:
    """Sessions, videos and library items of the month and the views that fall into it."""
    rng, month = w.rng, w.month
    growth = logistic(month.index, len(w.months)) * month.season * w.scale
    if month.index == 0:  # the library existed before the window; its older items keep being read
        for _ in range(round(60 * w.scale)):
            topic, minutes = topic_for(rng, "general", 0.2), rng.choice((10, 15, 20, 30))
            peer.items += 1
            act = activity("library", f"https://lex.demo-ag.example/library/{peer.items}",
                           rng.choice(LIBRARY_FORMATS).format(t=rng.choice(topic.sessions)), minutes * 60,
                           topic.community, "LEX", tag(rng, topic))
            peer.backlist.append((act, topic, minutes))
    # Recruitment weight: attended sessions matter most; leaders are asked to host ("Leaders at LEX").
    cum_new = list(accumulate((0.05 + w.attended[i]) * (3.0 if w.leader[i] else 1.0)
                              * (0.7 if w.part_time[i] else 1.0) * math.sqrt(w.people[i].appetite)
                              for i in w.pool))
    used: dict[int, int] = {}
    available = [h for h in peer.hosts if h in w.in_pool]
    for _ in range(w.stochastic_round(SESSIONS_AT_PEAK * growth)):
        host = _host(w, peer, cum_new, available, used)
        if host is not None:
            _session(w, peer, host)
    for _ in range(w.stochastic_round(VIDEOS_AT_PEAK * growth)):
        _content(w, peer, cum_new, "video")
    for _ in range(w.stochastic_round(LIBRARY_AT_PEAK * growth)):
        _content(w, peer, cum_new, "library")
    for kind, act, topic, minutes, author, after in peer.pending.pop(month.index, []):
        _view(w, kind, act, topic, minutes, author, after)
    for act, topic, minutes in peer.backlist:
        for _ in range(w.stochastic_round(rng.expovariate(1 / 0.8) * month.season)):
            _view(w, "library", act, topic, minutes, -1, None)
