# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark callback: when each task started and when each of its loop items finished (not part of the collection)."""

from __future__ import annotations

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: Record task and loop-item timestamps for make bench
description:
  - Writes a JSON list of tasks (play, name, action, start, item completion times, end, failed, changed) to $BENCH_TIMINGS.
  - With $BENCH_PLAYS set, also writes there a JSON list of plays (name, start, end), a play ending when the next
    one starts or the playbook ends.
requirements: [enable in ANSIBLE_CALLBACKS_ENABLED]
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._play = None
        self._tasks = []
        self._plays = []

    def _close_play(self):
        if self._plays and self._plays[-1]["end"] is None:
            self._plays[-1]["end"] = time.perf_counter()

    def v2_playbook_on_play_start(self, play):
        self._close_play()
        self._play = play.get_name()
        self._plays.append({"name": self._play, "start": time.perf_counter(), "end": None})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._tasks.append(
            {
                "play": self._play,
                "name": task.get_name(),
                "action": getattr(task, "resolved_action", None) or task.action,
                "start": time.perf_counter(),
                "items": [],
                "end": None,
                "failed": False,
                "changed": False,
            }
        )

    def _item(self, result, failed=False):
        self._tasks[-1]["items"].append(time.perf_counter())
        self._tasks[-1]["failed"] |= failed
        self._tasks[-1]["changed"] |= bool(result._result.get("changed"))  # pylint: disable=protected-access

    def v2_runner_item_on_ok(self, result):
        self._item(result)

    def v2_runner_item_on_failed(self, result):
        self._item(result, failed=True)

    def _end(self, failed=False):
        self._tasks[-1]["end"] = time.perf_counter()
        self._tasks[-1]["failed"] |= failed

    def v2_runner_on_ok(self, result):
        self._end()
        self._tasks[-1]["changed"] |= bool(result._result.get("changed"))  # pylint: disable=protected-access

    def v2_runner_on_skipped(self, result):
        self._end()

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._end(failed=True)

    def v2_runner_on_unreachable(self, result):
        self._end(failed=True)

    def v2_playbook_on_stats(self, stats):
        self._close_play()
        for variable, records in (("BENCH_TIMINGS", self._tasks), ("BENCH_PLAYS", self._plays)):
            path = os.environ.get(variable)
            if path:
                with open(path, "w", encoding="utf-8") as handle:
                    json.dump(records, handle)
