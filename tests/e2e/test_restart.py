"""``scripts/serve.sh`` restarts a Streamlit process that dies: killed, it is back within seconds, serving."""

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.postgres_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def streamlit_on(pid: int, port: str) -> int | None:
    """The child of ``pid`` running Streamlit on ``port``."""
    for child in children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except FileNotFoundError:
            continue
        if b"streamlit" in b" ".join(command) and port.encode() in command:
            return child
    return None


def test_a_killed_process_is_started_again(demo_url):
    port = free_port()
    serve = subprocess.Popen([str(ROOT / "scripts" / "serve.sh"), "--processes", "2", "--port", str(port)],
                             cwd=ROOT, env={**os.environ, "DATABASE_URL": demo_url}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        line = serve.stdout.readline()  # "Serving http://127.0.0.1:P through nginx onto URL, URL; ..."
        backends = re.findall(r"http://127\.0\.0\.1:(\d+)", line)[1:]
        assert len(backends) == 2, line
        victim = streamlit_on(serve.pid, backends[0])
        assert victim is not None
        os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would
        deadline = time.monotonic() + 120
        back = None
        while time.monotonic() < deadline:
            back = streamlit_on(serve.pid, backends[0])
            if back not in (None, victim) and healthy(f"http://127.0.0.1:{backends[0]}"):
                break
            time.sleep(0.5)
        assert back not in (None, victim), "the killed process was not started again"
        assert healthy(f"http://127.0.0.1:{backends[0]}") and healthy(f"http://127.0.0.1:{port}")
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            _, err = serve.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
            _, err = serve.communicate()
    assert "exited with code -9: restarting it" in err
