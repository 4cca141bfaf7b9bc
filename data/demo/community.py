"""The rest of LEX: the expert directory, the exchange marketplace, the forum and news."""

from __future__ import annotations

from datetime import timedelta

from .catalog import TOPICS, Topic, tag, topic_for
from .peer import Peer
from .records import Exchange, Expert, News, Post
from .timeline import logistic
from .world import World

EXCHANGE_AT_PEAK = 30  # offers and requests a month for 5000 employees
THREADS_AT_PEAK = 70
NEWS_PER_MONTH = 6
FIRST_EXPERTS = 40  # the directory at the start of the window, for 5000 employees
OFFERS = ("Ich zeige euch: {t}", "Biete 30 Minuten zu {t}", "Sprechstunde: {t}")
REQUESTS = ("Wer kann helfen: {t}?", "Suche Sparringspartner:in für {t}", "Hilfe gesucht: {t}")
QUESTIONS = ("Frage zu {t}", "Wie geht ihr mit {t} um?", "Erfahrungen mit {t}?", "Einstieg in {t}: Tipps?")
DISCUSSIONS = ("Diskussion: {t}", "Was habt ihr aus {t} mitgenommen?", "Best Practices: {t}")
NEWS = ("Neu in der {c}: {t}", "Rückblick: {t}", "Save the date: {t}", "LEX-Highlights: {c}",
        "Jetzt anmelden: {t}")


def _expert(w: World, person: int, topics: list[Topic], ms: int) -> None:
    skills = list(dict.fromkeys(s for t in topics for s in tag(w.rng, t, 0.0)))[:4]
    w.lex.experts[person] = Expert(w.lex.next_id("experts"), person, skills,
                                   list(dict.fromkeys(t.community for t in topics)), ms)


def _experts(w: World, peer: Peer) -> None:
    """A directory that existed before the window, and hosts with an audience who join it."""
    rng, month = w.rng, w.month
    if month.index == 0:
        for i in w.sample("general", round(FIRST_EXPERTS * w.scale)):
            day = max(month.first - timedelta(days=rng.randint(30, 900)), w.people[i].hire + timedelta(days=60))
            _expert(w, i, [topic_for(rng, w.family[i], 0.8)], w.at(day, rng.randint(8 * 60, 17 * 60)))
    for h in peer.hosts:
        if h in w.in_pool and h not in w.lex.experts and w.audience[h] >= 12 and rng.random() < 0.15:
            topics = list(dict.fromkeys(t for t, _ in peer.repertoire.get(h, [])))
            if topics:
                _expert(w, h, topics, w.at(w.day(), rng.randint(8 * 60, 17 * 60)))


def _helpers(w: World, peer: Peer, topic: Topic, k: int, exclude: tuple[int, ...]) -> list[int]:
    """People who give: mostly current experts and hosts, otherwise anyone interested in the topic."""
    rng = w.rng
    givers = [h for h in peer.hosts[-300:] if h in w.in_pool and h not in exclude]
    chosen: list[int] = []
    for _ in range(k):
        pool = [g for g in givers if g not in chosen]
        if pool and rng.random() < 0.6:
            chosen.append(rng.choice(pool))
        else:
            chosen += w.sample(topic.family, 1, exclude=exclude + tuple(chosen))
    return chosen


def _later(w: World, ms: int, lo_min: int, hi_min: int) -> int | None:
    """A moment some minutes after `ms` that still lies in the month (people in the pool are employed all month)."""
    later = ms + w.rng.randint(lo_min, hi_min) * 60_000
    return later if later < w.month_end_ms else None


def _exchange(w: World, peer: Peer) -> None:
    rng = w.rng
    offer = rng.random() < 0.45
    author = (_helpers(w, peer, rng.choice(TOPICS), 1, ()) if offer else w.sample("general", 1)) or [None]
    if author[0] is None:
        return
    topic = topic_for(rng, w.family[author[0]])
    title = rng.choice(OFFERS if offer else REQUESTS).format(t=rng.choice(topic.sessions))
    item = Exchange(w.lex.next_id("exchange"), "offer" if offer else "request", author[0], title, topic,
                    tag(rng, topic), w.at(w.day(), rng.randint(7 * 60, 18 * 60)))
    others = w.sample(topic.family, rng.randint(0, 4), exclude=author) if offer else \
        _helpers(w, peer, topic, rng.choice((0, 1, 1, 2, 3)), tuple(author))
    at = item.created_ms
    for k, person in enumerate(others, start=1):
        at = _later(w, at, 20, 3 * 24 * 60)
        if at is None:
            break
        item.responses.append((k, person, at))
    w.lex.exchange.append(item)


def _thread(w: World, peer: Peer) -> None:
    rng = w.rng
    author = w.sample(rng.choice(("general", "it", "sales", "service", "lead")), 1)
    if not author:
        return
    topic = topic_for(rng, w.family[author[0]])
    question = rng.random() < 0.8
    base = rng.choice(topic.sessions + topic.courses)
    opening = Post(w.lex.next_id("posts"), w.lex.next_id("threads"), author[0],
                   w.at(w.day(), rng.randint(7 * 60, 19 * 60)), None, "question" if question else "discussion",
                   rng.choice(QUESTIONS if question else DISCUSSIONS).format(t=base), topic, tag(rng, topic))
    writers = []
    for replier in _helpers(w, peer, topic, rng.choice((0, 1, 1, 2, 2, 3, 4, 6)), tuple(author)):
        writers += [replier, author[0]] if rng.random() < 0.25 else [replier]  # the asker thanks now and then
    posts, at = [opening], opening.created_ms
    for who in writers:
        at = _later(w, at, 10, 2 * 24 * 60)
        if at is None:
            break
        parent = posts[-1] if who == author[0] or rng.random() < 0.3 else opening
        posts.append(Post(w.lex.next_id("posts"), opening.thread, who, at, parent.id))
    w.lex.posts += posts


def _news(w: World, peer: Peer) -> None:
    rng = w.rng
    editors = [i for i in w.pool if w.people[i].version_on(w.month.last).role == "Bildungsreferent:in"]
    for _ in range(w.stochastic_round(NEWS_PER_MONTH * w.month.season * max(0.3, w.scale ** 0.5))):
        hosts = [h for h in peer.hosts[-100:] if h in w.in_pool]
        author = rng.choice(editors) if editors and (rng.random() < 0.7 or not hosts) else \
            (rng.choice(hosts) if hosts else None)
        if author is None:
            return
        topic = rng.choice(TOPICS)
        title = rng.choice(NEWS).format(c=topic.community, t=rng.choice(topic.sessions))
        w.lex.news.append(News(w.lex.next_id("news"), author, title, topic.community,
                               w.at(w.day(), rng.randint(7 * 60, 10 * 60))))


def simulate_month(w: World, peer: Peer) -> None:
    """Experts, exchange, forum threads and news of the month; they grow with the platform."""
    growth = logistic(w.month.index, len(w.months)) * w.month.season * w.scale
    _experts(w, peer)
    for _ in range(w.stochastic_round(EXCHANGE_AT_PEAK * growth)):
        _exchange(w, peer)
    for _ in range(w.stochastic_round(THREADS_AT_PEAK * growth)):
        _thread(w, peer)
    _news(w, peer)
