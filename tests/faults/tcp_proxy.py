"""A small TCP proxy that the fault tests put between the app and its database.

It forwards bytes both ways until told to misbehave:
* `refuse()`: new connections are refused (the listening socket is closed) and open ones are
  reset, as when the database server is down;
* `blackhole()`: connections are accepted but nothing is forwarded any more, either way, as
  when a network path silently drops packets;
* `delay(seconds)`: every chunk is held that long before it is passed on (each way);
* `restore()`: back to plain forwarding, on the same port.

Only ever pointed at 127.0.0.1; it never touches the database server itself.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
import time

CHUNK = 65536


class TCPProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._mode = "pass"
        self._delay = 0.0
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._stopped = threading.Event()
        self._listener = self._listen(0)
        self.port: int = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    # -- control -----------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self._mode

    def refuse(self) -> None:
        with self._lock:
            self._mode = "refuse"
            self._close_listener()
            for conn in list(self._conns):
                _reset(conn)
            self._conns.clear()

    def blackhole(self) -> None:
        with self._lock:
            self._mode = "blackhole"

    def delay(self, seconds: float) -> None:
        with self._lock:
            self._mode = "delay"
            self._delay = seconds

    def restore(self) -> None:
        with self._lock:
            was_refusing = self._mode == "refuse"
            self._mode = "pass"
            self._delay = 0.0
            if was_refusing:
                self._listener = self._listen(self.port)
                self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
                self._acceptor.start()

    def close(self) -> None:
        self._stopped.set()
        with self._lock:
            self._close_listener()
            for conn in list(self._conns):
                _reset(conn)
            self._conns.clear()

    def __enter__(self) -> TCPProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- plumbing ----------------------------------------------------------------------
    def _listen(self, port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(128)
        return sock

    def _close_listener(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()

    def _accept_loop(self) -> None:
        listener = self._listener
        while not self._stopped.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed (refuse or close)
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self._conns.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while not self._stopped.is_set():
                ready, _, _ = select.select([src], [], [], 0.1)
                if not ready:
                    continue
                if self._mode == "blackhole":
                    # Hold the bytes in the kernel's buffers: nothing passes, nothing fails.
                    time.sleep(0.05)
                    continue
                data = src.recv(CHUNK)
                if not data:
                    break
                if self._mode == "delay":
                    time.sleep(self._delay)
                while self._mode == "blackhole" and not self._stopped.is_set():
                    time.sleep(0.05)
                dst.sendall(data)
        except (OSError, ValueError):  # ValueError: select() on a socket refuse() closed
            pass
        finally:
            with self._lock:
                self._conns.discard(src)
                self._conns.discard(dst)
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


def _reset(sock: socket.socket) -> None:
    """Close with an RST rather than a FIN, as a crashed peer would."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()
