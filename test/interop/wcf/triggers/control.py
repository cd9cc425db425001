#!/usr/bin/env python3
"""Shell triggers for ctips-kit (docs/certify.md "Triggers") against the WCF fixture.

    control.py inbound-call | hangup | answer | link | service-state

Parameters come from the CTIPS_* environment variables the kit sets; the fixture's control
URL from CTIPS_FIXTURE_CONTROL (the control=... part of its READY line). Exits non-zero with
the fixture's error message when the fixture refuses. Only the Python standard library.
"""
import json
import os
import sys
import urllib.error
import urllib.request


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None or value == "":
        sys.exit("%s: %s is not set" % (os.path.basename(sys.argv[0]), name))
    return value


def post(path, body=None):
    url = env("CTIPS_FIXTURE_CONTROL").rstrip("/") + path
    req = urllib.request.Request(url, data=json.dumps(body or {}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        sys.exit("fixture refused POST %s: HTTP %d %s" % (path, e.code, e.read().decode(errors="replace").strip()))
    except urllib.error.URLError as e:
        sys.exit("fixture control endpoint %s unreachable: %s" % (url, e.reason))


def main(trigger):
    if trigger == "inbound-call":
        answer = post("/calls", {"serviceId": int(env("CTIPS_SERVICE_ID")),
                                 "ani": env("CTIPS_ANI", "5551234"), "dnis": env("CTIPS_DNIS", "8005550100")})
        print(json.dumps({"callId": answer["callId"]}))   # last line: the kit reads the CallId from it
    elif trigger == "hangup":
        post("/calls/%d/hangup" % int(env("CTIPS_CALL_ID")))
    elif trigger == "answer":
        post("/agents/%s/answer" % urllib.request.quote(env("CTIPS_LOGIN_NAME"), safe=""))
    elif trigger == "link":
        post("/links", {"component": env("CTIPS_COMPONENT"), "state": env("CTIPS_STATE")})
    elif trigger == "service-state":
        post("/services/%d/state" % int(env("CTIPS_SERVICE_ID")), {"state": env("CTIPS_STATE")})
    else:
        sys.exit("unknown trigger %r (inbound-call, hangup, answer, link, service-state)" % trigger)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
