"""The LEX peer platform: live sessions (with Teams reports), videos and library items, growing along an S-curve."""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from .catalog import LIBRARY_FORMATS, VIDEO_FORMATS, Topic, tag, topic_for
from .records import Feedback, Media, Registration, Session
from .timeline import local, logistic
from .world import World

SESSIONS_AT_PEAK = 250  # per month for 5000 employees, before seasonality
VIDEOS_AT_PEAK = 35
LIBRARY_AT_PEAK = 12
SESSION_MINUTES = (30, 45, 45, 60, 60, 60, 90)
VIDEO_MINUTES = (3, 5, 8, 10, 12, 15, 20, 30, 45)
MAX_SESSIONS_PER_HOST = 3  # a month
LOCAL_SHARE = 0.12  # "LEX Local": sessions in a room at a site
CANCELLED_SHARE = 0.02
REPORT_SHARE = 0.3  # online sessions whose host downloads the Teams attendance report
LIBRARY_TYPES = {"Leitfaden": "document", "Checkliste": "template", "Cheat Sheet": "document", "Praxisbericht": "article"}
ROOMS = ("Lernraum 1", "Lernraum 2", "Raum 2.14", "Konferenzraum Rhein", "Open Space EG", "Cafeteria")


@dataclass
class Peer:
    """State of the platform: hosts, their repertoire and quality, content still collecting views."""

    hosts: list[int] = field(default_factory=list)
    is_host: set[int] = field(default_factory=set)
    repertoire: dict[int, list[tuple[Topic, str]]] = field(default_factory=dict)
    quality: dict[int, float] = field(default_factory=dict)
    pending: dict[int, list[tuple[Media, Topic, date | None]]] = field(default_factory=dict)
    backlist: list[tuple[Media, Topic]] = field(default_factory=list)


def _recruit(w: World, peer: Peer, cum: list[float]) -> int | None:
    """A new contributor; people who attended sessions are far more likely to start."""
    if not cum or cum[-1] <= 0:
        return None
    for _ in range(20):
        i = w.pool[min(len(w.pool) - 1, bisect_left(cum, w.rng.random() * cum[-1]))]
        if i not in peer.is_host:
            return i
    return None


class Available:
    """The month's hosts who may still host, in the order they were listed, drawn by their past audience + 1.

    Draws exactly as `rng.choices(hosts, weights=[audience + 1 ...])` would (one `random()`, integer weights, so
    the same cumulative sums and the same pick), but from a Fenwick tree: a draw, an update and a removal take
    log(n) steps instead of summing every host's weight again for each session.
    """

    def __init__(self, hosts: list[int], audience: list[int], room: int):
        self.hosts: list[int] = []
        self.slot: dict[int, int] = {}
        self.size = len(hosts) + room
        self.tree = [0] * (self.size + 1)
        self.weight = [0] * self.size
        self.step = 1 << self.size.bit_length() if self.size else 0
        for h in hosts:
            self.append(h, audience[h] + 1)

    def __len__(self) -> int:
        return len(self.slot)

    def __contains__(self, host: int) -> bool:
        return host in self.slot

    def _add(self, k: int, delta: int) -> None:
        self.weight[k] += delta
        k += 1
        while k <= self.size:
            self.tree[k] += delta
            k += k & -k

    def append(self, host: int, weight: int) -> None:
        if len(self.hosts) == self.size:  # more new hosts than planned: grow (rebuilds the tree)
            kept = [(h, self.weight[k]) for h, k in self.slot.items()]
            self.__init__([], [], 2 * self.size + 16)
            for h, wt in kept:
                self.append(h, wt)
        k = len(self.hosts)
        self.hosts.append(host)
        self.slot[host] = k
        self._add(k, weight)

    def set(self, host: int, weight: int) -> None:
        k = self.slot[host]
        self._add(k, weight - self.weight[k])

    def remove(self, host: int) -> None:
        k = self.slot.pop(host)
        self._add(k, -self.weight[k])

    def draw(self, rng) -> int:
        """One host, as rng.choices over the remaining hosts in their order with their weights."""
        total = 0
        k = self.size
        while k > 0:
            total += self.tree[k]
            k -= k & -k
        x = rng.random() * (total + 0.0)
        pos, acc, step = 0, 0, self.step
        while step:  # the first slot whose cumulative weight exceeds x (removed slots weigh nothing)
            nxt = pos + step
            if nxt <= self.size and acc + self.tree[nxt] <= x:
                pos, acc = nxt, acc + self.tree[nxt]
            step >>= 1
        if pos >= len(self.hosts) or self.weight[pos] == 0:  # x rounded up to the total: the last host
            pos = max(self.slot.values())
        return self.hosts[pos]


def _host(w: World, peer: Peer, cum_new: list[float], available: Available, used: dict[int, int]) -> int | None:
    """Preferential attachment: a known host weighted by past audience + 1, or now and then a new one."""
    rng = w.rng
    if len(available) and rng.random() >= max(0.08, 1 / (1 + len(available) / 15)):
        host = available.draw(rng)
    else:
        host = _recruit(w, peer, cum_new)
        if host is None:
            return None
        peer.is_host.add(host)
        peer.hosts.append(host)
        available.append(host, w.audience[host] + 1)
    used[host] = used.get(host, 0) + 1
    if used[host] >= MAX_SESSIONS_PER_HOST:
        available.remove(host)
    return host


def _attend(w: World, reg: Registration, length: int) -> None:
    rng = w.rng
    share = rng.uniform(0.7, 1.0) if rng.random() < 0.9 else rng.uniform(0.3, 0.7)
    reg.joined_s, reg.attended_s, reg.rejoined = rng.randint(0, 240), int(length * 60 * share), rng.random() < 0.08
    w.attended[reg.person] += 1


def _feedback(w: World, peer: Peer, s: Session, reg: Registration) -> None:
    """About 30 % of attendees rate the session (1-5), some also say whether they would recommend it (0-10)."""
    rng = w.rng
    if rng.random() >= 0.3:
        return
    quality = peer.quality.setdefault(s.host, min(4.9, max(2.6, rng.gauss(4.2, 0.45))))
    rating = min(5, max(1, round(rng.gauss(quality, 0.7))))
    recommendation = min(10, max(0, round(2 * rating - 0.5 + rng.gauss(0, 1.1)))) if rng.random() < 0.4 else None
    submitted = s.end_ms + rng.randint(5, 72 * 60) * 60_000
    if submitted <= w.export_ms and w.people[reg.person].employed(local(submitted).date()):
        w.lex.feedback.append(Feedback(w.lex.next_id("feedback"), s, reg.person, rng.random() < 0.15, rating,
                                       recommendation, submitted))


def _session(w: World, peer: Peer, host: int) -> list[int]:
    """One live session: host (and co-host), registrations, the ~70 % who show up, feedback."""
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
    start = w.at(day, w.start_minute(length))
    online = rng.random() >= LOCAL_SHARE
    s = Session(w.lex.next_id("sessions"), title, topic, tag(rng, topic), host, [], start, length, online)
    if not online:
        s.location = f"{w.people[host].version_on(day).city}, {rng.choice(ROOMS)}"
    if rng.random() < 0.15:  # a co-host, often someone who hosts already
        known = [h for h in peer.hosts[-50:] if h != host and h in w.in_pool]
        s.co_hosts = [rng.choice(known)] if known and rng.random() < 0.5 else w.sample(topic.family, 1, exclude=(host,))
    hosts = [host] + s.co_hosts
    for h in s.co_hosts:
        if h not in peer.is_host:
            peer.is_host.add(h)
            peer.hosts.append(h)
    if rng.random() < CANCELLED_SHARE:
        s.cancelled_ms = start - rng.randint(1, 4) * 86_400_000
    w.lex.sessions.append(s)
    mean = 8 * (1 + 0.4 * math.log1p(w.audience[host] / 15)) * (1.2 if topic.family == "general" else 1.0)
    n_reg = min(int(rng.lognormvariate(math.log(mean) - 0.18, 0.6)), len(w.pool) // 4)
    window_start = w.months[0].first
    came = 0
    for i in w.sample(topic.family, n_reg, exclude=tuple(hosts)):
        back = min(rng.randint(1, 14), (day - window_start).days)
        registered = w.at(day - timedelta(days=back), rng.randint(7 * 60, 18 * 60)) if back else \
            start - rng.randint(10, 120) * 60_000
        reg = Registration(w.lex.next_id("registrations"), i, registered)
        s.registrations.append(reg)
        if s.cancelled_ms is not None:
            reg.registered_ms = min(registered, s.cancelled_ms - 3_600_000)
            reg.cancelled_ms = s.cancelled_ms
        elif rng.random() < 0.07:
            reg.cancelled_ms = registered + int((start - registered) * rng.random())
        elif rng.random() < (0.71 if w.part_time[i] else 0.77):
            _attend(w, reg, length)
            _feedback(w, peer, s, reg)
            came += 1
    if online and s.cancelled_ms is None and rng.random() < REPORT_SHARE:
        s.report, s.presenters = True, rng.random() < 0.5
        if rng.random() < 0.5:  # colleagues who got the link forwarded and joined without registering
            taken = tuple(hosts) + tuple(r.person for r in s.registrations)
            for i in w.sample(topic.family, rng.randint(1, 3), exclude=taken):
                walk_in = Registration(0, i, start)
                _attend(w, walk_in, length)
                s.walk_ins.append(walk_in)
                came += 1
    for h in hosts:
        w.audience[h] += came
    return hosts


def _content(w: World, peer: Peer, cum_new: list[float], kind: str, current: list[int]) -> None:
    """A video or library item by a host (`current`: the hosts in the pool) or a new author, with views spread
    over the following months."""
    rng = w.rng
    author = rng.choice(current) if current and rng.random() < 0.6 else _recruit(w, peer, cum_new)
    if author is None:
        return
    topic = topic_for(rng, w.family[author])
    base = rng.choice(topic.sessions + topic.courses)
    day = w.day()
    created = w.at(day, rng.randint(8 * 60, 16 * 60))
    if kind == "video":
        title = rng.choice(VIDEO_FORMATS).format(t=base)
        item = Media(w.lex.next_id("videos"), "video", author, title, topic, tag(rng, topic), created,
                     rng.choice(VIDEO_MINUTES) * 60)
        views, decay = rng.lognormvariate(math.log(25) - 0.32, 0.8), 0.55
    else:
        form = rng.choice(LIBRARY_FORMATS)
        item = Media(w.lex.next_id("library"), "library", author, form.format(t=base), topic, tag(rng, topic),
                     created, rng.choice((10, 15, 20, 30)) * 60, LIBRARY_TYPES[form.split(":")[0]])
        views, decay = rng.lognormvariate(math.log(12) - 0.32, 0.8), 0.7
    w.lex.media.append(item)
    for _ in range(int(views)):
        offset = int(math.log(1 - rng.random()) / math.log(decay))
        k = w.month.index + offset
        if k < len(w.months):
            peer.pending.setdefault(k, []).append((item, topic, day if offset == 0 else None))


def _view(w: World, item: Media, topic: Topic, after: date | None) -> None:
    """One view of a video (with watch time) or read of a library item (measured now and then)."""
    rng = w.rng
    picked = w.sample(topic.family, 1, exclude=(item.author,))
    if not picked:
        return
    days = [d for d in w.month.workdays if after is None or d > after]
    if not days:
        return
    minutes = item.seconds // 60
    ms = w.at(rng.choice(days), w.start_minute(minutes))
    if item.kind == "video":
        seconds = max(30, int(item.seconds * rng.uniform(0.3, 1.0)))
    else:
        seconds = int(item.seconds * rng.uniform(0.4, 1.2)) if rng.random() < 0.5 else None
    w.lex.views.append((item, w.lex.next_id("video_views" if item.kind == "video" else "library_reads"), picked[0],
                        ms, seconds))


def _backlist(w: World, peer: Peer) -> None:
    """The library existed before the window; its older items, by staff of the time, keep being read."""
    rng = w.rng
    start = w.months[0].first
    for _ in range(round(60 * w.scale)):
        topic = topic_for(rng, "general", 0.2)
        author = w.people[rng.choice(w.pool)]
        created = start - timedelta(days=rng.randint(30, 700))
        created = max(created, author.hire + timedelta(days=30))
        form = rng.choice(LIBRARY_FORMATS)
        item = Media(w.lex.next_id("library"), "library", author.index, form.format(t=rng.choice(topic.sessions)),
                     topic, tag(rng, topic), w.at(created, rng.randint(8 * 60, 16 * 60)),
                     rng.choice((10, 15, 20, 30)) * 60, LIBRARY_TYPES[form.split(":")[0]])
        w.lex.media.append(item)
        peer.backlist.append((item, topic))


def simulate_month(w: World, peer: Peer) -> None:
    """Sessions, videos and library items of the month and the views that fall into it."""
    rng, month = w.rng, w.month
    growth = logistic(month.index, len(w.months)) * month.season * w.scale
    if month.index == 0:
        _backlist(w, peer)
    # Recruitment weight: attended sessions matter most; leaders are asked to host ("Leaders at LEX").
    # (As numpy arrays: the same float operations in the same order as one person at a time.)
    pool = np.array(w.pool, dtype=np.int64)
    attended = np.array(w.attended, dtype=np.int64)[pool].astype(np.float64)
    leader = np.array([w.leader[i] for i in w.pool], dtype=bool)
    part_time = np.array([w.part_time[i] for i in w.pool], dtype=bool)
    cum_new = np.cumsum((0.05 + attended) * np.where(leader, 3.0, 1.0) * np.where(part_time, 0.7, 1.0)
                        * np.sqrt(w._appetite[pool])).tolist() if w.pool else []
    used: dict[int, int] = {}
    sessions = w.stochastic_round(SESSIONS_AT_PEAK * growth)
    available = Available([h for h in peer.hosts if h in w.in_pool], w.audience, sessions)
    for _ in range(sessions):
        host = _host(w, peer, cum_new, available, used)
        if host is not None:
            for h in _session(w, peer, host):  # their audience grew: so did their weight
                if h in available:
                    available.set(h, w.audience[h] + 1)
    current = [h for h in peer.hosts if h in w.in_pool]  # videos and library items add no hosts
    for _ in range(w.stochastic_round(VIDEOS_AT_PEAK * growth)):
        _content(w, peer, cum_new, "video", current)
    for _ in range(w.stochastic_round(LIBRARY_AT_PEAK * growth)):
        _content(w, peer, cum_new, "library", current)
    for item, topic, after in peer.pending.pop(month.index, []):
        _view(w, item, topic, after)
    for item, topic in peer.backlist:
        for _ in range(w.stochastic_round(rng.expovariate(1 / 0.8) * month.season)):
            _view(w, item, topic, None)
