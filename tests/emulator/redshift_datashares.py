"""Redshift datashares and the Redshift Data API statements that grant their usage (AWS_FACTS.md, "Redshift
datashares" and "Redshift Data API").

moto 5.2.5 implements no datashare operation, no ``ClusterNamespaceArn``, and a Data API whose statements finish
at once without running anything. Here:

- every cluster has a namespace (``ClusterNamespaceArn`` in DescribeClusters);
- a datashare is made as SQL makes it (``CREATE DATASHARE`` through the Data API, or the control API's seed, which
  runs the same function); its ARN is ``arn:<partition>:redshift:<region>:<account>:datashare:<namespace-id>/<name>``;
- ``GRANT USAGE ON DATASHARE <name> TO ACCOUNT '<id>'`` creates the consumer's association, PENDING_AUTHORIZATION;
  ``REVOKE USAGE ... FROM ACCOUNT '<id>'`` removes it (and the namespace associations of that account);
- the producer account's AuthorizeDataShare / DeauthorizeDataShare, the consumer account's
  AssociateDataShareConsumer / DisassociateDataShareConsumer / RejectDataShare move the statuses;
- the Data API's statements are SUBMITTED, then PICKED, STARTED for ``statement_reads`` DescribeStatement reads,
  then end: FINISHED (the SQL takes effect then) or FAILED with an ``Error``.

Datashares and statements are process-wide (keyed by ARN and by id), so that the producer and the consumer accounts
see the same ones; ``reset()`` drops them with the rest of the emulator's state.
"""

import json
import re
import uuid
from datetime import datetime, timezone

from moto.core.exceptions import JsonRESTError, ServiceException
from moto.core.responses import ActionResult
from moto.redshift.models import Cluster, redshift_backends
from moto.redshift.responses import RedshiftResponse
from moto.redshiftdata.responses import RedshiftDataAPIServiceResponse
from moto.utilities.utils import get_partition

from . import accounts, state
from .redshift_clusters import _marker, _offset

DATASHARES: dict = {}
STATEMENTS: dict = {}
_TOKENS: dict = {}

PROGRESS = ("SUBMITTED", "PICKED", "STARTED")
DEFAULT_RECORDS = 100
# What a consumer account sees of a datashare: its own associations only (AWS documents nothing here; the modules
# read their own consumer's association and nothing else).
_NAME = r"[A-Za-z_][A-Za-z0-9_$]{0,126}"
_DATASHARE_ARN = re.compile(r"arn:aws[a-z-]*:redshift:([a-z0-9-]+):([0-9]{12}):datashare:([0-9a-f-]+)/(" + _NAME + ")")
_NAMESPACE_ARN = re.compile(r"arn:aws[a-z-]*:redshift:([a-z0-9-]+):([0-9]{12}):namespace:([0-9a-f-]+)")
_SQL = {
    "create": re.compile(r"\s*CREATE\s+DATASHARE\s+(" + _NAME + r")\s*;?\s*", re.IGNORECASE),
    "grant": re.compile(
        r"\s*GRANT\s+USAGE\s+ON\s+DATASHARE\s+(" + _NAME + r")\s+TO\s+ACCOUNT\s+'([0-9]{12})'\s*;?\s*", re.IGNORECASE
    ),
    "revoke": re.compile(
        r"\s*REVOKE\s+USAGE\s+ON\s+DATASHARE\s+(" + _NAME + r")\s+FROM\s+ACCOUNT\s+'([0-9]{12})'\s*;?\s*", re.IGNORECASE
    ),
}


class DatashareError(ServiceException):
    """A modelled Redshift error (InvalidDataShareFault, InvalidNamespaceFault: HTTP 400 from the model)."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def reset() -> None:
    with state.LOCK:
        DATASHARES.clear()
        STATEMENTS.clear()
        _TOKENS.clear()


# --- namespaces ---------------------------------------------------------------------------------------------------


def _namespace_arn(cluster: Cluster) -> str:
    # A namespace is made with its cluster; its ID is a UUID that stays with the cluster.
    if not hasattr(cluster, "emulator_namespace_id"):
        cluster.emulator_namespace_id = str(uuid.uuid4())
    region = cluster.region
    return (
        f"arn:{get_partition(region)}:redshift:{region}:{cluster.account_id}:namespace:{cluster.emulator_namespace_id}"
    )


def namespace_of(account: str, region: str, cluster_identifier: str) -> str | None:
    clusters = redshift_backends[account][region].clusters
    cluster = clusters.get(cluster_identifier) or clusters.get(cluster_identifier.lower())
    return _namespace_arn(cluster) if cluster else None


def _namespaces(account: str, region: str) -> set:
    return {_namespace_arn(cluster) for cluster in redshift_backends[account][region].clusters.values()}


# --- datashares ---------------------------------------------------------------------------------------------------


def create_datashare(namespace_arn: str, name: str, publicly_accessible: bool = False) -> dict:
    """What ``CREATE DATASHARE <name>`` does on the cluster of ``namespace_arn``."""
    prefix, _sep, namespace_id = namespace_arn.rpartition(":namespace:")
    arn = f"{prefix}:datashare:{namespace_id}/{name}"
    with state.LOCK:
        if arn in DATASHARES:
            raise ValueError(f'ERROR: datashare "{name}" already exists')
        DATASHARES[arn] = {
            "arn": arn,
            "producer_arn": namespace_arn,
            "account": namespace_arn.split(":")[4],
            "public": bool(publicly_accessible),
            "associations": {},
        }
        return DATASHARES[arn]


def grant_usage(datashare: dict, consumer: str) -> None:
    """``GRANT USAGE ON DATASHARE ... TO ACCOUNT '<consumer>'``: a new association waits for the producer's
    authorization; granting again changes nothing."""
    if consumer not in datashare["associations"]:
        now = _now()
        datashare["associations"][consumer] = {
            "ConsumerIdentifier": consumer,
            "Status": "PENDING_AUTHORIZATION",
            "CreatedDate": now,
            "StatusChangeDate": now,
            "ProducerAllowedWrites": False,
            "ConsumerAcceptedWrites": False,
        }


def revoke_usage(datashare: dict, consumer: str) -> None:
    """``REVOKE USAGE ... FROM ACCOUNT '<consumer>'``: the account's association, and its namespaces', are gone."""
    for key in list(datashare["associations"]):
        if _account_of(key) == consumer:
            del datashare["associations"][key]


def _account_of(consumer: str) -> str:
    match = _NAMESPACE_ARN.fullmatch(consumer)
    return match.group(2) if match else consumer


def _set(entry: dict, status: str, **changes) -> None:
    entry.update(changes, Status=status, StatusChangeDate=_now())


def _visible(datashare: dict, account: str) -> list | None:
    """The associations ``account`` sees: all for the producer, its own for a consumer, None if it sees nothing."""
    entries = list(datashare["associations"].values())
    if account == datashare["account"]:
        return entries
    own = [entry for entry in entries if _account_of(entry["ConsumerIdentifier"]) == account]
    return own or None


def _answer(datashare: dict, entries: list) -> dict:
    return {
        "DataShareArn": datashare["arn"],
        "ProducerArn": datashare["producer_arn"],
        "AllowPubliclyAccessibleConsumers": datashare["public"],
        "DataShareAssociations": [dict(entry) for entry in entries],
    }


def _not_found(arn: str) -> DatashareError:
    # The words Terraform's provider tells a missing datashare by (AWS_FACTS.md): the code alone does not.
    return DatashareError("InvalidDataShareFault", f"Cannot find datashare {arn} because the ARN doesn't exist.")


def _page(found: list, records, marker) -> dict:
    offset = _offset(marker)
    size = state.page_size(records, DEFAULT_RECORDS)
    result = {"DataShares": found[offset:][:size]}
    if offset + size < len(found):
        result["Marker"] = _marker(offset + size)
    return result


class _DatashareOps(RedshiftResponse):
    """Holder of the operations; install() copies them onto RedshiftResponse (dispatch is by snake_case name)."""

    def _datashare(self, visible_to_caller: bool = True) -> dict:
        arn = self._get_param("DataShareArn")
        datashare = DATASHARES.get(arn)
        if datashare is None or (visible_to_caller and _visible(datashare, self.current_account) is None):
            raise _not_found(arn)
        return datashare

    def _producer_datashare(self) -> dict:
        datashare = self._datashare()
        if datashare["account"] != self.current_account:
            raise DatashareError(
                "InvalidDataShareFault",
                f"Account {self.current_account} is not the producer of datashare {datashare['arn']}.",
            )
        return datashare

    def describe_data_shares(self) -> ActionResult:
        with state.LOCK:
            account, arn = self.current_account, self._get_param("DataShareArn")
            if arn:
                datashare = self._datashare()
                found = [_answer(datashare, _visible(datashare, account))]
            else:
                found = [
                    _answer(datashare, _visible(datashare, account))
                    for datashare in DATASHARES.values()
                    if _visible(datashare, account) is not None
                ]
            return ActionResult(_page(found, self._get_int_param("MaxRecords"), self._get_param("Marker")))

    def describe_data_shares_for_producer(self) -> ActionResult:
        with state.LOCK:
            producer, status = self._get_param("ProducerArn"), self._get_param("Status")
            match = _NAMESPACE_ARN.fullmatch(producer or "")
            if not match or match.group(2) != self.current_account:
                raise DatashareError("InvalidNamespaceFault", f"The namespace {producer} is not of this account.")
            found = [
                _answer(datashare, list(datashare["associations"].values()))
                for datashare in DATASHARES.values()
                if datashare["producer_arn"] == producer
                and (status is None or any(e["Status"] == status for e in datashare["associations"].values()))
            ]
            return ActionResult(_page(found, self._get_int_param("MaxRecords"), self._get_param("Marker")))

    def describe_data_shares_for_consumer(self) -> ActionResult:
        with state.LOCK:
            account, consumer, status = self.current_account, self._get_param("ConsumerArn"), self._get_param("Status")
            if consumer and _account_of(consumer) != account:
                raise DatashareError("InvalidNamespaceFault", f"The namespace {consumer} is not of this account.")
            found = []
            for datashare in DATASHARES.values():
                entries = [
                    entry
                    for entry in _visible(datashare, account) or []
                    if datashare["account"] != account
                    and (consumer is None or entry["ConsumerIdentifier"] in (consumer, account))
                    and (status is None or entry["Status"] == status)
                ]
                if entries:
                    found.append(_answer(datashare, entries))
            return ActionResult(_page(found, self._get_int_param("MaxRecords"), self._get_param("Marker")))

    def authorize_data_share(self) -> ActionResult:
        with state.LOCK:
            datashare = self._producer_datashare()
            consumer = self._get_param("ConsumerIdentifier")
            entry = datashare["associations"].get(consumer)
            status = entry["Status"] if entry else None
            if status in ("PENDING_AUTHORIZATION", "DEAUTHORIZED"):
                _set(entry, "AUTHORIZED", ProducerAllowedWrites=bool(self._get_bool_param("AllowWrites", False)))
            elif status is None:
                raise DatashareError(
                    "InvalidDataShareFault",
                    f"Datashare {datashare['arn']} has not been shared with {consumer}: grant usage to it first.",
                )
            elif status == "REJECTED":
                raise DatashareError("InvalidDataShareFault", f"The consumer {consumer} has rejected the datashare.")
            else:
                raise DatashareError(
                    "InvalidDataShareFault", f"The datashare is already authorized for {consumer} ({status})."
                )
            return ActionResult(_answer(datashare, list(datashare["associations"].values())))

    def deauthorize_data_share(self) -> ActionResult:
        with state.LOCK:
            datashare = self._producer_datashare()
            consumer = self._get_param("ConsumerIdentifier")
            entry = datashare["associations"].get(consumer)
            status = entry["Status"] if entry else None
            if status in ("AUTHORIZED", "ACTIVE"):
                for key, other in datashare["associations"].items():
                    if _account_of(key) == consumer:
                        _set(other, "DEAUTHORIZED")
            elif status == "DEAUTHORIZED":
                raise DatashareError(
                    "InvalidDataShareFault",
                    f"Cannot deauthorize {consumer} because you have already removed authorization from this account.",
                )
            else:
                raise DatashareError(
                    "InvalidDataShareFault",
                    f"The datashare is not authorized for {consumer} ({status or 'not shared'}).",
                )
            return ActionResult(_answer(datashare, list(datashare["associations"].values())))

    def _consumer_entry(self, datashare: dict) -> dict:
        entry = datashare["associations"].get(self.current_account)
        if entry is None:
            raise _not_found(datashare["arn"])
        return entry

    def _consumer_answer(self, datashare: dict) -> ActionResult:
        return ActionResult(_answer(datashare, _visible(datashare, self.current_account) or []))

    def associate_data_share_consumer(self) -> ActionResult:
        with state.LOCK:
            datashare = self._datashare()
            account = self.current_account
            whole, namespace = self._get_bool_param("AssociateEntireAccount", False), self._get_param("ConsumerArn")
            region = self._get_param("ConsumerRegion")
            if sum(bool(choice) for choice in (whole, namespace, region)) != 1:
                raise DatashareError(
                    "InvalidDataShareFault",
                    "Exactly one of AssociateEntireAccount, ConsumerArn and ConsumerRegion must be given.",
                )
            if namespace and namespace not in _namespaces(account, self.region):
                raise DatashareError(
                    "InvalidNamespaceFault", f"The namespace {namespace} is not a namespace of {account}."
                )
            entry = self._consumer_entry(datashare)
            if entry["Status"] not in ("AUTHORIZED", "ACTIVE") or (entry["Status"] == "ACTIVE" and not namespace):
                raise DatashareError(
                    "InvalidDataShareFault",
                    f"The datashare cannot be associated with {account}: its status is {entry['Status']}.",
                )
            writes = bool(self._get_bool_param("AllowWrites", False))
            if namespace:
                if namespace in datashare["associations"]:
                    raise DatashareError("InvalidDataShareFault", f"{namespace} is already associated.")
                now = _now()
                datashare["associations"][namespace] = dict(
                    entry, ConsumerIdentifier=namespace, Status="ACTIVE", CreatedDate=now, StatusChangeDate=now,
                    ConsumerAcceptedWrites=writes,
                )  # fmt: skip
            else:
                _set(entry, "ACTIVE", ConsumerAcceptedWrites=writes, **({"ConsumerRegion": region} if region else {}))
            return self._consumer_answer(datashare)

    def disassociate_data_share_consumer(self) -> ActionResult:
        with state.LOCK:
            datashare = self._datashare()
            namespace = self._get_param("ConsumerArn")
            if namespace:
                entry = datashare["associations"].get(namespace)
                if entry is None or _account_of(namespace) != self.current_account:
                    raise DatashareError("InvalidNamespaceFault", f"{namespace} is not associated with the datashare.")
                del datashare["associations"][namespace]
            else:
                entry = self._consumer_entry(datashare)
                if entry["Status"] != "ACTIVE":
                    raise DatashareError(
                        "InvalidDataShareFault", f"The datashare is not associated ({entry['Status']})."
                    )
                _set(entry, "AUTHORIZED", ConsumerAcceptedWrites=False)
                entry.pop("ConsumerRegion", None)
            return self._consumer_answer(datashare)

    def reject_data_share(self) -> ActionResult:
        with state.LOCK:
            datashare = self._datashare()
            entry = self._consumer_entry(datashare)
            if entry["Status"] not in ("PENDING_AUTHORIZATION", "AUTHORIZED"):
                raise DatashareError(
                    "InvalidDataShareFault", f"The datashare cannot be rejected: its status is {entry['Status']}."
                )
            _set(entry, "REJECTED")
            return self._consumer_answer(datashare)


# --- the Data API -------------------------------------------------------------------------------------------------


def _validation(message: str) -> JsonRESTError:
    return JsonRESTError("ValidationException", message)


def run_sql(namespace_arn: str, sql: str) -> None:
    """The SQL's effect on the datashares of ``namespace_arn``; raises ValueError with the database's error."""
    prefix, _sep, namespace_id = namespace_arn.rpartition(":namespace:")
    for kind, pattern in _SQL.items():
        match = pattern.fullmatch(sql)
        if not match:
            continue
        name = match.group(1)
        if kind == "create":
            create_datashare(namespace_arn, name)
            return
        datashare = DATASHARES.get(f"{prefix}:datashare:{namespace_id}/{name}")
        if datashare is None:
            raise ValueError(f'ERROR: datashare "{name}" does not exist')
        (grant_usage if kind == "grant" else revoke_usage)(datashare, match.group(2))
        return
    raise ValueError(
        "ERROR: the emulator runs only CREATE DATASHARE, GRANT USAGE ON DATASHARE and REVOKE USAGE ON DATASHARE"
    )


def _finish(statement: dict) -> None:
    forced = next((error for text, error in state.CONFIG["fail_statements"].items() if text in statement["Sql"]), None)
    try:
        if forced:
            raise ValueError(forced)
        run_sql(statement["namespace"], statement["Sql"])
        statement["Status"] = "FINISHED"
    except ValueError as exc:
        statement["Status"], statement["Error"] = "FAILED", str(exc)
    statement["UpdatedAt"] = _now()


def _statement_answer(statement: dict) -> dict:
    answer = {
        key: statement[key]
        for key in ("Id", "Status", "ClusterIdentifier", "Database", "DbUser", "SecretArn", "Error")
        if statement.get(key) is not None
    }
    answer.update(
        QueryString=statement["Sql"],
        CreatedAt=statement["CreatedAt"].timestamp(),
        UpdatedAt=statement["UpdatedAt"].timestamp(),
        HasResultSet=False,
    )
    return answer


class _StatementOps(RedshiftDataAPIServiceResponse):
    """Holder of the operations; install() copies them onto moto's Data API response class."""

    def execute_statement(self):
        cluster, database = self._get_param("ClusterIdentifier"), self._get_param("Database")
        user, secret, sql = self._get_param("DbUser"), self._get_param("SecretArn"), self._get_param("Sql")
        token = self._get_param("ClientToken")
        if not cluster:
            raise _validation(
                "The emulator runs statements on provisioned clusters only: ClusterIdentifier is required."
            )
        if not database or not sql:
            raise _validation("Database and Sql are required.")
        if bool(user) == bool(secret):
            raise _validation("Exactly one of DbUser and SecretArn must be given for a provisioned cluster.")
        with state.LOCK:
            key = (self.current_account, token)
            if token and key in _TOKENS:
                # The same client token: the earlier statement, not a second one (what a retry resends).
                statement = STATEMENTS[_TOKENS[key]]
            else:
                namespace = namespace_of(self.current_account, self.region, cluster)
                if namespace is None:
                    raise _validation(f"Cluster {cluster} not found.")
                now = _now()
                statement = {
                    "Id": str(uuid.uuid4()),
                    "Status": "SUBMITTED",
                    "ClusterIdentifier": cluster,
                    "Database": database,
                    "DbUser": user,
                    "SecretArn": secret,
                    "Sql": sql,
                    "CreatedAt": now,
                    "UpdatedAt": now,
                    "account": self.current_account,
                    "namespace": namespace,
                    "reads": 0,
                }
                STATEMENTS[statement["Id"]] = statement
                if token:
                    _TOKENS[key] = statement["Id"]
            answer = {k: statement[k] for k in ("Id", "ClusterIdentifier", "Database", "DbUser", "SecretArn")}
            answer = {k: v for k, v in answer.items() if v is not None}
            answer["CreatedAt"] = statement["CreatedAt"].timestamp()
            return 200, {}, json.dumps(answer)

    def describe_statement(self):
        statement_id = self._get_param("Id")
        with state.LOCK:
            statement = STATEMENTS.get(statement_id)
            if statement is None or statement["account"] != self.current_account:
                raise JsonRESTError("ResourceNotFoundException", f"Query {statement_id} does not exist.")
            if statement["Status"] in PROGRESS:
                statement["reads"] += 1
                if statement["reads"] > state.CONFIG["statement_reads"]:
                    _finish(statement)
                else:
                    statement["Status"] = PROGRESS[min(statement["reads"], len(PROGRESS) - 1)]
                    statement["UpdatedAt"] = _now()
            return 200, {}, json.dumps(_statement_answer(statement))


# --- control API --------------------------------------------------------------------------------------------------


def seed_cluster(payload: dict) -> dict:
    """``POST /_emulator/redshift/clusters``: a cluster (and its namespace) in any account, e.g. the partner's."""
    from .server import _cluster_kwargs  # pylint: disable=import-outside-toplevel

    region = payload.get("region", "us-east-1")
    account = str(payload.get("account") or accounts.owner())
    cluster_id = str(payload["cluster_identifier"])
    redshift_backends[account][region].create_cluster(**_cluster_kwargs(cluster_id, region))
    return {
        "cluster_identifier": cluster_id,
        "account": account,
        "namespace_arn": namespace_of(account, region, cluster_id),
    }


def seed_datashare(payload: dict) -> dict:
    """``POST /_emulator/redshift/datashares``: a datashare made as ``CREATE DATASHARE`` makes it on the cluster (which
    must exist), with the accounts of ``grants`` granted usage as ``GRANT USAGE`` does."""
    region = payload.get("region", "us-east-1")
    account = str(payload.get("account") or accounts.owner())
    name = str(payload["name"])
    if not re.fullmatch(_NAME, name):
        raise ValueError(f"name {name!r} is not a Redshift identifier")
    namespace = namespace_of(account, region, str(payload["cluster_identifier"]))
    if namespace is None:
        raise ValueError(f"no cluster {payload['cluster_identifier']} in account {account}, region {region}")
    grants = [str(consumer) for consumer in payload.get("grants", [])]
    with state.LOCK:
        datashare = create_datashare(namespace, name, payload.get("publicly_accessible", False))
        for consumer in grants:
            grant_usage(datashare, consumer)
    return {"arn": datashare["arn"], "producer_arn": namespace, "grants": grants}


CONTROL_ROUTES = {
    ("POST", "/_emulator/redshift/clusters"): seed_cluster,
    ("POST", "/_emulator/redshift/datashares"): seed_datashare,
}


def install() -> None:
    """ClusterNamespaceArn on moto's clusters, the datashare operations on RedshiftResponse, the Data API's."""
    Cluster.cluster_namespace_arn = property(_namespace_arn)
    for name in (
        "_datashare",
        "_producer_datashare",
        "_consumer_entry",
        "_consumer_answer",
        "describe_data_shares",
        "describe_data_shares_for_producer",
        "describe_data_shares_for_consumer",
        "authorize_data_share",
        "deauthorize_data_share",
        "associate_data_share_consumer",
        "disassociate_data_share_consumer",
        "reject_data_share",
    ):
        setattr(RedshiftResponse, name, getattr(_DatashareOps, name))
    RedshiftDataAPIServiceResponse.execute_statement = _StatementOps.execute_statement
    RedshiftDataAPIServiceResponse.describe_statement = _StatementOps.describe_statement
