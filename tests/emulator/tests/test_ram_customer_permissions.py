"""RAM customer managed permissions through boto3, following AWS_FACTS.md."""

import json

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
DB_ARN = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"
ARN = f"arn:aws:ram:us-east-1:{ACCOUNT}:permission/PartnerRead"
READ = {"Effect": "Allow", "Action": ["glue:GetDatabase", "glue:GetTables"]}


def _code(exc_info) -> str:
    return exc_info.value.response["Error"]["Code"]


def _template(actions) -> str:
    return json.dumps({"Effect": "Allow", "Action": actions})


@pytest.fixture
def ram(aws):
    return aws("ram")


@pytest.fixture
def permission(ram):
    return ram.create_permission(name="PartnerRead", resourceType="glue:Database", policyTemplate=json.dumps(READ))[
        "permission"
    ]


def test_create_version_one_default(ram, permission):
    assert permission["arn"] == ARN and permission["version"] == "1" and permission["defaultVersion"] is True
    assert permission["permissionType"] == "CUSTOMER_MANAGED"
    [listed] = ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"]
    assert listed["arn"] == ARN and listed["version"] == "1"
    got = ram.get_permission(permissionArn=ARN)["permission"]
    assert json.loads(got["permission"]) == READ
    with pytest.raises(ClientError) as exc:
        ram.create_permission(name="PartnerRead", resourceType="glue:Database", policyTemplate=json.dumps(READ))
    assert _code(exc) == "PermissionAlreadyExistsException"


@pytest.mark.parametrize("key", ["Principal", "Resource"])
def test_template_with_principal_or_resource_refused(ram, key):
    with pytest.raises(ClientError) as exc:
        ram.create_permission(
            name="P", resourceType="glue:Database", policyTemplate=json.dumps(dict(READ, **{key: "*"}))
        )
    assert _code(exc) == "MalformedPolicyTemplateException"
    assert ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"] == []


def test_versions_default_and_limit(ram, permission):
    new = ram.create_permission_version(permissionArn=ARN, policyTemplate=_template(["glue:GetDatabase"]))
    assert new["permission"]["version"] == "2" and new["permission"]["defaultVersion"] is False
    assert ram.get_permission(permissionArn=ARN)["permission"]["version"] == "1"
    ram.set_default_permission_version(permissionArn=ARN, permissionVersion=2)
    assert ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"][0]["version"] == "2"
    with pytest.raises(ClientError) as exc:
        ram.delete_permission_version(permissionArn=ARN, permissionVersion=2)
    assert _code(exc) == "OperationNotPermittedException"
    for actions in (["glue:GetTable"], ["glue:GetTables"], ["glue:GetPartitions"]):
        ram.create_permission_version(permissionArn=ARN, policyTemplate=_template(actions))
    with pytest.raises(ClientError) as exc:
        ram.create_permission_version(permissionArn=ARN, policyTemplate=_template(["glue:SearchTables"]))
    assert _code(exc) == "PermissionVersionsLimitExceededException"
    ram.delete_permission_version(permissionArn=ARN, permissionVersion=1)
    versions = ram.list_permission_versions(permissionArn=ARN)["permissions"]
    assert [v["version"] for v in versions] == ["2", "3", "4", "5"]
    assert (
        ram.create_permission_version(permissionArn=ARN, policyTemplate=_template(["glue:X"]))["permission"]["version"]
        == "6"
    )


def test_share_keeps_its_version_until_replaced(ram, permission, emulator):
    share = ram.create_resource_share(name="s", resourceArns=[DB_ARN], permissionArns=[ARN])["resourceShare"]
    share_arn = share["resourceShareArn"]
    ram.create_permission_version(permissionArn=ARN, policyTemplate=_template(["glue:GetDatabase"]))
    ram.set_default_permission_version(permissionArn=ARN, permissionVersion=2)
    [perm] = ram.list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    assert (perm["version"], perm["defaultVersion"]) == ("1", False)
    [assoc] = ram.list_permission_associations(permissionArn=ARN)["permissions"]
    assert (assoc["resourceShareArn"], assoc["permissionVersion"], assoc["defaultVersion"]) == (share_arn, "1", False)
    assert ram.list_permission_associations(permissionArn=ARN, defaultVersion=True)["permissions"] == []
    assert ram.list_permission_associations(permissionArn=ARN, associationStatus="DISASSOCIATED")["permissions"] == []
    listed = ram.list_permission_associations(permissionArn=ARN, associationStatus="ASSOCIATED")["permissions"]
    assert [item["resourceShareArn"] for item in listed] == [share_arn]
    with pytest.raises(ClientError) as exc:
        ram.replace_permission_associations(fromPermissionArn=ARN, fromPermissionVersion=7, toPermissionArn=ARN)
    assert _code(exc) == "UnknownResourceException"
    with pytest.raises(ClientError) as exc:
        ram.delete_permission_version(permissionArn=ARN, permissionVersion=1)
    assert _code(exc) == "OperationNotPermittedException" and share_arn in exc.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as exc:
        ram.delete_permission(permissionArn=ARN)
    assert _code(exc) == "OperationNotPermittedException"

    emulator.set_config(replace_work_reads=2)
    work = ram.replace_permission_associations(fromPermissionArn=ARN, fromPermissionVersion=1, toPermissionArn=ARN)[
        "replacePermissionAssociationsWork"
    ]
    assert work["status"] == "IN_PROGRESS"
    statuses = [
        ram.list_replace_permission_associations_work(workIds=[work["id"]])["replacePermissionAssociationsWorks"][0][
            "status"
        ]
        for _read in range(2)
    ]
    assert statuses == ["IN_PROGRESS", "COMPLETED"]
    [perm] = ram.list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    assert (perm["version"], perm["defaultVersion"]) == ("2", True)


def test_failed_replacement_moves_nothing(ram, permission, emulator):
    share_arn = ram.create_resource_share(name="s", resourceArns=[DB_ARN], permissionArns=[ARN])["resourceShare"][
        "resourceShareArn"
    ]
    ram.create_permission_version(permissionArn=ARN, policyTemplate=_template(["glue:GetDatabase"]))
    ram.set_default_permission_version(permissionArn=ARN, permissionVersion=2)
    emulator.set_config(replace_work_reads=1, replace_work_fail="share is being changed")
    work = ram.replace_permission_associations(fromPermissionArn=ARN, fromPermissionVersion=1, toPermissionArn=ARN)
    [read] = ram.list_replace_permission_associations_work(workIds=[work["replacePermissionAssociationsWork"]["id"]])[
        "replacePermissionAssociationsWorks"
    ]
    assert (read["status"], read["statusMessage"]) == ("FAILED", "share is being changed")
    [perm] = ram.list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    assert perm["version"] == "1"


def test_tags_and_delete(ram, permission):
    ram.tag_resource(resourceArn=ARN, tags=[{"key": "team", "value": "data"}])
    assert ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"][0]["tags"] == [
        {"key": "team", "value": "data"}
    ]
    ram.untag_resource(resourceArn=ARN, tagKeys=["team"])
    assert ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"][0]["tags"] == []
    assert ram.delete_permission(permissionArn=ARN)["permissionStatus"] == "DELETED"
    with pytest.raises(ClientError) as exc:
        ram.get_permission(permissionArn=ARN)
    assert _code(exc) == "UnknownResourceException"


def test_aws_tags_only_from_aws(ram, emulator):
    """A permission a CloudFormation stack made carries aws: tags; no request may set or remove them (AWS_FACTS.md)."""
    stack = {"aws:cloudformation:stack-name": "partners"}
    [seeded] = emulator.seed(
        permissions=[{"name": "PartnerRead", "resource_type": "glue:Database", "policy_template": READ, "tags": stack}]
    )["permissions"]
    assert seeded == {"name": "PartnerRead", "arn": ARN}
    [listed] = ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"]
    assert listed["tags"] == [{"key": "aws:cloudformation:stack-name", "value": "partners"}]
    assert json.loads(ram.get_permission(permissionArn=ARN)["permission"]["permission"]) == READ
    for call, kwargs in [
        (ram.tag_resource, {"resourceArn": ARN, "tags": [{"key": "aws:x", "value": "y"}]}),
        (ram.untag_resource, {"resourceArn": ARN, "tagKeys": ["aws:cloudformation:stack-name"]}),
        (
            ram.create_permission,
            {
                "name": "Other",
                "resourceType": "glue:Database",
                "policyTemplate": json.dumps(READ),
                "tags": [{"key": "aws:cloudformation:stack-name", "value": "x"}],
            },
        ),
    ]:
        with pytest.raises(ClientError) as exc:
            call(**kwargs)
        assert _code(exc) == "InvalidParameterException"
    [listed] = ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"]
    assert listed["tags"] == [{"key": "aws:cloudformation:stack-name", "value": "partners"}]
