// The client's callback service: the CTIEventService contract the CTIPS calls
// (EDK 4-1, 4-2; wire-contract.md "Client callback service"), hosted by a ServiceHost at
// http://HOST:PORT/www.aspect.com/PublishEvents (the path of EDK D-1 and of a real client).
//
// Every callback is answered at once: PublishCTIEvent hands the event to the desktop's
// worker thread ("This method does not block and returns within milliseconds", EDK 4-1),
// Heartbeat only notes the time ("does not block and returns immediately", EDK 4-1).
// Mono's dispatcher serves one callback at a time (README "Mono quirks"), so a handler that
// sent a request of its own would hold up the next Heartbeat.
using System;
using System.Net;
using System.Net.Sockets;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using CtipsFixture;   // the wire contract, compiled from ../ctips/Contracts.cs

namespace CtipsClient
{
    [ServiceBehavior(InstanceContextMode = InstanceContextMode.Single, ConcurrencyMode = ConcurrencyMode.Multiple)]
    public sealed class CallbackService : CTIEventService
    {
        readonly Desktop desktop;

        public CallbackService(Desktop desktop) { this.desktop = desktop; }

        // EDK 4-1 "Void PublishCTIEvent (CTIEvent event)"; int on the wire. The concrete
        // type arrives as xsi:type; CTIEvent's [KnownType] list (Contracts.cs) names all 32.
        public int PublishCTIEvent(CTIEvent ctiEvent)
        {
            if (ctiEvent != null)
                desktop.Enqueue(ctiEvent);
            return 0;
        }

        // EDK 4-1 "Int HeartbeatMessage()"; Heartbeat(sessionId) on the wire. The return
        // value is not checked by the CTIPS; 0 it is.
        public int Heartbeat(string sessionId)
        {
            desktop.OnHeartbeat(sessionId);
            return 0;
        }

        // EDK 4-2: "CTIPS sends the client user information … as well as the client's session
        // Id. The client validates this information and can start the heartbeat timer."
        public int StartSession(UserCredentials userinfo, string sessionId)
        {
            return desktop.OnStartSession(userinfo, sessionId) ? 0 : 1;
        }
    }

    // A feeder's dispatcher serves messages addressed to the real endpoint (ReplyPool.cs).
    // Mono ignores [ServiceBehavior(AddressFilterMode = Any)] (the feeders then answer
    // DestinationUnreachable), so the filter is set on the endpoint dispatcher directly.
    sealed class MatchAnyAddress : IEndpointBehavior
    {
        public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher dispatcher)
        {
            dispatcher.AddressFilter = new MatchAllMessageFilter();
        }
        public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection parameters) { }
        public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime runtime) { }
        public void Validate(ServiceEndpoint endpoint) { }
    }

    public sealed class CallbackHost
    {
        public const string Path = "/www.aspect.com/PublishEvents";
        public string Url { get; private set; }
        ServiceHost host;

        public static CallbackHost Open(string hostName, Desktop desktop, bool plain)
        {
            // Mono's HttpListener cannot bind port 0, so a TcpListener finds a free port first
            // (a small race with other processes; the kit's loopback runs do not hit it).
            int port = FreePort(hostName);
            var url = "http://" + hostName + ":" + port + Path;
            var binding = new BasicHttpBinding
            {
                MaxReceivedMessageSize = 4 << 20,
                MaxBufferSize = 4 << 20,
                ReceiveTimeout = TimeSpan.FromMinutes(10),
            };
            binding.ReaderQuotas.MaxStringContentLength = 4 << 20;
            binding.ReaderQuotas.MaxArrayLength = 4 << 20;
            var h = new ServiceHost(new CallbackService(desktop), new Uri(url));
            if (plain)
                h.AddServiceEndpoint(typeof(CTIEventService), binding, "");
            else
            {
                // Same wire (BasicHttpBinding's encoder and HTTP transport) with the reply pool
                // above the transport (ReplyPool.cs): the real endpoint and Feeders endpoints
                // nobody calls, each a dispatcher adding views to the pool; the throttle caps
                // each dispatcher's views.
                var pool = new ReplyPool();
                for (int i = 0; i <= Feeders; i++)
                {
                    var elements = binding.CreateBindingElements();
                    elements.Insert(0, new ReplyPoolBindingElement(pool, i == 0));
                    var ep = h.AddServiceEndpoint(typeof(CTIEventService), new CustomBinding(elements), i == 0 ? "" : "feeder" + i);
                    if (i > 0) ep.Behaviors.Add(new MatchAnyAddress());
                }
                h.Description.Behaviors.Add(new ServiceThrottlingBehavior
                {
                    MaxConcurrentCalls = PoolSize / (Feeders + 1),
                    MaxConcurrentSessions = PoolSize / (Feeders + 1),
                    MaxConcurrentInstances = PoolSize,
                });
            }
            h.Open();
            return new CallbackHost { host = h, Url = url };
        }

        // Requests in a row the callback service answers without Mono's 100 ms pause, and the
        // feeder dispatchers that refill it (Feeders + 1 views per 100 ms; ReplyPool.cs).
        public const int PoolSize = 64, Feeders = 3;

        static int FreePort(string hostName)
        {
            IPAddress ip;
            if (!IPAddress.TryParse(hostName, out ip))
                ip = Dns.GetHostAddresses(hostName)[0];
            var l = new TcpListener(ip, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        public void Close()
        {
            try { host.Close(TimeSpan.FromMilliseconds(500)); }
            catch (Exception) { host.Abort(); }
        }
    }
}
