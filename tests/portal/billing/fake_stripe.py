"""A small local stand-in for the Stripe API, good enough for the real `stripe` library.

It serves Checkout session creation (honouring Idempotency-Key) and retrieval (with
`expand[]=payment_intent`) and charge retrieval, records every request, and can be told to fail
(`outage`: 5xx answers or connections refused) and to come back (`recover`).
Webhook events are signed with Stripe's real scheme by `signature_header`.
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class FakeStripe:
    def __init__(self, port: int = 0):
        self.sessions: dict[str, dict] = {}
        self.intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.idempotency: dict[str, str] = {}
        self.requests: list[tuple[str, str, dict, dict]] = []
        self.fail_with_status: int | None = None
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # An outage, then Stripe back on the same address with everything it knew (sessions, charges).
    def outage(self, status: int | None = None):
        """Stripe answers `status` (503...) to every call or, without one, refuses connections."""
        if status:
            self.fail_with_status = status
        else:
            self.stop()

    def recover(self):
        self.fail_with_status = None
        if self.server.socket.fileno() == -1:
            self.server = ThreadingHTTPServer(self.server.server_address, self._handler())
            self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
            self.thread.start()

    # What Stripe would do when the customer pays, abandons or is refunded.
    def pay(self, session_id: str) -> dict:
        session = self.sessions[session_id]
        intent_id = f"pi_test_{next(self._ids)}"
        charge_id = f"ch_test_{next(self._ids)}"
        self.intents[intent_id] = {"id": intent_id, "object": "payment_intent", "status": "succeeded"}
        self.charges[charge_id] = {
            "id": charge_id,
            "object": "charge",
            "payment_intent": intent_id,
            "amount": session["amount_total"],
            "amount_refunded": 0,
            "metadata": {},
        }
        session.update(status="complete", payment_status="paid", payment_intent=intent_id)
        return self.charges[charge_id]

    def expire(self, session_id: str):
        self.sessions[session_id].update(status="expired")

    def fail_async(self, session_id: str):
        intent_id = f"pi_test_{next(self._ids)}"
        self.intents[intent_id] = {"id": intent_id, "object": "payment_intent", "status": "requires_payment_method"}
        self.sessions[session_id].update(status="complete", payment_status="unpaid", payment_intent=intent_id)

    def refund(self, charge_id: str, cents: int):
        self.charges[charge_id]["amount_refunded"] += cents

    def session_requests(self):
        return [r for r in self.requests if r[0] == "POST" and r[1] == "/v1/checkout/sessions"]

    def _create_session(self, params: dict, headers: dict) -> dict:
        key = headers.get("Idempotency-Key")
        with self._lock:
            if key and key in self.idempotency:
                return self.sessions[self.idempotency[key]]
            session_id = f"cs_test_{next(self._ids)}"
            metadata = {k[len("metadata[") : -1]: v for k, v in params.items() if k.startswith("metadata[")}
            self.sessions[session_id] = {
                "id": session_id,
                "object": "checkout.session",
                "url": f"https://checkout.stripe.com/c/pay/{session_id}",
                "status": "open",
                "payment_status": "unpaid",
                "mode": params.get("mode"),
                "currency": params.get("currency"),
                "locale": params.get("locale"),
                "customer_email": params.get("customer_email"),
                "amount_total": int(params["line_items[0][price_data][unit_amount]"]),
                "metadata": metadata,
                "payment_intent": None,
                "success_url": params.get("success_url"),
                "expires_at": int(params["expires_at"]) if params.get("expires_at") else None,
                "cancel_url": params.get("cancel_url"),
            }
            if key:
                self.idempotency[key] = session_id
            return self.sessions[session_id]

    def _session_view(self, session_id: str, expand: list[str]) -> dict | None:
        session = self.sessions.get(session_id)
        if session is None:
            return None
        if session["status"] == "open" and session["expires_at"] and time.time() >= session["expires_at"]:
            session["status"] = "expired"
        session = dict(session)
        if "payment_intent" in expand and session["payment_intent"]:
            session["payment_intent"] = self.intents[session["payment_intent"]]
        return session

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                params = dict(parse_qsl(body or url.query))
                expand = [v for k, v in parse_qsl(url.query or body) if k.startswith("expand")]
                fake.requests.append((method, url.path, params, dict(self.headers)))
                if fake.fail_with_status:
                    error = {"error": {"type": "api_error", "message": "Stripe is having a bad day"}}
                    return self._reply(fake.fail_with_status, error)
                parts = url.path.strip("/").split("/")
                if method == "POST" and parts == ["v1", "checkout", "sessions"]:
                    return self._reply(200, fake._create_session(params, dict(self.headers)))
                if method == "POST" and parts[:3] == ["v1", "checkout", "sessions"] and parts[4:] == ["expire"]:
                    session = fake._session_view(parts[3], [])
                    if session and session["status"] == "open":
                        fake.expire(parts[3])
                        return self._reply(200, fake.sessions[parts[3]])
                    if session:
                        error = {"type": "invalid_request_error", "message": f"Session is {session['status']}"}
                        return self._reply(400, {"error": error})
                if method == "GET" and parts[:3] == ["v1", "checkout", "sessions"] and len(parts) == 4:
                    session = fake._session_view(parts[3], expand)
                    if session:
                        return self._reply(200, session)
                if method == "GET" and parts[:2] == ["v1", "charges"] and len(parts) == 3 and parts[2] in fake.charges:
                    return self._reply(200, fake.charges[parts[2]])
                error = {"type": "invalid_request_error", "message": "No such object"}
                return self._reply(404, {"error": error})

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

        return Handler
