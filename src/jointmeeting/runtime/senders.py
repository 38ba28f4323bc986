"""A small pool of daemon threads that runs a batch of sends side by side, each under one
deadline for the batch.

Why not a thread per send: starting and joining a thread costs more than a fast notifier's whole
send, and kept dispatch at a sixth of its database's speed. Why not
:class:`concurrent.futures.ThreadPoolExecutor`: its workers are joined at interpreter exit, so a
notifier that never returns would keep the process alive; these are daemon threads. A send that
outlives its batch's deadline keeps its thread; the pool starts another in its place, so a hung
notifier never starves later batches, and the thread rejoins the pool if the send ever returns.
"""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Callable, Sequence

#: A task: one send, returning None on success or why it failed (it must not raise).
Task = Callable[[], str | None]


class Senders:
    """Up to ``size`` threads running tasks, plus one for each task abandoned at a deadline."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._stuck = 0

    def _work(self) -> None:
        while True:
            self._jobs.get()()

    def run(self, tasks: Sequence[Task], timeout: float, timed_out: str) -> list[str | None]:
        """Each task's outcome, in order; ``timed_out`` for a task not done within
        ``timeout`` seconds of the batch's start."""
        outcomes: list[str | None] = [timed_out] * len(tasks)
        done = threading.Condition(self._lock)
        started = [False] * len(tasks)
        state = {"finished": 0, "abandoned": False}

        def job(index: int, task: Task) -> None:
            with done:
                if state["abandoned"]:
                    return  # the batch gave up before this send began: it is not made
                started[index] = True
            outcome = task()
            with done:
                if state["abandoned"]:
                    self._stuck -= 1  # counted as stuck at the deadline; free again now
                    return
                outcomes[index] = outcome
                state["finished"] += 1
                if state["finished"] == len(tasks):
                    done.notify()  # once, for the last: the batch waits for all of them

        with self._lock:
            while self._threads - self._stuck < min(self.size, len(tasks)):
                threading.Thread(target=self._work, name="jointmeeting-send",
                                 daemon=True).start()
                self._threads += 1
        for index, task in enumerate(tasks):
            self._jobs.put(functools.partial(job, index, task))
        with done:
            done.wait_for(lambda: state["finished"] == len(tasks), timeout)
            state["abandoned"] = True
            # Sends still running hold their threads: the next batch starts others instead.
            self._stuck += sum(started) - state["finished"]
            return list(outcomes)
