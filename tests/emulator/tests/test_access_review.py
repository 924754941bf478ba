"""What the access review needs of the emulator: DescribeClusters pages, shares with many principals, an
organization with members and outside accounts, and the 20 clusters and 50 shares of the API economy's tests."""

import json
import urllib.error

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
MEMBER = "444455556666"
OUTSIDER = "210987654321"


def _clusters(redshift, **params):
    return [
        c["ClusterIdentifier"]
        for page in redshift.get_paginator("describe_clusters").paginate(**params)
        for c in page["Clusters"]
    ]


def test_describe_clusters_pages_with_max_records_and_marker(aws, emulator):
    names = [f"cluster-{n:02d}" for n in range(25)]
    emulator.seed(redshift_clusters=names)
    redshift = aws("redshift")
    first = redshift.describe_clusters(MaxRecords=20)
    assert [c["ClusterIdentifier"] for c in first["Clusters"]] == names[:20]
    second = redshift.describe_clusters(MaxRecords=20, Marker=first["Marker"])
    assert [c["ClusterIdentifier"] for c in second["Clusters"]] == names[20:]
    assert "Marker" not in second
    # Default: 100 a page, so one page here.
    assert "Marker" not in redshift.describe_clusters()
    assert _clusters(redshift) == names


def test_page_size_setting_caps_the_clusters_pages(aws, emulator):
    names = [f"c{n}" for n in range(7)]
    emulator.seed(redshift_clusters=names)
    emulator.set_page_size(3)
    emulator.clear_requests()
    assert _clusters(aws("redshift")) == names
    calls = emulator.requests(operation="DescribeClusters")
    assert len(calls) == 3
    assert [bool(call["params"].get("Marker")) for call in calls] == [False, True, True]


@pytest.mark.parametrize("params", [{"MaxRecords": 19}, {"MaxRecords": 101}, {"Marker": "not-a-marker"}])
def test_describe_clusters_refuses_bad_paging(aws, emulator, params):
    emulator.seed(redshift_clusters=["analytics"])
    with pytest.raises(ClientError) as caught:
        aws("redshift").describe_clusters(**params)
    assert caught.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_describe_clusters_of_one_cluster_still_works(aws, emulator):
    emulator.seed(redshift_clusters=["analytics", "reporting"])
    redshift = aws("redshift")
    assert [c["ClusterIdentifier"] for c in redshift.describe_clusters(ClusterIdentifier="reporting")["Clusters"]] == [
        "reporting"
    ]
    with pytest.raises(ClientError) as caught:
        redshift.describe_clusters(ClusterIdentifier="missing")
    assert caught.value.response["Error"]["Code"] == "ClusterNotFound"


def test_a_share_with_many_principals_inside_and_outside_the_organization(aws, emulator):
    members = [f"4444{n:08d}" for n in range(100)]
    outsiders = [f"2109{n:08d}" for n in range(100)]
    emulator.set_config(organization_accounts=members)
    [share] = emulator.seed(
        resource_shares=[{"name": "big", "principals": members + outsiders, "allow_external_principals": True}]
    )["resource_shares"]
    ram = aws("ram")
    pages = ram.get_paginator("get_resource_share_associations").paginate(
        associationType="PRINCIPAL", resourceShareArns=[share["arn"]]
    )
    found = {a["associatedEntity"]: a for page in pages for a in page["resourceShareAssociations"]}
    assert set(found) == set(members + outsiders)
    assert {found[m]["status"] for m in members} == {"ASSOCIATED"}
    assert {found[m]["external"] for m in members} == {False}
    # Outside the organization: invited, waiting.
    assert {found[o]["status"] for o in outsiders} == {"ASSOCIATING"}
    assert {found[o]["external"] for o in outsiders} == {True}


def test_fifty_shares_read_in_one_batch_per_association_type(aws, emulator):
    emulator.set_config(organization_accounts=[MEMBER])
    shares = emulator.seed(
        resource_shares=[
            {"name": f"share-{n:02d}", "principals": [MEMBER, OUTSIDER], "allow_external_principals": True}
            for n in range(50)
        ]
    )["resource_shares"]
    emulator.clear_requests()
    ram = aws("ram")
    pages = ram.get_paginator("get_resource_share_associations").paginate(
        associationType="PRINCIPAL", resourceShareArns=[s["arn"] for s in shares]
    )
    associations = [a for page in pages for a in page["resourceShareAssociations"]]
    assert len(associations) == 100
    assert len(emulator.requests(operation="GetResourceShareAssociations")) == 1


def test_shares_of_other_accounts_are_not_the_callers(aws, emulator):
    emulator.add_account("AKIAPARTNEREXAMPLE01", OUTSIDER)
    emulator.seed(resource_shares=[{"name": "mine", "principals": [OUTSIDER]}])
    partner_ram = aws("ram", access_key="AKIAPARTNEREXAMPLE01")
    partner_ram.create_resource_share(name="theirs", principals=[ACCOUNT])
    owned = aws("ram").get_resource_shares(resourceOwner="SELF", resourceShareStatus="ACTIVE")["resourceShares"]
    assert [s["name"] for s in owned] == ["mine"]


# --- IAM roles a partner may assume (ListRoles) -----------------------------------------------------------------------

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OUTSIDER}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "a&b c"}},
        }
    ],
}


def _roles(iam, **params):
    return [r for page in iam.get_paginator("list_roles").paginate(**params) for r in page["Roles"]]


def test_seeded_roles_are_listed_with_their_trust_policy(aws, emulator):
    seeded = emulator.seed(
        iam_roles=[{"name": "fivetran-etl", "trust_policy": TRUST}, {"name": "x", "path": "/a/", "trust_policy": TRUST}]
    )
    assert seeded["iam_roles"] == [
        {"name": "fivetran-etl", "arn": f"arn:aws:iam::{ACCOUNT}:role/fivetran-etl"},
        {"name": "x", "arn": f"arn:aws:iam::{ACCOUNT}:role/a/x"},
    ]
    roles = _roles(aws("iam"))
    assert sorted(r["RoleName"] for r in roles) == ["fivetran-etl", "x"]
    # botocore decodes the URL-encoded document: the same policy comes back.
    assert all(r["AssumeRolePolicyDocument"] == TRUST for r in roles)


def test_seeding_a_role_twice_fails_as_iam_does(emulator):
    emulator.seed(iam_roles=[{"name": "etl", "trust_policy": TRUST}])
    with pytest.raises(urllib.error.HTTPError) as caught:
        emulator.seed(iam_roles=[{"name": "etl", "trust_policy": TRUST}])
    assert caught.value.code == 400
    assert json.load(caught.value)["error"] == "ValueError: EntityAlreadyExists: Role with name etl already exists."


def test_page_size_setting_caps_the_roles_pages(aws, emulator):
    emulator.seed(iam_roles=[{"name": f"role-{n}", "trust_policy": TRUST} for n in range(7)])
    emulator.set_page_size(3)
    emulator.clear_requests()
    assert len(_roles(aws("iam"))) == 7
    calls = emulator.requests(operation="ListRoles")
    assert len(calls) == 3
    assert [bool(call["params"].get("Marker")) for call in calls] == [False, True, True]
    # Without the setting, IAM's default page of 100 holds them all.
    emulator.set_page_size(None)
    assert aws("iam").list_roles()["IsTruncated"] is False


@pytest.mark.parametrize("items", [0, 1001])
def test_list_roles_refuses_max_items_out_of_range(emulator_endpoint, emulator, items):
    # botocore itself refuses 0: a client that does not check sends it, as another SDK might.
    iam = boto3.client(
        "iam",
        endpoint_url=emulator_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(parameter_validation=False),
    )
    with pytest.raises(ClientError) as caught:
        iam.list_roles(MaxItems=items)
    assert caught.value.response["Error"]["Code"] == "ValidationError"
    assert iam.list_roles(MaxItems=1000)["IsTruncated"] is False
