"""Lake Formation grants through boto3 (AWS_FACTS.md "Lake Formation grants"), and the RAM shares they make."""

import pytest
from botocore.exceptions import ClientError

OWNER = "123456789012"
PARTNER = "210987654321"
INSIDE = "444455556666"
PARTNER_KEY = "AKIAPARTNEREXAMPLE01"
TABLE = {"Table": {"DatabaseName": "sales", "Name": "orders"}}
WILDCARD = {"Table": {"DatabaseName": "sales", "TableWildcard": {}}}
DATABASE = {"Database": {"Name": "sales"}}
LOCATION = "arn:aws:s3:::example-lake/raw"


def principal(identifier=PARTNER):
    return {"DataLakePrincipalIdentifier": identifier}


def _code(exc_info) -> tuple:
    response = exc_info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


@pytest.fixture
def lf(aws, emulator):
    emulator.seed_catalog(databases={"sales": ["orders", "customers"]}, data_locations=[LOCATION])
    return aws("lakeformation", attempts=1)


def listed(lf, **params):
    return lf.list_permissions(**params)["PrincipalResourcePermissions"]


def test_grant_is_answered_with_its_catalog_and_read_back_by_principal_and_resource(lf):
    lf.grant_permissions(Principal=principal(), Resource=TABLE, Permissions=["SELECT"], PermissionsWithGrantOption=[])
    lf.grant_permissions(
        Principal=principal(), Resource=TABLE, Permissions=["DESCRIBE"], PermissionsWithGrantOption=["DESCRIBE"]
    )
    with_catalog = {"Table": dict(TABLE["Table"], CatalogId=OWNER)}
    for resource in (TABLE, with_catalog):
        assert listed(lf, Principal=principal(), Resource=resource) == [
            {
                "Principal": principal(),
                "Resource": with_catalog,
                "Permissions": ["DESCRIBE", "SELECT"],
                "PermissionsWithGrantOption": ["DESCRIBE"],
            }
        ]


def test_the_resource_filter_has_lake_formations_meaning(lf):
    lf.grant_permissions(Principal=principal(), Resource=DATABASE, Permissions=["DESCRIBE"])
    lf.grant_permissions(Principal=principal(), Resource=TABLE, Permissions=["SELECT"])
    lf.grant_permissions(Principal=principal(), Resource=WILDCARD, Permissions=["DESCRIBE"])
    lf.grant_permissions(
        Principal=principal(),
        Resource={"DataLocation": {"ResourceArn": LOCATION}},
        Permissions=["DATA_LOCATION_ACCESS"],
    )
    kinds = {
        "database": DATABASE,
        "table": TABLE,
        "wildcard": WILDCARD,
    }
    for name, resource in kinds.items():
        found = listed(lf, Resource=resource)
        assert len(found) == 1, name
        assert next(iter(found[0]["Resource"].values())).items() >= next(iter(resource.values())).items()
    assert len(listed(lf)) == 4
    assert [g["Permissions"] for g in listed(lf, ResourceType="TABLE")] == [["SELECT"], ["DESCRIBE"]]
    assert listed(lf, Resource={"Table": {"DatabaseName": "sales", "Name": "customers"}}) == []


def test_list_pages_with_next_token_and_max_results(lf, emulator):
    for table in ("orders", "customers"):
        resource = {"Table": {"DatabaseName": "sales", "Name": table}}
        for account in (PARTNER, INSIDE):
            lf.grant_permissions(Principal=principal(account), Resource=resource, Permissions=["SELECT"])
    first = lf.list_permissions(MaxResults=3)
    assert len(first["PrincipalResourcePermissions"]) == 3 and first["NextToken"]
    second = lf.list_permissions(MaxResults=3, NextToken=first["NextToken"])
    assert len(second["PrincipalResourcePermissions"]) == 1 and "NextToken" not in second
    emulator.set_page_size(1)
    tokens, seen, token = 0, [], None
    while True:
        page = lf.list_permissions(**({"NextToken": token} if token else {}))
        seen += page["PrincipalResourcePermissions"]
        token = page.get("NextToken")
        if not token:
            break
        tokens += 1
    assert (len(seen), tokens) == (4, 3)
    with pytest.raises(ClientError) as raised:
        lf.list_permissions(NextToken="not-a-token")
    assert _code(raised)[:2] == ("InvalidInputException", 400)


def test_principal_requires_a_resource(lf):
    with pytest.raises(ClientError) as raised:
        lf.list_permissions(Principal=principal())
    assert _code(raised) == ("InvalidInputException", 400, "Resource is mandatory if Principal is set in the input.")


@pytest.mark.parametrize(
    "resource, code",
    [
        ({"Database": {"Name": "nowhere"}}, "EntityNotFoundException"),
        ({"Table": {"DatabaseName": "sales", "Name": "nothing"}}, "EntityNotFoundException"),
        ({"Table": {"DatabaseName": "nowhere", "TableWildcard": {}}}, "EntityNotFoundException"),
        ({"DataLocation": {"ResourceArn": "arn:aws:s3:::not-registered"}}, "EntityNotFoundException"),
    ],
)
def test_missing_resources_are_not_found(lf, resource, code):
    permission = "DATA_LOCATION_ACCESS" if "DataLocation" in resource else "DESCRIBE"
    with pytest.raises(ClientError) as raised:
        lf.grant_permissions(Principal=principal(), Resource=resource, Permissions=[permission])
    assert _code(raised)[:2] == (code, 400)


@pytest.mark.parametrize(
    "identifier, resource, permissions",
    [
        ("partner", TABLE, ["SELECT"]),
        (PARTNER, DATABASE, ["SELECT"]),
        (PARTNER, TABLE, ["CREATE_TABLE"]),
        (PARTNER, {"DataLocation": {"ResourceArn": LOCATION}}, ["SELECT"]),
    ],
)
def test_invalid_grants(lf, identifier, resource, permissions):
    with pytest.raises(ClientError) as raised:
        lf.grant_permissions(Principal=principal(identifier), Resource=resource, Permissions=permissions)
    assert _code(raised)[:2] == ("InvalidInputException", 400)
    assert listed(lf) == []


def test_revoke_removes_exactly_what_is_named_and_refuses_what_is_not_held(lf):
    lf.grant_permissions(
        Principal=principal(), Resource=TABLE, Permissions=["SELECT", "DESCRIBE"], PermissionsWithGrantOption=["SELECT"]
    )
    lf.revoke_permissions(Principal=principal(), Resource=TABLE, Permissions=[], PermissionsWithGrantOption=["SELECT"])
    [grant] = listed(lf, Principal=principal(), Resource=TABLE)
    assert (grant["Permissions"], grant["PermissionsWithGrantOption"]) == (["DESCRIBE", "SELECT"], [])
    with pytest.raises(ClientError) as raised:
        lf.revoke_permissions(Principal=principal(), Resource=TABLE, Permissions=["INSERT"])
    assert _code(raised)[:2] == ("InvalidInputException", 400)
    lf.revoke_permissions(Principal=principal(), Resource=TABLE, Permissions=["SELECT", "DESCRIBE"])
    assert listed(lf, Principal=principal(), Resource=TABLE) == []


def test_concurrent_modification_is_injectable(lf, emulator):
    emulator.fault("lakeformation", "GrantPermissions", "concurrent_modification", count=1)
    with pytest.raises(ClientError) as raised:
        lf.grant_permissions(Principal=principal(), Resource=TABLE, Permissions=["SELECT"])
    assert _code(raised)[:2] == ("ConcurrentModificationException", 400)
    assert listed(lf) == []
    lf.grant_permissions(Principal=principal(), Resource=TABLE, Permissions=["SELECT"])
    assert len(listed(lf)) == 1


def _lakeformation_shares(ram):
    return [s for s in ram.get_resource_shares(resourceOwner="SELF")["resourceShares"] if s["status"] == "ACTIVE"]


def test_a_grant_outside_the_organization_is_shared_through_ram_with_a_pending_invitation(lf, aws, emulator):
    emulator.add_account(PARTNER_KEY, PARTNER)
    emulator.set_config(organization_accounts=[INSIDE])
    ram, partner_ram = aws("ram"), aws("ram", access_key=PARTNER_KEY)
    lf.grant_permissions(Principal=principal(), Resource=TABLE, Permissions=["SELECT"])
    lf.grant_permissions(Principal=principal(), Resource=TABLE, Permissions=["DESCRIBE"])
    lf.grant_permissions(
        Principal=principal(f"arn:aws:iam::{OWNER}:role/analyst"), Resource=TABLE, Permissions=["SELECT"]
    )
    [share] = _lakeformation_shares(ram)
    assert share["name"].startswith("LakeFormation-V3-")
    [invitation] = partner_ram.get_resource_share_invitations()["resourceShareInvitations"]
    assert (invitation["status"], invitation["senderAccountId"], invitation["resourceShareArn"]) == (
        "PENDING",
        OWNER,
        share["resourceShareArn"],
    )
    # An account inside the organization is added to the same share without an invitation.
    lf.grant_permissions(
        Principal=principal(f"arn:aws:iam::{INSIDE}:role/reader"), Resource=TABLE, Permissions=["SELECT"]
    )
    assert len(_lakeformation_shares(ram)) == 1
    principals = ram.get_resource_share_associations(
        associationType="PRINCIPAL", resourceShareArns=[share["resourceShareArn"]]
    )["resourceShareAssociations"]
    assert {(a["associatedEntity"], a["external"]) for a in principals} == {(PARTNER, True), (INSIDE, False)}
    # When the account holds nothing on the resource any more, it leaves the share (its pending invitation too).
    lf.revoke_permissions(Principal=principal(), Resource=TABLE, Permissions=["SELECT", "DESCRIBE"])
    assert partner_ram.get_resource_share_invitations()["resourceShareInvitations"] == []


def test_accepted_share_is_visible_to_the_partner(lf, aws, emulator):
    emulator.add_account(PARTNER_KEY, PARTNER)
    partner_ram = aws("ram", access_key=PARTNER_KEY)
    lf.grant_permissions(Principal=principal(), Resource=DATABASE, Permissions=["DESCRIBE"])
    [invitation] = partner_ram.get_resource_share_invitations()["resourceShareInvitations"]
    partner_ram.accept_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
    [share] = partner_ram.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]
    assert share["name"].startswith("LakeFormation-V3-")
