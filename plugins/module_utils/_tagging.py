# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tags, for every module with ``tags``: the input rule and the one tag diff (the TagResource / UntagResource writes).

A key starting with ``aws:`` is AWS's (CloudFormation puts ``aws:cloudformation:stack-name`` on what a stack
creates): never sent, never removed by ``purge_tags``, and refused in a ``tags`` option before any call (the model:
amazon.aws's ``compare_aws_tags``). Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write

RESERVED_PREFIX = "aws:"
TAG_KEY_RE = re.compile(r"^[\w\s.:/=+@-]{1,128}$", re.UNICODE)
MAX_VALUE_LENGTH = 256


def is_reserved(key):
    """Whether the tag key is AWS's own (``aws:...``, in any case, as AWS reserves it)."""
    return str(key).lower().startswith(RESERVED_PREFIX)


def tag_errors(tags, option="tags"):
    """Every broken rule of a ``tags`` option (no AWS call): keys of 1 to 128 allowed characters, none of AWS's, and
    values of at most 256 characters."""
    errors = []
    bad_keys = [key for key in tags or {} if not TAG_KEY_RE.match(str(key)) or is_reserved(key)]
    if bad_keys:
        errors.append(
            f"{option}: key(s) {', '.join(repr(k) for k in bad_keys)} not valid: 1 to 128 letters, digits, spaces or "
            f"_ . : / = + - @, not starting with {RESERVED_PREFIX}"
        )
    for key, value in (tags or {}).items():
        if value is None or len(str(value)) > MAX_VALUE_LENGTH:
            errors.append(f"{option} value of {key!r} must be 0 to {MAX_VALUE_LENGTH} characters")
    return errors


def tag_values(tags):
    """The tags as AWS keeps them: string values (a YAML 1234 is "1234")."""
    return {key: str(value) for key, value in (tags or {}).items()}


def tag_list(tags):
    """The tags as RAM takes them: ``[{key, value}]``, sorted by key."""
    return [{"key": key, "value": value} for key, value in sorted(tag_values(tags).items())]


def plan_tags(current, wanted, purge, resource, target):
    """The writes that make ``current`` tags ``wanted`` (UntagResource, then TagResource), and the predicted tags.
    No AWS call.

    ``wanted`` None leaves the tags alone. ``purge``: remove the keys not wanted, except AWS's (``aws:``), which are
    kept and never sent. ``resource``: the request's resource key and value, ``{"resourceShareArn": arn}``.
    ``target``: what the writes act on, for a failure's message. Untagging first keeps a resource under its tag
    quota while a key is swapped for another.
    """
    current = dict(current or {})
    if wanted is None:
        return [], current
    wanted = {key: value for key, value in tag_values(wanted).items() if not is_reserved(key)}
    changed = {key: value for key, value in wanted.items() if current.get(key) != value}
    removed = sorted(key for key in current if key not in wanted and not is_reserved(key)) if purge else []
    writes = []
    if removed:
        writes.append(Write("UntagResource", dict(resource, tagKeys=removed), target))
    if changed:
        writes.append(Write("TagResource", dict(resource, tags=tag_list(changed)), target))
    predicted = dict({key: value for key, value in current.items() if key not in removed}, **changed)
    return writes, predicted
