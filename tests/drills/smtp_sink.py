"""A local mail server for the e-mail drill (aiosmtpd): each message it accepts is one JSON line
(Message-ID, subject, recipients) in --received; with --refuse it answers « 421 » to every recipient,
as a server that is overloaded or shutting down.

    python -m tests.drills.smtp_sink --port 8244 --received /tmp/x/received.jsonl [--refuse]
"""

import argparse
import json
import signal
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, received: str, refuse: bool):
        self.received = received
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "421 4.3.2 Service not available, closing transmission channel"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        line = {"message_id": message["Message-ID"], "subject": str(message["Subject"]), "to": envelope.rcpt_tos}
        with open(self.received, "a") as out:
            out.write(json.dumps(line) + "\n")
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--received", required=True)
    parser.add_argument("--refuse", action="store_true")
    arguments = parser.parse_args()
    controller = Controller(Sink(arguments.received, arguments.refuse), hostname="127.0.0.1", port=arguments.port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
