#!/usr/bin/env python3
"""Smoke test of the agent desktop (bin/CtipsClient.exe) against ctips-kit's own mock CTIPS.

Starts the kit's mock (`ctips-kit mock`, run as `node bin/ctips-kit.js mock` so that the PID
signalled is the server's own) and the client, then:

  1. start-up: session online, agent1 logged in (LoginAgent after OnLine);
  2. a customer call to service 100: agent1 accepts (Active), the customer hangs up, agent1
     disposes (back to Idle);
     2a. the mock stops heartbeating the session (fault stop-heartbeats): the client closes
         it, opens a new one on the same mock and adopts agent1 from the snapshot (no LoginAgent);
     2b. the mock refuses AcceptCall with InvalidSessionId (fault-response): the client
         reconnects at once and answers the still-ringing call found in the snapshot;
     2c. events as a later or looser CTIPS may send them (unprefixed-xsi-type, extra-member,
         omit-optional): a call is still accepted and disposed;
  3. the mock is stopped (SIGTERM) and started again on the same port: the client
     reconnects and logs agent1 in again;
  4. a second mock on another port (CTIPS_SECONDARY_ENDPOINT), the first is stopped: the
     client fails over and logs agent1 in there; a second call is accepted and disposed;
  5. SIGTERM to the client: LogoutAgent, OffLine, CloseConnection, exit 0.

It reads the mocks' recorded timelines (--record) for the order of requests, RequestIds,
heartbeat misses and the timing of callbacks and reactions. PASS/FAIL lines; exit 1 on any
failure. Python standard library only.

    python3 test/interop/wcf/client/smoke.py        # builds first with ../build.sh
"""
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
WCF = os.path.dirname(HERE)
REPO = os.path.abspath(os.path.join(WCF, "..", "..", ".."))
CLIENT = os.path.join(WCF, "bin", "CtipsClient.exe")
CLIENT_LOG = os.path.join(WCF, "bin", "smoke-client.log")
PATH = "/Aspect.UnifiedIP.EDK.CTIPortalService"
HEARTBEAT_MS = 200
HEARTBEAT_TIMEOUT_MS = 1000

failures = []
procs = []          # every process this script started (stopped by PID at the end)


def check(ok, what, detail=""):
    print(("PASS " if ok else "FAIL ") + what + (("  [" + detail + "]") if detail else ""), flush=True)
    if not ok:
        failures.append(what)
    return ok


def info(line):
    print("     " + line, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ the mock

class Mock:
    def __init__(self, name, port, tmp):
        self.name, self.port = name, port
        self.record = os.path.join(tmp, name + ".jsonl")
        self.log = open(os.path.join(tmp, name + ".log"), "w")
        self.proc = subprocess.Popen(
            ["node", os.path.join(REPO, "bin", "ctips-kit.js"), "mock", "--port", str(port),
             "--heartbeat-ms", str(HEARTBEAT_MS), "--log-level", "error", "--record", self.record],
            cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        procs.append(self.proc)
        self.started = time.monotonic()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.state()
                self.ready = time.monotonic()
                return
            except (OSError, urllib.error.URLError):
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError("mock %s did not come up on port %d" % (name, port))

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d%s" % (self.port, PATH)

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request("http://127.0.0.1:%d/control%s" % (self.port, path), data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read() or b"{}")

    def state(self):
        return self._call("GET", "/state")

    def agent(self, login="agent1"):
        return next(a for a in self.state()["agents"] if a["loginName"] == login)

    def call(self):
        return self._call("POST", "/calls", {"serviceId": 100, "ani": "5551234", "dnis": "8005550100"})["callId"]

    def hangup(self, call_id):
        self._call("POST", "/calls/%d/hangup" % call_id, {})

    def add_fault(self, fault):
        return self._call("POST", "/faults", fault)["id"]

    def remove_fault(self, fault_id):
        req = urllib.request.Request("http://127.0.0.1:%d/control/faults/%s" % (self.port, fault_id), method="DELETE")
        urllib.request.urlopen(req, timeout=5).close()

    def session(self):
        sessions = self.state()["sessions"]
        return sessions[0]["sessionId"] if len(sessions) == 1 else None

    def stop(self):
        """SIGTERM by PID; the time it was sent."""
        t = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return t

    def timeline(self):
        if not os.path.exists(self.record):
            return []
        with open(self.record) as f:
            return [json.loads(line) for line in f if line.strip()]


def wait_for(pred, timeout, step=0.05):
    """Polls pred() until it returns a truthy value; returns (value, seconds waited)."""
    t0 = time.monotonic()
    while True:
        try:
            v = pred()
        except (OSError, urllib.error.URLError, StopIteration, KeyError):
            v = None
        if v or time.monotonic() - t0 > timeout:
            return v, time.monotonic() - t0
        time.sleep(step)


def online_with_agent1(mock):
    st = mock.state()
    sessions = [s for s in st["sessions"] if s["state"] == "online"]
    a = next(a for a in st["agents"] if a["loginName"] == "agent1")
    return len(sessions) == 1 and a["login"] == "LoggedIn" and a["state"] == "Idle" and st


def call_cycle(mock, label, call_id=None):
    """A customer call: accepted (Active), hung up, disposed (Idle)."""
    t0 = time.monotonic()
    new_call = call_id is None
    call_id = call_id or mock.call()
    active, waited = wait_for(lambda: mock.agent()["state"] == "Active", 8)
    check(bool(active), label + ": agent1 accepted call %d (Active)" % call_id,
          ("%.2f s after the call was made (includes the simulator's deliver 0.5 s + distribute 1 s)" % waited) if new_call else "")
    mock.hangup(call_id)
    idle, waited = wait_for(lambda: (lambda a, st: a["state"] == "Idle" and not st["calls"])(mock.agent(), mock.state()), 5)
    check(bool(idle), label + ": agent1 disposed call %d and is Idle again" % call_id, "%.2f s after the hang-up" % waited)
    return time.monotonic() - t0


# ------------------------------------------------------------------ timeline checks

def by_session(rows):
    out = {}
    for r in rows:
        if r.get("session"):
            out.setdefault(r["session"], []).append(r)
    return out


def check_sessions(mock):
    rows = mock.timeline()
    opened = {r["payload"]["OpenConnectionResult"]["SessionId"] for r in rows
              if r["kind"] == "response" and r["name"] == "OpenConnection"}
    for sid, rs in by_session(rows).items():
        if sid not in opened:
            # The client closing its old session on a restarted CTIPS (best effort; answered
            # with the fault InvalidSessionId there).
            info("%s: requests for a session it never opened (%s): %s" % (mock.name, sid[:8],
                 " ".join(r["name"] for r in rs if r["kind"] == "request")))
            continue
        reqs = [r for r in rs if r["kind"] == "request"]
        names = [r["name"] for r in reqs]
        head = names[:5]
        ok = head == ["AddMessageClass"] * 3 + ["OnLine", "Snapshot"]
        classes = [r["payload"]["args"]["MessageClass"] for r in reqs if r["name"] == "AddMessageClass"]
        check(ok and sorted(classes) == ["EventCategoryAgent", "EventCategoryCall", "EventCategorySystem"],
              "%s session %s: AddMessageClass x3, OnLine, Snapshot in that order" % (mock.name, sid[:8]), " ".join(names))
        ids = [r["payload"]["args"]["RequestId"] for r in reqs if "RequestId" in r["payload"].get("args", {})]
        check(ids and all(i != 0 for i in ids) and len(ids) == len(set(ids)),
              "%s session %s: RequestIds non-zero and unique" % (mock.name, sid[:8]), str(ids))
        if "LoginAgent" in names:
            check(names.index("LoginAgent") > names.index("OnLine"), "%s session %s: LoginAgent after OnLine" % (mock.name, sid[:8]))
    return rows


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def timing_report(rows):
    lat = {}
    for r in rows:
        if r["kind"] == "callbackResponse" and r.get("latencyNs") is not None:
            lat.setdefault(r["name"], []).append(r["latencyNs"] / 1e6)
    for name in sorted(lat):
        v = lat[name]
        info("callback %-16s n=%-4d p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms (the mock's send → answer)"
             % (name, len(v), statistics.median(v), pct(v, 95), max(v)))
    # Reactions: the event the mock sent → the request it caused.
    reactions = {"AcceptCall": [], "SetDisposition": []}
    pending = {}
    for r in rows:
        if r["kind"] == "event":
            p = r.get("payload") or {}
            if r["name"] == "CallConnected":
                pending[("AcceptCall", p.get("CallId"))] = r["monoNs"]
            if r["name"] == "AgentStateChange" and p.get("AgentState") == "Wrap":
                pending[("SetDisposition", p.get("CallId"))] = r["monoNs"]
        if r["kind"] == "request" and r["name"] in reactions:
            key = (r["name"], r["payload"]["args"].get("CallId"))
            if key in pending:
                reactions[r["name"]].append((r["monoNs"] - pending.pop(key)) / 1e6)
    for name, v in reactions.items():
        if v:
            info("reaction %-16s n=%d  %s ms after the mock sent %s"
                 % (name, len(v), ", ".join("%.1f" % x for x in v), "CallConnected" if name == "AcceptCall" else "AgentStateChange(Wrap)"))
    req = {}
    sent = {}
    for r in rows:
        if r["kind"] == "request":
            sent[r["seq"]] = r
        if r["kind"] == "response" and r.get("replyTo") in sent:
            req.setdefault(r["name"], []).append((r["monoNs"] - sent[r["replyTo"]]["monoNs"]) / 1e6)
    allreq = [x for v in req.values() for x in v]
    if allreq:
        info("requests n=%d, the mock's receipt → answer: p50 %.2f ms, max %.2f ms" % (len(allreq), statistics.median(allreq), max(allreq)))
    return reactions


def client_request_times(log_text):
    """The client's own view: '→ Name(...) = r (x ms)'."""
    import re
    v = [float(m) for m in re.findall(r"→ \w+\(.*\) = .* \(([\d.]+) ms\)", log_text)]
    if v:
        info("requests n=%d, the client's send → answer (Mono WCF client): p50 %.1f ms, p95 %.1f ms, max %.1f ms (the first of a process includes JIT)"
             % (len(v), statistics.median(v), pct(v, 95), max(v)))


# ------------------------------------------------------------------ main

def main():
    subprocess.run(["sh", os.path.join(WCF, "build.sh")], check=True, stdout=sys.stderr)
    tmp = tempfile.mkdtemp(prefix="ctips-client-smoke-")
    p1, p2 = free_port(), free_port()
    mocks = []
    client = None
    log = None
    try:
        m1 = Mock("mock1", p1, tmp)
        mocks.append(m1)
        info("mock1 on port %d up after %.1f s" % (p1, m1.ready - m1.started))
        env = dict(os.environ,
                   CTIPS_ENDPOINT=m1.endpoint,
                   CTIPS_SECONDARY_ENDPOINT="http://127.0.0.1:%d%s" % (p2, PATH),
                   CTIPS_USER="ctiuser", CTIPS_PASSWORD="ctipass", CTIPS_TENANT="1",
                   CTIPS_PROFILE="agent-desktop", CTIPS_AGENTS="agent1:4001", CTIPS_DISPOSITION_ID="1",
                   CTIPS_CALLBACK_HOST="127.0.0.1",
                   CTIPS_HEARTBEAT_TIMEOUT_MS=str(HEARTBEAT_TIMEOUT_MS), CTIPS_HEARTBEAT_MS=str(HEARTBEAT_MS))
        log = open(CLIENT_LOG, "w")
        t_client = time.monotonic()
        client = subprocess.Popen(["mono", CLIENT], env=env, stdout=subprocess.PIPE, stderr=log, text=True)
        procs.append(client)

        # 1. start-up
        st, waited = wait_for(lambda: online_with_agent1(m1), 20)
        check(bool(st), "start-up: one session online on mock1, agent1 logged in and Idle",
              "%.2f s after the client started (Mono start-up, ~0.5 s filling the callback pool, the first request's JIT)" % (time.monotonic() - t_client))
        if st:
            s = st["sessions"][0]
            check(sorted(s["categories"]) == ["EventCategoryAgent", "EventCategoryCall", "EventCategorySystem"],
                  "start-up: subscribed to Agent, Call, System", ",".join(s["categories"]))
        ready = client.stdout.readline().strip()
        check(ready.startswith("READY callback=http://127.0.0.1:") and ready.endswith("/www.aspect.com/PublishEvents"),
              "stdout: READY line", ready)

        # 2. a call
        call_cycle(m1, "call on mock1")

        # 2a. heartbeats stop on a CTIPS that is still there
        old_sid = m1.session()
        fid = m1.add_fault({"name": "stop-heartbeats", "scope": {"session": old_sid}})
        t_stop = time.monotonic()
        st, _ = wait_for(lambda: (lambda s: s and s != old_sid and online_with_agent1(m1))(m1.session()), 10)
        check(bool(st), "heartbeats stop: the client reconnected to the same mock",
              "%.2f s after the last heartbeat could have come (heartbeat timeout %d ms)" % (time.monotonic() - t_stop, HEARTBEAT_TIMEOUT_MS))
        m1.remove_fault(fid)
        rows = m1.timeline()
        closed = [r for r in rows if r["kind"] == "response" and r["name"] == "CloseConnection" and r.get("session") == old_sid]
        new_sid = m1.session()
        new_reqs = [r["name"] for r in rows if r["kind"] == "request" and r.get("session") == new_sid]
        check(bool(closed), "heartbeats stop: the old session was closed (CloseConnection) before the new one opened")
        check("LoginAgent" not in new_reqs, "heartbeats stop: agent1, still logged in, adopted from the snapshot (no LoginAgent)", " ".join(new_reqs))

        # 2b. a request refused because the session is unknown
        old_sid = m1.session()
        m1.add_fault({"name": "fault-response", "scope": {"operation": "AcceptCall"},
                      "params": {"code": "InvalidSessionId", "message": "session unknown"}, "count": 1})
        call_id = m1.call()
        st, waited = wait_for(lambda: (lambda s: s and s != old_sid and m1.agent()["state"] == "Active")(m1.session()), 10)
        check(bool(st), "session refused (AcceptCall: InvalidSessionId): the client reconnected and accepted the ringing call from the snapshot",
              "%.2f s after the call was made" % waited)
        call_cycle(m1, "refused AcceptCall", call_id)

        # 2c. tolerance
        fids = [m1.add_fault({"name": n}) for n in ("unprefixed-xsi-type", "extra-member", "omit-optional")]
        mark = len(m1.timeline())
        call_cycle(m1, "events with unprefixed xsi:type, an extra member, no optional members")
        for fid in fids:
            m1.remove_fault(fid)
        bad = [r for r in m1.timeline()[mark:] if r["kind"] in ("fault", "transportError") and r.get("name") == "PublishCTIEvent"]
        check(not bad, "tolerance: every such PublishCTIEvent answered 0 (WCF's DataContractSerializer took them)",
              "; ".join(r.get("message", "")[:120] for r in bad[:3]))

        # 3. the CTIPS restarts on the same port
        t_kill = m1.stop()
        m1b = Mock("mock1b", p1, tmp)
        mocks.append(m1b)
        st, _ = wait_for(lambda: online_with_agent1(m1b), 15)
        check(bool(st), "reconnect: the client opened a new session on the restarted mock and logged agent1 in",
              "%.2f s after mock1 was stopped, %.2f s after the new mock was up (heartbeat timeout %d ms)"
              % (time.monotonic() - t_kill, time.monotonic() - m1b.ready, HEARTBEAT_TIMEOUT_MS))

        # 4. failover to the secondary
        m2 = Mock("mock2", p2, tmp)
        mocks.append(m2)
        time.sleep(0.5)
        check(not m2.state()["sessions"], "failover: no session on the secondary while the primary answers")
        t_kill = m1b.stop()
        st, _ = wait_for(lambda: online_with_agent1(m2), 15)
        check(bool(st), "failover: the client moved to the secondary and logged agent1 in there",
              "%.2f s after the primary was stopped" % (time.monotonic() - t_kill))
        call_cycle(m2, "call on mock2 (after failover)")

        # 5. shut-down
        t_term = time.monotonic()
        client.send_signal(signal.SIGTERM)
        try:
            rc = client.wait(10)
        except subprocess.TimeoutExpired:
            rc = None
        took = time.monotonic() - t_term
        check(rc == 0 and took < 3, "shut-down: the client exits 0 on SIGTERM", "exit %s after %.2f s" % (rc, took))
        st = m2.state()
        a = next(a for a in st["agents"] if a["loginName"] == "agent1")
        check(not st["sessions"] and a["login"] == "LoggedOut",
              "shut-down: no session left on mock2, agent1 logged out", "sessions %d, agent1 %s" % (len(st["sessions"]), a["login"]))
        tail = [r["name"] for r in m2.timeline() if r["kind"] == "request"][-3:]
        check(tail == ["LogoutAgent", "OffLine", "CloseConnection"], "shut-down: LogoutAgent, OffLine, CloseConnection", " ".join(tail))
        m2.stop()

        # the timelines
        rows = []
        for m in mocks:
            rows += check_sessions(m)
        notes = [r for r in rows if r["kind"] == "note" and (r.get("code") == "heartbeat-missed" or (
            r.get("code") == "session-disposed" and (r.get("payload") or {}).get("reason") != "mock shutting down"))]
        check(not notes, "no Heartbeat missed, no session disposed by a mock (callbacks answered in time)",
              "; ".join((r.get("code") or "") + ": " + (r.get("message") or "") for r in notes[:5]))
        opens = [r for r in rows if r["kind"] == "request" and r["name"] == "OpenConnection"]
        check(len(opens) == 5, "OpenConnection 5 times (mock1: start, 2a, 2b; mock1b; mock2): no extra sessions", "%d" % len(opens))
        for m in mocks:
            open_now = peak = 0
            for r in m.timeline():
                if r["kind"] == "note" and r.get("code") == "session-state" and r["payload"].get("to") in ("opened", "closed"):
                    open_now += 1 if r["payload"]["to"] == "opened" else -1
                elif r["kind"] == "note" and r.get("code") == "session-disposed":
                    open_now -= 1
                peak = max(peak, open_now)
            check(peak <= 1, "%s: never two sessions open at once" % m.name, "at most %d" % peak)
        print("timing:", flush=True)
        timing_report(rows)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if log:
            log.close()
    with open(CLIENT_LOG) as f:
        text = f.read()
    client_request_times(text)
    if failures:
        info("client log: " + os.path.relpath(CLIENT_LOG, REPO) + "; mock timelines and logs: " + tmp)
    else:
        info("client log: " + os.path.relpath(CLIENT_LOG, REPO))
        shutil.rmtree(tmp, ignore_errors=True)
    print(("FAIL: %d check(s) failed" % len(failures)) if failures else "ALL PASS", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
