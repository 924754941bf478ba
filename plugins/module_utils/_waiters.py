# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one status wait loop: read a status until it settles, a bounded number of times.

Every module that waits (RAM associations and shares, permission replacement work, SQL statements) reads its own
status and calls ``wait_until``; nothing else sleeps. Tests replace ``time`` here to skip the sleeps.
"""

from __future__ import annotations

import math
import time

# Seconds between two reads of a status.
WAIT_DELAY = 2


def wait_until(read, settled, timeout, timed_out, delay=WAIT_DELAY):
    """Read until ``settled(state)``, every ``delay`` seconds, at most ``timeout`` seconds; returns the last state.

    ``settled`` may raise Failure (a state that will never settle); ``timed_out(state)`` is the Failure raised when
    time runs out. Attempts are counted, not clocked, so a test can skip the sleeps.
    """
    attempts = max(1, math.ceil(timeout / delay) + 1)
    for attempt in range(attempts):
        state = read()
        if settled(state):
            return state
        if attempt + 1 < attempts:
            time.sleep(delay)
    raise timed_out(state)
