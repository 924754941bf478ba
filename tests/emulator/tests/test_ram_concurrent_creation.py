"""CreateResourceShare from several clients at once, as the onboard_partners playbook's concurrent jobs send it: the
server answers them in parallel threads; the same clientToken with the same parameters gives one share (RAM's
idempotency), different parameters IdempotentParameterMismatchException, no token one share per call (names are not
unique in RAM: the race the playbook's derived token closes)."""

import threading

import pytest
from botocore.exceptions import ClientError

CLIENTS = 6


def create_at_once(aws, **params):
    """``CLIENTS`` threads, each its own client, released together; their answers (or errors)."""
    clients = [aws("ram") for _index in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    answers = [None] * CLIENTS

    def create(index):
        barrier.wait()
        try:
            answers[index] = clients[index].create_resource_share(**params)["resourceShare"]["resourceShareArn"]
        except ClientError as exc:
            answers[index] = exc.response["Error"]["Code"]

    threads = [threading.Thread(target=create, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def live(aws, name):
    shares = aws("ram").get_resource_shares(resourceOwner="SELF", name=name)["resourceShares"]
    return [share["resourceShareArn"] for share in shares if share["status"] not in ("DELETING", "DELETED")]


def test_one_token_one_share_whatever_the_concurrent_calls(aws):
    answers = create_at_once(aws, name="shared", allowExternalPrincipals=True, clientToken="derived-from-the-name")
    assert len(set(answers)) == 1 and answers[0].startswith("arn:aws:ram:")
    assert live(aws, "shared") == [answers[0]]


def test_without_a_token_concurrent_creations_make_as_many_shares(aws):
    answers = create_at_once(aws, name="raced", allowExternalPrincipals=True)
    assert len(set(answers)) == CLIENTS
    assert sorted(live(aws, "raced")) == sorted(answers)


@pytest.mark.parametrize("change", [{"allowExternalPrincipals": False}, {"name": "other"}])
def test_the_same_token_with_other_parameters_is_refused(aws, change):
    params = {"name": "shared", "allowExternalPrincipals": True, "clientToken": "derived-from-the-name"}
    first = aws("ram").create_resource_share(**params)["resourceShare"]["resourceShareArn"]
    with pytest.raises(ClientError) as error:
        aws("ram").create_resource_share(**dict(params, **change))
    assert error.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert live(aws, "shared") == [first]
