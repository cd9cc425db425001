// CtipsFixture: an independent CTIPS (UIP 7.2 CTI Portal Server) on Mono's WCF, written
// from the EDK guide and the wire contract, for interop tests of ctips-kit. See README.md.
using System;
using System.Globalization;
using System.Net;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using System.Xml.Schema;
using Mono.Unix;
using Mono.Unix.Native;

namespace CtipsFixture
{
    public sealed class Options
    {
        public string Host = "127.0.0.1";
        public int Port = -1, ControlPort = -1;
        public int HeartbeatMs = 30000;        // EDK B-1: Heartbeat interval, default 30 s
        public int MissedHeartbeats = 3;       // EDK B-1: Missed Heartbeats, default 3 (1..999)
        public int MaxSessions = 10;           // EDK 1-3: at most ten client connections
        public int Tenant = 1;
        public string UserName = "ctiuser", Password = "ctipass";
        public int CallbackTimeoutMs = 5000;   // a callback not answered in time has failed
        public bool RawWsdl;                   // serve Mono's metadata unpatched (README "WSDL")

        public const string Usage =
            "usage: mono CtipsFixture.exe --port P --control-port Q [--host 127.0.0.1] [--heartbeat-ms 30000]\n" +
            "       [--missed-heartbeats 3] [--max-sessions 10] [--tenant 1] [--user ctiuser:ctipass]\n" +
            "       [--callback-timeout-ms 5000] [--raw-wsdl]";

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                if (name == "--raw-wsdl") { o.RawWsdl = true; continue; }
                if (name == "--help" || name == "-h") throw new ArgumentException("");
                if (i + 1 >= args.Length) throw new ArgumentException(name + " needs a value");
                string v = args[++i];
                switch (name)
                {
                    case "--host": o.Host = v; break;
                    case "--port": o.Port = Int(name, v, 1, 65535); break;
                    case "--control-port": o.ControlPort = Int(name, v, 1, 65535); break;
                    case "--heartbeat-ms": o.HeartbeatMs = Int(name, v, 1, int.MaxValue); break;
                    case "--missed-heartbeats": o.MissedHeartbeats = Int(name, v, 1, 999); break;
                    case "--max-sessions": o.MaxSessions = Int(name, v, 1, 1000); break;
                    case "--tenant": o.Tenant = Int(name, v, int.MinValue, int.MaxValue); break;
                    case "--callback-timeout-ms": o.CallbackTimeoutMs = Int(name, v, 1, int.MaxValue); break;
                    case "--user":
                        int colon = v.IndexOf(':');
                        if (colon < 0) throw new ArgumentException("--user takes NAME:PASSWORD");
                        o.UserName = v.Substring(0, colon);
                        o.Password = v.Substring(colon + 1);
                        break;
                    default: throw new ArgumentException("unknown option " + name);
                }
            }
            if (o.Port < 0 || o.ControlPort < 0)
                throw new ArgumentException("--port and --control-port are required");
            return o;
        }

        static int Int(string name, string v, int min, int max)
        {
            int n;
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out n) || n < min || n > max)
                throw new ArgumentException(name + " must be an integer in " + min + ".." + max + ", got '" + v + "'");
            return n;
        }
    }

    // stdout carries only the READY line; everything else goes to stderr.
    public static class Log
    {
        public static void Info(string format, params object[] args)
        {
            Console.Error.WriteLine(DateTime.Now.ToString("HH:mm:ss.fff") + " " + string.Format(format, args));
        }
    }

    // Mono's ?wsdl=wsdl0 imports the XML Schema namespace itself with schemaLocation "?xsd="
    // (an empty key), which Mono answers with its HTML help page; zeep then refuses the
    // whole WSDL. This drops that one import. It is a contract behavior because Mono's
    // WsdlExporter asks only contract and operation behaviors (and binding elements) for
    // IWsdlExportExtension, not endpoint behaviors. --raw-wsdl keeps Mono's output as it is.
    sealed class DropXmlSchemaImport : IContractBehavior, IWsdlExportExtension
    {
        public void ExportContract(WsdlExporter exporter, WsdlContractConversionContext context)
        {
            foreach (System.Web.Services.Description.ServiceDescription wsdl in exporter.GeneratedWsdlDocuments)
                foreach (XmlSchema schema in wsdl.Types.Schemas)
                    for (int i = schema.Includes.Count - 1; i >= 0; i--)
                    {
                        var import = schema.Includes[i] as XmlSchemaImport;
                        if (import != null && import.Namespace == XmlSchema.Namespace)
                            schema.Includes.RemoveAt(i);
                    }
        }

        public void ExportEndpoint(WsdlExporter exporter, WsdlEndpointConversionContext context) { }
        public void AddBindingParameters(ContractDescription contract, ServiceEndpoint endpoint, BindingParameterCollection parameters) { }
        public void ApplyClientBehavior(ContractDescription contract, ServiceEndpoint endpoint, ClientRuntime runtime) { }
        public void ApplyDispatchBehavior(ContractDescription contract, ServiceEndpoint endpoint, DispatchRuntime runtime) { }
        public void Validate(ContractDescription contract, ServiceEndpoint endpoint) { }
    }

    public static class Program
    {
        public const string ServicePath = "Aspect.UnifiedIP.EDK.CTIPortalService";

        public static int Main(string[] args)
        {
            Options o;
            try { o = Options.Parse(args); }
            catch (ArgumentException e)
            {
                if (e.Message != "") Console.Error.WriteLine("CtipsFixture: " + e.Message);
                Console.Error.WriteLine(Options.Usage);
                return 2;
            }

            // Callbacks are small SOAP posts to one client host: no "Expect: 100-continue"
            // round trip, no Nagle delay, and more than .NET's default of 2 connections per
            // host (each session has an event channel and a heartbeat channel).
            ServicePointManager.Expect100Continue = false;
            ServicePointManager.UseNagleAlgorithm = false;
            ServicePointManager.DefaultConnectionLimit = 4 * o.MaxSessions + 4;

            var sessions = new SessionRegistry(o);
            var center = new ContactCenter(o, sessions);
            var endpoint = string.Format("http://{0}:{1}/{2}", o.Host, o.Port, ServicePath);
            var controlUrl = string.Format("http://{0}:{1}/", o.Host, o.ControlPort);

            var host = new ServiceHost(new CtipsService(o, sessions, center), new Uri(endpoint));
            var binding = new BasicHttpBinding
            {
                MaxReceivedMessageSize = 4 << 20,
                MaxBufferSize = 4 << 20,
                ReceiveTimeout = TimeSpan.FromMinutes(10),
            };
            binding.ReaderQuotas.MaxStringContentLength = 4 << 20;
            binding.ReaderQuotas.MaxArrayLength = 4 << 20;
            var ep = host.AddServiceEndpoint(typeof(AgentCallService), binding, "");
            ep.Behaviors.Add(new ReplyBarrierBehavior());
            if (!o.RawWsdl)
                ep.Contract.Behaviors.Add(new DropXmlSchemaImport());
            host.Description.Behaviors.Add(new ServiceMetadataBehavior { HttpGetEnabled = true });

            var control = new Control(controlUrl, sessions, center);
            try
            {
                host.Open();
                control.Start();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("CtipsFixture: cannot listen: " + e.Message);
                return 1;
            }

            Log.Info("tenant {0}, user {1}, heartbeat {2} ms, {3} missed heartbeats, {4} sessions max, callback timeout {5} ms",
                o.Tenant, o.UserName, o.HeartbeatMs, o.MissedHeartbeats, o.MaxSessions, o.CallbackTimeoutMs);
            Console.Out.WriteLine("READY endpoint={0} control={1}", endpoint, controlUrl);
            Console.Out.Flush();

            // Stops on SIGTERM or SIGINT (stdin is not watched: launchers often give /dev/null).
            var signals = new[] { new UnixSignal(Signum.SIGTERM), new UnixSignal(Signum.SIGINT) };
            int which = UnixSignal.WaitAny(signals);
            Log.Info("{0}: stopping", signals[which].Signum);
            lock (World.Gate)
                sessions.RemoveAll();
            control.Stop();
            try { host.Close(TimeSpan.FromSeconds(2)); }
            catch (Exception) { host.Abort(); }
            Log.Info("stopped");
            return 0;   // outbox and heartbeat threads are background threads: nothing waits for them
        }
    }
}
