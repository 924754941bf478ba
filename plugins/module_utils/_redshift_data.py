# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Redshift Data API: one SQL statement run on a cluster and waited for until it ends.

A statement is never sent twice: it may have run. ``ExecuteStatement`` carries a client token, so botocore's own
retries of a lost answer are the same statement, not a second one. Private to the collection: its names may change
without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write, call
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._waiters import wait_until

# Seconds a statement may take before the task stops waiting for it.
STATEMENT_TIMEOUT = 300
RUNNING = ("SUBMITTED", "PICKED", "STARTED")
ENDED_IN_ERROR = ("FAILED", "ABORTED")

ERROR_HINTS = {
    "ValidationException": (
        "Check grant_usage (database_name, and db_user or secret_arn) and cluster_identifier: the Data API refused "
        "the statement's connection settings"
    ),
    "ResourceNotFoundException": "Check grant_usage.secret_arn and cluster_identifier",
    "ActiveStatementsExceededException": "Too many statements run on the cluster at once: run the task again later",
}


def statement_write(cluster_identifier, connection, sql, token, target):
    """The ExecuteStatement write of ``sql`` on the cluster, connected as ``connection`` (``database_name`` and
    ``db_user`` or ``secret_arn``)."""
    params = {"ClusterIdentifier": cluster_identifier, "Database": connection["database_name"], "Sql": sql}
    if connection.get("secret_arn"):
        params["SecretArn"] = connection["secret_arn"]
    else:
        params["DbUser"] = connection["db_user"]
    params["ClientToken"] = token
    return Write("ExecuteStatement", params, target)


def normalize_statement(answer):
    return {
        "id": answer.get("Id"),
        "status": answer.get("Status"),
        "error": answer.get("Error"),
        "query_string": answer.get("QueryString"),
    }


def wait_for_statement(client, statement_id, sql, timeout=STATEMENT_TIMEOUT):
    """DescribeStatement until the statement ends: its answer when FINISHED; Failure with its Error when FAILED or
    ABORTED, or when it still runs after ``timeout`` seconds."""

    def settled(answer):
        status = answer.get("Status")
        if status in ENDED_IN_ERROR:
            raise Failure(
                f"the statement {sql!r} (Data API statement {statement_id}) ended {status}: "
                f"{answer.get('Error') or 'no error given'}",
                statement=normalize_statement(answer),
            )
        if status in RUNNING:
            return False
        if status == "FINISHED":
            return True
        raise Failure(
            f"the statement {sql!r} (Data API statement {statement_id}) answered status {status!r}, neither running "
            "nor FINISHED: check it with DescribeStatement before running the task again",
            statement=normalize_statement(answer),
        )

    def timed_out(answer):
        return Failure(
            f"the statement {sql!r} (Data API statement {statement_id}) is still {answer.get('Status')} after "
            f"{timeout} seconds; it may still run: check it with DescribeStatement before running the task again",
            statement=normalize_statement(answer),
        )

    return wait_until(lambda: call(client, "DescribeStatement", Id=statement_id), settled, timeout, timed_out)


def run_statement(client, params, timeout=STATEMENT_TIMEOUT):
    """ExecuteStatement with ``params``, then its DescribeStatement answer once it has FINISHED."""
    answer = call(client, "ExecuteStatement", **params)
    return wait_for_statement(client, answer["Id"], params["Sql"], timeout)
