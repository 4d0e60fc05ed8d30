"""What keeps the sign-in service answering and fair under attack: who the client is, a bounded pool of workers for
password checks (argon2 is slow on purpose and must never run on the event loop), and refused attempts counted into
one access-log row per client and minute instead of one row each."""

import asyncio
import ipaddress
import os
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from store import access_log

# One core is left to the event loop (discovery, keys, tokens); the rest check passwords.
WORKERS = max(1, len(os.sched_getaffinity(0)) - 1)
# Password checks running or waiting beyond this are answered "稍后再试" at once.
QUEUE_LIMIT = int(os.environ.get("SIGNIN_QUEUE_LIMIT", str(max(8, WORKERS * 8))))
# ... and beyond this many from one client (a person posts one form at a time): a flood of parallel requests from
# one address holds at most this many places in the queue, never all of them, so others still get theirs.
CLIENT_LIMIT = int(os.environ.get("SIGNIN_CLIENT_LIMIT", "2"))
# The access log's refused attempts are summed per client over this many seconds (tests shorten it).
LOG_BUCKET_SECONDS = int(os.environ.get("SIGNIN_LOG_BUCKET_SECONDS", "60"))


def _lower_priority() -> None:
    # Linux schedules threads, and a thread's nice value is its own (argon2's lanes inherit it): the event loop's
    # thread keeps the CPU when discovery, keys or a token are asked for while passwords are checked.
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="argon2", initializer=_lower_priority)
_waiting = 0
_waiting_by_client: Counter = Counter()
_waiting_lock = threading.Lock()


def client_key(host: str | None) -> str:
    """The client an attempt is counted against: its IPv4 address, or its IPv6 /64 (one household or host gets a
    whole /64, so counting single IPv6 addresses would count nothing). The address is the TCP peer's, or the one a
    trusted proxy reports (SIGNIN_TRUSTED_PROXIES, read by uvicorn in provider/__main__.py)."""
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return (host or "unknown")[:64]
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class Busy(Exception):
    """More password checks are waiting than the queue limit allows."""


class ClientBusy(Busy):
    """This client already has as many password checks running or waiting as one client may."""


async def off_the_loop(client: str, function, *args):
    """Run a password check for `client` in the worker pool; ClientBusy beyond the client's limit, Busy beyond the
    queue's."""
    global _waiting
    with _waiting_lock:
        if _waiting_by_client[client] >= CLIENT_LIMIT:
            raise ClientBusy
        if _waiting >= QUEUE_LIMIT:
            raise Busy
        _waiting += 1
        _waiting_by_client[client] += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(_pool, function, *args)
    finally:
        with _waiting_lock:
            _waiting -= 1
            _waiting_by_client[client] -= 1
            if not _waiting_by_client[client]:
                del _waiting_by_client[client]


class Refusals:
    """Refused sign-in attempts per (client, time bucket): how many, and at which sign-in names. A bucket is
    written to the access log as one `provider_refused` row once its time is over (and at shutdown)."""

    def __init__(self, bucket_seconds: int = LOG_BUCKET_SECONDS):
        self.bucket_seconds = bucket_seconds
        self._counts: dict[tuple[str, int], Counter] = defaultdict(Counter)
        self._lock = threading.Lock()

    def count(self, client: str, username: str, why: str) -> None:
        bucket = int(time.time()) // self.bucket_seconds
        with self._lock:
            self._counts[(client, bucket)][(username or "（空）")[:64], why] += 1

    def flush(self, everything: bool = False) -> int:
        """Write every finished bucket (all of them with `everything`); returns how many rows were written."""
        current = int(time.time()) // self.bucket_seconds
        with self._lock:
            done = {k: v for k, v in self._counts.items() if everything or k[1] < current}
            for k in done:
                del self._counts[k]
        for (client, bucket), counts in sorted(done.items(), key=lambda item: item[0][1]):
            names = sorted({name for name, _ in counts})
            reasons = Counter()
            for (_, why), n in counts.items():
                reasons[why] += n
            start = time.strftime("%H:%M:%S", time.gmtime(bucket * self.bucket_seconds + 8 * 3600))
            total = sum(counts.values())
            access_log.record(
                names[0] if len(names) == 1 else None, "provider_refused",
                parameters={"client": client, "attempts": total, "from": start, "seconds": self.bucket_seconds,
                            "usernames": names[:20], "reasons": dict(reasons)},
                outcome=f"{client} 在 {start}（北京时间）起 {self.bucket_seconds} 秒内被拒绝 {total} 次："
                        + "；".join(f"{why} {n} 次" for why, n in reasons.most_common()))
        return len(done)

    async def flush_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            await asyncio.to_thread(self.flush)
