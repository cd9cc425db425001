// A workaround for Mono 6.8's ServiceHost pacing: back-to-back callbacks ~100 ms apart.
//
// Mono's ChannelDispatcher (ListenerLoopManager) serves ONE request per accepted reply
// channel: ProcessRequest closes the channel in its finally block, and LoopCore calls
// Thread.Sleep(100) before every AcceptChannel (read off System.ServiceModel.dll 4.0.0.0 of
// Mono 6.8.0.105 with ikdasm). The HTTP channel listener accepts one channel at a time, so a
// ServiceHost answers at most ~10 requests per second: a burst of events (a snapshot, a
// call) makes the next Heartbeat wait 100 ms per queued callback. With a 200 ms heartbeat
// whose answer the CTIPS expects within 80 % of it (the kit's mock), the session is disposed
// (README "Mono quirks", measured: Heartbeat #1 381 ms after OnLine, session gone).
//
// The fix keeps WCF's dispatcher, contract and serializers and changes only who waits for the
// HTTP request. The binding element below sits above the HTTP transport. The service has
// several endpoints (CallbackHost): the real one, which owns the transport, and "feeders" at
// addresses nobody calls, each of which Mono gives a ChannelDispatcher (and a 100 ms accept
// loop) of its own. One pump thread receives from the transport's single reply channel; every
// dispatcher is handed light "views" of it, as many as its throttle allows, each waiting for
// the next request. A view serves one request and is closed by its dispatcher as before and
// replaced 100 ms later; with F feeders the service refills F + 1 views per 100 ms and a
// burst of up to the pool's size is answered at once. The wire is unchanged (same encoder,
// same HTTP listener, one URL); the service needs AddressFilterMode.Any because a feeder's
// dispatcher serves messages addressed to the real endpoint.
using System;
using System.Collections.Generic;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Threading;

namespace CtipsClient
{
    // What the endpoints of one callback service share: the transport's reply channel, the pump.
    public sealed class ReplyPool
    {
        internal IReplyChannel Transport;
        internal ReplyPump Pump;
        internal readonly ManualResetEvent Opened = new ManualResetEvent(false);
    }

    public sealed class ReplyPoolBindingElement : BindingElement
    {
        readonly ReplyPool pool;
        readonly bool ownsTransport;

        // ownsTransport: the real endpoint (builds and opens the HTTP listener); otherwise a
        // feeder (its HTTP transport element is never built).
        public ReplyPoolBindingElement(ReplyPool pool, bool ownsTransport)
        {
            this.pool = pool;
            this.ownsTransport = ownsTransport;
        }

        public override BindingElement Clone() { return new ReplyPoolBindingElement(pool, ownsTransport); }

        public override T GetProperty<T>(BindingContext context) { return context.GetInnerProperty<T>(); }

        public override bool CanBuildChannelListener<TChannel>(BindingContext context)
        {
            return typeof(TChannel) == typeof(IReplyChannel) && context.CanBuildInnerChannelListener<TChannel>();
        }

        public override IChannelListener<TChannel> BuildChannelListener<TChannel>(BindingContext context)
        {
            if (typeof(TChannel) != typeof(IReplyChannel))
                throw new NotSupportedException("ReplyPoolBindingElement serves IReplyChannel only");
            var uri = new Uri(context.ListenUriBaseAddress, context.ListenUriRelativeAddress);
            var inner = ownsTransport ? context.BuildInnerChannelListener<IReplyChannel>() : null;
            return (IChannelListener<TChannel>)(object)new ReplyPoolListener(pool, inner, uri, context.Binding);
        }
    }

    sealed class ReplyPoolListener : ChannelListenerBase<IReplyChannel>
    {
        readonly ReplyPool pool;
        readonly IChannelListener<IReplyChannel> inner;   // null for a feeder
        readonly Uri uri;

        public ReplyPoolListener(ReplyPool pool, IChannelListener<IReplyChannel> inner, Uri uri, IDefaultCommunicationTimeouts timeouts)
            : base(timeouts)
        {
            this.pool = pool;
            this.inner = inner;
            this.uri = uri;
        }

        public override Uri Uri { get { return uri; } }

        public override T GetProperty<T>()
        {
            return (inner != null ? inner.GetProperty<T>() : null) ?? base.GetProperty<T>();
        }

        protected override void OnOpen(TimeSpan timeout)
        {
            if (inner == null) return;
            inner.Open(timeout);
            pool.Transport = inner.AcceptChannel(timeout);   // the HTTP listener's one reply channel
            pool.Transport.Open(timeout);
            pool.Pump = new ReplyPump(pool.Transport);
            pool.Opened.Set();
        }

        protected override void OnClose(TimeSpan timeout)
        {
            if (inner == null) return;
            if (pool.Pump != null) pool.Pump.Stop();
            try { inner.Close(timeout); } catch (Exception) { inner.Abort(); }
        }

        protected override void OnAbort()
        {
            if (inner == null) return;
            if (pool.Pump != null) pool.Pump.Stop();
            inner.Abort();
        }

        // A view for the dispatcher; does not block once the real endpoint is open (the
        // dispatcher paces its accepts itself).
        protected override IReplyChannel OnAcceptChannel(TimeSpan timeout)
        {
            if (!pool.Opened.WaitOne(timeout > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : timeout))
                return null;
            return State == CommunicationState.Opened ? new PooledReplyChannel(this, pool.Pump, pool.Transport) : null;
        }

        protected override IAsyncResult OnBeginOpen(TimeSpan t, AsyncCallback cb, object s) { Action<TimeSpan> f = OnOpen; return f.BeginInvoke(t, cb, s); }
        protected override void OnEndOpen(IAsyncResult r) { ((Action<TimeSpan>)((System.Runtime.Remoting.Messaging.AsyncResult)r).AsyncDelegate).EndInvoke(r); }
        protected override IAsyncResult OnBeginClose(TimeSpan t, AsyncCallback cb, object s) { Action<TimeSpan> f = OnClose; return f.BeginInvoke(t, cb, s); }
        protected override void OnEndClose(IAsyncResult r) { ((Action<TimeSpan>)((System.Runtime.Remoting.Messaging.AsyncResult)r).AsyncDelegate).EndInvoke(r); }
        protected override IAsyncResult OnBeginAcceptChannel(TimeSpan t, AsyncCallback cb, object s) { Func<TimeSpan, IReplyChannel> f = OnAcceptChannel; return f.BeginInvoke(t, cb, s); }
        protected override IReplyChannel OnEndAcceptChannel(IAsyncResult r) { return ((Func<TimeSpan, IReplyChannel>)((System.Runtime.Remoting.Messaging.AsyncResult)r).AsyncDelegate).EndInvoke(r); }
        protected override bool OnWaitForChannel(TimeSpan timeout) { return State == CommunicationState.Opened; }
        protected override IAsyncResult OnBeginWaitForChannel(TimeSpan t, AsyncCallback cb, object s) { Func<TimeSpan, bool> f = OnWaitForChannel; return f.BeginInvoke(t, cb, s); }
        protected override bool OnEndWaitForChannel(IAsyncResult r) { return ((Func<TimeSpan, bool>)((System.Runtime.Remoting.Messaging.AsyncResult)r).AsyncDelegate).EndInvoke(r); }
    }

    // One pending receive of a view: completed by the pump with a request, or with null
    // (stopped, cancelled). Its callback runs on the thread pool.
    sealed class PendingReceive : IAsyncResult
    {
        readonly AsyncCallback callback;
        readonly ManualResetEvent done = new ManualResetEvent(false);
        public RequestContext Result;
        public PendingReceive(AsyncCallback callback, object state) { this.callback = callback; AsyncState = state; }
        public object AsyncState { get; private set; }
        public WaitHandle AsyncWaitHandle { get { return done; } }
        public bool CompletedSynchronously { get { return false; } }
        public bool IsCompleted { get; private set; }

        public void Complete(RequestContext rc)
        {
            Result = rc;
            IsCompleted = true;
            done.Set();
            if (callback != null)
                ThreadPool.QueueUserWorkItem(_ => callback(this));
        }
    }

    // Receives from the transport's reply channel on its own thread, in arrival order, and hands
    // each request to the view that has waited longest (or keeps it until a view asks).
    sealed class ReplyPump
    {
        readonly IReplyChannel transport;
        readonly Queue<RequestContext> received = new Queue<RequestContext>();
        readonly LinkedList<PendingReceive> waiting = new LinkedList<PendingReceive>();
        volatile bool stopped;

        // Views waiting for a request: the size of the next burst answered without a pause.
        public static int Waiting;

        public ReplyPump(IReplyChannel transport)
        {
            this.transport = transport;
            new Thread(Run) { IsBackground = true, Name = "reply-pump" }.Start();
        }

        void Run()
        {
            while (!stopped)
            {
                RequestContext rc;
                try
                {
                    // A long wait: Mono's HTTP reply channel loses a request that arrives after
                    // a timed-out wait, so the pump never lets one time out.
                    if (!transport.TryReceiveRequest(TimeSpan.FromDays(1), out rc) || rc == null)
                        continue;
                }
                catch (Exception e)
                {
                    if (stopped) break;
                    Log.Info("callback service: receive failed: {0}: {1}", e.GetType().Name, e.Message);
                    Thread.Sleep(10);
                    continue;
                }
                PendingReceive p = null;
                lock (waiting)
                {
                    if (waiting.Count > 0) { p = waiting.First.Value; waiting.RemoveFirst(); }
                    else received.Enqueue(rc);
                    Waiting = waiting.Count;
                }
                if (p != null) p.Complete(rc);
            }
        }

        public PendingReceive Receive(AsyncCallback callback, object state)
        {
            var p = new PendingReceive(callback, state);
            RequestContext rc = null;
            lock (waiting)
            {
                if (!stopped && received.Count == 0) { waiting.AddLast(p); Waiting = waiting.Count; return p; }
                if (received.Count > 0) rc = received.Dequeue();
            }
            p.Complete(rc);
            return p;
        }

        // A view closed before its request came: it must not be handed one.
        public void Cancel(PendingReceive p)
        {
            bool removed;
            lock (waiting) { removed = waiting.Remove(p); Waiting = waiting.Count; }
            if (removed) p.Complete(null);
        }

        public void Stop()
        {
            List<PendingReceive> left;
            lock (waiting)
            {
                stopped = true;
                left = new List<PendingReceive>(waiting);
                waiting.Clear();
                foreach (var rc in received) rc.Abort();
                received.Clear();
            }
            foreach (var p in left) p.Complete(null);
            transport.Abort();
        }
    }

    // What the dispatcher sees: a reply channel that delivers one request (as Mono's own HTTP
    // channel does before the dispatcher closes it). Closing it leaves the transport open.
    sealed class PooledReplyChannel : ChannelBase, IReplyChannel
    {
        readonly ReplyPump pump;
        readonly IReplyChannel transport;
        PendingReceive pending;

        public PooledReplyChannel(ChannelManagerBase manager, ReplyPump pump, IReplyChannel transport) : base(manager)
        {
            this.pump = pump;
            this.transport = transport;
        }

        public EndpointAddress LocalAddress { get { return transport.LocalAddress; } }

        public override T GetProperty<T>() { return transport.GetProperty<T>() ?? base.GetProperty<T>(); }

        // The dispatcher's path (ChannelDispatcher.ReceiveSynchronously is false). The timeout
        // (the binding's ReceiveTimeout) is not applied: a view waits until a request comes.
        public IAsyncResult BeginTryReceiveRequest(TimeSpan timeout, AsyncCallback callback, object state)
        {
            var p = pump.Receive(callback, state);
            pending = p;
            return p;
        }

        public bool EndTryReceiveRequest(IAsyncResult result, out RequestContext context)
        {
            var p = (PendingReceive)result;
            p.AsyncWaitHandle.WaitOne();
            context = p.Result;
            return context != null;
        }

        public bool TryReceiveRequest(TimeSpan timeout, out RequestContext context)
        {
            var p = pump.Receive(null, null);
            if (!p.AsyncWaitHandle.WaitOne(timeout > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : timeout))
                pump.Cancel(p);
            p.AsyncWaitHandle.WaitOne();
            context = p.Result;
            return context != null;
        }

        public RequestContext ReceiveRequest() { return ReceiveRequest(DefaultReceiveTimeout); }

        public RequestContext ReceiveRequest(TimeSpan timeout)
        {
            RequestContext rc;
            if (!TryReceiveRequest(timeout, out rc)) throw new TimeoutException("no request within " + timeout);
            return rc;
        }

        public IAsyncResult BeginReceiveRequest(AsyncCallback callback, object state) { return BeginTryReceiveRequest(DefaultReceiveTimeout, callback, state); }
        public IAsyncResult BeginReceiveRequest(TimeSpan timeout, AsyncCallback callback, object state) { return BeginTryReceiveRequest(timeout, callback, state); }

        public RequestContext EndReceiveRequest(IAsyncResult result)
        {
            RequestContext rc;
            if (!EndTryReceiveRequest(result, out rc)) throw new CommunicationObjectAbortedException("the callback service is closing");
            return rc;
        }

        // Not used by Mono's dispatcher for reply channels.
        public bool WaitForRequest(TimeSpan timeout) { throw new NotSupportedException(); }
        public IAsyncResult BeginWaitForRequest(TimeSpan timeout, AsyncCallback callback, object state) { throw new NotSupportedException(); }
        public bool EndWaitForRequest(IAsyncResult result) { throw new NotSupportedException(); }

        protected override void OnOpen(TimeSpan timeout) { }
        protected override void OnClose(TimeSpan timeout) { CancelPending(); }
        protected override void OnAbort() { CancelPending(); }

        void CancelPending()
        {
            var p = pending;
            if (p != null && !p.IsCompleted) pump.Cancel(p);
        }

        protected override IAsyncResult OnBeginOpen(TimeSpan t, AsyncCallback cb, object s) { Action<TimeSpan> f = OnOpen; return f.BeginInvoke(t, cb, s); }
        protected override void OnEndOpen(IAsyncResult r) { ((Action<TimeSpan>)((System.Runtime.Remoting.Messaging.AsyncResult)r).AsyncDelegate).EndInvoke(r); }
        protected override IAsyncResult OnBeginClose(TimeSpan t, AsyncCallback cb, object s) { Action<TimeSpan> f = OnClose; return f.BeginInvoke(t, cb, s); }
        protected override void OnEndClose(IAsyncResult r) { ((Action<TimeSpan>)((System.Runtime.Remoting.Messaging.AsyncResult)r).AsyncDelegate).EndInvoke(r); }
    }
}
