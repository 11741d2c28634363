"""A fake SMTP server on 127.0.0.1 that takes ``SMTP_DELAY`` seconds to accept each message:
what ``tests/test_jobs.py`` and ``bench/mail_latency.py`` send mail to, to show that no
request waits for the mail server."""

from __future__ import annotations

import email
import socket
import threading

SMTP_DELAY = 5.0


class SlowSMTPServer:
    """Just enough SMTP on 127.0.0.1 for smtplib: every message is answered ``SMTP_DELAY``
    seconds after its data (``release()`` ends the waits, for a quick teardown)."""

    def __init__(self, delay: float = SMTP_DELAY):
        self.delay = delay
        self.messages: list[email.message.Message] = []
        self.released = threading.Event()
        self.arrived = threading.Condition()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _addr = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        conn.sendall(b"220 slow.test ESMTP\r\n")
        try:
            for raw in reader:
                verb = raw.strip().split(b" ", 1)[0].upper()
                if verb == b"DATA":
                    conn.sendall(b"354 go on\r\n")
                    self._data(reader)
                    self.released.wait(self.delay)
                    conn.sendall(b"250 queued\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                    conn.sendall(b"250 ok\r\n")
        except OSError:
            return
        finally:
            conn.close()

    def _data(self, reader) -> None:
        lines = []
        for raw in reader:
            if raw in (b".\r\n", b".\n"):
                break
            lines.append(raw[1:] if raw.startswith(b"..") else raw)
        with self.arrived:
            self.messages.append(email.message_from_bytes(b"".join(lines)))
            self.arrived.notify_all()

    def wait_for(self, predicate, timeout: float) -> list:
        """The messages once ``predicate(messages)`` holds (bounded wait)."""
        with self.arrived:
            self.arrived.wait_for(lambda: predicate(self.messages), timeout=timeout)
            return list(self.messages)

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self.listener.close()
