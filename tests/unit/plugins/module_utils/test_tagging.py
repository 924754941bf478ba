# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_tagging: the one tag diff (with AWS's ``aws:`` keys left alone) and the tag input rule, as tables."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_customer_permissions import (
    plan_permission,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_shares import plan_share
from ansible_collections.partner_onboarding.aws.plugins.module_utils._tagging import (
    is_reserved,
    plan_tags,
    tag_errors,
    tag_list,
)

ARN = "arn:aws:ram:us-east-1:123456789012:resource-share/abc"
RESOURCE = {"resourceShareArn": ARN}
STACK = {"aws:cloudformation:stack-name": "partners"}


def _calls(writes):
    return [(write.operation, write.params) for write in writes]


@pytest.mark.parametrize(
    "current, wanted, purge, calls, predicted",
    [
        # No tags option: nothing planned, the tags as they are.
        ({"a": "1"}, None, True, [], {"a": "1"}),
        # Converged, also with a YAML number for a string.
        ({"a": "1"}, {"a": 1}, True, [], {"a": "1"}),
        # Removal first, then the new and changed values in one TagResource.
        (
            {"a": "1", "b": "2"},
            {"a": "9", "c": "3"},
            True,
            [
                ("UntagResource", dict(RESOURCE, tagKeys=["b"])),
                ("TagResource", dict(RESOURCE, tags=[{"key": "a", "value": "9"}, {"key": "c", "value": "3"}])),
            ],
            {"a": "9", "c": "3"},
        ),
        # purge_tags false: nothing removed.
        ({"a": "1", "b": "2"}, {"a": "1"}, False, [], {"a": "1", "b": "2"}),
        # AWS's keys are never removed, also by purge, and count as nothing the user manages.
        (dict(STACK, a="1"), {"a": "1"}, True, [], dict(STACK, a="1")),
        (dict(STACK), {}, True, [], dict(STACK)),
        (
            dict(STACK, old="x"),
            {"a": "1"},
            True,
            [
                ("UntagResource", dict(RESOURCE, tagKeys=["old"])),
                ("TagResource", dict(RESOURCE, tags=[{"key": "a", "value": "1"}])),
            ],
            dict(STACK, a="1"),
        ),
        # An aws: key that reaches the diff anyway is never sent.
        (
            dict(STACK),
            {"aws:cloudformation:stack-name": "other", "a": "1"},
            True,
            [("TagResource", dict(RESOURCE, tags=[{"key": "a", "value": "1"}]))],
            dict(STACK, a="1"),
        ),
    ],
)
def test_plan_tags(current, wanted, purge, calls, predicted):
    writes, after = plan_tags(current, wanted, purge, RESOURCE, f"resource share {ARN}")
    assert _calls(writes) == calls
    assert after == predicted
    for write in writes:
        sent = write.params.get("tagKeys") or [tag["key"] for tag in write.params["tags"]]
        assert not any(is_reserved(key) for key in sent)


@pytest.mark.parametrize(
    "tags, count",
    [
        (None, 0),
        ({"team": "data", "cost center": 1234}, 0),
        ({"aws:cloudformation:stack-name": "x"}, 1),
        ({"bad#key": "x"}, 1),
        ({"team": "x" * 257}, 1),
        ({"team": None}, 1),
        ({"aws:x": "y", "team": "x" * 257}, 2),
    ],
)
def test_tag_errors(tags, count):
    errors = tag_errors(tags)
    assert len(errors) == count
    if tags and any(is_reserved(key) for key in tags):
        assert "not starting with aws:" in errors[0]


def test_tag_list_sorted_strings():
    assert tag_list({"b": 2, "a": "1"}) == [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]


def test_share_and_permission_plan_tags_alike():
    """Both taggable RAM resources run the same diff: same order, aws: keys kept."""
    share = {
        "arn": ARN,
        "name": "s",
        "allow_external_principals": True,
        "resource_arns": [],
        "principals": [],
        "pending_principals": [],
        "tags": dict(STACK, old="x"),
    }
    share_plan = plan_share(share, {"name": "s", "tags": {"a": "1"}, "purge_tags": True})
    perm_arn = "arn:aws:ram:us-east-1:123456789012:permission/p"
    template = {"Effect": "Allow", "Action": ["glue:GetTable"]}
    current = {
        "permission": {
            "arn": perm_arn,
            "resource_type": "glue:Table",
            "default_version": 1,
            "policy_template": template,
            "tags": dict(STACK, old="x"),
        },
        "versions": None,
        "associations": None,
    }
    wanted = {
        "name": "p",
        "resource_type": "glue:Table",
        "policy_template": template,
        "state": "present",
        "upgrade_shares": False,
        "tags": {"a": "1"},
        "purge_tags": True,
    }
    perm_plan = plan_permission(current, wanted)
    assert [w.operation for w in share_plan.writes] == [w.operation for w in perm_plan.writes]
    assert [w.operation for w in perm_plan.writes] == ["UntagResource", "TagResource"]
    assert perm_plan.writes[0].params == {"resourceArn": perm_arn, "tagKeys": ["old"]}
    assert share_plan.predicted["tags"] == perm_plan.predicted["tags"] == dict(STACK, a="1")
