// The request side: a ChannelFactory<AgentCallService> over BasicHttpBinding (SOAP 1.1,
// wire-contract.md "Server: service contracts and SOAPActions") to one CTIPS endpoint, and
// the classification of what went wrong with a request.
using System;
using System.Diagnostics;
using System.ServiceModel;
using CtipsFixture;

namespace CtipsClient
{
    public enum Outcome
    {
        Ok,            // an answer (the int result or SessionObject is the caller's business)
        Fault,         // a fault the session survives (bad argument, wrong state, …)
        SessionGone,   // a fault saying the session is unknown (EDK 4-1: the CTIPS disposed it)
        Transport,     // no answer: refused, reset, timed out, not SOAP (EDK 1-3: the CTIPS is unavailable)
    }

    public sealed class Connection : IDisposable
    {
        public readonly string Url;
        readonly TimeSpan timeout;
        ChannelFactory<AgentCallService> factory;
        AgentCallService channel;

        public Connection(string url, TimeSpan timeout)
        {
            Url = url;
            this.timeout = timeout;
            Build();
        }

        void Build()
        {
            var binding = new BasicHttpBinding
            {
                MaxReceivedMessageSize = 4 << 20,
                MaxBufferSize = 4 << 20,
                OpenTimeout = timeout,
                SendTimeout = timeout,
                ReceiveTimeout = timeout,
                CloseTimeout = timeout,
            };
            factory = new ChannelFactory<AgentCallService>(binding, new EndpointAddress(Url));
            channel = factory.CreateChannel();
        }

        // Mono: aborting a channel disposes its ChannelFactory (the colleague's CTIPS fixture
        // found the same for its callback client), so a failed channel means a new factory.
        void Rebuild()
        {
            try { ((IClientChannel)channel).Abort(); } catch (Exception) { }
            try { factory.Abort(); } catch (Exception) { }
            Build();
        }

        // Runs one request; writes "→ Name(detail) = result (ms)" or the failure to the log.
        public Outcome Invoke<T>(string name, string detail, Func<AgentCallService, T> op, out T result, TimeSpan? operationTimeout = null)
        {
            result = default(T);
            var sw = Stopwatch.StartNew();
            string failure;
            Outcome outcome;
            try
            {
                ((IContextChannel)channel).OperationTimeout = operationTimeout ?? timeout;
                result = op(channel);
                Log.Info("→ {0}({1}) = {2} ({3:0.0} ms)", name, detail, Show(result), sw.Elapsed.TotalMilliseconds);
                return Outcome.Ok;
            }
            catch (FaultException<CTIPortalServiceFault> e)
            {
                var d = e.Detail;
                outcome = d != null && d.ErrorCode == FaultErrorCode.InvalidSessionId ? Outcome.SessionGone : Outcome.Fault;
                failure = "fault " + (d != null ? d.ErrorCode + ": " + d.Message : e.Message);
            }
            catch (FaultException e)
            {
                // An untyped fault (a CTIPS whose detail WCF could not map): judge by its text.
                var text = e.Message ?? "";
                outcome = SaysSessionUnknown(text) ? Outcome.SessionGone : Outcome.Fault;
                failure = "fault " + (e.Code != null ? e.Code.Name : "?") + ": " + text;
            }
            catch (Exception e)
            {
                // CommunicationException (EndpointNotFound, Protocol, …), TimeoutException,
                // ObjectDisposedException: no usable answer. The channel is rebuilt.
                outcome = Outcome.Transport;
                failure = "transport " + e.GetType().Name + ": " + OneLine(e);
                Rebuild();
            }
            Log.Info("→ {0}({1}) failed ({2:0.0} ms): {3}", name, detail, sw.Elapsed.TotalMilliseconds, failure);
            return outcome;
        }

        static bool SaysSessionUnknown(string text)
        {
            var t = text.ToLowerInvariant();
            return t.Contains("invalidsessionid") ||
                   (t.Contains("session") && (t.Contains("unknown") || t.Contains("invalid") || t.Contains("not found") || t.Contains("closed")));
        }

        static string Show(object result)
        {
            var so = result as SessionObject;
            if (so != null) return "{SessionId " + (so.SessionId ?? "nil") + ", Response " + so.Response + "}";
            return result == null ? "nil" : result.ToString();
        }

        static string OneLine(Exception e)
        {
            var m = e.Message;
            if (e.InnerException != null) m += " (" + e.InnerException.Message + ")";
            return m.Replace('\n', ' ').Replace('\r', ' ');
        }

        public void Dispose()
        {
            try { ((IClientChannel)channel).Abort(); } catch (Exception) { }
            try { factory.Abort(); } catch (Exception) { }
        }
    }
}
