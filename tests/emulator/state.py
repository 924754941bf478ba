"""Process-wide emulator state that is not part of moto: request log, faults, config.

Kept apart from moto's backends so that the control API can clear it independently
and so that the service extensions can read the forced page size without importing the server.
"""

import threading

LOCK = threading.RLock()
REQUESTS: list[dict] = []
FAULTS: list[dict] = []
# extra_partners: partner names a test adds to the documented ones (AWS's list is longer than what it documents).
CONFIG: dict = {"page_size": None, "extra_partners": []}


def reset() -> None:
    with LOCK:
        REQUESTS.clear()
        FAULTS.clear()
        CONFIG["page_size"] = None
        CONFIG["extra_partners"] = []


def page_size(requested: int | None, default: int) -> int:
    """The page size to use: the client's request, capped by the forced page size if one is set."""
    size = requested or default
    forced = CONFIG.get("page_size")
    if forced:
        size = min(size, forced)
    return size
