# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Botocore clients for the unit tests: stubbed ones (``StubbedAWS``, behind the ``stubbed`` fixture of conftest.py)
and real ones whose HTTP layer gives a chosen answer (``answer_with``); the pages a proxy or a captive portal answers
with and the Redshift key (``partner``) the module_utils tests send."""

from __future__ import annotations

import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import judged_by_body

REGION = "us-east-1"
ACCOUNT = "123456789012"


def make_client(service, **kwargs):
    """A real botocore client with dummy credentials, its answers judged by their body as ``Clients`` makes them;
    no request leaves the process unless a test lets it."""
    # One session for all: its loader caches the service models; each client still gets its own event handlers.
    return judged_by_body(
        botocore.session.get_session().create_client(
            service,
            region_name=REGION,
            aws_access_key_id="AKIAUNITTEST",
            aws_secret_access_key="unit-test-secret",
            **kwargs,
        )
    )


class StubbedAWS:
    """``stubbed("ram")`` is the Stubber of the ram client, ``stubbed.client("ram")`` the client itself.

    ``sent`` records ``(operation, params)`` of every request, across services, in the order the code made them.
    """

    def __init__(self):
        self._clients = {}
        self._stubbers = {}
        self.sent = []

    def client(self, service):
        if service not in self._clients:
            client = make_client(service)
            client.meta.events.register("before-parameter-build.*.*", self._record)
            stubber = Stubber(client)
            stubber.activate()
            self._clients[service], self._stubbers[service] = client, stubber
        return self._clients[service]

    def __call__(self, service):
        self.client(service)
        return self._stubbers[service]

    def _record(self, params, model, **kwargs):
        self.sent.append((model.name, dict(params)))

    @property
    def operations(self):
        return [operation for operation, _params in self.sent]

    def verify(self):
        for stubber in self._stubbers.values():
            stubber.assert_no_pending_responses()
            stubber.deactivate()


class _Body:
    def __init__(self, body):
        self._body = body

    def stream(self, **kwargs):
        yield self._body


def answer_with(client, status, body, content_type="text/html; charset=utf-8"):
    """Make ``client``'s HTTP layer answer every request with ``body``, as a proxy or a captive portal would.

    What Stubber cannot do: the answer goes through botocore's parsers and retry handlers. Returns the list of the
    URLs of the requests sent (one per attempt).
    """
    attempts = []

    def send(request, **kwargs):
        attempts.append(request.url)
        return AWSResponse(request.url, status, {"Content-Type": content_type}, _Body(body))

    client.meta.events.register("before-send", send)
    return attempts


# --- what the tests send and answer through them ------------------------------------------------------------------

# Real HTML, not XML (unclosed <meta> and <br>), as captive portals send it; and nginx's error page, as proxies do.
CAPTIVE_PORTAL = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Sign in to continue</title></head>\n'
    b"<body><h1>Network login required</h1><p>Accept the terms of use to browse.<br>Guest Wi-Fi</p></body></html>\n"
)
BAD_GATEWAY = (
    b"<html>\n<head><title>502 Bad Gateway</title></head>\n"
    b"<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>proxy</center>\n</body>\n</html>\n"
)
# The same page, well-formed: an XML parser reads it without complaint.
WELL_FORMED_PAGE = b"<html><head><title>Sign in</title></head><body><p>Network login required</p></body></html>"


def partner(database):
    return {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": database, "PartnerName": "Fivetran"}
