# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import urllib.request

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

DOCUMENTATION = """
name: setup_emulator_requests
short_description: The requests the emulator logged since they were last read, then forgets them
description:
  - Reads C(GET <endpoint>/_emulator/requests), then clears the log (C(DELETE) on the same path), from the controller.
  - Used by the calls tasks of setup_emulator instead of two C(uri) tasks, each of which would start a module process.
options:
  _terms:
    description: The emulator's URL.
    required: true
"""

RETURN = """
_raw:
  description: The logged requests, in order (the emulator's request log entries).
  type: list
  elements: dict
"""

# The emulator listens on the loopback: no proxy of the environment applies.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(method, url):
    request = urllib.request.Request(url, method=method)
    try:
        with OPENER.open(request, timeout=60) as response:
            return json.load(response)
    except (OSError, ValueError) as error:
        raise AnsibleError(f"emulator request {method} {url} failed: {error}") from error


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if len(terms) != 1:
            raise AnsibleError("setup_emulator_requests takes the emulator's URL only")
        url = f"{str(terms[0]).rstrip('/')}/_emulator/requests"
        requests = call("GET", url)["requests"]
        call("DELETE", url)
        # A lookup returns a list of values: one value, the list of requests.
        return [requests]
