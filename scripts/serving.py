"""Several Streamlit processes behind nginx on loopback: production's shape, for tests, the bench and trying it.

``scripts/serve.sh [--processes N] [--port P]`` runs this module: N ``streamlit run`` processes on ports P+1..P+N
(127.0.0.1 only), sharing one cookie secret, behind an nginx on P that upgrades websockets and keeps each
browser on one process (hash of Streamlit's ``_streamlit_xsrf`` cookie). It supervises them: a process that dies
is started again within seconds (nginx sends its browsers to the others meanwhile). The production configuration is the
same shape with HTTPS in front: see README "Production" and ``deploy/nginx-crm-scorecard.conf``.
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
UPLOAD_LIMIT_MB = 200  # the same limit as server.maxUploadSize in .streamlit/config.toml

NGINX_CONF = """\
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
{body}
}}
"""

# Shared with deploy/nginx-crm-scorecard.conf (keep the two alike).
SITE = """\
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    # Sticky sessions: a Streamlit session lives in one process, so a browser keeps to one. Its XSRF cookie
    # is random per browser; a request without it (the very first page load) may go anywhere.
    map $cookie__streamlit_xsrf $sticky {{ "" $request_id; default $cookie__streamlit_xsrf; }}
    upstream crm_scorecard {{
        hash $sticky consistent;
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size {upload}m;
        location ^~ /_stcore/metrics {{ return 404; }}  # no setting turns them off; not from outside
        location / {{
            proxy_pass http://crm_scorecard;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Never pass an identity header a client sent (see README, trusted proxy header).
            proxy_set_header X-Forwarded-Email "{identity}";
            proxy_read_timeout 86400s;
            proxy_buffering off;
            proxy_next_upstream error timeout;
        }}
    }}
"""


def nginx_config(*, port: int, backends: list[int], work: Path, identity: str = "") -> str:
    """``identity``: the e-mail nginx sends as ``X-Forwarded-Email``, standing in for an authenticating proxy
    (the load benchmark); empty in every other use."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in backends)
    return NGINX_CONF.format(work=work, body=SITE.format(servers=servers, port=port, upload=UPLOAD_LIMIT_MB,
                                                         identity=identity))


@dataclass
class Cluster:
    url: str
    backend_urls: list[str]
    processes: list[subprocess.Popen] = field(default_factory=list)
    commands: list[tuple[list[str], dict]] = field(default_factory=list)
    stopped: set[int] = field(default_factory=set)  # stopped on purpose: not restarted
    restarts: list[int] = field(default_factory=list)  # per process, how many times it was restarted
    _retry_at: dict[int, float] = field(default_factory=dict)

    def stop_backend(self, index: int) -> None:
        """Stop one Streamlit process (a test sends the next request to another); the supervisor leaves it."""
        self.stopped.add(index)
        _terminate(self.processes[index])

    def start_backend(self, index: int) -> None:
        """Start a stopped Streamlit process again, as it was."""
        command, env = self.commands[index]
        self.processes[index] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL)
        _wait_healthy(self.backend_urls[index], self.processes[index])
        self.stopped.discard(index)

    def restart_dead(self) -> list[int]:
        """Start again every process that died (not one stopped on purpose); one that fails to start is tried
        again after a pause that doubles up to a minute. Returns the indexes restarted."""
        restarted = []
        for index, process in enumerate(self.processes):
            if index in self.stopped or process.poll() is None or time.monotonic() < self._retry_at.get(index, 0):
                continue
            print(f"{time.strftime('%H:%M:%S')} the process on {self.backend_urls[index]} exited with code "
                  f"{process.returncode}: restarting it", file=sys.stderr, flush=True)
            self.restarts[index] += 1
            try:
                self.start_backend(index)
            except RuntimeError as error:
                pause = min(60.0, 2.0 ** min(self.restarts[index], 6))
                self._retry_at[index] = time.monotonic() + pause
                print(f"  it did not start ({error}); trying again in {pause:.0f} s", file=sys.stderr, flush=True)
                continue
            self._retry_at.pop(index, None)
            restarted.append(index)
        return restarted


@contextmanager
def _supervising(cluster: Cluster, every_s: float = 1.0) -> Iterator[None]:
    """A thread that restarts the cluster's dead processes until the block ends."""
    done = threading.Event()

    def loop() -> None:
        while not done.wait(every_s):
            cluster.restart_dead()

    thread = threading.Thread(target=loop, name="supervisor", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=120)


def _terminate(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy in {timeout:.0f} s")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(*, database_url: str, processes: int = 2, port: int | None = None, extra_args: tuple[str, ...] = (),
          env: dict[str, str] | None = None, python: str = sys.executable,
          proxy_identity: str = "", supervise: bool = False) -> Iterator[Cluster]:
    """Start ``processes`` Streamlit servers and nginx in front of them; stop them all on exit. With ``supervise``,
    a process that dies is started again (as ``scripts/serve.sh`` does).

    ``proxy_identity``: an e-mail nginx asserts for every request, with the processes trusting that header
    (as behind an authenticating proxy); used by the load benchmark, whose sessions cannot sign in.
    """
    if proxy_identity:
        extra_args = (*extra_args, "--server.trustedUserHeaders", '{"X-Forwarded-Email": "email"}')
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is missing: run `make system` (scripts/install-system.sh)")
    port = port or free_port()
    backends = [free_port() for _ in range(processes)]
    cookie_secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_urlsafe(32)
    base_env = {**os.environ, **(env or {}), "DATABASE_URL": database_url,
                "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
    work = Path(tempfile.mkdtemp(prefix="crm-nginx-"))
    work.chmod(0o755)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / sub).mkdir()
        (work / sub).chmod(0o777)  # nginx's workers may run as another user when started as root
    cluster = Cluster(url=f"http://127.0.0.1:{port}", backend_urls=[f"http://127.0.0.1:{p}" for p in backends])
    nginx = None
    try:
        for backend in backends:
            command = [python, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(backend),
                       "--server.address", "127.0.0.1", "--server.headless", "true",
                       "--browser.gatherUsageStats", "false", *extra_args]
            cluster.commands.append((command, base_env))
            cluster.processes.append(subprocess.Popen(command, cwd=ROOT, env=base_env, stdout=subprocess.DEVNULL,
                                                      stderr=subprocess.DEVNULL))
            cluster.restarts.append(0)
        for url, process in zip(cluster.backend_urls, cluster.processes, strict=True):
            _wait_healthy(url, process)
        (work / "nginx.conf").write_text(nginx_config(port=port, backends=backends, work=work,
                                                          identity=proxy_identity))
        nginx = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_healthy(cluster.url, nginx, timeout=20)
        with _supervising(cluster) if supervise else nullcontext():
            yield cluster
    finally:
        if nginx is not None:
            _terminate(nginx)
        for process in cluster.processes:
            _terminate(process)
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2, help="Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1 (default 8080)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from data.db import database_url

    with serve(database_url=database_url(), processes=args.processes, port=args.port) as cluster:
        print(f"Serving {cluster.url} through nginx onto {', '.join(cluster.backend_urls)}; a process that dies is "
              "started again; Ctrl-C stops", flush=True)
        with suppress(KeyboardInterrupt):
            signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
            while True:  # the supervisor: a process that dies (out of memory, a crash) is started again
                cluster.restart_dead()
                time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
