# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bad input never reaches AWS: every module, given a value that breaks one rule of the API or of the module, fails
naming the option, and no request leaves the process.

The modules run in-process (``main()``), with real botocore clients and sessions (a profile that does not exist, an
aws_config botocore refuses fail as they do in a task); the HTTP layer is replaced by one that records the request
and refuses it, so that a request made, however it ends, shows. (This matrix ran as four ansible-playbook runs in
tests/system/test_security.py: one module process per case.)
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import botocore.endpoint
import pytest

GLUE_DATABASE = "arn:aws:glue:us-east-1:123456789012:database/sales"
PARTNER_ACCOUNT = "210987654321"
CONNECTION = {
    "endpoint_url": "http://127.0.0.1:9",
    "region": "us-east-1",
    "access_key": "AKIAEMULATOREXAMPLE",
    "secret_key": "emulator-secret-key",
}

SHARE_ARN = "arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e"
RW_ARN = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"
PARTNER = {
    "cluster_identifier": "analytics",
    "database_name": "sales",
    "partner_name": "Fivetran",
    "account_id": "123456789012",
}
SHARE = {"resource_share_arn": SHARE_ARN, "permission_arn": RW_ARN}
NEW_SHARE = {"name": "fivetran-share", "resource_arns": [GLUE_DATABASE]}
DATASHARE_ARN = "arn:aws:redshift:us-east-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share"
PRINCIPAL = {"resource_share_arn": SHARE_ARN, "principals": [PARTNER_ACCOUNT]}
LF_GRANT = {"principal": PARTNER_ACCOUNT, "database_name": "sales", "permissions": ["DESCRIBE"]}

# (module, arguments, what the message must name). Each breaks one rule of the API or of the module.
BAD_INPUT = [
    ("redshift_partner", dict(PARTNER, cluster_identifier="analytics_cluster"), "cluster_identifier"),
    ("redshift_partner", dict(PARTNER, cluster_identifier="c" * 64), "cluster_identifier"),
    ("redshift_partner", dict(PARTNER, database_name="1abc"), "database_name"),
    ("redshift_partner", dict(PARTNER, database_name="a"), "database_name"),
    ("redshift_partner", dict(PARTNER, database_name="db-name"), "database_name"),
    ("redshift_partner", dict(PARTNER, database_name="d" * 128), "database_name"),
    ("redshift_partner", dict(PARTNER, partner_name="Five tran"), "partner_name"),
    ("redshift_partner", dict(PARTNER, partner_name="p" * 256), "partner_name"),
    ("redshift_partner", dict(PARTNER, account_id="12345678901"), "account_id"),
    ("redshift_partner", dict(PARTNER, account_id="1234567890123"), "account_id"),
    ("redshift_partner", dict(PARTNER, account_id="12345678901a"), "account_id"),
    ("redshift_partner", dict(PARTNER, state="gone"), "state"),
    ("redshift_partner", dict(PARTNER, status="Broken"), "status"),
    ("redshift_partner", dict(PARTNER, status_message="Running"), "status_message"),
    ("redshift_partner", {k: v for k, v in PARTNER.items() if k != "cluster_identifier"}, "cluster_identifier"),
    ("redshift_partner", dict(PARTNER, clusterid="analytics"), "clusterid"),
    ("redshift_partner", dict(PARTNER, profile="prod"), "profile"),
    ("redshift_partner", dict(PARTNER, aws_config={"retry": {"mode": "standard"}}), "aws_config"),
    ("redshift_partner", dict(PARTNER, validate_certs="sometimes"), "validate_certs"),
    (
        "redshift_partner_info",
        {"cluster_identifier": "bad cluster", "account_id": "123456789012"},
        "cluster_identifier",
    ),
    (
        "redshift_partner_info",
        {"cluster_identifier": "analytics", "account_id": "123456789012", "partner_name": "Five/tran"},
        "partner_name",
    ),
    ("ram_resource_share_permission", dict(SHARE, resource_share_arn="partner-share"), "resource_share_arn"),
    (
        "ram_resource_share_permission",
        dict(SHARE, resource_share_arn="arn:aws:ram:us-east-1:12345:resource-share/x"),
        "resource_share_arn",
    ),
    (
        "ram_resource_share_permission",
        dict(SHARE, permission_arn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
        "permission_arn",
    ),
    (
        "ram_resource_share_permission",
        dict(SHARE, permission_arn="arn:aws-cn:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"),
        "permission_arn",
    ),
    (
        "ram_resource_share_permission",
        dict(SHARE, resource_share_name="partner-share"),
        "resource_share_arn|resource_share_name",
    ),
    ("ram_resource_share_permission", {"resource_share_arn": SHARE_ARN}, "permission_arn, permission_name"),
    ("ram_resource_share_permission", dict(SHARE, permission_version="latest"), "permission_version"),
    ("ram_resource_share_permission", dict(SHARE, permission_version=0), "permission_version"),
    ("ram_resource_share_permission", dict(SHARE, replace="maybe"), "replace"),
    (
        "ram_resource_share_permission",
        {"resource_share_arn": SHARE_ARN, "permission_name": "Glue Database Read/Write"},
        "permission_name",
    ),
    (
        "ram_resource_share_permission_info",
        {"resource_share_arn": "arn:aws:ram:us-east-1:123456789012:share/x"},
        "resource_share_arn",
    ),
    # 1.1.0: the share modules.
    ("ram_resource_share", dict(NEW_SHARE, principals=["partner@example.com"]), "principals"),
    ("ram_resource_share", dict(NEW_SHARE, principals=["21098765432"]), "principals"),
    (
        "ram_resource_share",
        dict(NEW_SHARE, principals=["arn:aws:organizations::123456789012:organization/o-abc"]),
        "principals",
    ),
    ("ram_resource_share", dict(NEW_SHARE, resource_arns=["glue:database/sales"]), "resource_arns"),
    (
        "ram_resource_share",
        dict(NEW_SHARE, resource_arns=["arn:aws:glue:us-east-1:12345:database/sales"]),
        "resource_arns",
    ),
    ("ram_resource_share", dict(NEW_SHARE, purge_principals=True), "purge_principals"),
    ("ram_resource_share", {"name": "fivetran-share", "purge_resources": True}, "purge_resources"),
    ("ram_resource_share", {"resource_arns": [GLUE_DATABASE]}, "name or arn"),
    ("ram_resource_share", dict(NEW_SHARE, name="  "), "name"),
    ("ram_resource_share", {"arn": "arn:aws:ram:us-east-1:123456789012:share/x"}, "arn"),
    ("ram_resource_share", dict(NEW_SHARE, permissions=["arn:aws:iam::aws:policy/ReadOnlyAccess"]), "permissions"),
    ("ram_resource_share", dict(NEW_SHARE, permissions=["Glue Database Read/Write"]), "permissions"),
    ("ram_resource_share", dict(NEW_SHARE, tags={"aws:team": "data"}), "tags"),
    ("ram_resource_share", dict(NEW_SHARE, tags={"k" * 129: "data"}), "tags"),
    ("ram_resource_share", dict(NEW_SHARE, wait_timeout=0), "wait_timeout"),
    ("ram_resource_share", dict(NEW_SHARE, wait_timeout="five minutes"), "wait_timeout"),
    ("ram_resource_share", dict(NEW_SHARE, allow_external_principals="partners"), "allow_external_principals"),
    ("ram_resource_share", dict(NEW_SHARE, state="deleted"), "state"),
    ("ram_resource_share_principal", dict(PRINCIPAL, principals=["12345"]), "principals"),
    ("ram_resource_share_principal", dict(PRINCIPAL, principals=[]), "principals"),
    ("ram_resource_share_principal", {"principals": [PARTNER_ACCOUNT]}, "resource_share_arn, resource_share_name"),
    ("ram_resource_share_principal", dict(PRINCIPAL, resource_share_arn="fivetran-share"), "resource_share_arn"),
    ("ram_resource_share_principal", dict(PRINCIPAL, wait_timeout=0), "wait_timeout"),
    ("ram_resource_share_principal", dict(PRINCIPAL, state="invited"), "state"),
    ("ram_resource_share_info", {"arn": "arn:aws:ram:us-east-1:1234:resource-share/x"}, "arn"),
    ("ram_resource_share_info", {"resource_owner": "PARTNER"}, "resource_owner"),
    ("ram_resource_share_invitation", {"resource_share_arn": "not-an-arn"}, "resource_share_arn"),
    (
        "ram_resource_share_invitation",
        {"resource_share_arn": SHARE_ARN, "resource_share_name": "fivetran-share"},
        "resource_share_arn|resource_share_name",
    ),
    ("ram_resource_share_invitation", {}, "resource_share_arn, resource_share_name"),
    ("ram_resource_share_invitation", {"resource_share_arn": SHARE_ARN, "state": "accept"}, "state"),
    # Values of aws_config that botocore takes into Config() but rejects later (or at once): before any call.
    ("ram_resource_share_info", {"aws_config": {"retries": {"mode": "bogus"}}}, "aws_config"),
    ("ram_resource_share_info", {"aws_config": {"connect_timeout": "abc"}}, "aws_config"),
    ("ram_resource_share", dict(NEW_SHARE, aws_config={"retries": {"mode": "bogus"}}), "aws_config"),
    ("ram_resource_share_principal", dict(PRINCIPAL, aws_config={"connect_timeout": "abc"}), "aws_config"),
    (
        "ram_resource_share_invitation",
        {"resource_share_arn": SHARE_ARN, "aws_config": {"read_timeout": "abc"}},
        "aws_config",
    ),
    ("redshift_partner", dict(PARTNER, aws_config={"retries": {"mode": "bogus"}}), "aws_config"),
    ("redshift_partner", dict(PARTNER, aws_config={"connect_timeout": "abc"}), "aws_config"),
    ("ram_resource_share_permission", dict(SHARE, aws_config={"retries": {"mode": "bogus"}}), "aws_config"),
    # 1.2.0: customer managed permissions.
    (
        "ram_permission",
        {"name": "P", "policy_template": {"Effect": "Allow", "Action": "glue:GetTable", "Principal": "*"}},
        "policy_template",
    ),
    (
        "ram_permission",
        {"name": "P", "policy_template": {"Effect": "Allow", "Action": "glue:GetTable", "Resource": "*"}},
        "policy_template",
    ),
    ("ram_permission", {"name": "P", "policy_template": '{"Effect": "Allow"'}, "policy_template"),
    ("ram_permission", {"name": "P"}, "policy_template"),
    ("ram_permission", {"name": "has space", "state": "absent"}, "name"),
    ("ram_permission", {"name": "P", "state": "absent", "resource_type": "Table"}, "resource_type"),
    ("ram_permission", {"name": "P", "state": "gone"}, "state"),
    ("ram_permission_info", {"permission_type": "MINE"}, "permission_type"),
    (
        "redshift_datashare",
        {"datashare_arn": "sales_share", "consumer_account_ids": [PARTNER_ACCOUNT]},
        "datashare_arn",
    ),
    (
        "redshift_datashare",
        {"datashare_arn": DATASHARE_ARN, "consumer_account_ids": ["2109876543"]},
        "consumer_account_ids",
    ),
    ("redshift_datashare", {"datashare_arn": DATASHARE_ARN, "consumer_account_ids": []}, "consumer_account_ids"),
    (
        "redshift_datashare",
        {"datashare_name": "sales_share", "consumer_account_ids": [PARTNER_ACCOUNT]},
        "cluster_identifier",
    ),
    (
        "redshift_datashare",
        {
            "cluster_identifier": "analytics",
            "datashare_name": "sales'; DROP",
            "consumer_account_ids": [PARTNER_ACCOUNT],
        },
        "datashare_name",
    ),
    (
        "redshift_datashare",
        {
            "datashare_arn": DATASHARE_ARN,
            "consumer_account_ids": [PARTNER_ACCOUNT],
            "grant_usage": {"database_name": "dev", "db_user": "admin"},
        },
        "grant_usage",
    ),
    (
        "redshift_datashare",
        {
            "cluster_identifier": "analytics",
            "datashare_name": "sales_share",
            "consumer_account_ids": [PARTNER_ACCOUNT],
            "grant_usage": {"database_name": "dev"},
        },
        "db_user",
    ),
    ("redshift_datashare_consumer", {"datashare_arn": DATASHARE_ARN, "consumer_arn": DATASHARE_ARN}, "consumer_arn"),
    ("redshift_datashare_consumer", {"datashare_arn": DATASHARE_ARN, "state": "accepted"}, "state"),
    ("redshift_datashare_consumer", {}, "datashare_arn"),
    ("redshift_datashare_info", {"datashare_arn": "arn:aws:redshift:us-east-1:1:datashare:x"}, "datashare_arn"),
    ("redshift_datashare_info", {"cluster_identifier": "bad cluster"}, "cluster_identifier"),
    ("lakeformation_permissions", dict(LF_GRANT, principal="12345"), "principal"),
    ("lakeformation_permissions", dict(LF_GRANT, table_name="orders", permissions=["CREATE_TABLE"]), "permissions"),
    ("lakeformation_permissions", dict(LF_GRANT, data_location_arn="arn:aws:s3:::lake"), "data_location_arn"),
    ("lakeformation_permissions", {k: v for k, v in LF_GRANT.items() if k != "database_name"}, "database_name"),
    ("lakeformation_permissions_info", {"principal": "12345"}, "principal"),
    ("partner_access_info", {"cluster_identifiers": ["bad cluster"]}, "cluster_identifiers"),
    ("partner_access_info", {"partners": [{"name": "Fivetran", "expires_on": "2027-02-30"}]}, "expires_on"),
    (
        "partner_access_info",
        {
            "partners": [
                {
                    "name": "Fivetran",
                    "lakeformation_permissions": [{"database_name": "sales", "permissions": ["SELECT"]}],
                }
            ]
        },
        "lakeformation_permissions",
    ),
]


MODULES = Path(__file__).resolve().parents[4] / "plugins" / "modules"


def test_the_bad_input_matrix_covers_every_module():
    every = {path.stem for path in MODULES.glob("*.py") if path.stem != "__init__"}
    assert len(every) >= 16
    assert {module for module, _arguments, _option in BAD_INPUT} == every


@pytest.fixture
def sent(monkeypatch):
    """The requests the clients tried to send: none leaves the process (each is refused once recorded)."""
    requests = []

    def refuse(_endpoint, request):
        requests.append(request)
        raise AssertionError(f"bad input reached AWS: {request.method} {request.url}")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", refuse)
    # As a job's environment: no AWS setting of this machine's (tests/system/conftest.py: clean_environ).
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    return requests


@pytest.mark.parametrize(
    "module, arguments, option", BAD_INPUT, ids=[f"{index}-{case[0]}" for index, case in enumerate(BAD_INPUT)]
)
def test_bad_input_fails_naming_the_option_with_no_aws_call(run_module, sent, module, arguments, option):
    args = dict(CONNECTION)
    if "profile" in arguments:
        del args["secret_key"]
    args.update(arguments)
    result = run_module(
        importlib.import_module(f"ansible_collections.partner_onboarding.aws.plugins.modules.{module}"), **args
    )
    assert result.get("failed"), result
    assert option in result["msg"], result
    assert sent == [], "bad input reached AWS"
