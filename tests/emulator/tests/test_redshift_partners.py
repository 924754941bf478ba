"""Redshift partner operations through boto3, errors as botocore parses them."""

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
TARGET = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": "dev", "PartnerName": "Fivetran"}


def _error(exc_info) -> tuple:
    response = exc_info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def redshift(aws, share_arn):  # pylint: disable=unused-argument  # share_arn seeds the cluster too
    return aws("redshift")


def test_lifecycle(redshift):
    assert (
        redshift.describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics")["PartnerIntegrationInfoList"] == []
    )
    added = redshift.add_partner(**TARGET)
    assert (added["DatabaseName"], added["PartnerName"]) == ("dev", "Fivetran")
    [info] = redshift.describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics")["PartnerIntegrationInfoList"]
    assert info["Status"] == "Active" and info["CreatedAt"] == info["UpdatedAt"]

    redshift.update_partner_status(**TARGET, Status="RuntimeFailure", StatusMessage="cannot write")
    [info] = redshift.describe_partners(**TARGET)["PartnerIntegrationInfoList"]
    assert (info["Status"], info["StatusMessage"]) == ("RuntimeFailure", "cannot write")
    assert info["UpdatedAt"] > info["CreatedAt"]

    assert redshift.delete_partner(**TARGET)["PartnerName"] == "Fivetran"
    assert redshift.describe_partners(**TARGET)["PartnerIntegrationInfoList"] == []


def test_describe_filters(redshift):
    redshift.add_partner(**TARGET)
    redshift.add_partner(**dict(TARGET, PartnerName="Stitch"))
    redshift.add_partner(**dict(TARGET, DatabaseName="sales"))
    everything = redshift.describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics")
    assert len(everything["PartnerIntegrationInfoList"]) == 3
    by_db = redshift.describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics", DatabaseName="dev")
    assert {i["PartnerName"] for i in by_db["PartnerIntegrationInfoList"]} == {"Fivetran", "Stitch"}
    by_partner = redshift.describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics", PartnerName="Stitch")
    assert [i["DatabaseName"] for i in by_partner["PartnerIntegrationInfoList"]] == ["dev"]


@pytest.mark.parametrize("operation", ["add_partner", "delete_partner", "update_partner_status", "describe_partners"])
def test_cluster_not_found(redshift, operation):
    params = dict(TARGET, ClusterIdentifier="missing")
    if operation == "update_partner_status":
        params["Status"] = "Active"
    with pytest.raises(ClientError) as exc:
        getattr(redshift, operation)(**params)
    assert _error(exc) == ("ClusterNotFound", 404)


@pytest.mark.parametrize("operation", ["add_partner", "describe_partners"])
def test_unauthorized_account(redshift, operation):
    with pytest.raises(ClientError) as exc:
        getattr(redshift, operation)(**dict(TARGET, AccountId="111122223333"))
    assert _error(exc) == ("UnauthorizedPartnerIntegration", 401)


@pytest.mark.parametrize("name", ["fivetran", "NoSuchPartner"])
def test_unknown_partner_name(redshift, name):
    with pytest.raises(ClientError) as exc:
        redshift.add_partner(**dict(TARGET, PartnerName=name))
    assert _error(exc) == ("PartnerNotFound", 404)


def test_missing_integration(redshift):
    with pytest.raises(ClientError) as exc:
        redshift.delete_partner(**TARGET)
    assert _error(exc) == ("PartnerNotFound", 404)
    with pytest.raises(ClientError) as exc:
        redshift.update_partner_status(**TARGET, Status="Active")
    assert _error(exc) == ("PartnerNotFound", 404)


def test_add_existing_fails(redshift):
    redshift.add_partner(**TARGET)
    with pytest.raises(ClientError) as exc:
        redshift.add_partner(**TARGET)
    assert _error(exc) == ("UnsupportedOperation", 400)
    assert len(redshift.describe_partners(**TARGET)["PartnerIntegrationInfoList"]) == 1


@pytest.mark.parametrize(
    "override",
    [
        {"ClusterIdentifier": "bad_id"},
        {"DatabaseName": "1dev"},
        {"PartnerName": "five tran"},
        {"AccountId": "12345678901a"},
    ],
)
def test_invalid_parameters(redshift, override):
    with pytest.raises(ClientError) as exc:
        redshift.add_partner(**dict(TARGET, **override))
    assert _error(exc) == ("InvalidParameterValue", 400)


def test_invalid_status(redshift):
    redshift.add_partner(**TARGET)
    with pytest.raises(ClientError) as exc:
        redshift.update_partner_status(**TARGET, Status="Broken")
    assert _error(exc) == ("InvalidParameterValue", 400)


def test_extra_partner_names_can_be_allowed(aws, emulator):
    emulator.seed(redshift_clusters=["analytics"])
    redshift = aws("redshift")
    key = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": "sales", "PartnerName": "Partner9"}
    with pytest.raises(ClientError) as raised:
        redshift.add_partner(**key)
    assert raised.value.response["Error"]["Code"] == "PartnerNotFound"
    emulator.set_config(extra_partners=["Partner9"])
    assert redshift.add_partner(**key)["PartnerName"] == "Partner9"
