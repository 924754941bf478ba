"""RAM resource-share permissions through boto3, following the AWS API reference's rules."""

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
DB_ARN = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"
TABLE_ARN = f"arn:aws:glue:us-east-1:{ACCOUNT}:table/sales/orders"
PERM = "arn:aws:ram::aws:permission/"
DEFAULT_DB = PERM + "AWSRAMDefaultPermissionGlueDatabase"
READ_WRITE = PERM + "AWSRAMPermissionGlueDatabaseReadWrite"


def _error(exc_info) -> tuple:
    response = exc_info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def ram(aws):
    return aws("ram")


def _perms(ram, share_arn) -> dict:
    return {
        p["resourceType"]: p for p in ram.list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    }


def test_default_permission_attached_on_create(ram, share_arn):
    [perm] = ram.list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    assert perm["arn"] == DEFAULT_DB and perm["version"] == "1" and perm["defaultVersion"] is True
    assert (perm["resourceType"], perm["status"], perm["permissionType"]) == (
        "glue:Database",
        "ASSOCIATED",
        "AWS_MANAGED",
    )
    assert perm["isResourceTypeDefault"] is True and perm["featureSet"] == "STANDARD"
    assert perm["creationTime"] and perm["lastUpdatedTime"]


def test_create_share_honours_permission_arns(ram):
    share = ram.create_resource_share(name="s", resourceArns=[DB_ARN, TABLE_ARN], permissionArns=[READ_WRITE])
    perms = _perms(ram, share["resourceShare"]["resourceShareArn"])
    assert perms["glue:Database"]["name"] == "AWSRAMPermissionGlueDatabaseReadWrite"
    assert perms["glue:Table"]["name"] == "AWSRAMDefaultPermissionGlueTable"


def test_replace_rules(ram, share_arn):
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share_permission(resourceShareArn=share_arn, permissionArn=READ_WRITE)
    assert _error(exc) == ("InvalidParameterException", 400)
    assert "AWSRAMDefaultPermissionGlueDatabase" in exc.value.response["Error"]["Message"]
    assert _perms(ram, share_arn)["glue:Database"]["arn"] == DEFAULT_DB

    result = ram.associate_resource_share_permission(resourceShareArn=share_arn, permissionArn=READ_WRITE, replace=True)
    assert result["returnValue"] is True and result["clientToken"]
    assert list(_perms(ram, share_arn)) == ["glue:Database"]
    assert _perms(ram, share_arn)["glue:Database"]["arn"] == READ_WRITE


def test_new_type_without_resources(ram, share_arn):
    table_perm = PERM + "AWSRAMPermissionGlueTableReadWrite"
    ram.associate_resource_share_permission(resourceShareArn=share_arn, permissionArn=table_perm)
    assert _perms(ram, share_arn)["glue:Table"]["arn"] == table_perm
    # Resources of that type now use the chosen permission, not the default.
    ram.associate_resource_share(resourceShareArn=share_arn, resourceArns=[TABLE_ARN])
    assert _perms(ram, share_arn)["glue:Table"]["arn"] == table_perm


def test_outdated_version(ram, share_arn, emulator):
    ram.associate_resource_share_permission(resourceShareArn=share_arn, permissionArn=READ_WRITE, replace=True)
    assert emulator.new_permission_version("AWSRAMPermissionGlueDatabaseReadWrite") == "2"
    perm = _perms(ram, share_arn)["glue:Database"]
    assert (perm["version"], perm["defaultVersion"]) == ("1", False)

    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share_permission(
            resourceShareArn=share_arn, permissionArn=READ_WRITE, permissionVersion=1, replace=True
        )
    assert _error(exc) == ("InvalidParameterException", 400)
    ram.associate_resource_share_permission(
        resourceShareArn=share_arn, permissionArn=READ_WRITE, permissionVersion=2, replace=True
    )
    perm = _perms(ram, share_arn)["glue:Database"]
    assert (perm["version"], perm["defaultVersion"]) == ("2", True)


@pytest.mark.parametrize(
    "share, permission, code",
    [
        (
            "arn:aws:ram:us-east-1:123456789012:resource-share/00000000-0000-0000-0000-000000000000",
            READ_WRITE,
            "UnknownResourceException",
        ),
        ("not-an-arn", READ_WRITE, "MalformedArnException"),
        (None, PERM + "AWSRAMNoSuchPermission", "UnknownResourceException"),
        (None, "arn:aws:iam::aws:policy/Foo", "MalformedArnException"),
    ],
)
def test_associate_errors(ram, share_arn, share, permission, code):
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share_permission(
            resourceShareArn=share or share_arn, permissionArn=permission, replace=True
        )
    assert _error(exc) == (code, 400)


def test_disassociate(ram, share_arn):
    with pytest.raises(ClientError) as exc:
        ram.disassociate_resource_share_permission(resourceShareArn=share_arn, permissionArn=DEFAULT_DB)
    assert _error(exc) == ("OperationNotPermittedException", 400)
    with pytest.raises(ClientError) as exc:
        ram.disassociate_resource_share_permission(resourceShareArn=share_arn, permissionArn=READ_WRITE)
    assert _error(exc) == ("UnknownResourceException", 400)

    removed = ram.disassociate_resource_share(resourceShareArn=share_arn, resourceArns=[DB_ARN])
    assert removed["resourceShareAssociations"][0]["status"] == "DISASSOCIATING"
    result = ram.disassociate_resource_share_permission(resourceShareArn=share_arn, permissionArn=DEFAULT_DB)
    assert result["returnValue"] is True
    assert _perms(ram, share_arn) == {}


def test_associate_resource_share_attaches_default(ram):
    arn = ram.create_resource_share(name="empty")["resourceShare"]["resourceShareArn"]
    assert _perms(ram, arn) == {}
    added = ram.associate_resource_share(resourceShareArn=arn, resourceArns=[TABLE_ARN], principals=["111122223333"])
    assert {a["associationType"] for a in added["resourceShareAssociations"]} == {"RESOURCE", "PRINCIPAL"}
    assert _perms(ram, arn)["glue:Table"]["name"] == "AWSRAMDefaultPermissionGlueTable"
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share(resourceShareArn=arn, resourceArns=["arn:aws:glue:us-east-1:1:database/x"])
    assert _error(exc) == ("MalformedArnException", 400)


def test_client_token(ram, share_arn, emulator):
    args = {"resourceShareArn": share_arn, "permissionArn": READ_WRITE, "replace": True, "clientToken": "tok-1"}
    first = ram.associate_resource_share_permission(**args)
    emulator.new_permission_version("AWSRAMPermissionGlueDatabaseReadWrite")
    again = ram.associate_resource_share_permission(**args)
    assert first["clientToken"] == again["clientToken"] == "tok-1"
    # Not applied twice: still the version associated by the first call.
    assert _perms(ram, share_arn)["glue:Database"]["version"] == "1"
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share_permission(**dict(args, permissionArn=DEFAULT_DB))
    assert _error(exc) == ("IdempotentParameterMismatchException", 400)


def test_get_permission(ram):
    perm = ram.get_permission(permissionArn=READ_WRITE)["permission"]
    assert perm["name"] == "AWSRAMPermissionGlueDatabaseReadWrite" and perm["resourceType"] == "glue:Database"
    assert "glue:GetDatabase" in perm["permission"] and perm["isResourceTypeDefault"] is False
    assert (perm["version"], perm["defaultVersion"], perm["permissionType"]) == ("1", True, "AWS_MANAGED")
    assert ram.get_permission(permissionArn=READ_WRITE, permissionVersion=1)["permission"]["version"] == "1"
    with pytest.raises(ClientError) as exc:
        ram.get_permission(permissionArn=READ_WRITE, permissionVersion=7)
    assert _error(exc) == ("UnknownResourceException", 400)


@pytest.mark.parametrize("region, partition", [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")])
def test_partition_from_region(aws, region, partition):
    ram = aws("ram", region=region)
    db_arn = f"arn:{partition}:glue:{region}:{ACCOUNT}:database/sales"
    arn = ram.create_resource_share(name="s", resourceArns=[db_arn])["resourceShare"]["resourceShareArn"]
    assert arn.startswith(f"arn:{partition}:ram:{region}:")
    [perm] = ram.list_resource_share_permissions(resourceShareArn=arn)["permissions"]
    assert perm["arn"] == f"arn:{partition}:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase"


def test_list_permissions_paginated(ram, emulator):
    subnet = f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/subnet-0123"
    arn = ram.create_resource_share(name="s", resourceArns=[DB_ARN, TABLE_ARN, subnet])["resourceShare"][
        "resourceShareArn"
    ]
    emulator.set_page_size(1)
    # botocore has no paginator for this operation: follow nextToken as a client must.
    pages = [ram.list_resource_share_permissions(resourceShareArn=arn)]
    while "nextToken" in pages[-1]:
        pages.append(ram.list_resource_share_permissions(resourceShareArn=arn, nextToken=pages[-1]["nextToken"]))
    assert len(pages) == 3
    assert sorted(p["permissions"][0]["resourceType"] for p in pages) == ["ec2:Subnet", "glue:Database", "glue:Table"]
    with pytest.raises(ClientError) as exc:
        ram.list_resource_share_permissions(resourceShareArn=arn, nextToken="garbage")
    assert _error(exc) == ("InvalidNextTokenException", 400)


def test_get_resource_shares_filters(ram, emulator):
    for name in ("alpha", "beta", "alpha"):
        ram.create_resource_share(name=name)
    beta = ram.get_resource_shares(resourceOwner="SELF", name="beta")["resourceShares"]
    assert [s["name"] for s in beta] == ["beta"]
    ram.delete_resource_share(resourceShareArn=beta[0]["resourceShareArn"])
    active = ram.get_resource_shares(resourceOwner="SELF", resourceShareStatus="ACTIVE")["resourceShares"]
    assert sorted(s["name"] for s in active) == ["alpha", "alpha"]
    emulator.set_page_size(2)
    pages = list(ram.get_paginator("get_resource_shares").paginate(resourceOwner="SELF"))
    assert [len(p["resourceShares"]) for p in pages] == [2, 1]
    assert ram.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []
    with pytest.raises(ClientError) as exc:
        ram.get_resource_shares(resourceOwner="NOBODY")
    assert _error(exc) == ("InvalidParameterException", 400)
