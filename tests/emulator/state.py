"""Process-wide emulator state that is not part of moto: request log, faults, config.

Kept apart from moto's backends so that the control API can clear it independently
and so that the service extensions can read the settings without importing the server.
"""

import threading

LOCK = threading.RLock()
REQUESTS: list[dict] = []
FAULTS: list[dict] = []


def _defaults() -> dict:
    return {
        # Caps the page size of every paginated list the emulator implements (None: the client's).
        "page_size": None,
        # Partner names a test adds to the documented ones (AWS's list is longer than what it documents).
        "extra_partners": [],
        # GetResourceShareAssociations reads that list a new (dis)association before it is final.
        "associating_reads": 0,
        # Entities (account IDs, principal or resource ARNs) whose associations end FAILED.
        "fail_associations": [],
        # Accounts in the owner's organization besides the owner (sharing with the organization enabled).
        "organization_accounts": [],
        # Access key id -> account ID the request acts as (other keys: the owner).
        "accounts": {},
        # Paginated RAM lists answer an empty page with a nextToken before each non-empty page.
        "empty_pages": False,
        # ReplacePermissionAssociations works stay IN_PROGRESS for this many ListReplacePermissionAssociationsWork
        # reads (0: COMPLETED at once).
        "replace_work_reads": 0,
        # A status message: replacement works end FAILED with it (and move no share); "": they complete.
        "replace_work_fail": "",
        # Redshift Data API: DescribeStatement reads that see a statement running before it ends.
        "statement_reads": 2,
        # SQL fragment -> error: a statement containing the fragment ends FAILED with that error.
        "fail_statements": {},
        # A promoted share (PromoteResourceShareCreatedFromPolicy) stays PROMOTING_TO_STANDARD for this many
        # GetResourceShares reads that list it, then is STANDARD.
        "promoting_reads": 2,
    }


CONFIG: dict = _defaults()


def reset() -> None:
    with LOCK:
        REQUESTS.clear()
        FAULTS.clear()
        CONFIG.clear()
        CONFIG.update(_defaults())


def page_size(requested: int | None, default: int) -> int:
    """The page size to use: the client's request, capped by the forced page size if one is set."""
    size = requested or default
    forced = CONFIG.get("page_size")
    if forced:
        size = min(size, forced)
    return size
