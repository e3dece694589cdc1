"""Paid orders for the tickets benchmark: N orders of 8 best seats of the demo stadium, bought by
guests on the 'web' point of sale, paid through the built-in simulated provider. Prints one line
per ticket: "ticketId orderId orderSecret". Usage: tickets_setup.py BASE_URL ORDERS"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

BASE, ORDERS = sys.argv[1], int(sys.argv[2])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(method, url, body=None, headers=None, form=None):
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    url = url if url.startswith("http") else BASE + url
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with OPENER.open(req) as r:
            raw = r.read()
            return r.status, r.headers, (json.loads(raw) if raw and raw[:1] in b"{[" else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, e.headers, (json.loads(raw) if raw and raw[:1] in b"{[" else None)


def stadium():
    events = call("GET", "/api/v1/events?pos=web&size=50")[2]["items"]
    event = next(e for e in events if "Tourn" in e["name"])
    perf = call("GET", f"/api/v1/events/{event['id']}?pos=web")[2]["performances"][0]["id"]
    detail = call("GET", f"/api/v1/performances/{perf}?pos=web")[2]
    cats = [c for c in detail["categories"] if c.get("prices")]
    return perf, cats


PERF, CATS = stadium()


def order(i):
    cat = CATS[i % len(CATS)]
    status, _, cart = call("POST", "/api/v1/carts?pos=web")
    secret = {"X-Cart-Secret": cart["secret"]}
    item = {"performanceId": PERF, "quantities": [
        {"category": cat["code"], "tariffId": cat["prices"][0]["tariffId"], "quantity": 8}]}
    status, _, body = call("POST", f"/api/v1/carts/{cart['id']}/items?pos=web", item, secret)
    if status != 201:
        return []
    checkout = {"deliveryMode": "MOBILE",
                "buyer": {"email": f"bench{i}@example.org", "firstName": "Bench", "lastName": str(i)}}
    status, _, placed = call("POST", f"/api/v1/carts/{cart['id']}/checkout?pos=web", checkout,
                             dict(secret, **{"Idempotency-Key": str(uuid.uuid4())}))
    if status != 201:
        return []
    pay = placed["payment"]
    form = dict(pay["fields"], SIM_DECISION="accept")
    status, headers, _ = call("POST", pay["url"], form=form)
    call("GET", headers["Location"])
    status, _, read = call("GET", f"/api/v1/orders/{placed['id']}?pos=web",
                           headers={"X-Order-Secret": placed["secret"]})
    if read["status"] != "PAID":
        return []
    return [f"{t['id']} {placed['id']} {placed['secret']}" for t in read["tickets"]]


with ThreadPoolExecutor(8) as pool:
    for lines in pool.map(order, range(ORDERS)):
        for line in lines:
            print(line)
