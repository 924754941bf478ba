# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""redshift_datashare_consumer, the consumer's (partner's) side: a datashare associated with the caller's account or
one of its namespaces, disassociated, or rejected.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    Write,
    caller_account_id,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan, Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashares import (
    ERROR_HINTS,
    association,
    invalid_datashare_options,
    namespace_account,
    not_found_message,
    parse_datashare_arn,
    read_datashare,
    reread_after_failure,
    statuses,
)

WANTED = {"associated": "ACTIVE", "disassociated": None, "rejected": "REJECTED"}


def invalid_consumer_params(params):
    """Every broken rule of redshift_datashare_consumer's options, for AWSModule's ``validate``."""
    errors = invalid_datashare_options(params)
    if params.get("consumer_arn") and params.get("state") == "rejected":
        errors.append("consumer_arn does not apply to state=rejected: RejectDataShare rejects for the entire account")
    return errors


def consumer_status(datashare, account, consumer_arn=None):
    """The status that the options' consumer has on ``datashare``: its namespace's association when it has one,
    else the account's (a namespace is associated with what its account was authorized for)."""
    if consumer_arn:
        entry = association(datashare, consumer_arn)
        if entry:
            return entry["status"]
    entry = association(datashare, account)
    return entry["status"] if entry else None


def _predicted(current, consumer, status, allow_writes=None):
    entries = [entry for entry in current["associations"] if entry["consumer_identifier"] != consumer]
    old = association(current, consumer) or {
        "consumer_identifier": consumer,
        "consumer_region": None,
        "created_date": None,
    }
    if status is None:
        return dict(current, associations=entries)
    writes = old.get("allow_writes", False) if allow_writes is None else allow_writes
    return dict(
        current, associations=entries + [dict(old, status=status, allow_writes=writes, status_change_date=None)]
    )


def plan_consumer(current, account, state, consumer_arn=None, allow_writes=False):
    """The write (or none) that takes the consumer's association with datashare ``current`` to ``state``, and the
    prediction. No AWS call. Raises Failure for what only the producer, or a disassociation first, can change."""
    arn = current["arn"]
    producer = parse_datashare_arn(arn)["account"]
    status = consumer_status(current, account, consumer_arn)
    who = f"namespace {consumer_arn}" if consumer_arn else f"account {account}"
    target = consumer_arn or f"account {account}"
    whole = {"AssociateEntireAccount": True} if not consumer_arn else {"ConsumerArn": consumer_arn}
    if state == "associated":
        if status == "ACTIVE":
            return Plan([], current)
        if status in ("AUTHORIZED", "AVAILABLE"):
            params = dict({"DataShareArn": arn}, **whole, AllowWrites=allow_writes)
            write = Write("AssociateDataShareConsumer", params, target)
            return Plan([write], _predicted(current, consumer_arn or account, "ACTIVE", allow_writes))
        if status == "REJECTED":
            raise Failure(
                f"{who} rejected datashare {arn}: the producer (account {producer}) must grant usage to account "
                f"{account} again before it can be associated"
            )
        raise Failure(
            f"datashare {arn} is not authorized for account {account} (status {status or 'none: no association'}): "
            f"the producer (account {producer}) must grant usage and authorize this account ({account}) first"
        )
    if state == "disassociated":
        if status != "ACTIVE":
            return Plan([], current)
        key = {"DisassociateEntireAccount": True} if not consumer_arn else {"ConsumerArn": consumer_arn}
        write = Write("DisassociateDataShareConsumer", dict({"DataShareArn": arn}, **key), target)
        after = _predicted(current, consumer_arn, None) if consumer_arn else _predicted(current, account, "AUTHORIZED")
        return Plan([write], after)
    if status == "REJECTED":
        return Plan([], current)
    if status == "ACTIVE":
        raise Failure(f"datashare {arn} is associated with account {account}: disassociate it before rejecting it")
    if status in ("AUTHORIZED", "AVAILABLE", "PENDING_AUTHORIZATION"):
        write = Write("RejectDataShare", {"DataShareArn": arn}, target)
        return Plan([write], _predicted(current, account, "REJECTED"))
    raise Failure(
        f"datashare {arn} has nothing to reject for account {account} (status {status or 'none: no association'})"
    )


class DatashareConsumer(Resource):
    """redshift_datashare_consumer: the caller's association with one datashare."""

    hints = ERROR_HINTS

    def __init__(self, module):
        super().__init__(module)
        params = module.params
        self.arn, self.state = params["datashare_arn"], params["state"]
        self.consumer_arn, self.allow_writes = params["consumer_arn"], params["allow_writes"]
        self.account = namespace_account(self.consumer_arn) if self.consumer_arn else None

    def read(self):
        if self.client is None:
            self.client = self.module.client("redshift")
            if self.account is None:
                self.account = caller_account_id(self.module.client("sts"))
        datashare = read_datashare(self.client, self.arn)
        if datashare is None:
            raise Failure(not_found_message(self.arn))
        return datashare

    def plan(self, current):
        return plan_consumer(current, self.account, self.state, self.consumer_arn, self.allow_writes)

    def already_done(self, write):
        status = consumer_status(read_datashare(self.client, self.arn) or {}, self.account, self.consumer_arn)
        if self.state == "disassociated":
            return status != "ACTIVE"
        return status == WANTED[self.state]

    def settle(self, current, writes, answers):
        return read_datashare(self.client, self.arn)

    def recover(self, current, answers):
        return reread_after_failure(self.client, self.arn, current, answers)

    def report(self, before, after, failed=False):
        if before is None:
            return {}
        if failed:
            return {"datashare": after}
        consumers = [self.consumer_arn or self.account]
        return {
            "datashare": after,
            "diff": {"before": statuses(before, consumers), "after": statuses(after, consumers)},
        }
