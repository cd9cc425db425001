// CtipsClient: an agent desktop for the Aspect Unified IP 7.2 CTI Portal Server (CTIPS),
// written on Mono's System.ServiceModel (WCF) from the EDK guide
// (/work/shared/spec/ctips-edk-guide-7.2.md), the wire contract
// (/work/shared/spec/wire-contract.md) and ctips-kit's docs/certify-client.md only.
// It is an interop fixture: a CTI client the kit did not write. See README.md.
//
// Clause numbers ("EDK 5-2") are the guide's chapter-page numbers (as the kit's schemas/clauses.json lists them).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using Mono.Unix;
using Mono.Unix.Native;

namespace CtipsClient
{
    public sealed class AgentSpec
    {
        public string LoginName, Station;
    }

    // The settings ctips-kit gives a client it starts (docs/certify-client.md, "The client's
    // side of the contract"). Everything comes from the environment.
    public sealed class Config
    {
        public string Endpoint, SecondaryEndpoint, User, Password, Profile, CallbackHost;
        public int Tenant, DispositionId, HeartbeatTimeoutMs, HeartbeatMs;
        public readonly List<AgentSpec> Agents = new List<AgentSpec>();
        public bool Verbose;      // CTIPS_CLIENT_VERBOSE=1: log every Heartbeat
        public bool PlainHost;    // CTIPS_CLIENT_PLAIN_HOST=1: Mono's ServiceHost without the reply pool (ReplyPool.cs)

        public static Config FromEnvironment()
        {
            var c = new Config();
            c.Profile = Env("CTIPS_PROFILE", "agent-desktop");
            c.Endpoint = Required("CTIPS_ENDPOINT");
            c.SecondaryEndpoint = Env("CTIPS_SECONDARY_ENDPOINT", null);
            c.User = Required("CTIPS_USER");
            c.Password = Required("CTIPS_PASSWORD");
            c.Tenant = Int("CTIPS_TENANT", "1");
            c.CallbackHost = Env("CTIPS_CALLBACK_HOST", "127.0.0.1");
            c.HeartbeatMs = Int("CTIPS_HEARTBEAT_MS", "30000");          // EDK B-1 default 30 s
            // Without a timeout of its own: four intervals (a real client seen on the wire
            // waits 120 s, wire-contract.md "Client callback service").
            c.HeartbeatTimeoutMs = Int("CTIPS_HEARTBEAT_TIMEOUT_MS", (4L * c.HeartbeatMs).ToString(CultureInfo.InvariantCulture));
            c.DispositionId = Int("CTIPS_DISPOSITION_ID", null);
            foreach (var item in Required("CTIPS_AGENTS").Split(','))
            {
                var s = item.Trim();
                if (s.Length == 0) continue;
                int colon = s.IndexOf(':');
                if (colon <= 0 || colon == s.Length - 1)
                    throw new ArgumentException("CTIPS_AGENTS: '" + s + "' is not loginName:station");
                c.Agents.Add(new AgentSpec { LoginName = s.Substring(0, colon), Station = s.Substring(colon + 1) });
            }
            if (c.Agents.Count == 0)
                throw new ArgumentException("CTIPS_AGENTS names no agent");
            foreach (var url in new[] { c.Endpoint, c.SecondaryEndpoint })
            {
                Uri u;
                if (url != null && (!Uri.TryCreate(url, UriKind.Absolute, out u) || (u.Scheme != "http" && u.Scheme != "https")))
                    throw new ArgumentException("'" + url + "' is not an http(s) URL");
            }
            c.Verbose = Env("CTIPS_CLIENT_VERBOSE", "") == "1";
            c.PlainHost = Env("CTIPS_CLIENT_PLAIN_HOST", "") == "1";
            return c;
        }

        static string Env(string name, string fallback)
        {
            var v = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrEmpty(v) ? fallback : v;
        }

        static string Required(string name)
        {
            var v = Env(name, null);
            if (v == null) throw new ArgumentException(name + " is not set");
            return v;
        }

        static int Int(string name, string fallback)
        {
            var v = Env(name, fallback);
            if (v == null) throw new ArgumentException(name + " is not set");
            int n;
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out n) || n < 0)
                throw new ArgumentException(name + " must be a non-negative integer, got '" + v + "'");
            return n;
        }
    }

    // stdout carries only the READY line; everything else goes to stderr, one line each.
    public static class Log
    {
        static readonly object gate = new object();

        public static void Info(string format, params object[] args)
        {
            var line = DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " +
                       (args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args));
            lock (gate) Console.Error.WriteLine(line);
        }
    }

    public static class Program
    {
        public static int Main()
        {
            Config config;
            try { config = Config.FromEnvironment(); }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("CtipsClient: " + e.Message);
                return 2;
            }
            if (config.Profile != "agent-desktop")
            {
                Console.Error.WriteLine("CtipsClient: profile '" + config.Profile +
                    "' is not supported; this client is an agent desktop (CTIPS_PROFILE=agent-desktop)");
                return 2;
            }

            // stdout carries the READY line only. Mono's dispatcher writes the exceptions of
            // callbacks it cannot deserialize to Console.Out (ListenerLoopManager's
            // Console.WriteLine(ex)); they go to stderr with the rest of the log.
            var stdout = Console.Out;
            Console.SetOut(Console.Error);

            // Requests are small SOAP posts: no "Expect: 100-continue" round trip (Mono's
            // HttpWebRequest sends it by default), no Nagle delay between headers and body.
            ServicePointManager.Expect100Continue = false;
            ServicePointManager.UseNagleAlgorithm = false;
            ServicePointManager.DefaultConnectionLimit = 8;

            var desktop = new Desktop(config);
            CallbackHost callback;
            try { callback = CallbackHost.Open(config.CallbackHost, desktop, config.PlainHost); }
            catch (Exception e)
            {
                Console.Error.WriteLine("CtipsClient: cannot host the callback service: " + e.Message);
                return 1;
            }
            desktop.CallbackUrl = callback.Url;
            Log.Info("CtipsClient: agent desktop for {0} (secondary {1}), tenant {2}, user {3}, agents {4}, disposition {5}, heartbeat timeout {6} ms, callback {7}",
                config.Endpoint, config.SecondaryEndpoint ?? "none", config.Tenant, config.User,
                string.Join(",", config.Agents.ConvertAll(a => a.LoginName + ":" + a.Station)),
                config.DispositionId, config.HeartbeatTimeoutMs, callback.Url);

            desktop.Ready += () =>
            {
                stdout.WriteLine("READY callback=" + callback.Url);
                stdout.Flush();
            };
            desktop.Start();

            // Shut-down on SIGTERM or SIGINT (docs/certify-client.md 3; EDK 5-3, 5-4).
            var signals = new[] { new UnixSignal(Signum.SIGTERM), new UnixSignal(Signum.SIGINT) };
            int which = UnixSignal.WaitAny(signals);
            var started = DateTime.UtcNow;
            Log.Info("{0}: shutting down", signals[which].Signum);
            desktop.Shutdown();
            callback.Close();
            Log.Info("stopped in {0:0} ms", (DateTime.UtcNow - started).TotalMilliseconds);
            return 0;   // worker and supervisor are background threads
        }
    }
}
