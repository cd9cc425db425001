// Events follow the response of the request that caused them (EDK 2-5).
using System;
using System.Diagnostics;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using System.Threading;

namespace CtipsFixture
{
    // EDK 2-5 "Event Messages": the CTIPS "returns an acknowledgement response back to the
    // client" and then "continues to process the request"; events follow the response.
    // Events a request produces are queued at once (so every session's order is the order
    // they were produced) but an outbox does not send one before that request's reply has
    // been handed to the transport. Mono serves one request at a time, so replies are
    // numbered in order and "replied up to N" is enough.
    public static class ReplyBarrier
    {
        static readonly object gate = new object();
        static long started, replied;

        // The request being processed on this thread, 0 outside requests (control plane, heartbeats).
        [ThreadStatic] public static long Current;

        public static long Begin() { lock (gate) return ++started; }

        public static void Replied(long request)
        {
            lock (gate)
            {
                if (request > replied)
                    replied = request;
                Monitor.PulseAll(gate);
            }
        }

        // Bounded, so a reply that is never sent (a broken connection) only delays events.
        public static void WaitFor(long request, int timeoutMs)
        {
            var clock = Stopwatch.StartNew();
            lock (gate)
                while (replied < request && clock.ElapsedMilliseconds < timeoutMs)
                    Monitor.Wait(gate, (int)Math.Max(1, timeoutMs - clock.ElapsedMilliseconds));
        }
    }

    public sealed class ReplyBarrierBehavior : IEndpointBehavior, IDispatchMessageInspector
    {
        public object AfterReceiveRequest(ref Message request, IClientChannel channel, InstanceContext instanceContext)
        {
            long n = ReplyBarrier.Begin();
            ReplyBarrier.Current = n;
            return n;
        }

        public void BeforeSendReply(ref Message reply, object correlationState)
        {
            ReplyBarrier.Current = 0;
            ReplyBarrier.Replied((long)correlationState);
        }

        public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher dispatcher)
        {
            dispatcher.DispatchRuntime.MessageInspectors.Add(this);
        }

        public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection parameters) { }
        public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime runtime) { }
        public void Validate(ServiceEndpoint endpoint) { }
    }
}
