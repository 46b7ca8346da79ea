"""Concurrent sessions against a running app, over Streamlit's own websocket protocol (no browser).

Each session opens ``ws://HOST:PORT/PATH/_stcore/stream`` (subprotocol ``streamlit``), sends the one
``BackMsg`` a browser sends first (``rerun_script`` with the page's query string and page name), reads
``ForwardMsg`` protobufs and is done when a script run finishes successfully (a run that ends early
for a rerun, as a first visit does, is followed by the rerun). A session counts as an error when it
times out, the connection fails, or a page shows an exception.

    python scripts/load.py --port 8501 --sessions 20 --query "region=East" --query "region=West"

Prints ``load_sessions``, ``load_p50_s``, ``load_p95_s``, ``load_max_s`` and ``load_errors``. Usable from
Python too: :func:`run_load` returns the per-session timings.

A soak keeps the sessions going: each of ``--sessions`` opens a new session as soon as its last one finished, for
``--seconds`` per round, ``--rounds`` times (:func:`run_soak`; ``scripts/bench.py soak`` adds each server
process's memory between rounds):

    python scripts/load.py --port 8080 --sessions 40 --soak-rounds 3 --soak-seconds 40
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dashboard.core.texts.core import TEXT

# The app shows an exception it caught as one sentence (dashboard/core/failures.py): a session that sees it failed.
FAILED_PAGE = tuple(TEXT["pagefault_failed"][lang].split("{")[0] for lang in ("en", "zh"))


@dataclass(frozen=True)
class SessionResult:
    query: str
    seconds: float
    error: str | None
    runs: int  # script runs seen (2 when the first visit reran itself)
    messages: int  # ForwardMsgs received (elements, page info, ...)


def stream_url(host: str, port: int, path: str = "") -> str:
    base = "/".join(p for p in path.strip("/").split("/") if p)
    return f"ws://{host}:{port}/{base + '/' if base else ''}_stcore/stream"


def first_message(query: str, page: str = "") -> bytes:
    """The ``BackMsg`` a browser sends on opening ``/<page>?<query>``: a rerun with its query string."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query.lstrip("?")
    state.page_name = page
    state.page_script_hash = ""
    state.widget_states.SetInParent()
    state.context_info.timezone = "UTC"
    state.context_info.timezone_offset = 0
    state.context_info.locale = "en-US"
    state.context_info.is_embedded = False
    return msg.SerializeToString()


def _exception_in(msg: ForwardMsg) -> str | None:
    """An exception element, or the app's "this page could not be shown" error, in ``msg``."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None
    element = msg.delta.new_element
    if element.WhichOneof("type") == "exception":
        return f"{element.exception.type}: {element.exception.message}"[:200]
    if (element.WhichOneof("type") == "alert" and element.alert.format == Alert.ERROR
            and element.alert.body.startswith(FAILED_PAGE)):
        return element.alert.body[:200]
    return None


async def one_session(url: str, query: str, *, page: str = "", timeout: float = 120.0,
                      headers: dict[str, str] | None = None) -> SessionResult:
    """Open a session, run the page once, wait for its script to finish; the time it took."""
    started = time.perf_counter()
    runs, messages, error = 0, 0, None
    try:
        async with asyncio.timeout(timeout):
            async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout,
                                          additional_headers=headers) as ws:
                await ws.send(first_message(query, page))
                while True:
                    data = await ws.recv()
                    if isinstance(data, str):
                        continue
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    messages += 1
                    error = error or _exception_in(msg)
                    if msg.WhichOneof("type") != "script_finished":
                        continue
                    runs += 1
                    status = msg.script_finished
                    if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        error = error or "compile error"
                        break
                    if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                        break
    except TimeoutError:
        error = f"no finished run within {timeout:.0f} s"
    except (OSError, websockets.WebSocketException) as exc:
        error = f"{type(exc).__name__}: {exc}"[:200]
    return SessionResult(query, time.perf_counter() - started, error, runs, messages)


async def _many(url: str, queries: list[str], page: str, timeout: float,
                headers: dict[str, str] | None) -> list[SessionResult]:
    return list(await asyncio.gather(*(one_session(url, q, page=page, timeout=timeout, headers=headers)
                                       for q in queries)))


def run_load(*, host: str = "127.0.0.1", port: int = 8501, path: str = "", page: str = "",
             queries: list[str], sessions: int, timeout: float = 120.0,
             headers: dict[str, str] | None = None) -> list[SessionResult]:
    """``sessions`` sessions opened at once, cycling through ``queries``; ``headers`` go with each websocket
    handshake (e.g. the e-mail header of an authenticating proxy the server trusts)."""
    chosen = [queries[i % len(queries)] for i in range(sessions)]
    # a loop of its own on a thread of its own: callers may already run an event loop (Playwright, Jupyter)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _many(stream_url(host, port, path), chosen, page, timeout, headers)).result()


async def _keep_opening(url: str, queries: list[str], first: int, step: int, page: str, deadline: float,
                        timeout: float, headers: dict[str, str] | None) -> list[SessionResult]:
    """One after another until ``deadline`` (one at least): sessions on ``queries[first]``,
    ``queries[first + step]``, ..."""
    results, index = [], first
    while not results or time.perf_counter() < deadline:
        results.append(await one_session(url, queries[index % len(queries)], page=page, timeout=timeout,
                                         headers=headers))
        index += step
    return results


async def _round(url: str, queries: list[str], sessions: int, seconds: float, page: str, timeout: float,
                 headers: dict[str, str] | None) -> list[SessionResult]:
    deadline = time.perf_counter() + seconds
    lanes = await asyncio.gather(*(_keep_opening(url, queries, i, sessions, page, deadline, timeout, headers)
                                   for i in range(sessions)))
    return [result for lane in lanes for result in lane]


def run_soak(*, host: str = "127.0.0.1", port: int = 8501, path: str = "", page: str = "", queries: list[str],
             sessions: int, seconds: float, rounds: int, timeout: float = 120.0,
             headers: dict[str, str] | None = None,
             after_round: Callable[[int], None] | None = None) -> list[list[SessionResult]]:
    """``rounds`` rounds of ``seconds``: in each, ``sessions`` sessions at once, each replaced by a new one as soon
    as it finished (a round ends when the sessions started before its end have finished); ``after_round(i)``
    is called after round ``i`` (0-based), e.g. to read the servers' memory. The sessions of each round."""
    url = stream_url(host, port, path)
    out: list[list[SessionResult]] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        for index in range(rounds):
            out.append(pool.submit(asyncio.run, _round(url, queries, sessions, seconds, page, timeout,
                                                       headers)).result())
            if after_round is not None:
                after_round(index)
    return out


def soak_summary(rounds: list[list[SessionResult]], rss_mb: list[list[float]] | None = None) -> dict[str, object]:
    """The soak's figures: sessions, p95 and errors over every round and, given ``rss_mb``, memory per server
    process: ``rss_mb[0]`` before the first round, ``rss_mb[i]`` after round ``i``. The growth is measured from
    the end of the first round (caches filled, first visits done) to the end of the last, what a longer run would
    add (from the start with a single round); ``soak_rss_growth_mb`` is the largest growth of a process."""
    results = [r for one in rounds for r in one]
    seconds = [r.seconds for r in results]
    figures: dict[str, object] = {
        "soak_rounds": len(rounds), "soak_sessions": len(results), "soak_p50_s": statistics.median(seconds),
        "soak_p95_s": percentile(seconds, 95), "soak_max_s": max(seconds),
        "soak_errors": sum(r.error is not None for r in results)}
    if rss_mb:
        settled, last = rss_mb[1] if len(rss_mb) > 2 else rss_mb[0], rss_mb[-1]
        figures |= {"soak_rss_before_mb": rss_mb[0], "soak_rss_rounds_mb": rss_mb[1:], "soak_rss_after_mb": last,
                    "soak_rss_growth_mb": max(b - a for a, b in zip(settled, last, strict=True))}
    return figures


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` in MB (Linux: ``/proc/<pid>/status``); NaN when it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summary(results: list[SessionResult]) -> dict[str, float]:
    seconds = [r.seconds for r in results]
    return {"load_sessions": len(results), "load_p50_s": statistics.median(seconds),
            "load_p95_s": percentile(seconds, 95), "load_max_s": max(seconds),
            "load_errors": sum(r.error is not None for r in results),
            "load_messages_min": min(r.messages for r in results)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--path", default="", help="base URL path of the app (server.baseUrlPath), if any")
    parser.add_argument("--page", default="", help="page url path, e.g. segments (default: the overview)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--query", action="append", help="query string of a session (repeat; cycled)")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--prime", action="store_true", help="run each query once first, to warm the caches")
    parser.add_argument("--soak-rounds", type=int, default=0, help="soak: rounds of --soak-seconds each "
                        "(sessions replaced as they finish); 0: one burst of --sessions")
    parser.add_argument("--soak-seconds", type=float, default=40.0)
    parser.add_argument("--header", action="append", default=[], metavar="NAME:VALUE",
                        help="a header for every handshake, e.g. X-Forwarded-Email:admin@demo.example when the "
                             "server trusts that proxy header (repeat)")
    args = parser.parse_args(argv)
    queries = args.query or [""]
    headers = dict(h.split(":", 1) for h in args.header) or None
    if args.prime:
        run_load(host=args.host, port=args.port, path=args.path, page=args.page, queries=queries,
                 sessions=len(queries), timeout=args.timeout, headers=headers)
    if args.soak_rounds:
        rounds = run_soak(host=args.host, port=args.port, path=args.path, page=args.page, queries=queries,
                          sessions=args.sessions, seconds=args.soak_seconds, rounds=args.soak_rounds,
                          timeout=args.timeout, headers=headers)
        results = [r for one in rounds for r in one]
        figures = soak_summary(rounds)
    else:
        results = run_load(host=args.host, port=args.port, path=args.path, page=args.page, queries=queries,
                           sessions=args.sessions, timeout=args.timeout, headers=headers)
        figures = summary(results)
    for name, value in figures.items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
    for result in results:
        if result.error:
            print(f"load_error: {result.query}: {result.error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
