"""start / stop / serve the emulator.

``start`` runs ``serve`` as a detached child process, writes its pid and returns once the control
API answers, so that a Makefile or a CI step can use the emulator right away.
"""

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .client import DEFAULT_PORT

HOST = "127.0.0.1"
# Seconds a stopping emulator gets after SIGTERM, then after SIGKILL.
STOP_GRACE = 10
KILL_GRACE = 5
REPO_ROOT = Path(__file__).resolve().parents[2]


# Loopback only: never go through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(port: int) -> bool:
    try:
        with _OPENER.open(f"http://{HOST}:{port}/_emulator/health", timeout=1) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _read_pid(pidfile: Path) -> int | None:
    try:
        return int(pidfile.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def start(args: argparse.Namespace) -> int:
    pidfile = Path(args.pidfile)
    pid = _read_pid(pidfile)
    if pid and _pid_alive(pid) and _answers(args.port):
        print(f"emulator already running (pid {pid}) on http://{HOST}:{args.port}")
        return 0
    if not _port_free(args.port):
        print(f"error: port {args.port} on {HOST} is busy (not our emulator); choose another --port", file=sys.stderr)
        return 1
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    logfile = Path(args.logfile)
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with open(logfile, "ab") as log:
        proc = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-m", "tests.emulator", "serve", "--port", str(args.port)],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # survives the caller (make) and gets no terminal signals
        )
    pidfile.write_text(f"{proc.pid}\n", encoding="utf-8")
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            print(f"error: emulator exited with {proc.returncode}; see {logfile}", file=sys.stderr)
            pidfile.unlink(missing_ok=True)
            return 1
        if _answers(args.port):
            print(f"emulator running (pid {proc.pid}) on http://{HOST}:{args.port}")
            return 0
        time.sleep(0.2)
    print(f"error: emulator did not answer within {args.timeout}s; see {logfile}", file=sys.stderr)
    proc.terminate()
    pidfile.unlink(missing_ok=True)
    return 1


def stop(args: argparse.Namespace) -> int:
    pidfile = Path(args.pidfile)
    pid = _read_pid(pidfile)
    if pid is None or not _pid_alive(pid):
        print("emulator not running")
        pidfile.unlink(missing_ok=True)
        return 0
    # SIGTERM lets the server finish its answers; on a loaded machine that may take long, and the emulator keeps
    # nothing worth a clean exit: after the grace period it is killed.
    for sig, grace in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, KILL_GRACE)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not _pid_alive(pid):
            break
    pidfile.unlink(missing_ok=True)
    if _pid_alive(pid):
        print(f"error: emulator (pid {pid}) did not stop, even killed", file=sys.stderr)
        return 1
    print(f"emulator (pid {pid}) stopped")
    return 0


def serve(args: argparse.Namespace) -> int:
    from .server import make_server  # pylint: disable=import-outside-toplevel  # moto import is slow

    server = make_server(args.port)
    # SIGTERM (from stop) ends serve_forever cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"emulator serving on http://{HOST}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.emulator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in (("start", start), ("stop", stop), ("serve", serve)):
        cmd = sub.add_parser(name)
        cmd.set_defaults(func=func)
        if name != "stop":
            cmd.add_argument("--port", type=int, default=DEFAULT_PORT)
        if name != "serve":
            cmd.add_argument("--pidfile", default="build/emulator.pid")
        if name == "start":
            cmd.add_argument("--logfile", default="build/emulator.log")
            cmd.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    return args.func(args)
