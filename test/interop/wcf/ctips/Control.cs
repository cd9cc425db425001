// The control endpoint: JSON over HTTP for the things that happen in the world rather than
// through CTIPS (a customer calls or hangs up, an agent answers at the phone, a supervisor
// changes a service, a link drops), and GET /state for tests. There is no reset of any kind.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Web.Script.Serialization;

namespace CtipsFixture
{
    public sealed class Control
    {
        sealed class HttpError : Exception
        {
            public readonly int Status;
            public HttpError(int status, string message) : base(message) { Status = status; }
        }

        readonly HttpListener listener = new HttpListener();
        readonly SessionRegistry sessions;
        readonly ContactCenter center;
        readonly JavaScriptSerializer json = new JavaScriptSerializer();

        public Control(string prefix, SessionRegistry sessions, ContactCenter center)
        {
            this.sessions = sessions;
            this.center = center;
            listener.Prefixes.Add(prefix);
        }

        public void Start()
        {
            listener.Start();
            new Thread(Loop) { IsBackground = true, Name = "control" }.Start();
        }

        public void Stop()
        {
            try { listener.Stop(); } catch (ObjectDisposedException) { }
        }

        void Loop()
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = listener.GetContext(); }
                catch (Exception) { return; }   // stopped
                Handle(ctx);
            }
        }

        void Handle(HttpListenerContext ctx)
        {
            var req = ctx.Request;
            int status = 200;
            object body;
            try
            {
                body = Route(req.HttpMethod, req.Url.AbsolutePath.TrimEnd('/'), req);
            }
            catch (HttpError e) { status = e.Status; body = new Dictionary<string, object> { { "error", e.Message } }; }
            catch (Exception e) { status = 500; body = new Dictionary<string, object> { { "error", e.ToString() } }; }
            Log.Info("control {0} {1} -> {2}", req.HttpMethod, req.Url.PathAndQuery, status);
            var bytes = Encoding.UTF8.GetBytes(json.Serialize(body) + "\n");
            try
            {
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength64 = bytes.Length;
                ctx.Response.OutputStream.Write(bytes, 0, bytes.Length);
                ctx.Response.Close();
            }
            catch (Exception e) { Log.Info("control response failed: {0}", e.Message); }
        }

        object Route(string method, string path, HttpListenerRequest req)
        {
            var parts = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            if (method == "GET" && path == "/state")
                return State();
            if (method == "POST" && path == "/calls")
                return StartCall(Body(req));
            if (method == "POST" && parts.Length == 3 && parts[0] == "calls" && parts[2] == "hangup")
                return Hangup(ParseInt(parts[1], "call id"));
            if (method == "POST" && parts.Length == 3 && parts[0] == "agents" && parts[2] == "answer")
                return Answer(Uri.UnescapeDataString(parts[1]));
            if (method == "POST" && parts.Length == 3 && parts[0] == "services" && parts[2] == "state")
                return ServiceState(ParseInt(parts[1], "service id"), Body(req));
            if (method == "POST" && path == "/links")
                return Link(Body(req));
            throw new HttpError(404, "no route " + method + " " + path
                + " (POST /calls, POST /calls/{id}/hangup, POST /agents/{login}/answer, POST /services/{id}/state, POST /links, GET /state)");
        }

        Dictionary<string, object> Body(HttpListenerRequest req)
        {
            string text;
            using (var r = new StreamReader(req.InputStream, Encoding.UTF8))
                text = r.ReadToEnd();
            try
            {
                var d = string.IsNullOrWhiteSpace(text) ? new Dictionary<string, object>() : json.DeserializeObject(text) as Dictionary<string, object>;
                if (d == null)
                    throw new HttpError(400, "the body must be a JSON object");
                return d;
            }
            catch (ArgumentException e) { throw new HttpError(400, "bad JSON: " + e.Message); }
        }

        static int ParseInt(object value, string what)
        {
            int n;
            if (value == null || !int.TryParse(Convert.ToString(value), out n))
                throw new HttpError(400, what + " must be an integer, got '" + value + "'");
            return n;
        }

        static string Text(Dictionary<string, object> body, string key, string fallback)
        {
            object v;
            return body.TryGetValue(key, out v) && v != null ? Convert.ToString(v) : fallback;
        }

        static T ParseEnum<T>(string value, string what) where T : struct
        {
            T result;
            if (value == null || !Enum.TryParse(value, true, out result) || !Enum.IsDefined(typeof(T), result))
                throw new HttpError(400, what + " must be one of " + string.Join(", ", Enum.GetNames(typeof(T))) + ", got '" + value + "'");
            return result;
        }

        object StartCall(Dictionary<string, object> body)
        {
            object sid;
            int serviceId = ParseInt(body.TryGetValue("serviceId", out sid) ? sid : null, "serviceId");
            lock (World.Gate)
            {
                if (!center.HasService(serviceId))
                    throw new HttpError(404, "no service " + serviceId);
                var c = center.StartInboundCall(serviceId, Text(body, "ani", "5551234"), Text(body, "dnis", "8005550100"));
                return new Dictionary<string, object> { { "callId", c.Id } };
            }
        }

        object Hangup(int callId)
        {
            lock (World.Gate)
            {
                var error = center.Hangup(callId);
                if (error != null)
                    throw new HttpError(error.StartsWith("no call") ? 404 : 409, error);
            }
            return new Dictionary<string, object> { { "callId", callId } };
        }

        object Answer(string login)
        {
            lock (World.Gate)
            {
                var error = center.Answer(login);
                if (error != null)
                    throw new HttpError(409, error);
            }
            return new Dictionary<string, object> { { "loginName", login } };
        }

        object ServiceState(int serviceId, Dictionary<string, object> body)
        {
            var state = ParseEnum<CTIServiceState>(Text(body, "state", null), "state");
            lock (World.Gate)
            {
                if (!center.HasService(serviceId))
                    throw new HttpError(404, "no service " + serviceId);
                center.SetServiceState(serviceId, state);
            }
            return new Dictionary<string, object> { { "serviceId", serviceId }, { "state", state.ToString() } };
        }

        object Link(Dictionary<string, object> body)
        {
            var component = ParseEnum<CTIComponentType>(Text(body, "component", null), "component");
            var state = ParseEnum<CTIComponentState>(Text(body, "state", null), "state");
            if (component == CTIComponentType.INVALID || state == CTIComponentState.INVALID)
                throw new HttpError(400, "component and state must not be INVALID");
            lock (World.Gate)
                center.LinkStatus(component, state);
            return new Dictionary<string, object> { { "component", component.ToString() }, { "state", state.ToString() } };
        }

        object State()
        {
            lock (World.Gate)
            {
                return new Dictionary<string, object>
                {
                    { "sessions", sessions.All.Select(s => new Dictionary<string, object>
                        {
                            { "sessionId", s.Id }, { "state", s.State.ToString() },
                            { "categories", s.Categories.Select(c => c.ToString()).OrderBy(c => c).ToArray() },
                            { "missedHeartbeats", s.ConsecutiveMisses },
                        }).ToArray() },
                    { "agents", center.Agents.Select(a => new Dictionary<string, object>
                        {
                            { "loginName", a.Config.Login }, { "agentId", a.Id }, { "loggedIn", a.LoggedIn },
                            { "state", a.LoggedIn ? a.State.ToString() : null }, { "station", a.Station },
                        }).ToArray() },
                    { "calls", center.Calls.Select(c => new Dictionary<string, object>
                        {
                            { "callId", c.Id }, { "serviceId", c.ServiceId }, { "state", c.WireState.ToString() },
                            { "agentId", c.Agent == null ? (object)null : c.AgentId },
                        }).ToArray() },
                };
            }
        }
    }
}
