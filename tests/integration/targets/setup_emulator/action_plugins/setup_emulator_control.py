# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""setup_emulator_control: a request to the emulator's control API (/_emulator/...), made from the controller.

The targets configure, seed and fault the emulator with it, as they did with ansible.builtin.uri, whose options it
takes (url, method, body_format: json, body, status_code) and whose result keys it returns (status, json, url): no
module process per request.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from ansible.plugins.action import ActionBase

# The emulator listens on the loopback: no proxy of the environment applies.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("url", "method", "body_format", "body", "status_code", "return_content"))

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        url, method = str(args["url"]), str(args.get("method", "GET")).upper()
        if args.get("body_format", "json") != "json":
            return dict(result, failed=True, msg="setup_emulator_control sends JSON bodies only (body_format: json)")
        data = None if args.get("body") is None else json.dumps(args["body"]).encode()
        codes = args.get("status_code", [200])
        codes = [int(code) for code in (codes if isinstance(codes, list) else [codes])]
        request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with OPENER.open(request, timeout=60) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        except OSError as error:
            return dict(result, failed=True, msg=f"{method} {url} failed: {error}", url=url)
        result.update(changed=False, status=status, url=url)
        try:
            result["json"] = json.loads(content) if content else None
        except ValueError:
            result["content"] = content.decode(errors="replace")
        if status not in codes:
            result.update(failed=True, msg=f"{method} {url} answered {status}, not one of {codes}")
        return result
