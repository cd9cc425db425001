// Client sessions: registration state, subscriptions and filters, heartbeats, and the
// ordered per-session delivery of callbacks (StartSession, PublishCTIEvent, Heartbeat).
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.ServiceModel;
using System.Threading;

namespace CtipsFixture
{
    // EDK 3-3, 5-2, 5-3: a session is opened, goes online (eligible for events and
    // heartbeats), may go offline (only OnLine is accepted then) and is closed.
    // Closed sessions leave the registry, so no Closed state is needed.
    public enum SessionState { Opened, Online, Offline }

    public sealed class Session
    {
        public readonly string Id;
        public readonly string CallbackUrl;
        public SessionState State = SessionState.Opened;
        public readonly HashSet<CTIEventCategory> Categories = new HashSet<CTIEventCategory>();
        // FT_AGENT_ID values are kept as AgentIds (a login name is resolved when the filter
        // is added); FT_SERVICE_ID and FT_SWITCH_ID values as ints.
        public readonly Dictionary<CTIFieldType, HashSet<int>> Filters = new Dictionary<CTIFieldType, HashSet<int>>();
        public int ConsecutiveMisses;
        public readonly Outbox Outbox;
        public Heartbeater Heartbeater;

        public Session(string id, string callbackUrl, Options options)
        {
            Id = id;
            CallbackUrl = callbackUrl;
            Outbox = new Outbox(this, options);
        }

        public string Short { get { return Id.Substring(0, 8); } }

        // EDK 5-4 "How to Register for Events": categories select, filters narrow. Within one
        // field type any listed value matches; across field types all must match. Events
        // that are not CTIFilters (SnapShotUpdate) carry no ids to filter on.
        public bool Wants(CTIEvent e)
        {
            if (State != SessionState.Online || !Categories.Contains(e.EventCategory))
                return false;
            var f = e as CTIFilter;
            if (f == null)
                return true;
            return Matches(CTIFieldType.FT_AGENT_ID, f.AgentId)
                && Matches(CTIFieldType.FT_SERVICE_ID, f.ServiceId)
                && Matches(CTIFieldType.FT_SWITCH_ID, f.SwitchId);
        }

        bool Matches(CTIFieldType type, int value)
        {
            HashSet<int> values;
            return !Filters.TryGetValue(type, out values) || values.Count == 0 || values.Contains(value);
        }
    }

    // All sessions. Every method runs under World.Gate (the one lock of the fixture), so the
    // order in which events are put into the outboxes is the order the world produced them.
    public sealed class SessionRegistry
    {
        readonly Options options;
        readonly Dictionary<string, Session> sessions = new Dictionary<string, Session>();

        public SessionRegistry(Options options) { this.options = options; }

        public int Count { get { return sessions.Count; } }
        public IEnumerable<Session> All { get { return sessions.Values; } }

        public Session Find(string id)
        {
            Session s;
            return id != null && sessions.TryGetValue(id, out s) ? s : null;
        }

        public Session Open(string callbackUrl, UserCredentials credentials)
        {
            var s = new Session(Guid.NewGuid().ToString(), callbackUrl, options);
            sessions.Add(s.Id, s);
            // EDK 4-2: CTIPS calls StartSession(userinfo, sessionId) when the client opens a
            // connection. It is the first item of the session's outbox, so it precedes every
            // event, and like them it waits for the OpenConnection reply (ReplyBarrier.cs).
            s.Outbox.Post("StartSession", ch => ch.StartSession(credentials, s.Id));
            return s;
        }

        public void GoOnline(Session s)
        {
            if (s.State == SessionState.Online)
                return;
            s.State = SessionState.Online;
            s.ConsecutiveMisses = 0;
            // EDK 5-2: on OnLine the server sends a heartbeat at once, then one per interval.
            s.Heartbeater = new Heartbeater(s, this, options);
        }

        public void GoOffline(Session s)
        {
            s.State = SessionState.Offline;
            StopHeartbeats(s);
        }

        // CloseConnection (EDK 5-4: no further events) and heartbeat loss (EDK 4-1) both end here.
        public void Remove(Session s, string why)
        {
            if (!sessions.Remove(s.Id))
                return;
            StopHeartbeats(s);
            s.Outbox.Stop();
            Log.Info("session {0} ended: {1}", s.Short, why);
        }

        public void RemoveAll()
        {
            foreach (var s in sessions.Values.ToList())
                Remove(s, "fixture stopping");
        }

        static void StopHeartbeats(Session s)
        {
            if (s.Heartbeater != null)
                s.Heartbeater.Stop();
            s.Heartbeater = null;
        }

        public void Publish(CTIEvent e)
        {
            foreach (var s in sessions.Values)
                if (s.Wants(e))
                    s.Outbox.PostEvent(e);
        }
    }

    // One thread and one WCF channel per session: callbacks leave in the order they were
    // posted and one at a time, so a client sees each session's events in order.
    public sealed class Outbox
    {
        sealed class Item { public string What; public Func<CTIEventService, int> Call; public long AfterReply; }

        readonly Session session;
        readonly BlockingCollection<Item> items = new BlockingCollection<Item>();
        readonly CallbackClient client;
        volatile bool stopped;

        public Outbox(Session session, Options options)
        {
            this.session = session;
            client = new CallbackClient(session.CallbackUrl, options.CallbackTimeoutMs);
            new Thread(Run) { IsBackground = true, Name = "outbox " + session.Short }.Start();
        }

        public void Post(string what, Func<CTIEventService, int> call)
        {
            if (!stopped)
                items.Add(new Item { What = what, Call = call, AfterReply = ReplyBarrier.Current });
        }

        public void PostEvent(CTIEvent e)
        {
            Post(e.EventType + " r" + e.RequestId, ch => ch.PublishCTIEvent(e));
        }

        // Pending items are dropped: after CloseConnection nothing more is sent (EDK 5-4).
        public void Stop()
        {
            stopped = true;
            items.CompleteAdding();
        }

        void Run()
        {
            foreach (var item in items.GetConsumingEnumerable())
            {
                if (stopped)
                    continue;
                if (item.AfterReply > 0)
                    ReplyBarrier.WaitFor(item.AfterReply, 2000);
                // A failed delivery is logged and the item dropped; only heartbeats decide
                // whether the client is alive (EDK 4-1). Fixture's choice: no retries.
                client.TryInvoke(session.Short, item.What, item.Call);
            }
            client.Close();
        }
    }

    // EDK 4-1 and 5-2: Heartbeat(sessionId) every interval while online; a heartbeat that
    // throws or does not answer within the callback timeout is a miss; after the configured
    // number of consecutive misses the session is disposed. Its own thread and channel, so a
    // long event backlog does not delay heartbeats (and heartbeats do not reorder events).
    public sealed class Heartbeater
    {
        readonly Session session;
        readonly SessionRegistry registry;
        readonly Options options;
        readonly ManualResetEvent stop = new ManualResetEvent(false);

        public Heartbeater(Session session, SessionRegistry registry, Options options)
        {
            this.session = session;
            this.registry = registry;
            this.options = options;
            new Thread(Run) { IsBackground = true, Name = "heartbeat " + session.Short }.Start();
        }

        public void Stop() { stop.Set(); }

        void Run()
        {
            var client = new CallbackClient(session.CallbackUrl, options.CallbackTimeoutMs);
            var clock = Stopwatch.StartNew();
            long next = 0;
            while (!stop.WaitOne((int)Math.Max(0, next - clock.ElapsedMilliseconds)))
            {
                next = clock.ElapsedMilliseconds + options.HeartbeatMs;
                bool ok = client.TryInvoke(session.Short, "Heartbeat", ch => ch.Heartbeat(session.Id));
                lock (World.Gate)
                {
                    if (stop.WaitOne(0))
                        break;
                    session.ConsecutiveMisses = ok ? 0 : session.ConsecutiveMisses + 1;
                    if (!ok)
                        Log.Info("session {0} missed heartbeat {1} of {2}", session.Short, session.ConsecutiveMisses, options.MissedHeartbeats);
                    if (session.ConsecutiveMisses >= options.MissedHeartbeats)
                    {
                        registry.Remove(session, session.ConsecutiveMisses + " consecutive heartbeats missed");
                        break;
                    }
                }
            }
            client.Close();
        }
    }

    // A WCF client of the session's CTIEventService (ChannelFactory over BasicHttpBinding).
    // After a failure the channel is aborted and the factory with it: on Mono, aborting a
    // channel disposes its factory, and the next CreateChannel would throw
    // ObjectDisposedException. The next call builds both again.
    public sealed class CallbackClient
    {
        readonly string url;
        readonly BasicHttpBinding binding;
        ChannelFactory<CTIEventService> factory;
        CTIEventService channel;

        public CallbackClient(string url, int timeoutMs)
        {
            this.url = url;
            var timeout = TimeSpan.FromMilliseconds(timeoutMs);
            binding = new BasicHttpBinding
            {
                MaxReceivedMessageSize = 1 << 20,
                OpenTimeout = timeout, SendTimeout = timeout, ReceiveTimeout = timeout, CloseTimeout = timeout,
            };
        }

        public bool TryInvoke(string session, string what, Func<CTIEventService, int> call)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                if (factory == null)
                    factory = new ChannelFactory<CTIEventService>(binding, new EndpointAddress(url));
                if (channel == null)
                    channel = factory.CreateChannel();
                call(channel);
                Log.Info("session {0} -> {1} ok {2:0.0} ms", session, what, clock.Elapsed.TotalMilliseconds);
                return true;
            }
            catch (Exception ex)
            {
                Log.Info("session {0} -> {1} FAILED after {2:0.0} ms: {3}: {4}", session, what, clock.Elapsed.TotalMilliseconds, ex.GetType().Name, ex.Message);
                Close();
                return false;
            }
        }

        public void Close()
        {
            var co = channel as ICommunicationObject;
            channel = null;
            if (co != null)
                co.Abort();
            if (factory != null)
                factory.Abort();
            factory = null;
        }
    }
}
