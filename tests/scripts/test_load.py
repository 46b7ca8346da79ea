"""scripts/load.py: the soak's figures, the processes' memory, a failed page found in the stream, and sessions kept
going for rounds against a stand-in server that speaks the first steps of Streamlit's protocol."""

import asyncio
import math
import os
import sys
import threading
import time
from pathlib import Path

import pytest
import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import load

from dashboard.core.texts.core import TEXT


def session(seconds: float, error: str | None = None) -> load.SessionResult:
    return load.SessionResult("region=East", seconds, error, 1, 30)


def test_soak_figures_from_rounds_and_memory():
    rounds = [[session(s) for s in (1.0, 2.0, 3.0)], [session(4.0), session(9.0, "timeout")],
              [session(s) for s in (5.0, 6.0, 7.0, 8.0, 10.0)]]
    memory = [[100.0, 200.0], [150.0, 260.0], [152.0, 270.0], [151.0, 262.0]]  # before, then after each round
    figures = load.soak_summary(rounds, memory)
    assert figures["soak_rounds"] == 3 and figures["soak_sessions"] == 10 and figures["soak_errors"] == 1
    assert figures["soak_p95_s"] == 10.0  # nearest rank: the 10th of 10 (95% of 10 rounds up to 10)
    assert figures["soak_p50_s"] == 5.5
    assert figures["soak_rss_before_mb"] == [100.0, 200.0] and figures["soak_rss_after_mb"] == [151.0, 262.0]
    assert figures["soak_rss_growth_mb"] == 2.0  # from the first round's end: 151-150 and 262-260


def test_soak_growth_of_a_single_round_is_from_the_start():
    figures = load.soak_summary([[session(1.0)]], [[100.0], [130.0]])
    assert figures["soak_rss_growth_mb"] == 30.0


def test_soak_without_memory_has_no_memory_figures():
    assert not any("rss" in name for name in load.soak_summary([[session(1.0)]]))


def test_resident_memory_of_a_process():
    pages = int(Path("/proc/self/statm").read_text().split()[1])  # resident pages, read independently
    expected = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    assert load.rss_mb(os.getpid()) == pytest.approx(expected, rel=0.2)
    assert math.isnan(load.rss_mb(2**22 + 12345))  # above Linux's largest pid: no such process


def alert(body: str, kind: int) -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.new_element.alert.body = body
    msg.delta.new_element.alert.format = kind
    return msg


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_apps_failure_sentence_counts_as_an_error(lang):
    body = TEXT["pagefault_failed"][lang].format(reference="0a1b2c3d")
    assert load._exception_in(alert(body, Alert.ERROR)) == body


def test_other_alerts_are_not_errors():
    assert load._exception_in(alert(TEXT["store_missing"]["en"], Alert.ERROR)) is None
    assert load._exception_in(alert(TEXT["pagefault_failed"]["en"], Alert.WARNING)) is None


class StandIn:
    """A websocket server that answers a ``rerun_script`` with a few elements and ``script_finished`` after
    ``delay`` seconds, counting the sessions it served and the most served at once."""

    def __init__(self, delay: float) -> None:
        self.delay, self.served, self.open, self.most_open = delay, 0, 0, 0
        self.port = 0
        self._ready = threading.Event()
        self._stop: asyncio.Future | None = None

    async def handler(self, ws) -> None:
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        try:
            back = BackMsg()
            back.ParseFromString(await ws.recv())
            assert back.WhichOneof("type") == "rerun_script"
            await asyncio.sleep(self.delay)
            for text in ("a", "b"):
                msg = ForwardMsg()
                msg.delta.new_element.markdown.body = text
                await ws.send(msg.SerializeToString())
            done = ForwardMsg()
            done.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
            await ws.send(done.SerializeToString())
            self.served += 1
            await ws.wait_closed()
        finally:
            self.open -= 1

    async def main(self) -> None:
        self._stop = asyncio.get_running_loop().create_future()
        async with websockets.serve(self.handler, "127.0.0.1", 0, subprotocols=["streamlit"]) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            self._ready.set()
            await self._stop

    def __enter__(self):
        self._thread = threading.Thread(target=lambda: asyncio.run(self.main()), daemon=True)
        self._thread.start()
        self._ready.wait(10)
        self._loop_stop = lambda: self._stop.get_loop().call_soon_threadsafe(self._stop.set_result, None)
        return self

    def __exit__(self, *exc) -> None:
        self._loop_stop()
        self._thread.join(10)


def test_a_soak_keeps_its_sessions_going_for_each_round():
    with StandIn(delay=0.1) as server:
        after: list[tuple[int, int]] = []
        started = time.perf_counter()
        rounds = load.run_soak(port=server.port, queries=["region=East", "region=West"], sessions=4, seconds=2.0,
                               rounds=2, timeout=10, after_round=lambda i: after.append((i, server.served)))
        elapsed = time.perf_counter() - started
    assert len(rounds) == 2 and [i for i, _ in after] == [0, 1]
    assert all(r.error is None and r.runs == 1 and r.messages == 3 for one in rounds for r in one)
    # 4 lanes of 0.1 s sessions for 2 s: about 20 each (a busy machine, fewer), never only one burst of 4
    assert all(8 <= len(one) <= 4 * 21 for one in rounds), [len(one) for one in rounds]
    assert after[0][1] == len(rounds[0]) and after[1][1] == len(rounds[0]) + len(rounds[1])
    assert server.most_open <= 4  # never more at once than the sessions asked
    assert 4.0 <= elapsed < 20.0
    assert {r.query for r in rounds[0]} == {"region=East", "region=West"}
