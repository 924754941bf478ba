# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""redshift_datashare, the producer's side: consumers authorized (or not) on a datashare, usage granted with SQL.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    Write,
    client_tokens,
    unique,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan, Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_data import (
    ERROR_HINTS as DATA_HINTS,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_data import (
    run_statement,
    statement_write,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashares import (
    AUTHORIZED,
    ERROR_HINTS,
    association,
    cluster_namespace_arn,
    datashare_arn_of,
    invalid_datashare_options,
    not_found_message,
    producer_arn_of,
    read_datashare,
    reread_after_failure,
    statuses,
)


def grant_statement(name, consumer):
    return f"GRANT USAGE ON DATASHARE {name} TO ACCOUNT '{consumer}'"


def revoke_statement(name, consumer):
    return f"REVOKE USAGE ON DATASHARE {name} FROM ACCOUNT '{consumer}'"


def invalid_producer_params(params):
    """Every broken rule of redshift_datashare's options, for AWSModule's ``validate``."""
    errors = invalid_datashare_options(params)
    if not params.get("datashare_arn") and not params.get("datashare_name"):
        errors.append("one of datashare_arn, or cluster_identifier and datashare_name, is required")
    if params.get("datashare_name") and not params.get("cluster_identifier"):
        errors.append("datashare_name needs cluster_identifier: the datashare is named within its cluster's namespace")
    if not params.get("consumer_account_ids"):
        errors.append("consumer_account_ids must name at least one consumer")
    if params.get("grant_usage"):
        if not params.get("cluster_identifier"):
            errors.append(
                "grant_usage needs cluster_identifier: the SQL runs on the producer cluster, which the ARN does not name"
            )
        if "ADX" in (params.get("consumer_account_ids") or []):
            errors.append(
                "grant_usage does not apply to ADX: AWS Data Exchange datashares are not granted to an account"
            )
    return errors


def _authorize(arn, consumer, allow_writes):
    params = {"DataShareArn": arn, "ConsumerIdentifier": consumer, "AllowWrites": allow_writes}
    return Write("AuthorizeDataShare", params, f"consumer {consumer}")


def _deauthorize(arn, consumer):
    return Write("DeauthorizeDataShare", {"DataShareArn": arn, "ConsumerIdentifier": consumer}, f"consumer {consumer}")


def _predicted_association(consumer, status, allow_writes, current=None):
    base = current or {
        "consumer_identifier": consumer,
        "consumer_region": None,
        "created_date": None,
    }
    return dict(base, status=status, allow_writes=allow_writes, status_change_date=None)


def plan_authorizations(current, consumers, state, allow_writes=False, statement=None):
    """The writes, in order, that take the consumers of datashare ``current`` to ``state``, and the prediction.

    No AWS call. ``statement(sql, consumer)`` makes the ExecuteStatement write of ``sql`` (None: usage is not
    granted by the module). Raises Failure, before any write, for a consumer that rejected the datashare and for a
    consumer with no association that the module may not grant usage to.
    """
    arn, name = current["arn"], current["name"]
    found = {consumer: association(current, consumer) for consumer in consumers}
    writes, predicted = [], {consumer: entry for consumer, entry in found.items() if entry}
    if state == "present":
        rejected = [consumer for consumer, entry in found.items() if entry and entry["status"] == "REJECTED"]
        if rejected:
            raise Failure(
                f"consumer {', '.join(rejected)} rejected datashare {arn}: only the consumer's account can change "
                "that (it must be granted usage again); remove it from consumer_account_ids"
            )
        missing = [consumer for consumer, entry in found.items() if not entry]
        if "ADX" in missing:
            raise Failure(
                f"consumer ADX has no association with datashare {arn}: AWS Data Exchange gets one when the datashare "
                "is added to one of its data products, which this module does not do"
            )
        if missing and statement is None:
            statements = "; ".join(grant_statement(name, consumer) for consumer in missing)
            raise Failure(
                f"consumer {', '.join(missing)} has not been granted usage of datashare {arn}: run on the producer "
                f"cluster, as a user allowed to grant usage, {statements}; or set grant_usage to have the module run it"
            )
        for consumer, entry in found.items():
            if entry and entry["status"] in AUTHORIZED:
                continue
            if not entry:
                writes.append(statement(grant_statement(name, consumer), consumer))
            writes.append(_authorize(arn, consumer, allow_writes))
            predicted[consumer] = _predicted_association(consumer, "AUTHORIZED", allow_writes, entry)
    else:
        for consumer, entry in found.items():
            if entry and entry["status"] in AUTHORIZED:
                writes.append(_deauthorize(arn, consumer))
                predicted[consumer] = _predicted_association(consumer, "DEAUTHORIZED", entry["allow_writes"], entry)
            if entry and statement is not None:
                writes.append(statement(revoke_statement(name, consumer), consumer))
                del predicted[consumer]
    others = [entry for entry in current["associations"] if entry["consumer_identifier"] not in found]
    return Plan(writes, dict(current, associations=others + [predicted[c] for c in consumers if c in predicted]))


class _Writer:
    """Where redshift_datashare's planned writes go: Redshift's to the redshift client; a SQL statement through the
    Data API, waited for until it has ended, so that the authorization that follows finds its association."""

    def __init__(self, redshift, data):
        self._redshift, self._data = redshift, data

    def authorize_data_share(self, **params):
        return self._redshift.authorize_data_share(**params)

    def deauthorize_data_share(self, **params):
        return self._redshift.deauthorize_data_share(**params)

    def execute_statement(self, **params):
        return run_statement(self._data, params)


class DatashareAuthorizations(Resource):
    """redshift_datashare: the listed consumers of one datashare, authorized or deauthorized."""

    def __init__(self, module):
        super().__init__(module)
        params = module.params
        self.consumers = unique(params["consumer_account_ids"])
        self.state, self.allow_writes, self.grant = params["state"], params["allow_writes"], params["grant_usage"]
        self.cluster = params["cluster_identifier"]
        self.arn, self.redshift = params["datashare_arn"], None
        self.tokens = client_tokens()

    def read(self):
        if self.redshift is None:
            self.redshift = self.module.client("redshift")
            data = self.module.client("redshift-data") if self.grant else None
            self.client = _Writer(self.redshift, data)
            if self.cluster:
                self._check_cluster(cluster_namespace_arn(self.redshift, self.cluster))
        datashare = read_datashare(self.redshift, self.arn)
        if datashare is None:
            raise Failure(not_found_message(self.arn, self.cluster))
        return datashare

    def _check_cluster(self, namespace):
        params = self.module.params
        if not namespace:
            raise Failure(f"cluster {self.cluster!r} has no namespace (ClusterNamespaceArn): it cannot share data")
        if self.arn is None:
            self.arn = datashare_arn_of(namespace, params["datashare_name"])
        elif producer_arn_of(self.arn) != namespace:
            raise Failure(
                f"datashare_arn {self.arn} is not a datashare of cluster {self.cluster!r} (namespace {namespace}): "
                "cluster_identifier must name the producer cluster"
            )

    def _statement(self, sql, consumer):
        return statement_write(self.cluster, self.grant, sql, self.tokens("ExecuteStatement"), f"consumer {consumer}")

    def plan(self, current):
        statement = self._statement if self.grant else None
        return plan_authorizations(current, self.consumers, self.state, self.allow_writes, statement)

    def already_done(self, write):
        if write.operation == "ExecuteStatement":
            return False  # never sent again: it may have run
        entry = association(read_datashare(self.redshift, self.arn) or {}, write.params["ConsumerIdentifier"])
        authorized = bool(entry) and entry["status"] in AUTHORIZED
        return authorized if write.operation == "AuthorizeDataShare" else not authorized

    def settle(self, current, writes, answers):
        return read_datashare(self.redshift, self.arn)

    def recover(self, current, answers):
        return reread_after_failure(self.redshift, self.arn, current, answers)

    def hints_for(self, error, write):
        return DATA_HINTS if write is not None and write.operation == "ExecuteStatement" else ERROR_HINTS

    def report(self, before, after, failed=False):
        if before is None:
            return {}
        if failed:
            return {"datashare": after}
        diff = {"before": statuses(before, self.consumers), "after": statuses(after, self.consumers)}
        return {"datashare": after, "diff": diff}
