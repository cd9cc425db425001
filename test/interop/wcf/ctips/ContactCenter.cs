// The simulated contact center behind the CTIPS: a fixed topology, agents, calls, and the
// events they produce. Every public method runs under World.Gate.
//
// Where a request fails here, it fails with an event, never a fault: the SOAP layer
// (Service.cs) has already refused what is malformed. EDK 1-2 calls the CTIPS stateless
// and EDK 2-4 says a request that "is sent to the Unified IP system and finally completes
// at some later time" is answered by events; agent and call state live in "the Unified IP
// system", which is this class.
using System;
using System.Collections.Generic;
using System.Linq;

namespace CtipsFixture
{
    public static class World
    {
        // One lock for sessions and the contact center: requests are short, and a single
        // lock keeps "the order events were produced" and "the order they were queued" equal.
        public static readonly object Gate = new object();
    }

    public sealed class AgentConfig
    {
        public string Login; public int AgentId; public int CtiId; public int[] Services;
    }

    // The built-in topology (README "Topology"). One tenant (from --tenant), one site, one switch.
    public static class Topology
    {
        public const int SiteId = 1, SwitchId = 1, WorkGroupId = 1;
        public const int StationResourceGroupId = 1, TrunkResourceGroupId = 2, CircuitId = 1;
        public static readonly AgentConfig[] Agents =
        {
            new AgentConfig { Login = "wcf1", AgentId = 2001, CtiId = 1001, Services = new[] { 700 } },
            new AgentConfig { Login = "wcf2", AgentId = 2002, CtiId = 1002, Services = new[] { 700 } },
            new AgentConfig { Login = "wcf3", AgentId = 2003, CtiId = 1003, Services = new[] { 800 } },
            new AgentConfig { Login = "wcf4", AgentId = 2004, CtiId = 1004, Services = new[] { 800 } },
        };
        public static readonly string[] Stations = { "5001", "5002", "5003", "5004" };
        // 900 exists but no agent staffs it, so it is UnManned (EDK A-3 CTIServiceState).
        public static readonly Dictionary<int, CTIServiceState> Services = new Dictionary<int, CTIServiceState>
        {
            { 700, CTIServiceState.Active }, { 800, CTIServiceState.Active }, { 900, CTIServiceState.UnManned },
        };
        public static readonly int[] DispositionIds = { 1 };
        public static readonly int[] RejectReasonCodes = { 1 };

        // Rest states: an agent without a call may be put in (and log in to) these.
        public static bool IsRestState(CTIAgentState s)
        {
            return s == CTIAgentState.NotReady || s == CTIAgentState.NotReadyPark
                || s == CTIAgentState.Idle || s == CTIAgentState.Reserved;
        }
    }

    public sealed class Agent
    {
        public readonly AgentConfig Config;
        public bool LoggedIn;
        public CTIAgentState State;
        public string Station;
        public Call Call;              // offered, active, or in wrap-up
        public long IdleSince;         // longest idle agent gets the next call
        public bool PendingLogout;     // PanicLogoutAgent while on a call (EDK 3-9)
        public int PendingLogoutRequestId;
        public Agent(AgentConfig config) { Config = config; }
        public int Id { get { return Config.AgentId; } }
        public int ChannelId { get { return Array.IndexOf(Topology.Stations, Station) + 1; } }
    }

    public enum CallPhase { Queued, Ringing, Established, Ended }

    public sealed class Call
    {
        public int Id; public long SequenceId; public int ServiceId; public string Ani, Dnis;
        public CallPhase Phase; public bool Held; public Agent Agent; public int Disposition;
        public readonly List<CTICallDataItem> Data = new List<CTICallDataItem>();
        public int AgentId { get { return Agent == null ? 0 : Agent.Id; } }

        public CTICallState WireState
        {
            get
            {
                switch (Phase)
                {
                    case CallPhase.Queued: return CTICallState.CallDelivered;
                    case CallPhase.Ringing: return CTICallState.CallConnected;
                    case CallPhase.Established: return Held ? CTICallState.CallHeld : CTICallState.CallEstablished;
                    default: return CTICallState.CallEnd;
                }
            }
        }
    }

    public sealed class ContactCenter
    {
        readonly Options options;
        readonly SessionRegistry sessions;
        readonly List<Agent> agents = Topology.Agents.Select(c => new Agent(c)).ToList();
        readonly Dictionary<int, CTIServiceState> services = new Dictionary<int, CTIServiceState>(Topology.Services);
        readonly Dictionary<int, Call> calls = new Dictionary<int, Call>();
        readonly List<Call> queue = new List<Call>();
        int nextCallId = 101;
        long idleTick;

        public ContactCenter(Options options, SessionRegistry sessions)
        {
            this.options = options;
            this.sessions = sessions;
        }

        public IEnumerable<Agent> Agents { get { return agents; } }
        public IEnumerable<Call> Calls { get { return calls.Values.OrderBy(c => c.Id); } }
        public bool HasService(int id) { return services.ContainsKey(id); }

        Agent ByLogin(string login) { return agents.FirstOrDefault(a => a.Config.Login == login); }
        Agent LoggedInById(int id) { return agents.FirstOrDefault(a => a.LoggedIn && a.Id == id); }
        Call CallById(int id) { Call c; return calls.TryGetValue(id, out c) ? c : null; }

        // ---------------------------------------------------------------- events

        // EDK 4-3 "Event Categories": agent events Agent; call events Call; route events Route;
        // snapshot, link and service events System. ServiceStateChange: the event table says
        // EventCategoryAgent, but chapter 4's list and EDK 5-6 put service events under
        // System; the fixture follows the latter.
        static CTIEventCategory CategoryOf(CTIEventType t)
        {
            switch (t)
            {
                case CTIEventType.AgentLoginStateChange: case CTIEventType.AgentLoginRequestFailed:
                case CTIEventType.AgentStateChange: case CTIEventType.AgentRequestFailed:
                case CTIEventType.AudioPathStateChange: case CTIEventType.EnterPasscode:
                    return CTIEventCategory.EventCategoryAgent;
                case CTIEventType.RouteRequest: case CTIEventType.RouteRequestFailed:
                case CTIEventType.RouteUsed: case CTIEventType.RouteReject:
                    return CTIEventCategory.EventCategoryRoute;
                case CTIEventType.ServiceStateChange: case CTIEventType.LinkStatus:
                case CTIEventType.SnapShot: case CTIEventType.SnapShotUpdate: case CTIEventType.SnapShotRequestFailed:
                case CTIEventType.Filter:
                    return CTIEventCategory.EventCategorySystem;
                default:
                    return CTIEventCategory.EventCategoryCall;
            }
        }

        // EDK 4-2 "Event Header": the common fields, 0 where there is no data; RequestId is the
        // request's for events that answer one, 0 for unsolicited events (EDK 4-3 "RequestId").
        T Make<T>(CTIEventType type, int requestId, int serviceId, int agentId) where T : CTIFilter, new()
        {
            return new T
            {
                EventCategory = CategoryOf(type), EventType = type, RequestId = requestId,
                SiteId = Topology.SiteId, TenantId = options.Tenant,
                SwitchId = Topology.SwitchId, ServiceId = serviceId, AgentId = agentId,
            };
        }

        // Every call event carries CallId, CallSequenceId and CallOriginatingSiteId; the wire
        // types share no base class for them, hence the reflection.
        T CallEvent<T>(CTIEventType type, Call c, int requestId) where T : CTIFilter, new()
        {
            var e = Make<T>(type, requestId, c.ServiceId, c.AgentId);
            Wire.Set(e, "CallId", c.Id);
            Wire.Set(e, "CallSequenceId", c.SequenceId);
            Wire.Set(e, "CallOriginatingSiteId", Topology.SiteId);
            // The trunk the customer is on; every call event that has these fields gets them.
            Wire.Set(e, "ResourceGroupId", Topology.TrunkResourceGroupId);
            Wire.Set(e, "CircuitId", Topology.CircuitId);
            Wire.Set(e, "ChannelId", c.Id);
            return e;
        }

        void Emit(CTIEvent e)
        {
            Wire.FillRequired(e);
            sessions.Publish(e);
        }

        int AgentServiceId(Agent a)
        {
            // Agent events name the service of the agent's call, else the agent's first service.
            return a.Call != null ? a.Call.ServiceId : a.Config.Services.FirstOrDefault();
        }

        CTIServiceInfo[] ServiceInfos(Agent a)
        {
            return a.Config.Services.Select(id => new CTIServiceInfo { ServiceId = id, ServiceState = services[id] }).ToArray();
        }

        void AgentStateChanged(Agent a, int requestId)
        {
            var e = Make<CTIAgentStateChange>(CTIEventType.AgentStateChange, requestId, AgentServiceId(a), a.Id);
            e.AgentState = a.State;
            e.CallId = a.Call == null ? 0 : a.Call.Id;
            e.ServiceIds = a.Config.Services.ToArray();
            Emit(e);
        }

        void LoginStateChanged(Agent a, CTIAgentLoginState state, int requestId)
        {
            var e = Make<CTIAgentLoginStateChange>(CTIEventType.AgentLoginStateChange, requestId, AgentServiceId(a), a.Id);
            e.AgentLoginName = a.Config.Login;
            e.LoginState = state;
            // EDK 4-3: AgentWorkGroupId "Set if LoginState is AgentLoggedIn otherwise -1".
            e.AgentWorkGroupId = state == CTIAgentLoginState.AgentLoggedIn ? Topology.WorkGroupId : -1;
            e.AgentCapabilities = new[] { CTIAgentCapabilities.StandardAgent };
            e.AgentStationAddress = a.Station;
            e.AgentMailbox = a.Config.Login + "@ctips-fixture.invalid";
            e.ResourceGroupId = Topology.StationResourceGroupId;
            e.CircuitId = Topology.CircuitId;
            e.ChannelId = a.ChannelId;
            e.SipIpAddress = "";   // "For future use"
            e.ServiceState = ServiceInfos(a);
            e.AgentCTIId = a.Config.CtiId;
            Emit(e);
        }

        void LoginFailed(int requestId, string login, int agentId, CTIFailureType type, string reason)
        {
            var e = Make<CTIAgentLoginRequestFailed>(CTIEventType.AgentLoginRequestFailed, requestId, 0, agentId);
            e.AgentLoginName = login ?? "";
            e.FailureType = type;
            e.FailureReason = reason;
            Emit(e);
        }

        void AgentFailed(int requestId, int agentId, int callId, CTIFailureType type, string reason)
        {
            var e = Make<CTIAgentRequestFailed>(CTIEventType.AgentRequestFailed, requestId, 0, agentId);
            e.CallId = callId;
            e.FailureType = type;
            e.FailureReason = reason;
            Emit(e);
        }

        void CallFailed(int requestId, int agentId, int callId, CTIFailureType type, string reason)
        {
            var c = CallById(callId);
            var e = c != null
                ? CallEvent<CTICallRequestFailed>(CTIEventType.CallRequestFailed, c, requestId)
                : Make<CTICallRequestFailed>(CTIEventType.CallRequestFailed, requestId, 0, agentId);
            e.AgentId = agentId;
            e.CallId = callId;
            e.CallOriginatingSiteId = Topology.SiteId;
            e.FailureType = type;
            e.FailureReason = reason;
            Emit(e);
        }

        // ---------------------------------------------------------------- agents (EDK 3-7 .. 3-11)

        public void LoginAgent(int rid, string login, string station, CTIAgentState initState)
        {
            var a = ByLogin(login);
            if (a == null)
                { LoginFailed(rid, login, 0, CTIFailureType.InvalidAgentName, "no agent has the login name '" + login + "'"); return; }
            if (a.LoggedIn)
                { LoginFailed(rid, login, a.Id, CTIFailureType.AgentAlreadyLoggedIn, login + " is already logged in at station " + a.Station); return; }
            if (!Topology.Stations.Contains(station) || agents.Any(x => x.LoggedIn && x.Station == station))
                { LoginFailed(rid, login, a.Id, CTIFailureType.StationNotAvailable, "station '" + station + "' is unknown or in use"); return; }
            // The guide lists every CTIAgentState as an initial state; without a call an agent
            // can only be in a rest state, so the others fail (fixture's choice).
            if (!Topology.IsRestState(initState))
                { LoginFailed(rid, login, a.Id, CTIFailureType.InvalidStateForRequest, "an agent cannot log in " + initState + "; use NotReady, NotReadyPark, Idle or Reserved"); return; }

            a.LoggedIn = true;
            a.Station = station;
            a.State = initState;
            a.IdleSince = ++idleTick;
            // EDK 1-1 example: AgentLoginStateChange, then AgentStateChange with the initial state.
            LoginStateChanged(a, CTIAgentLoginState.AgentLoggedIn, rid);
            AgentStateChanged(a, rid);
            Dispatch();
        }

        public void LogoutAgent(int rid, int agentId)
        {
            var a = LoggedInById(agentId);
            if (a == null)
                { LoginFailed(rid, null, agentId, CTIFailureType.InvalidAgent, "no logged-in agent has AgentId " + agentId); return; }
            if (a.Call != null)
                { LoginFailed(rid, a.Config.Login, a.Id, CTIFailureType.InvalidStateForRequest, a.Config.Login + " has call " + a.Call.Id + " (" + a.State + ")"); return; }
            LogOut(a, rid);
        }

        // EDK 4-5: AgentStateChange follows LogoutAgent too: the agent goes NotReady, then
        // AgentLoginStateChange(AgentLoggedOut).
        void LogOut(Agent a, int rid)
        {
            a.State = CTIAgentState.NotReady;
            AgentStateChanged(a, rid);
            LoginStateChanged(a, CTIAgentLoginState.AgentLoggedOut, rid);
            a.LoggedIn = false;
            a.Station = null;
            a.PendingLogout = false;
        }

        // EDK 3-9: agents without a call are logged out at once; agents on a call are logged
        // out, without wrap-up, when the call clears. A call already in wrap-up is completed.
        public void PanicLogout(int rid, string[] logins, bool all)
        {
            var targets = new List<Agent>();
            if (all)
                targets.AddRange(agents.Where(a => a.LoggedIn));
            else
                foreach (var login in logins.Distinct())
                {
                    var a = ByLogin(login);
                    if (a == null)
                        LoginFailed(rid, login, 0, CTIFailureType.InvalidAgentName, "no agent has the login name '" + login + "'");
                    else if (!a.LoggedIn)
                        LoginFailed(rid, login, a.Id, CTIFailureType.InvalidAgent, login + " is not logged in");
                    else
                        targets.Add(a);
                }
            foreach (var a in targets)
            {
                if (a.Call == null)
                    LogOut(a, rid);
                else if (a.Call.Phase == CallPhase.Ended)
                    { Complete(a.Call, rid); LogOut(a, rid); }
                else
                    { a.PendingLogout = true; a.PendingLogoutRequestId = rid; }
            }
        }

        public void SetAgentState(int rid, int agentId, CTIAgentState state)
        {
            var a = LoggedInById(agentId);
            if (a == null)
                { AgentFailed(rid, agentId, 0, CTIFailureType.InvalidAgent, "no logged-in agent has AgentId " + agentId); return; }
            int callId = a.Call == null ? 0 : a.Call.Id;
            if (!Topology.IsRestState(state))
                { AgentFailed(rid, a.Id, callId, CTIFailureType.InvalidStateForRequest, "an agent cannot be put in " + state + " by request"); return; }
            if (a.State == CTIAgentState.PendingActive || a.State == CTIAgentState.Active)
                { AgentFailed(rid, a.Id, callId, CTIFailureType.InvalidStateForRequest, a.Config.Login + " is " + a.State + " on call " + callId); return; }
            // Leaving wrap-up without a disposition completes the call (EDK C-3: "CallEnd is
            // generated when an agent leaves the in wrapup state"; here CallEnd came earlier).
            if (a.State == CTIAgentState.Wrap)
                Complete(a.Call, rid);
            a.State = state;
            if (state == CTIAgentState.Idle)
                a.IdleSince = ++idleTick;
            AgentStateChanged(a, rid);
            Dispatch();
        }

        public void GetAgentState(int rid, int agentId)
        {
            var a = LoggedInById(agentId);
            if (a == null)
                AgentFailed(rid, agentId, 0, CTIFailureType.InvalidAgent, "no logged-in agent has AgentId " + agentId);
            else
                AgentStateChanged(a, rid);   // EDK 4-5, C-3: the state "is requested through a GetAgentState"
        }

        // Chapter 2 (E-2): SetDisposition in wrap-up -> CallCompleted -> AgentStateChange(Idle).
        public void SetDisposition(int rid, int agentId, int callId, int dispositionId)
        {
            var a = LoggedInById(agentId);
            if (a == null)
                { AgentFailed(rid, agentId, callId, CTIFailureType.InvalidAgent, "no logged-in agent has AgentId " + agentId); return; }
            if (a.Call == null || a.Call.Id != callId)
                { AgentFailed(rid, a.Id, callId, CTIFailureType.InvalidCallId, a.Config.Login + " has no call " + callId); return; }
            if (a.State != CTIAgentState.Wrap)
                { AgentFailed(rid, a.Id, callId, CTIFailureType.InvalidStateForRequest, a.Config.Login + " is " + a.State + ", not in wrap-up"); return; }
            if (!Topology.DispositionIds.Contains(dispositionId))
                { AgentFailed(rid, a.Id, callId, CTIFailureType.RequestFailed, "disposition id " + dispositionId + " is not configured"); return; }
            a.Call.Disposition = dispositionId;
            Complete(a.Call, rid);
            a.State = CTIAgentState.Idle;
            a.IdleSince = ++idleTick;
            AgentStateChanged(a, rid);
            Dispatch();
        }

        // ---------------------------------------------------------------- calls (chapter 2, E-2)

        public Call StartInboundCall(int serviceId, string ani, string dnis)
        {
            var c = new Call
            {
                Id = nextCallId++, ServiceId = serviceId, Ani = ani, Dnis = dnis, Phase = CallPhase.Queued,
            };
            c.SequenceId = 9000000000L + c.Id;   // beyond int range on purpose: it is a long on the wire
            calls.Add(c.Id, c);
            Emit(CallEvent<CTICallStarted>(CTIEventType.CallStarted, c, 0));
            var offered = CallEvent<CTICallOffered>(CTIEventType.CallOffered, c, 0);
            offered.ANI = ani;
            offered.DNIS = dnis;
            Emit(offered);
            var delivered = CallEvent<CTICallDelivered>(CTIEventType.CallDelivered, c, 0);
            delivered.CallType = CTICallType.InboundAcd;
            delivered.ANI = ani;
            delivered.DNIS = dnis;
            Emit(delivered);
            queue.Add(c);
            Dispatch();
            return c;
        }

        // Queued calls, oldest first, go to the longest idle agent of their service; a call
        // nobody can take waits in the queue until an agent of its service becomes Idle.
        void Dispatch()
        {
            foreach (var c in queue.ToList())
            {
                var a = agents.Where(x => x.LoggedIn && x.State == CTIAgentState.Idle && x.Config.Services.Contains(c.ServiceId))
                              .OrderBy(x => x.IdleSince).FirstOrDefault();
                if (a == null)
                    continue;
                queue.Remove(c);
                Offer(c, a);
            }
        }

        void Offer(Call c, Agent a)
        {
            c.Phase = CallPhase.Ringing;
            c.Agent = a;
            a.Call = c;
            a.State = CTIAgentState.PendingActive;
            var e = CallEvent<CTICallConnected>(CTIEventType.CallConnected, c, 0);
            e.ResponseRequired = true;          // the agent accepts or rejects with AcceptCall
            e.PlayAudioAlert = false;
            e.RejectReasonRequired = true;      // reject reason codes are configured (topology)
            e.CallInfo = new CTICallInfo
            {
                ANI = c.Ani, DNIS = c.Dnis, FirstName = "", LastName = "", PhoneNumber = c.Ani, CallerId = c.Ani,
                CallData = c.Data.ToArray(),
            };
            e.CallType = CTICallType.InboundAcd;
            Emit(e);
            AgentStateChanged(a, 0);
        }

        Call AgentsCall(int rid, int agentId, int callId)
        {
            var a = LoggedInById(agentId);
            if (a == null)
                { CallFailed(rid, agentId, callId, CTIFailureType.InvalidAgent, "no logged-in agent has AgentId " + agentId); return null; }
            if (a.Call == null || a.Call.Id != callId)
                { CallFailed(rid, a.Id, callId, CTIFailureType.InvalidCallId, a.Config.Login + " has no call " + callId); return null; }
            return a.Call;
        }

        bool Require(bool ok, int rid, Call c, string what)
        {
            if (!ok)
                CallFailed(rid, c.AgentId, c.Id, CTIFailureType.InvalidStateForRequest, what + " is not possible: call " + c.Id + " is " + c.WireState + ", agent " + c.Agent.State);
            return ok;
        }

        public void AcceptCall(int rid, int agentId, int callId, bool accept, int rejectReason)
        {
            var c = AgentsCall(rid, agentId, callId);
            if (c == null || !Require(c.Phase == CallPhase.Ringing, rid, c, accept ? "AcceptCall" : "rejecting"))
                return;
            if (accept)
                { Establish(c, rid); return; }
            if (!Topology.RejectReasonCodes.Contains(rejectReason))
                { CallFailed(rid, c.AgentId, c.Id, CTIFailureType.RequestFailed, "reject reason code " + rejectReason + " is not configured"); return; }
            // Rejected (fixture's choice): the agent goes NotReady, so the call is not offered
            // to it again, and the call returns to the head of its queue.
            var a = c.Agent;
            a.Call = null;
            a.State = CTIAgentState.NotReady;
            c.Agent = null;
            c.Phase = CallPhase.Queued;
            AgentStateChanged(a, rid);
            queue.Insert(0, c);
            Dispatch();
        }

        // Control plane: the agent answers at the phone; nobody asked through CTIPS, so RequestId 0.
        public string Answer(string login)
        {
            var a = ByLogin(login);
            if (a == null || !a.LoggedIn || a.State != CTIAgentState.PendingActive)
                return "agent '" + login + "' has no call ringing";
            Establish(a.Call, 0);
            return null;
        }

        void Establish(Call c, int rid)
        {
            c.Phase = CallPhase.Established;
            var e = CallEvent<CTICallEstablished>(CTIEventType.CallEstablished, c, rid);
            e.MediaType = CTIMediaType.VoiceAnalog;
            e.SipIpAddress = "";
            e.ANI = c.Ani;
            e.DNIS = c.Dnis;
            Emit(e);
            c.Agent.State = CTIAgentState.Active;
            AgentStateChanged(c.Agent, rid);
        }

        public void ClearCall(int rid, int agentId, int callId)
        {
            var c = AgentsCall(rid, agentId, callId);
            if (c != null && Require(c.Phase == CallPhase.Ringing || c.Phase == CallPhase.Established, rid, c, "ClearCall"))
                Clear(c, CTIClearingPartyType.NearEnd, rid);
        }

        // Control plane: the customer hangs up.
        public string Hangup(int callId)
        {
            var c = CallById(callId);
            if (c == null)
                return "no call " + callId;
            if (c.Phase == CallPhase.Ended)
                return "call " + callId + " has already been cleared";
            Clear(c, CTIClearingPartyType.FarEnd, 0);
            return null;
        }

        // Chapter 2: CallCleared -> AgentStateChange(Wrap) -> CallEnd; CallCompleted waits for the
        // disposition. A call that never reached an agent, or was still ringing, or whose
        // agent is panic-logged-out, has no wrap-up and completes at once.
        void Clear(Call c, CTIClearingPartyType party, int rid)
        {
            var cleared = CallEvent<CTICallCleared>(CTIEventType.CallCleared, c, rid);
            cleared.ClearingPartyType = party;
            Emit(cleared);
            var a = c.Agent;
            bool talked = c.Phase == CallPhase.Established;
            queue.Remove(c);
            c.Phase = CallPhase.Ended;
            c.Held = false;
            if (a != null && talked && !a.PendingLogout)
            {
                a.State = CTIAgentState.Wrap;
                AgentStateChanged(a, rid);
                Emit(CallEnd(c, rid));
                return;
            }
            if (a != null && !a.PendingLogout)
            {
                a.State = CTIAgentState.Idle;
                a.IdleSince = ++idleTick;
                AgentStateChanged(a, rid);
            }
            Emit(CallEnd(c, rid));
            Complete(c, rid);
            if (a != null && a.PendingLogout)
                LogOut(a, a.PendingLogoutRequestId);
            Dispatch();
        }

        CTICallEnd CallEnd(Call c, int rid)
        {
            var e = CallEvent<CTICallEnd>(CTIEventType.CallEnd, c, rid);
            e.AgentDisposition = c.Disposition;   // 0: the disposition comes after CallEnd (chapter 2)
            e.CallData = c.Data.ToArray();
            return e;
        }

        // EDK 4-10: CallCompleted when all segments, wrap-up included, are complete.
        void Complete(Call c, int rid)
        {
            Emit(CallEvent<CTICallCompleted>(CTIEventType.CallCompleted, c, rid));
            calls.Remove(c.Id);
            if (c.Agent != null)
                c.Agent.Call = null;
        }

        public void HoldCall(int rid, int agentId, int callId)
        {
            var c = AgentsCall(rid, agentId, callId);
            if (c == null || !Require(c.Phase == CallPhase.Established && !c.Held, rid, c, "HoldCall"))
                return;
            c.Held = true;
            Emit(CallEvent<CTICallHeld>(CTIEventType.CallHeld, c, rid));
        }

        public void RetrieveCall(int rid, int agentId, int callId)
        {
            var c = AgentsCall(rid, agentId, callId);
            if (c == null || !Require(c.Phase == CallPhase.Established && c.Held, rid, c, "RetrieveCall"))
                return;
            c.Held = false;
            Emit(CallEvent<CTICallRetrieved>(CTIEventType.CallRetrieved, c, rid));
        }

        // EDK 4-13 CallDataUpdate answers GetCallData and SetCallData. Call data is valid until
        // CallEnd (EDK 4-9), so a call in wrap-up has none to get or set.
        public void GetCallData(int rid, int agentId, int callId)
        {
            var c = AgentsCall(rid, agentId, callId);
            if (c != null && Require(c.Phase != CallPhase.Ended, rid, c, "GetCallData"))
                EmitCallData(c, rid, CTICallDataUpdateType.GetCallDataReturned);
        }

        // UserData entries are "key=value"; an entry without '=' is user field N (its position).
        public void SetCallData(int rid, int agentId, int callId, string[] userData)
        {
            var c = AgentsCall(rid, agentId, callId);
            if (c == null || !Require(c.Phase != CallPhase.Ended, rid, c, "SetCallData"))
                return;
            for (int i = 0; i < userData.Length; i++)
            {
                if (userData[i] == null)
                    continue;
                int eq = userData[i].IndexOf('=');
                string key = eq < 0 ? (i + 1).ToString() : userData[i].Substring(0, eq);
                string value = eq < 0 ? userData[i] : userData[i].Substring(eq + 1);
                c.Data.RemoveAll(d => d.key == key);
                c.Data.Add(new CTICallDataItem { key = key, value = value });
            }
            EmitCallData(c, rid, CTICallDataUpdateType.SetCallDataSucceeded);
        }

        void EmitCallData(Call c, int rid, CTICallDataUpdateType type)
        {
            var e = CallEvent<CTICallDataUpdate>(CTIEventType.CallDataUpdate, c, rid);
            e.CallData = c.Data.ToArray();
            e.UpdateType = type;
            Emit(e);
        }

        public void SendDtmfDigits(int rid, int agentId, int callId, string digits)
        {
            var c = AgentsCall(rid, agentId, callId);
            if (c == null || !Require(c.Phase == CallPhase.Established && !c.Held, rid, c, "SendDTMFDigits"))
                return;
            var e = CallEvent<CTIDigitsDialed>(CTIEventType.DigitsDialed, c, rid);
            e.DigitString = digits;
            Emit(e);
        }

        // MakeCall, ConsultationCall, ConferenceCall, TransferCall: accepted by the SOAP layer,
        // then failed, so a client sees a well-formed answer (README "not modeled").
        public void NotModeled(string request, int rid, int agentId, int callId)
        {
            CallFailed(rid, agentId, callId, CTIFailureType.RequestFailed, request + " is not modeled by the fixture");
        }

        // No service is externally routed, so no call ever waits for a RouteSelect.
        public void RouteSelect(int rid, int callId)
        {
            var c = CallById(callId);
            var e = c != null
                ? Make<CTIRouteRequestFailed>(CTIEventType.RouteRequestFailed, rid, c.ServiceId, c.AgentId)
                : Make<CTIRouteRequestFailed>(CTIEventType.RouteRequestFailed, rid, 0, 0);
            e.CallId = callId;
            e.CallSequenceId = c == null ? 0 : c.SequenceId;
            e.CallOriginatingSiteId = Topology.SiteId;
            e.FailureType = c == null ? CTIFailureType.InvalidCallId : CTIFailureType.RequestFailed;
            e.FailureReason = c == null ? "no call " + callId
                : "call " + callId + " is not waiting for a route (external routing is not modeled by the fixture)";
            Emit(e);
        }

        // ---------------------------------------------------------------- system

        // Control plane "service-state": EDK 4-8 ServiceStateChange, unsolicited. The wire's
        // AgentIdList (the guide's "RequestIdList ... an array of AgentIds") lists the
        // logged-in agents of the service.
        public void SetServiceState(int serviceId, CTIServiceState state)
        {
            services[serviceId] = state;
            var e = Make<CTIServiceStateChange>(CTIEventType.ServiceStateChange, 0, serviceId, 0);
            e.ServiceState = state;
            e.AgentIdList = agents.Where(a => a.LoggedIn && a.Config.Services.Contains(serviceId)).Select(a => a.Id).ToArray();
            Emit(e);
        }

        // Control plane "link": EDK 4-28 LinkStatus; its table says TenantId "Set to 0".
        public void LinkStatus(CTIComponentType component, CTIComponentState state)
        {
            var e = Make<CTILinkStatus>(CTIEventType.LinkStatus, 0, 0, 0);
            e.TenantId = 0;
            e.ComponentType = component;
            e.ComponentState = state;
            Emit(e);
        }

        // EDK 3-6, 4-27, 5-3: one SnapShotUpdate per entity, each type in the order requested;
        // SnapShotTypeComplete is true on the last update of each type (the wire's per-type
        // flag; the very last update of the snapshot therefore also has it, which is what the
        // guide's "SnapShotComplete" describes). A type with no entities is answered by one
        // update with empty data and SnapShotTypeComplete true, so completion is always seen.
        public List<CTIEvent> Snapshot(int rid, IEnumerable<CTIEntityType> types)
        {
            var events = new List<CTIEvent>();
            foreach (var type in types.Distinct())
            {
                var updates = new List<CTISnapShotUpdate>();
                if (type == CTIEntityType.AgentInfo)
                    foreach (var a in agents.Where(x => x.LoggedIn))
                        updates.Add(new CTISnapShotUpdate { AgentData = AgentSnapshot(a) });
                else if (type == CTIEntityType.CallInfo)
                    foreach (var c in Calls.Where(x => x.Phase != CallPhase.Ended))
                        updates.Add(new CTISnapShotUpdate { CallData = CallSnapshot(c) });
                else
                    foreach (var s in services.OrderBy(x => x.Key))
                        updates.Add(new CTISnapShotUpdate { ServiceData = new CTISnapShotServiceData { ServiceId = s.Key, ServiceState = s.Value } });
                if (updates.Count == 0)
                    updates.Add(new CTISnapShotUpdate());
                foreach (var u in updates)
                {
                    u.EventCategory = CategoryOf(CTIEventType.SnapShotUpdate);
                    u.EventType = CTIEventType.SnapShotUpdate;
                    u.SiteId = Topology.SiteId;
                    u.TenantId = options.Tenant;
                    u.RequestId = rid;
                    u.SnapShotType = type;
                    Wire.FillRequired(u);
                    events.Add(u);
                }
                updates[updates.Count - 1].SnapShotTypeComplete = true;
            }
            return events;
        }

        CTISnapShotAgentData AgentSnapshot(Agent a)
        {
            return new CTISnapShotAgentData
            {
                AgentId = a.Id, AgentLoginName = a.Config.Login,
                AgentCapabilities = new[] { CTIAgentCapabilities.StandardAgent },
                AgentWorkGroupId = Topology.WorkGroupId, CallId = a.Call == null ? 0 : a.Call.Id,
                ResourceGroupId = Topology.StationResourceGroupId, ChannelId = a.ChannelId, CircuitId = Topology.CircuitId,
                SwitchId = Topology.SwitchId, AgentState = a.State, Services = ServiceInfos(a),
                MediaType = CTIMediaType.VoiceAnalog, SipIpAddress = "", AgentStationAddress = a.Station,
            };
        }

        CTISnapShotCallData CallSnapshot(Call c)
        {
            return new CTISnapShotCallData
            {
                CallId = c.Id, CallSequenceId = c.SequenceId, CallOriginatingSiteId = Topology.SiteId,
                ResourceGroupId = Topology.TrunkResourceGroupId, ChannelId = c.Id, CircuitId = Topology.CircuitId,
                SwitchId = Topology.SwitchId, ServiceId = c.ServiceId,
                DestType = c.Agent != null ? CTIDestinationType.Agent : CTIDestinationType.Service,
                Destination = (c.Agent != null ? c.Agent.Id : c.ServiceId).ToString(),
                CallState = c.WireState, ANI = c.Ani, DNIS = c.Dnis, CallType = CTICallType.InboundAcd,
                AgentId = c.AgentId, MediaType = CTIMediaType.VoiceAnalog, SipIpAddress = "",
            };
        }
    }
}
