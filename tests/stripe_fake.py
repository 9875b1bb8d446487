"""A small stand-in for the Stripe API on 127.0.0.1 (a port the system picks), and webhooks signed as Stripe signs.

stripe-mock is not served by the Go module proxy here, and it keeps no state; this fake keeps customers,
Checkout sessions, subscriptions and invoices so a test can walk a payment through its life. Only the
endpoints the app uses exist; anything else answers 404 the way Stripe does.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

API_KEY = "sk_test_fake_key"
WEBHOOK_SECRET = "whsec_test_secret"
PRICES = {"team_month": "price_team_m", "team_year": "price_team_y", "enterprise_month": "price_ent_m"}
AMOUNTS = {"price_team_m": 19900, "price_team_y": 199000, "price_ent_m": 89900}
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    """A Stripe-looking id."""
    return f"{prefix}_test{next(_ids):06d}"


def parse_form(body: str) -> dict[str, Any]:
    """``a[b][0][c]=v`` form encoding (as the library sends) into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The ``Stripe-Signature`` header: ``t=…,v1=`` HMAC-SHA256 of ``t.payload`` with the endpoint secret."""
    stamp = at or int(time.time())
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={mac}"


class FakeStripe:
    """The fake's state and the moves a test makes (a customer pays, a boleto expires, a renewal fails)."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, dict[str, Any]]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeStripe:
        """Serve in a thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()

    # --- the API ---------------------------------------------------------------------------------------------
    def create_customer(self, p: dict[str, Any]) -> dict[str, Any]:
        cus = {"id": new_id("cus"), "object": "customer", "name": p.get("name"), "email": p.get("email")}
        cus |= {"address": p.get("address"), "tax_ids": p.get("tax_id_data", []), "metadata": p.get("metadata", {})}
        return self._keep(cus)

    def create_checkout(self, p: dict[str, Any]) -> dict[str, Any]:
        cs_id = new_id("cs")
        cs = {"id": cs_id, "object": "checkout.session", "url": f"{self.url}/checkout/{cs_id}", "status": "open"}
        cs |= {"mode": p["mode"], "customer": p["customer"], "payment_status": "unpaid", "subscription": None}
        cs |= {"metadata": p.get("metadata", {}), "payment_method_types": p.get("payment_method_types", [])}
        cs |= {"price": p["line_items"][0]["price"], "success_url": p.get("success_url")}
        return self._keep(cs)

    def update_subscription(self, sub: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
        if "cancel_at_period_end" in p:
            sub["cancel_at_period_end"] = p["cancel_at_period_end"] == "true"
        if "items" in p:  # a price change: prorated, invoiced now and applied once paid
            item = sub["items"]["data"][0]
            item["price"] = {"id": p["items"][0]["price"], "object": "price"}
            self._invoice(sub, AMOUNTS.get(item["price"]["id"], 0) // 2, "paid")
        return sub

    # --- what happens outside the app (the payer, the bank) ----------------------------------------------------
    def complete_checkout(self, cs_id: str, method: str) -> dict[str, Any]:
        """The payer confirms on Stripe's page: a card pays at once; Pix and boleto wait for the money."""
        cs = self.objects[cs_id]
        paid = method == "card"
        sub = self._subscription(cs["customer"], cs["price"], "active" if paid else "incomplete")
        self._invoice(sub, AMOUNTS.get(cs["price"], 0), "paid" if paid else "open")
        cs |= {"status": "complete", "payment_status": "paid" if paid else "unpaid", "subscription": sub["id"]}
        cs["payment_method"] = method
        return cs

    def settle(self, cs_id: str, *, paid: bool) -> dict[str, Any]:
        """The Pix arrives or the boleto is paid (``paid``), or it expires unpaid."""
        cs = self.objects[cs_id]
        sub = self.objects[cs["subscription"]]
        inv = self.objects[sub["latest_invoice"]]
        cs["payment_status"] = "paid" if paid else "unpaid"
        sub["status"] = "active" if paid else "incomplete_expired"
        inv |= {"status": "paid", "amount_paid": inv["amount_due"]} if paid else {"status": "void"}
        return cs

    def renewal(self, sub_id: str, *, paid: bool) -> dict[str, Any]:
        """A new period's invoice: paid, or failed (the subscription goes past due)."""
        sub = self.objects[sub_id]
        item = sub["items"]["data"][0]
        item["current_period_end"] += 30 * 86400
        inv = self._invoice(sub, AMOUNTS.get(item["price"]["id"], 0), "paid" if paid else "open")
        sub["status"] = "active" if paid else "past_due"
        return inv

    def pay(self, inv_id: str) -> dict[str, Any]:
        """An open invoice gets paid: its subscription is active again."""
        inv = self.objects[inv_id]
        inv |= {"status": "paid", "amount_paid": inv["amount_due"]}
        self.objects[inv["parent"]["subscription_details"]["subscription"]]["status"] = "active"
        return inv

    def end_period(self, sub_id: str) -> dict[str, Any]:
        """The period ends on a subscription set to cancel: Stripe deletes it."""
        sub = self.objects[sub_id]
        sub["status"] = "canceled"
        return sub

    def event(self, kind: str, obj_id: str, *, event_id: str | None = None) -> bytes:
        """A webhook body for the object's current state, as Stripe would post it."""
        evt = {"id": event_id or new_id("evt"), "object": "event", "type": kind, "created": int(time.time())}
        evt |= {"api_version": "2026-10-28.endive", "livemode": False, "data": {"object": self.objects[obj_id]}}
        return json.dumps(evt).encode()

    # --- bookkeeping -----------------------------------------------------------------------------------------
    def _keep(self, obj: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.objects[obj["id"]] = obj
        return obj

    def _subscription(self, customer: str, price: str, status: str) -> dict[str, Any]:
        end = int(time.time()) + 30 * 86400
        item = {"id": new_id("si"), "object": "subscription_item", "price": {"id": price, "object": "price"}}
        item["current_period_end"] = end
        sub = {"id": new_id("sub"), "object": "subscription", "customer": customer, "status": status}
        sub |= {"items": {"object": "list", "data": [item]}, "cancel_at_period_end": False, "pending_update": None}
        return self._keep(sub)

    def _invoice(self, sub: dict[str, Any], amount: int, status: str) -> dict[str, Any]:
        inv_id = new_id("in")
        inv = {"id": inv_id, "object": "invoice", "customer": sub["customer"], "status": status, "currency": "brl"}
        inv |= {"number": f"POC-{inv_id[-4:]}", "amount_due": amount, "amount_paid": amount if status == "paid" else 0}
        inv |= {"hosted_invoice_url": f"{self.url}/i/{inv_id}", "invoice_pdf": f"{self.url}/i/{inv_id}/pdf"}
        inv |= {"created": int(time.time()), "parent": {"subscription_details": {"subscription": sub["id"]}}}
        sub["latest_invoice"] = inv_id
        return self._keep(inv)


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            return

        def _send(self, status: int, body: dict[str, Any] | str, kind: str = "application/json") -> None:
            data = (json.dumps(body) if isinstance(body, dict) else body).encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", new_id("req"))
            self.end_headers()
            self.wfile.write(data)

        def _route(self, method: str) -> None:
            if method == "GET" and self.path.startswith("/checkout/"):  # the hosted payment page
                return self._send(200, "<html><body><h1>Stripe Checkout (teste)</h1></body></html>", "text/html")
            if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                return self._send(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key"}})
            size = int(self.headers.get("Content-Length") or 0)
            params = parse_form(self.rfile.read(size).decode()) if size else {}
            fake.requests.append((method, self.path, params))
            found = self._answer(method, self.path.split("?")[0], params)
            if found is None:
                return self._send(404, {"error": {"type": "invalid_request_error", "message": "No such object"}})
            return self._send(200, found)

        def _answer(self, method: str, path: str, p: dict[str, Any]) -> dict[str, Any] | None:
            if method == "POST" and path == "/v1/customers":
                return fake.create_customer(p)
            if method == "POST" and path == "/v1/checkout/sessions":
                return fake.create_checkout(p)
            m = re.fullmatch(r"/v1/(customers|checkout/sessions|subscriptions|invoices)/([\w-]+)", path)
            obj = fake.objects.get(m.group(2)) if m else None
            if obj is None:
                return None
            if method == "POST" and m.group(1) == "subscriptions":
                return fake.update_subscription(obj, p)
            if method == "POST" and m.group(1) == "customers":
                obj.update({k: v for k, v in p.items() if k in ("name", "email", "address")})
            return obj

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

    return Handler
