"""Redshift datashares and the Data API statements that grant their usage, through boto3, as the producer and as
the consumer (AWS_FACTS.md, "Redshift datashares", "Redshift Data API")."""

import pytest
from botocore.exceptions import ClientError

OWNER = "123456789012"
PARTNER = "111122223333"
PARTNER_KEY = "AKIAPARTNERDATASHARE"


def _error(exc_info) -> tuple:
    response = exc_info.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def _statuses(answer) -> dict:
    return {entry["ConsumerIdentifier"]: entry["Status"] for entry in answer["DataShareAssociations"]}


@pytest.fixture
def producer(aws, emulator):
    emulator.seed(redshift_clusters=["analytics"])
    emulator.add_account(PARTNER_KEY, PARTNER)
    return aws("redshift")


@pytest.fixture
def partner(aws, producer):  # pylint: disable=unused-argument,redefined-outer-name
    return aws("redshift", access_key=PARTNER_KEY)


def _run(data, sql, reads=10):
    statement_id = data.execute_statement(ClusterIdentifier="analytics", Database="dev", DbUser="admin", Sql=sql)["Id"]
    seen = []
    for _attempt in range(reads):
        answer = data.describe_statement(Id=statement_id)
        seen.append(answer["Status"])
        if answer["Status"] not in ("SUBMITTED", "PICKED", "STARTED"):
            return seen, answer
    return seen, answer


def test_clusters_have_a_namespace(producer):
    [cluster] = producer.describe_clusters(ClusterIdentifier="analytics")["Clusters"]
    namespace = cluster["ClusterNamespaceArn"]
    assert namespace.startswith(f"arn:aws:redshift:us-east-1:{OWNER}:namespace:")
    # Stable: the same namespace on every read.
    assert producer.describe_clusters()["Clusters"][0]["ClusterNamespaceArn"] == namespace


def test_the_whole_life_of_a_cross_account_datashare(producer, partner, emulator):
    arn = emulator.datashare("analytics", "sales_share")
    assert "/sales_share" in arn and ":datashare:" in arn
    [share] = producer.describe_data_shares(DataShareArn=arn)["DataShares"]
    assert share["DataShareAssociations"] == [] and share["ProducerArn"].endswith(arn.split(":datashare:")[1][:36])

    # Not granted usage: the producer cannot authorize, the consumer does not see it.
    with pytest.raises(ClientError) as raised:
        producer.authorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER)
    assert _error(raised)[0] == "InvalidDataShareFault"
    with pytest.raises(ClientError) as raised:
        partner.describe_data_shares(DataShareArn=arn)
    assert _error(raised)[:1] == ("InvalidDataShareFault",) and "doesn't exist" in _error(raised)[1]

    emulator.datashare("analytics", "other_share", grants=[PARTNER])
    seen, answer = _run(
        emulator_data(producer, emulator), f"GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '{PARTNER}'"
    )
    assert seen == ["PICKED", "STARTED", "FINISHED"] and answer["Status"] == "FINISHED"
    assert _statuses(producer.describe_data_shares(DataShareArn=arn)["DataShares"][0]) == {
        PARTNER: "PENDING_AUTHORIZATION"
    }

    assert _statuses(producer.authorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER, AllowWrites=True)) == {
        PARTNER: "AUTHORIZED"
    }
    with pytest.raises(ClientError) as raised:
        producer.authorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER)
    assert _error(raised)[0] == "InvalidDataShareFault"

    # The consumer sees its own association only, and cannot authorize.
    [seen_by_partner] = partner.describe_data_shares(DataShareArn=arn)["DataShares"]
    assert _statuses(seen_by_partner) == {PARTNER: "AUTHORIZED"}
    assert seen_by_partner["DataShareAssociations"][0]["ProducerAllowedWrites"] is True
    with pytest.raises(ClientError) as raised:
        partner.authorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER)
    assert "not the producer" in _error(raised)[1]

    assert _statuses(partner.associate_data_share_consumer(DataShareArn=arn, AssociateEntireAccount=True)) == {
        PARTNER: "ACTIVE"
    }
    consumed = partner.describe_data_shares_for_consumer(Status="ACTIVE")["DataShares"]
    assert [share["DataShareArn"] for share in consumed] == [arn]
    # A producer sees both of its datashares, the consumer the two it is a consumer of.
    assert len(producer.describe_data_shares()["DataShares"]) == 2
    assert len(partner.describe_data_shares()["DataShares"]) == 2

    assert _statuses(producer.deauthorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER)) == {
        PARTNER: "DEAUTHORIZED"
    }
    with pytest.raises(ClientError) as raised:
        producer.deauthorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER)
    code, message, status = _error(raised)
    assert (code, status) == ("InvalidDataShareFault", 400) and "already removed authorization" in message

    _seen, answer = _run(
        emulator_data(producer, emulator), f"REVOKE USAGE ON DATASHARE sales_share FROM ACCOUNT '{PARTNER}'"
    )
    assert answer["Status"] == "FINISHED"
    assert producer.describe_data_shares(DataShareArn=arn)["DataShares"][0]["DataShareAssociations"] == []


def emulator_data(producer, emulator):  # pylint: disable=unused-argument
    """The Data API client of the producer (the owner's keys)."""
    import boto3  # pylint: disable=import-outside-toplevel

    return boto3.client(
        "redshift-data",
        endpoint_url=emulator.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_reject_and_disassociate(producer, partner, emulator):
    arn = emulator.datashare("analytics", "sales_share", grants=[PARTNER])
    producer.authorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER)
    partner.associate_data_share_consumer(DataShareArn=arn, AssociateEntireAccount=True)
    with pytest.raises(ClientError):
        partner.reject_data_share(DataShareArn=arn)
    assert _statuses(partner.disassociate_data_share_consumer(DataShareArn=arn, DisassociateEntireAccount=True)) == {
        PARTNER: "AUTHORIZED"
    }
    assert _statuses(partner.reject_data_share(DataShareArn=arn)) == {PARTNER: "REJECTED"}
    with pytest.raises(ClientError) as raised:
        producer.authorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER)
    assert "rejected" in _error(raised)[1]


def test_a_namespace_of_the_consumer(producer, partner, emulator):
    namespace = emulator.redshift_cluster("partner-wh", account=PARTNER)
    assert f":{PARTNER}:namespace:" in namespace
    arn = emulator.datashare("analytics", "sales_share", grants=[PARTNER])
    producer.authorize_data_share(DataShareArn=arn, ConsumerIdentifier=PARTNER)
    foreign = producer.describe_clusters()["Clusters"][0]["ClusterNamespaceArn"]
    with pytest.raises(ClientError) as raised:
        partner.associate_data_share_consumer(DataShareArn=arn, ConsumerArn=foreign)
    assert _error(raised)[0] == "InvalidNamespaceFault"
    answer = partner.associate_data_share_consumer(DataShareArn=arn, ConsumerArn=namespace)
    assert _statuses(answer) == {PARTNER: "AUTHORIZED", namespace: "ACTIVE"}
    assert _statuses(partner.disassociate_data_share_consumer(DataShareArn=arn, ConsumerArn=namespace)) == {
        PARTNER: "AUTHORIZED"
    }


def test_statements_fail_when_told_or_on_a_missing_datashare(producer, emulator):
    data = emulator_data(producer, emulator)
    emulator.set_config(statement_reads=0)
    _seen, answer = _run(data, f"GRANT USAGE ON DATASHARE nope TO ACCOUNT '{PARTNER}'")
    assert (answer["Status"], answer["Error"]) == ("FAILED", 'ERROR: datashare "nope" does not exist')
    emulator.datashare("analytics", "sales_share")
    emulator.set_config(fail_statements={"sales_share": "ERROR: permission denied for datashare sales_share"})
    seen, answer = _run(data, f"GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '{PARTNER}'")
    assert seen == ["FAILED"] and answer["Error"] == "ERROR: permission denied for datashare sales_share"
    arn = [s["DataShareArn"] for s in producer.describe_data_shares()["DataShares"]][0]
    assert producer.describe_data_shares(DataShareArn=arn)["DataShares"][0]["DataShareAssociations"] == []
    _seen, answer = _run(data, "DROP TABLE sales")
    assert answer["Status"] == "FAILED" and "emulator runs only" in answer["Error"]


def test_a_client_token_is_the_same_statement(producer, emulator):
    data = emulator_data(producer, emulator)
    emulator.datashare("analytics", "sales_share")
    params = {"ClusterIdentifier": "analytics", "Database": "dev", "DbUser": "admin", "ClientToken": "tok-1"}
    sql = f"GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '{PARTNER}'"
    first = data.execute_statement(Sql=sql, **params)["Id"]
    assert data.execute_statement(Sql=sql, **params)["Id"] == first
    assert data.execute_statement(Sql=sql, **dict(params, ClientToken="tok-2"))["Id"] != first


def test_data_api_validation(producer, emulator):
    data = emulator_data(producer, emulator)
    for params in (
        {"ClusterIdentifier": "analytics", "Database": "dev", "Sql": "x"},
        {"ClusterIdentifier": "nope", "Database": "dev", "DbUser": "admin", "Sql": "x"},
    ):
        with pytest.raises(ClientError) as raised:
            data.execute_statement(**params)
        assert _error(raised)[0] == "ValidationException"
    with pytest.raises(ClientError) as raised:
        data.describe_statement(Id="00000000-0000-0000-0000-000000000000")
    assert _error(raised)[0] == "ResourceNotFoundException"


def test_datashares_are_paged_and_reset(producer, emulator):
    for index in range(3):
        emulator.datashare("analytics", f"share_{index}")
    emulator.set_page_size(2)
    pages = list(producer.get_paginator("describe_data_shares").paginate())
    assert [len(page["DataShares"]) for page in pages] == [2, 1]
    emulator.reset()
    emulator.seed(redshift_clusters=["analytics"])
    assert producer.describe_data_shares()["DataShares"] == []


def test_settings_are_validated(emulator):
    for bad in ({"statement_reads": -1}, {"fail_statements": ["GRANT"]}, {"fail_statements": {"": "x"}}):
        with pytest.raises(Exception) as exc:
            emulator.set_config(**bad)
        assert getattr(exc.value, "code", None) == 400, bad
    assert emulator.config()["statement_reads"] == 2 and emulator.config()["fail_statements"] == {}
