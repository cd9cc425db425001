// The agent desktop: session life cycle (start-up, heartbeat watch, reconnect and failover,
// shut-down) and what it does with the events it receives (accept, dispose).
//
// Threads:
//   - the callback service's (Mono dispatcher): hands events to `events`, notes heartbeats;
//   - the worker: takes events in order and reacts, sending requests;
//   - the supervisor: opens the session, watches heartbeats, reconnects;
//   - Main: waits for SIGTERM/SIGINT and runs Shutdown().
// Requests go out one at a time (lock `requests`); session changes under lock `lifecycle`;
// the agents' model under lock `model`.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using CtipsFixture;

namespace CtipsClient
{
    public sealed class Agent
    {
        public readonly string LoginName, Station;
        public int AgentId;              // learned from AgentLoginStateChange or a snapshot (EDK 3-7)
        public bool LoggedIn;
        public CTIAgentState State;
        public int CallId;               // the call presented to / connected at the agent
        public int ClearedCallId;        // the last call that cleared at the agent (CallCleared)
        public int DisposedCallId;       // the last call SetDisposition was sent for

        public Agent(AgentSpec spec) { LoginName = spec.LoginName; Station = spec.Station; }
    }

    // One CTIPS session: the connection it was opened on, its SessionId and RequestId counter.
    public sealed class Session
    {
        public readonly Connection Conn;
        public readonly int Generation;
        public string Id;
        public long LastHeartbeatMs;     // on Desktop.clock
        public int Heartbeats;
        int lastRequestId;

        public Session(Connection conn, int generation) { Conn = conn; Generation = generation; }

        // EDK 3-7: "It is the client's responsibility to generate a unique RequestId":
        // non-zero, unique within the session, a counter from 1.
        public int NextRequestId() { return Interlocked.Increment(ref lastRequestId); }
        public string Short { get { return Id == null ? "-" : Id.Length > 8 ? Id.Substring(0, 8) : Id; } }
    }

    public sealed class Desktop
    {
        readonly Config cfg;
        readonly List<Agent> agents;
        readonly object model = new object(), requests = new object(), lifecycle = new object();
        readonly BlockingCollection<CTIEvent> events = new BlockingCollection<CTIEvent>();
        readonly AutoResetEvent wake = new AutoResetEvent(false);
        readonly ManualResetEvent stopEvent = new ManualResetEvent(false);
        readonly ManualResetEvent agentSnapshotDone = new ManualResetEvent(false);
        readonly Dictionary<string, CTISnapShotAgentData> snapshotAgents = new Dictionary<string, CTISnapShotAgentData>();
        readonly Stopwatch clock = Stopwatch.StartNew();
        readonly TimeSpan requestTimeout, closeTimeout;
        volatile Session current;
        volatile bool stopping;
        int generation;
        int reconnectGeneration;
        string reconnectReason;
        bool ready;
        readonly HashSet<string> foreignHeartbeats = new HashSet<string>();

        public string CallbackUrl;
        public event Action Ready;

        public Desktop(Config cfg)
        {
            this.cfg = cfg;
            agents = cfg.Agents.Select(a => new Agent(a)).ToList();
            // A request that takes longer than this has failed (a transport error). At least 5 s:
            // Mono's first request of a process takes ~1.6 s (JIT, channel set-up).
            requestTimeout = TimeSpan.FromMilliseconds(Math.Max(5000, Math.Min(cfg.HeartbeatTimeoutMs, 10000)));
            closeTimeout = TimeSpan.FromMilliseconds(1000);
        }

        public void Start()
        {
            new Thread(Work) { IsBackground = true, Name = "worker" }.Start();
            new Thread(Supervise) { IsBackground = true, Name = "supervisor" }.Start();
        }

        // ---------------------------------------------------------------- callbacks

        public void Enqueue(CTIEvent e)
        {
            Log.Info("← {0}", Describe(e));
            events.Add(e);
        }

        public void OnHeartbeat(string sessionId)
        {
            var s = current;
            if (s == null || s.Id != sessionId)
            {
                // A session this client has left (its CloseConnection did not get through): the
                // answer is 0 all the same (EDK 4-1: the value is not checked); logged once.
                lock (foreignHeartbeats)
                    if (foreignHeartbeats.Add(sessionId ?? ""))
                        Log.Info("← Heartbeat({0}): not this client's session ({1}); answered 0", sessionId, s == null ? "none" : s.Short);
                return;
            }
            long now = clock.ElapsedMilliseconds, gap = now - s.LastHeartbeatMs;
            s.LastHeartbeatMs = now;
            int n = ++s.Heartbeats;
            if (n == 1 || cfg.Verbose)
                Log.Info("← Heartbeat({0}) #{1}, {2} ms since {3} (views waiting {4})", s.Short, n, gap, n == 1 ? "OnLine" : "the last", ReplyPump.Waiting);
            else if (gap > cfg.HeartbeatMs * 3 / 2)
                Log.Info("← Heartbeat({0}) #{1} late: {2} ms since the last (interval {3} ms)", s.Short, n, gap, cfg.HeartbeatMs);
        }

        // EDK 4-2: the client validates the user information and the session id.
        public bool OnStartSession(UserCredentials user, string sessionId)
        {
            bool userOk = user != null && user.UserName == cfg.User && user.Password == cfg.Password;
            var s = current;
            // StartSession may overtake the OpenConnection answer; an id is then not known yet.
            bool idOk = !string.IsNullOrEmpty(sessionId) && (s == null || s.Id == null || s.Id == sessionId);
            Log.Info("← StartSession({0}, {1}) = {2}{3}", user == null ? "nil" : user.UserName, sessionId,
                userOk && idOk ? 0 : 1, userOk ? (idOk ? "" : ": not this client's session") : ": not this client's user");
            return userOk && idOk;
        }

        // ---------------------------------------------------------------- requests

        // One request at a time; a transport error or an unknown session asks the supervisor to
        // reconnect (EDK 1-2, 4-1), unless it concerns an older session or we are stopping.
        Outcome Request(Session s, string name, string detail, Func<AgentCallService, int> op, TimeSpan? timeout = null)
        {
            int result;
            Outcome o;
            lock (requests)
                o = s.Conn.Invoke(name, detail, op, out result, timeout);
            if ((o == Outcome.Transport || o == Outcome.SessionGone) && !stopping && s == current)
            {
                lock (model)
                {
                    reconnectGeneration = s.Generation;
                    reconnectReason = name + " " + (o == Outcome.Transport ? "got no answer" : "was refused: session unknown");
                }
                wake.Set();
            }
            return o;
        }

        // ---------------------------------------------------------------- supervisor

        void Supervise()
        {
            // Mono's dispatchers add views to the callback service's pool, Feeders + 1 per 100 ms
            // (ReplyPool.cs); let a quarter of it be there before the CTIPS starts calling.
            long until = clock.ElapsedMilliseconds + (cfg.PlainHost ? 0 : 3000);
            while (ReplyPump.Waiting < CallbackHost.PoolSize / 4 && clock.ElapsedMilliseconds < until && !stopping)
                Thread.Sleep(20);
            Log.Info("callback service: {0} views waiting after {1} ms", ReplyPump.Waiting, clock.ElapsedMilliseconds);
            long nextAttemptMs = 0;
            while (!stopping)
            {
                var s = current;
                if (s == null)
                {
                    long wait = nextAttemptMs - clock.ElapsedMilliseconds;
                    if (wait > 0) { stopEvent.WaitOne((int)wait); continue; }
                    bool ok;
                    lock (lifecycle)
                    {
                        if (stopping) break;
                        ok = ConnectAny();
                    }
                    if (!ok)
                    {
                        // "Keep trying": every heartbeat timeout until a CTIPS answers.
                        nextAttemptMs = clock.ElapsedMilliseconds + cfg.HeartbeatTimeoutMs;
                        Log.Info("no CTIPS answered; next attempt in {0} ms", cfg.HeartbeatTimeoutMs);
                    }
                    continue;
                }
                string reason = null;
                lock (model)
                    if (reconnectReason != null && reconnectGeneration == s.Generation)
                        reason = reconnectReason;
                // EDK 5-2: "If the client does not receive any heartbeat messages from the CTI
                // Portal Server, it must attempt to reconnect to the server."
                long silent = clock.ElapsedMilliseconds - s.LastHeartbeatMs;
                if (reason == null && silent > cfg.HeartbeatTimeoutMs)
                    reason = "no Heartbeat for " + silent + " ms (timeout " + cfg.HeartbeatTimeoutMs + " ms)";
                if (reason != null)
                {
                    lock (lifecycle)
                    {
                        if (stopping) break;
                        // EDK 4-1: "It is the client's responsibility to reconnect."
                        Log.Info("session {0} on {1} is gone: {2}; reconnecting", s.Short, s.Conn.Url, reason);
                        Abandon(s);
                    }
                    nextAttemptMs = 0;
                    continue;
                }
                wake.WaitOne(50);
            }
        }

        // Drops a session: a best-effort CloseConnection (short timeout) so that no two sessions
        // stay open at once, even when the CTIPS still holds the old one (heartbeats stopped,
        // or a refusal that was not the whole truth), then forgets it.
        void Abandon(Session s)
        {
            if (s.Id != null)
                Request(s, "CloseConnection", s.Short, c => c.CloseConnection(new CloseConnectionArgs { SessionId = s.Id }), closeTimeout);
            current = null;
            s.Conn.Dispose();
        }

        // EDK 1-3 "Failover": "it is the responsibility of the client to failover": the first
        // endpoint, else the secondary.
        bool ConnectAny()
        {
            if (Connect(cfg.Endpoint)) return true;
            if (cfg.SecondaryEndpoint != null && cfg.SecondaryEndpoint != cfg.Endpoint && !stopping)
                return Connect(cfg.SecondaryEndpoint);
            return false;
        }

        // EDK 5-1 … 5-3 start-up: OpenConnection, AddMessageClass, OnLine, Snapshot; then the
        // agents (LoginAgent after OnLine: the outcome is events the session must receive).
        bool Connect(string url)
        {
            var s = new Session(new Connection(url, requestTimeout), ++generation);
            current = s;

            // EDK 3-2: exactly one TenantId (EDK 3-1), the credentials, the callback URL.
            SessionObject so;
            var args = new OpenConnectionArgs
            {
                TenantIds = new[] { cfg.Tenant },
                UserCredentials = new UserCredentials { UserName = cfg.User, Password = cfg.Password },
                ClientCallbackURL = CallbackUrl,
            };
            Outcome o;
            lock (requests)
                o = s.Conn.Invoke("OpenConnection", url + ", tenant " + cfg.Tenant + ", " + CallbackUrl,
                    c => c.OpenConnection(args), out so);
            if (o != Outcome.Ok || so == null || string.IsNullOrEmpty(so.SessionId) ||
                (so.Response != ResponseCode._success && so.Response != ResponseCode.success))
            {
                if (o == Outcome.Ok)
                    Log.Info("OpenConnection on {0} refused: {1}", url, so == null ? "no SessionObject" : so.Response.ToString());
                current = null;
                s.Conn.Dispose();
                return false;
            }
            s.Id = so.SessionId;
            s.LastHeartbeatMs = clock.ElapsedMilliseconds;

            // What the agents were is unknown on this CTIPS (ids, calls): the snapshot tells.
            // Reset before OnLine, after which this session's events flow.
            lock (model)
            {
                foreach (var a in agents)
                {
                    a.LoggedIn = false;
                    a.AgentId = 0;
                    a.CallId = a.ClearedCallId = a.DisposedCallId = 0;   // CallIds are per CTIPS
                }
                snapshotAgents.Clear();
                agentSnapshotDone.Reset();
            }

            // EDK 5-2 "Registering for Events": one AddMessageClass per category.
            foreach (var mc in new[] { CTIMessageClass.EventCategoryAgent, CTIMessageClass.EventCategoryCall, CTIMessageClass.EventCategorySystem })
            {
                var m = mc;
                if (Request(s, "AddMessageClass", m.ToString(), c => c.AddMessageClass(
                        new AddMessageClassArgs { SessionId = s.Id, TenantId = cfg.Tenant, MessageClass = m })) != Outcome.Ok)
                    return Fail(s);
            }

            // EDK 5-2 "Placing a Session Online": heartbeats start now.
            if (Request(s, "OnLine", s.Short, c => c.OnLine(new OnLineArgs { SessionId = s.Id, TenantId = cfg.Tenant })) != Outcome.Ok)
                return Fail(s);
            s.LastHeartbeatMs = clock.ElapsedMilliseconds;

            // EDK 1-2 / 5-3 "Requesting a Snapshot": after (re)connecting, the client asks for
            // the whole picture. Agents it already has logged in are adopted, not logged in again.
            int snapReq = s.NextRequestId();
            if (Request(s, "Snapshot", "AgentInfo, CallInfo, ServiceInfo, req " + snapReq, c => c.Snapshot(new SnapshotArgs
                {
                    SessionId = s.Id, RequestId = snapReq, TenantId = cfg.Tenant,
                    EntityType = new[] { CTIEntityType.AgentInfo, CTIEntityType.CallInfo, CTIEntityType.ServiceInfo },
                })) != Outcome.Ok)
                return Fail(s);
            int waitMs = Math.Max(1000, Math.Min(cfg.HeartbeatTimeoutMs, 5000));
            if (WaitHandle.WaitAny(new WaitHandle[] { agentSnapshotDone, stopEvent }, waitMs) == WaitHandle.WaitTimeout)
                Log.Info("no complete AgentInfo snapshot within {0} ms; logging the agents in", waitMs);

            foreach (var a in agents)
            {
                if (stopping) break;
                CTISnapShotAgentData d;
                lock (model)
                    snapshotAgents.TryGetValue(a.LoginName, out d);
                if (d != null)
                {
                    Log.Info("{0} is logged in already (AgentId {1}, {2}, station {3}, call {4}): not logging in again",
                        a.LoginName, d.AgentId, d.AgentState, d.AgentStationAddress, d.CallId);
                    // What the lost session would have made the desktop do: dispose a Wrap,
                    // answer a call that is still ringing (its CallConnected was missed).
                    if (d.AgentState == CTIAgentState.Wrap && d.CallId != 0)
                        Dispose(s, a, d.CallId);
                    else if (d.AgentState == CTIAgentState.PendingActive && d.CallId != 0)
                        Accept(s, a, d.CallId);
                    continue;
                }
                // EDK 3-7 LoginAgent: InitState Idle, MultiLine 0 (no multiline support).
                int req = s.NextRequestId();
                var o2 = Request(s, "LoginAgent", a.LoginName + " at " + a.Station + ", Idle, req " + req, c => c.LoginAgent(new LoginAgentArgs
                {
                    SessionId = s.Id, RequestId = req, TenantId = cfg.Tenant,
                    AgentLoginName = a.LoginName, StationId = a.Station, InitState = CTIAgentState.Idle, MultiLine = 0,
                }));
                if (o2 == Outcome.Transport || o2 == Outcome.SessionGone)
                    return Fail(s);
            }

            Log.Info("session {0} online on {1}", s.Short, url);
            if (!ready)
            {
                ready = true;
                var r = Ready;
                if (r != null) r();
            }
            return true;
        }

        bool Fail(Session s)
        {
            Abandon(s);
            return false;
        }

        // ---------------------------------------------------------------- events

        void Work()
        {
            foreach (var e in events.GetConsumingEnumerable())
            {
                try { Handle(e); }
                catch (Exception ex) { Log.Info("worker: {0}: {1}", ex.GetType().Name, ex.Message); }
            }
        }

        Agent ById(int agentId)
        {
            return agentId == 0 ? null : agents.FirstOrDefault(a => a.AgentId == agentId);
        }

        void Handle(CTIEvent e)
        {
            var s = current;

            var login = e as CTIAgentLoginStateChange;
            if (login != null)
            {
                // EDK 4-3: the AgentId the client must use in all agent requests.
                lock (model)
                {
                    var a = agents.FirstOrDefault(x => x.LoginName == login.AgentLoginName);
                    if (a == null) return;
                    a.AgentId = login.AgentId;
                    a.LoggedIn = login.LoginState == CTIAgentLoginState.AgentLoggedIn;
                    Monitor.PulseAll(model);
                }
                return;
            }

            var snap = e as CTISnapShotUpdate;
            if (snap != null)
            {
                if (snap.SnapShotType != CTIEntityType.AgentInfo) return;
                lock (model)
                {
                    var d = snap.AgentData;
                    var a = d == null ? null : agents.FirstOrDefault(x => x.LoginName == d.AgentLoginName);
                    if (a != null)
                    {
                        // One of ours, logged in already: adopted here, in event order, so the
                        // events that follow find it by its AgentId.
                        snapshotAgents[d.AgentLoginName] = d;
                        a.AgentId = d.AgentId;
                        a.LoggedIn = true;
                        a.State = d.AgentState;
                        a.CallId = d.CallId;
                    }
                    if (snap.SnapShotTypeComplete)
                        agentSnapshotDone.Set();
                }
                return;
            }

            var f = e as CTIFilter;
            if (f == null) return;
            Agent agent;
            lock (model)
                agent = ById(f.AgentId);
            if (agent == null) return;   // not one of this desktop's agents

            var connected = e as CTICallConnected;
            if (connected != null)
            {
                lock (model) agent.CallId = connected.CallId;
                // EDK 4-11: "If the agent is allowed to manually accept or reject the call, the
                // ResponseRequired is set to true." The desktop accepts at once (EDK 3-12 AcceptCall).
                if (connected.ResponseRequired)
                    Accept(s, agent, connected.CallId);
                return;
            }
            var established = e as CTICallEstablished;
            if (established != null) { lock (model) agent.CallId = established.CallId; return; }

            var cleared = e as CTICallCleared;
            if (cleared != null) { lock (model) agent.ClearedCallId = cleared.CallId; return; }

            var state = e as CTIAgentStateChange;
            if (state != null)
            {
                int callId;
                lock (model)
                {
                    agent.State = state.AgentState;
                    if (state.AgentState != CTIAgentState.Wrap)
                    {
                        if (state.AgentState == CTIAgentState.Idle) agent.CallId = 0;
                        agent.DisposedCallId = 0;   // the next Wrap is another one
                        Monitor.PulseAll(model);
                        return;
                    }
                    // Chapter 2: CallCleared → AgentStateChange(Wrap) → … → SetDisposition.
                    callId = state.CallId != 0 ? state.CallId : agent.ClearedCallId != 0 ? agent.ClearedCallId : agent.CallId;
                }
                if (callId == 0)
                    Log.Info("{0} in Wrap without a known call: no SetDisposition", agent.LoginName);
                else
                    Dispose(s, agent, callId);
            }
        }

        void Accept(Session s, Agent a, int callId)
        {
            if (s == null || s.Id == null) { Log.Info("no session: AcceptCall for call {0} not sent", callId); return; }
            int req = s.NextRequestId();
            Request(s, "AcceptCall", a.LoginName + " (" + a.AgentId + "), call " + callId + ", accept, req " + req, c => c.AcceptCall(new AcceptCallArgs
            {
                SessionId = s.Id, RequestId = req, TenantId = cfg.Tenant,
                AgentIdx = a.AgentId, CallId = callId, AcceptCall = true, RejectReasonCode = 0,
            }));
        }

        // EDK 3-11 SetDisposition: the configured disposition, positively dispositioned, wrap
        // not bypassed (the agent is in Wrap already), no user data.
        void Dispose(Session s, Agent a, int callId)
        {
            if (s == null || s.Id == null) { Log.Info("no session: SetDisposition for call {0} not sent", callId); return; }
            lock (model)
            {
                if (a.DisposedCallId == callId) return;
                a.DisposedCallId = callId;
            }
            int req = s.NextRequestId();
            Request(s, "SetDisposition", a.LoginName + " (" + a.AgentId + "), call " + callId + ", disposition " + cfg.DispositionId + ", req " + req,
                c => c.SetDisposition(new SetDispositionArgs
                {
                    SessionId = s.Id, RequestId = req, TenantId = cfg.Tenant, AgentIdx = a.AgentId, CallId = callId,
                    DispositionId = cfg.DispositionId, SummaryDispositionSuccessful = true, WrapNotRequired = false,
                    UserData = new string[0],
                }));
        }

        // ---------------------------------------------------------------- shut-down

        // docs/certify-client.md 3 and EDK 5-3, 5-4: LogoutAgent for its agents, OffLine,
        // CloseConnection. A CTIPS that does not answer ends the sequence at once.
        public void Shutdown()
        {
            stopping = true;
            stopEvent.Set();
            wake.Set();
            lock (lifecycle)
            {
                var s = current;
                if (s == null || s.Id == null) { Log.Info("no session to close"); return; }
                List<Agent> loggedIn;
                lock (model)
                    loggedIn = agents.Where(a => a.LoggedIn && a.AgentId != 0).ToList();
                // An agent in Wrap cannot log out (the CTIPS refuses it from a non-rest state):
                // dispose its call first and give the Idle a moment to arrive.
                foreach (var a in loggedIn)
                {
                    int callId;
                    lock (model)
                        callId = a.State != CTIAgentState.Wrap ? 0 : a.ClearedCallId != 0 ? a.ClearedCallId : a.CallId;
                    if (callId != 0) Dispose(s, a, callId);
                }
                WaitFor(() => loggedIn.All(a => a.State != CTIAgentState.Wrap), 500);
                foreach (var a in loggedIn)
                {
                    int req = s.NextRequestId();
                    var o = Request(s, "LogoutAgent", a.LoginName + " (" + a.AgentId + "), req " + req, c => c.LogoutAgent(new LogoutAgentArgs
                    {
                        SessionId = s.Id, RequestId = req, TenantId = cfg.Tenant, AgentIdx = a.AgentId, ReasonCode = 0,
                    }));
                    if (o == Outcome.Transport || o == Outcome.SessionGone) { current = null; s.Conn.Dispose(); return; }
                }
                // The logout completes with AgentLoginStateChange(AgentLoggedOut) (EDK 4-3); wait a
                // little for it while the session can still receive events.
                WaitFor(() => loggedIn.All(a => !a.LoggedIn), 1000);
                var still = agents.Where(a => loggedIn.Contains(a) && a.LoggedIn).Select(a => a.LoginName).ToList();
                if (still.Count > 0)
                    Log.Info("no AgentLoggedOut yet for {0}", string.Join(", ", still));
                var off = Request(s, "OffLine", s.Short, c => c.OffLine(new OffLineArgs { SessionId = s.Id, TenantId = cfg.Tenant }));
                if (off != Outcome.Transport && off != Outcome.SessionGone)
                    Request(s, "CloseConnection", s.Short, c => c.CloseConnection(new CloseConnectionArgs { SessionId = s.Id }));
                current = null;
                s.Conn.Dispose();
            }
        }

        // Waits (at most ms) until the worker has brought the model to `done`.
        void WaitFor(Func<bool> done, int ms)
        {
            var until = clock.ElapsedMilliseconds + ms;
            lock (model)
                while (!done() && clock.ElapsedMilliseconds < until)
                    Monitor.Wait(model, (int)Math.Max(1, until - clock.ElapsedMilliseconds));
        }

        // ---------------------------------------------------------------- logging

        static string Describe(CTIEvent e)
        {
            var b = new System.Text.StringBuilder();
            b.Append(e.EventType).Append(" req=").Append(e.RequestId);
            var f = e as CTIFilter;
            if (f != null) b.Append(" agent=").Append(f.AgentId).Append(" service=").Append(f.ServiceId);
            var callId = e.GetType().GetField("CallId");
            if (callId != null) b.Append(" call=").Append(callId.GetValue(e));
            var login = e as CTIAgentLoginStateChange;
            if (login != null) b.Append(' ').Append(login.AgentLoginName).Append(' ').Append(login.LoginState).Append(" station=").Append(login.AgentStationAddress);
            var st = e as CTIAgentStateChange;
            if (st != null) b.Append(' ').Append(st.AgentState);
            var cc = e as CTICallConnected;
            if (cc != null) b.Append(" ResponseRequired=").Append(cc.ResponseRequired);
            var cl = e as CTICallCleared;
            if (cl != null) b.Append(' ').Append(cl.ClearingPartyType);
            var ce = e as CTICallEnd;
            if (ce != null) b.Append(" disposition=").Append(ce.AgentDisposition);
            var snap = e as CTISnapShotUpdate;
            if (snap != null)
            {
                b.Append(' ').Append(snap.SnapShotType);
                if (snap.AgentData != null && !string.IsNullOrEmpty(snap.AgentData.AgentLoginName))
                    b.Append(' ').Append(snap.AgentData.AgentLoginName).Append('(').Append(snap.AgentData.AgentId).Append(") ").Append(snap.AgentData.AgentState);
                if (snap.CallData != null && snap.CallData.CallId != 0)
                    b.Append(" call ").Append(snap.CallData.CallId).Append(' ').Append(snap.CallData.CallState);
                if (snap.ServiceData != null && snap.ServiceData.ServiceId != 0)
                    b.Append(" service ").Append(snap.ServiceData.ServiceId).Append(' ').Append(snap.ServiceData.ServiceState);
                if (snap.SnapShotTypeComplete) b.Append(" (type complete)");
            }
            foreach (var name in new[] { "FailureType", "FailureReason" })
            {
                var fi = e.GetType().GetField(name);
                if (fi != null) b.Append(' ').Append(name).Append('=').Append(fi.GetValue(e));
            }
            return b.ToString();
        }
    }
}
