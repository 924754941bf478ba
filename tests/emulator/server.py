"""The emulator's WSGI app: moto's server app with the extensions, a request log, fault injection,
and a small JSON control API under /_emulator/ (see README.md)."""

import contextlib
import io
import json
import os
import threading
from http import HTTPStatus

from moto import backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.utils import camelcase_to_underscores
from moto.moto_api._internal.models import moto_api_backend
from moto.core.base_backend import BackendDict
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.ram.models import ram_backends
from moto.redshift.models import redshift_backends
from werkzeug.serving import make_server as werkzeug_make_server
from werkzeug.wrappers import Request, Response

from . import aws_request, ram_catalogue, ram_permissions, redshift_partners, state

FAULT_KINDS = ("throttle", "unavailable", "lost_response", "html_page", "bad_gateway_html")


def account_id() -> str:
    return os.environ.get("MOTO_ACCOUNT_ID", DEFAULT_ACCOUNT_ID)


class EmulatorApp:
    """WSGI middleware in front of moto's DomainDispatcherApplication."""

    def __init__(self) -> None:
        # Must happen before moto creates the per-service Flask apps (they read url_paths once).
        redshift_partners.install()
        ram_permissions.install()
        self.moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ: dict, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_emulator/"):
            return self.control(environ, start_response)
        if path.startswith("/moto-api"):
            return self.moto(environ, start_response)
        return self.aws(environ, start_response)

    # --- AWS requests -------------------------------------------------------------------------

    def aws(self, environ: dict, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)  # moto reads the body again
        req = aws_request.identify(environ, body)
        fault = self._take_fault(req)
        if fault in ("throttle", "unavailable", "html_page", "bad_gateway_html"):
            # Not applied: the error (or a proxy's HTML page) comes before AWS sees the request.
            status, headers, out = aws_request.fault_error(req["protocol"], fault)
        elif not self._implemented(environ, req):
            status, headers, out = aws_request.error_response(
                req["protocol"],
                "NotImplemented",
                f"the emulator does not implement {req['service']}:{req['operation'] or environ.get('PATH_INFO')}",
                501,
            )
        else:
            status, headers, out = self._call_moto(environ, req)
            if fault == "lost_response" and status < 400:
                # The write happened; the client only sees a server error and will retry.
                status, headers, out = aws_request.fault_error(req["protocol"], fault)
        with state.LOCK:
            state.REQUESTS.append(
                {k: req[k] for k in ("service", "operation", "params", "region", "access_key", "session_token")}
                | {"status": status}
            )
        start_response(f"{status} {_reason(status)}", headers)
        return [out]

    def _call_moto(self, environ: dict, req: dict) -> tuple:
        captured = {}

        def capture(status_line, headers, exc_info=None):  # pylint: disable=unused-argument
            captured["status"], captured["headers"] = int(status_line.split()[0]), headers

        try:
            chunks = self.moto(environ, capture)
            out = b"".join(chunks)
            getattr(chunks, "close", lambda: None)()
        except NotImplementedError as exc:
            # moto's own "not implemented" (e.g. an unsupported parameter value): fail loudly.
            msg = f"the emulator does not implement {req['service']}:{req['operation']} ({exc})"
            return aws_request.error_response(req["protocol"], "NotImplemented", msg, 501)
        return captured["status"], captured["headers"], out

    def _implemented(self, environ: dict, req: dict) -> bool:
        """False when the operation is known to AWS but moto has no method for it."""
        if req["operation"] is None:
            # Unrecognised REST path of a known service: no operation of the API matches.
            return req["protocol"] not in ("rest-json", "rest-xml") or aws_request.service_model(req["service"]) is None
        host = self.moto.infer_service_region_host(environ, environ.get("PATH_INFO", ""))
        name = self.moto.get_backend_for_host(host)
        if not name or name not in backends.list_of_moto_modules():
            return False
        # The same backend instance moto's create_backend_app uses to build its URL map.
        backend_dict = backends.get_backend(name)
        if isinstance(backend_dict, BackendDict):
            accounts = backend_dict[DEFAULT_ACCOUNT_ID]
            backend = accounts["us-east-1"] if "us-east-1" in accounts else accounts["aws"]
        else:
            backend = backend_dict["global"]
        handlers = backend.url_paths.values()
        classes = {h.__self__ for h in handlers if getattr(h, "__name__", "") == "dispatch"}
        if not classes:
            return True  # custom handlers: let moto decide
        method = camelcase_to_underscores(req["operation"])
        return any(hasattr(cls, method) for cls in classes)

    @staticmethod
    def _take_fault(req: dict) -> str | None:
        with state.LOCK:
            for fault in state.FAULTS:
                if fault["service"] == req["service"] and fault["operation"] in ("*", req["operation"]):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        state.FAULTS.remove(fault)
                    return fault["fault"]
        return None

    # --- control API --------------------------------------------------------------------------

    def control(self, environ: dict, start_response):
        request = Request(environ)
        try:
            payload = request.get_json(force=True, silent=True) or {}
            route = (request.method, request.path.rstrip("/"))
            handler = CONTROL_ROUTES.get(route)
            if handler is None:
                result, status = {"error": f"no such control endpoint: {request.method} {request.path}"}, 404
            else:
                result, status = handler(payload), 200
        except (ValueError, KeyError, TypeError) as exc:
            result, status = {"error": f"{type(exc).__name__}: {exc}"}, 400
        response = Response(json.dumps(result, default=str), status=status, mimetype="application/json")
        return response(environ, start_response)


def _requests(_payload: dict) -> dict:
    with state.LOCK:
        return {"requests": list(state.REQUESTS)}


def _clear_requests(_payload: dict) -> dict:
    with state.LOCK:
        state.REQUESTS.clear()
    return {"requests": []}


def _add_fault(payload: dict) -> dict:
    fault = {
        "service": str(payload["service"]),
        "operation": str(payload.get("operation", "*")),
        "fault": payload["fault"],
        "count": int(payload.get("count", 1)),
    }
    if fault["fault"] not in FAULT_KINDS or fault["count"] < 1:
        raise ValueError(f"fault must be one of {', '.join(FAULT_KINDS)} and count >= 1")
    with state.LOCK:
        state.FAULTS.append(fault)
        return {"faults": list(state.FAULTS)}


def _list_faults(_payload: dict) -> dict:
    with state.LOCK:
        return {"faults": list(state.FAULTS)}


def _clear_faults(_payload: dict) -> dict:
    with state.LOCK:
        state.FAULTS.clear()
    return {"faults": []}


def _config(payload: dict) -> dict:
    if "page_size" in payload:
        size = payload["page_size"]
        if size is not None and int(size) < 1:
            raise ValueError("page_size must be >= 1 or null")
        state.CONFIG["page_size"] = None if size is None else int(size)
    if "extra_partners" in payload:
        state.CONFIG["extra_partners"] = [str(name) for name in payload["extra_partners"] or []]
    return {"config": dict(state.CONFIG)}


def _permission_version(payload: dict) -> dict:
    name = payload["name"]
    version = ram_catalogue.publish_version(name)
    return {"name": name, "version": version, "default_version": version}


def _seed(payload: dict) -> dict:
    region = payload.get("region", "us-east-1")
    account = account_id()
    clusters = []
    for cluster_id in payload.get("redshift_clusters", []):
        redshift_backends[account][region].create_cluster(**_cluster_kwargs(cluster_id, region))
        clusters.append(cluster_id)
    shares = []
    for spec in payload.get("resource_shares", []):
        share = ram_permissions.create_share(
            ram_backends[account][region], account, region, spec["name"], spec.get("resource_arns", [])
        )
        shares.append({"name": share.name, "arn": share.arn})
    return {"region": region, "account_id": account, "redshift_clusters": clusters, "resource_shares": shares}


def _cluster_kwargs(cluster_id: str, region: str) -> dict:
    # What RedshiftResponse.create_cluster passes for a minimal CreateCluster call.
    return {
        "cluster_identifier": cluster_id,
        "node_type": "ra3.xlplus",
        "master_username": "admin",
        "master_user_password": "Password1",
        "db_name": "dev",
        "cluster_type": "single-node",
        "cluster_security_groups": [],
        "vpc_security_group_ids": [],
        "cluster_subnet_group_name": None,
        "availability_zone": None,
        "preferred_maintenance_window": None,
        "cluster_parameter_group_name": None,
        "automated_snapshot_retention_period": None,
        "port": None,
        "cluster_version": None,
        "allow_version_upgrade": True,
        "number_of_nodes": 1,
        "publicly_accessible": False,
        "encrypted": False,
        "region_name": region,
        "tags": [],
        "iam_roles_arn": [],
        "enhanced_vpc_routing": False,
        "kms_key_id": None,
    }


def _reset(_payload: dict) -> dict:
    moto_api_backend.reset()
    ram_catalogue.reset()
    state.reset()
    return {"reset": True}


CONTROL_ROUTES = {
    ("GET", "/_emulator/health"): lambda _: {"ok": True},
    ("GET", "/_emulator/requests"): _requests,
    ("DELETE", "/_emulator/requests"): _clear_requests,
    ("GET", "/_emulator/faults"): _list_faults,
    ("POST", "/_emulator/faults"): _add_fault,
    ("DELETE", "/_emulator/faults"): _clear_faults,
    ("POST", "/_emulator/config"): _config,
    ("POST", "/_emulator/ram/permission-version"): _permission_version,
    ("POST", "/_emulator/seed"): _seed,
    ("POST", "/_emulator/reset"): _reset,
}


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def make_server(port: int, host: str = "127.0.0.1"):
    """A threaded werkzeug server bound to loopback (moto's request handler keeps header spelling)."""
    return werkzeug_make_server(host, port, EmulatorApp(), threaded=True, request_handler=MotoRequestHandler)


@contextlib.contextmanager
def serving(port: int = 0):
    """An emulator in a thread of this process, on ``port`` (0: a free one); yields its URL."""
    server = make_server(port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
