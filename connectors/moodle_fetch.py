"""Completion answers for a page of learners: in threads of the sync's process, or in worker processes beside it.

A first sync makes two calls per enrolment (4.3 million at 300,000 employees). The HTTP client costs about 0.4 ms
of Python per call, and threads share one core (the GIL) with the mapping and loading. With `processes`, the
calls run in worker processes, each with `workers` threads, on the machine's other cores.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from connectors.base import SourceError
from connectors.moodle_api import MoodleApi, MoodleError


@dataclass(frozen=True)
class Fetched:
    course_status: dict | None = None
    activities: dict | None = None
    error: MoodleError | None = None


@dataclass(frozen=True)
class Ask:
    """One learner's completion to ask for: the Moodle user id and where it is, for messages."""

    user_id: int
    where: str


class CoursePage:
    """What every learner of one page shares: the course, and whether its completion is tracked at all."""

    def __init__(self, course_id: int, completion_enabled: bool):
        self.course_id, self.completion_enabled = course_id, completion_enabled
        self.no_criteria = False  # Moodle answered nocriteriaset: a course-wide setting, ask no more learners

    def fetch(self, api: MoodleApi, ask: Ask) -> Fetched:
        """Both completion answers for one learner; runs in a worker thread."""
        if not self.completion_enabled:
            return Fetched()
        status = None
        try:
            if not self.no_criteria:
                try:
                    status = api.course_completion(self.course_id, ask.user_id, ask.where)
                except MoodleError as error:
                    if error.errorcode != "nocriteriaset":
                        raise
                    self.no_criteria = True
            return Fetched(status, api.activities_completion(self.course_id, ask.user_id, ask.where))
        except MoodleError as error:
            return Fetched(error=error)


class ThreadFetcher:
    """The calls in `workers` threads of this process."""

    def __init__(self, api: MoodleApi, workers: int):
        self.api, self.pool = api, ThreadPoolExecutor(max_workers=workers)

    def submit(self, page: CoursePage, asks: list[Ask]) -> Iterable[Fetched]:
        return self.pool.map(lambda ask: page.fetch(self.api, ask), asks)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class ProcessFetcher:
    """The calls in worker processes, a page at a time each, with `workers` threads per process."""

    def __init__(self, api_arguments: tuple, api_options: dict, workers: int, processes: int):
        self.source = api_arguments[0]
        # spawn: the sync's process holds a database connection and threads, which a fork would copy
        self.pool = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(api_arguments, api_options, workers))

    def submit(self, page: CoursePage, asks: list[Ask]) -> Iterable[Fetched]:
        return _Answers(self.pool.submit(_fetch_page, page, asks), page, self.source)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Answers:
    """A page's answers from a worker process, waited for when first read; the page learns what the worker did."""

    def __init__(self, future: Future, page: CoursePage, source: str):
        self.future, self.page, self.source = future, page, source

    def __iter__(self) -> Iterator[Fetched]:
        try:
            answers, no_criteria = self.future.result()
        except BrokenProcessPool:
            raise SourceError(f"source '{self.source}': a worker process for the completion calls ended abruptly "
                              f"(out of memory, or killed?); nothing of this sync was stored. Sync again; if it "
                              f"recurs, set processes = 0 to make the calls in the sync's own process.") from None
        self.page.no_criteria |= no_criteria
        return iter(answers)


_worker: tuple[MoodleApi, ThreadPoolExecutor] | None = None


def _start_worker(api_arguments: tuple, api_options: dict, workers: int) -> None:
    global _worker
    _worker = (MoodleApi(*api_arguments, **api_options), ThreadPoolExecutor(max_workers=workers))


def _fetch_page(page: CoursePage, asks: list[Ask]) -> tuple[list[Fetched], bool]:
    api, pool = _worker
    return list(pool.map(lambda ask: page.fetch(api, ask), asks)), page.no_criteria
