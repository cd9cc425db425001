// The SOAP face of the fixture: the 27 operations of AgentCallService.
//
// EDK 2-4 "Response Messages": a request the CTIPS "rejects outright (that is due to an
// invalid parameter)" gets a fault; a request it accepts gets a success response and its
// outcome arrives later as events. Here the faults are everything the CTIPS itself can
// judge without the contact center: the session (unknown, wrong tenant, wrong state),
// missing arguments and values no request could carry (INVALID enums, AgentIdx <= 0 …).
// Everything that depends on agent or call state is accepted (0) and answered by events
// (ContactCenter.cs).
using System;
using System.Linq;
using System.ServiceModel;

namespace CtipsFixture
{
    [ServiceBehavior(InstanceContextMode = InstanceContextMode.Single, ConcurrencyMode = ConcurrencyMode.Multiple)]
    public sealed class CtipsService : AgentCallService
    {
        // What an int-returning request answers when accepted. The guide says only "returns a
        // success" (EDK 2-4) and, for OpenConnection, "set to 0 (success)" (EDK 3-2).
        const int Accepted = (int)ResponseCode._success;

        readonly Options options;
        readonly SessionRegistry sessions;
        readonly ContactCenter center;

        public CtipsService(Options options, SessionRegistry sessions, ContactCenter center)
        {
            this.options = options;
            this.sessions = sessions;
            this.center = center;
        }

        static FaultException<CTIPortalServiceFault> Fault(FaultErrorCode code, string message)
        {
            Log.Info("  fault {0}: {1}", code, message);
            return new FaultException<CTIPortalServiceFault>(
                new CTIPortalServiceFault { ErrorCode = code, Message = message }, new FaultReason(message));
        }

        static void Require(bool ok, FaultErrorCode code, string message)
        {
            if (!ok)
                throw Fault(code, message);
        }

        static T Present<T>(T args, string op) where T : class
        {
            Require(args != null, FaultErrorCode.MissingArg, op + ": args is missing");
            return args;
        }

        // Session checks shared by every request but OpenConnection.
        // Offline: EDK 5-3 "the CTIPS no longer accepts requests ... with the exception of an
        // OnLine request" (CloseConnection is accepted too: chapter 5 closes after OffLine).
        // Opened (before the first OnLine): registration requests only; Snapshot needs a
        // session that "is OnLine" (EDK 3-6); agent, call and route requests are refused
        // too, since their outcome comes as events the session cannot receive yet.
        Session Check(string op, string sessionId, int? tenantId, params SessionState[] allowed)
        {
            Require(!string.IsNullOrEmpty(sessionId), FaultErrorCode.MissingArg, op + ": SessionId is missing");
            var s = sessions.Find(sessionId);
            Require(s != null, FaultErrorCode.InvalidSessionId, op + ": no session " + sessionId);
            Require(tenantId == null || tenantId == options.Tenant, FaultErrorCode.InvalidTenantId,
                op + ": TenantId " + tenantId + " is not this CTIPS's tenant " + options.Tenant);
            Require(allowed.Contains(s.State), FaultErrorCode.InvalidRequest,
                op + " is not accepted while the session is " + s.State);
            return s;
        }

        static readonly SessionState[] Registering = { SessionState.Opened, SessionState.Online };
        static readonly SessionState[] Any = { SessionState.Opened, SessionState.Online, SessionState.Offline };

        int Registration(string op, CommonArgs a, SessionState[] allowed, Action<Session> act)
        {
            Present(a, op);
            lock (World.Gate)
            {
                var s = Check(op, a.SessionId, a.TenantId, allowed);
                Log.Info("{0} session {1}", op, s.Short);
                act(s);
            }
            return Accepted;
        }

        int Request(string op, CommonRequestArgs a, Action act)
        {
            Present(a, op);
            lock (World.Gate)
            {
                var s = Check(op, a.SessionId, a.TenantId, SessionState.Online);
                Log.Info("{0} session {1} r{2}", op, s.Short, a.RequestId);
                act();
            }
            return Accepted;
        }

        int AgentRequest(string op, AgentArgs a, Action act)
        {
            return Request(op, a, () =>
            {
                Require(a.AgentIdx > 0, FaultErrorCode.InvalidParameter, op + ": AgentIdx " + a.AgentIdx + " is not an agent id");
                act();
            });
        }

        // ------------------------------------------------------------ RegistrationService

        public SessionObject OpenConnection(OpenConnectionArgs a)
        {
            const string op = "OpenConnection";
            Present(a, op);
            // EDK 5-1: "bad or incomplete information" -> fault.
            Require(a.TenantIds != null && a.TenantIds.Length == 1, FaultErrorCode.InvalidParameter,
                op + ": exactly one TenantId is required (EDK 3-1)");
            Require(a.TenantIds[0] == options.Tenant, FaultErrorCode.InvalidTenantId,
                op + ": TenantId " + a.TenantIds[0] + " is not this CTIPS's tenant " + options.Tenant);
            Require(a.UserCredentials != null, FaultErrorCode.MissingArg, op + ": UserCredentials is missing");
            Require(!string.IsNullOrEmpty(a.ClientCallbackURL), FaultErrorCode.MissingArg, op + ": ClientCallbackURL is missing");
            Uri url;
            Require(Uri.TryCreate(a.ClientCallbackURL, UriKind.Absolute, out url) && (url.Scheme == "http" || url.Scheme == "https"),
                FaultErrorCode.InvalidParameter, op + ": ClientCallbackURL '" + a.ClientCallbackURL + "' is not an absolute http(s) URL");

            // EDK 3-2 "Return Value": a well-formed request that fails answers a SessionObject
            // whose status "contains a status code"; EDK 1-3: at the limit the server
            // "responds that the maximum number of connections has been reached".
            if (a.UserCredentials.UserName != options.UserName || a.UserCredentials.Password != options.Password)
            {
                Log.Info("{0} refused: logonFailed for user '{1}'", op, a.UserCredentials.UserName);
                return new SessionObject { SessionId = "", Response = ResponseCode.logonFailed };
            }
            lock (World.Gate)
            {
                if (sessions.Count >= options.MaxSessions)
                {
                    Log.Info("{0} refused: maxNumberofClients ({1} sessions)", op, sessions.Count);
                    return new SessionObject { SessionId = "", Response = ResponseCode.maxNumberofClients };
                }
                var s = sessions.Open(a.ClientCallbackURL, a.UserCredentials);
                Log.Info("{0} session {1} opened, callback {2}", op, s.Id, s.CallbackUrl);
                return new SessionObject { SessionId = s.Id, Response = ResponseCode._success };
            }
        }

        public int CloseConnection(CloseConnectionArgs a)
        {
            Present(a, "CloseConnection");
            lock (World.Gate)
            {
                var s = Check("CloseConnection", a.SessionId, null, Any);
                sessions.Remove(s, "CloseConnection");
            }
            return Accepted;
        }

        public int OnLine(OnLineArgs a)
        {
            return Registration("OnLine", a, Any, s => sessions.GoOnline(s));
        }

        public int OffLine(OffLineArgs a)
        {
            return Registration("OffLine", a, Registering, s => sessions.GoOffline(s));
        }

        public int AddMessageClass(AddMessageClassArgs a)
        {
            return Registration("AddMessageClass", a, Registering, s => s.Categories.Add(Category(a.MessageClass)));
        }

        // Deleting what was never added is accepted (fixture's choice: idempotent).
        public int DeleteMessageClass(DeleteMessageClassArgs a)
        {
            return Registration("DeleteMessageClass", a, Registering, s => s.Categories.Remove(Category(a.MessageClass)));
        }

        static CTIEventCategory Category(CTIMessageClass c)
        {
            Require(c != CTIMessageClass.INVALID, FaultErrorCode.InvalidParameter, "MessageClass INVALID is not a category");
            return (CTIEventCategory)(int)c;   // the two enums have the same members and values
        }

        public int AddFilter(AddFilterArgs a)
        {
            return Registration("AddFilter", a, Registering, s =>
            {
                int value = FilterValue(a.FieldType, a.FieldValue);
                HashSet(s, a.FieldType).Add(value);
            });
        }

        public int DeleteFilter(DeleteFilterArgs a)
        {
            return Registration("DeleteFilter", a, Registering, s =>
            {
                int value = FilterValue(a.FieldType, a.FieldValue);
                HashSet(s, a.FieldType).Remove(value);
            });
        }

        static System.Collections.Generic.HashSet<int> HashSet(Session s, CTIFieldType t)
        {
            System.Collections.Generic.HashSet<int> set;
            if (!s.Filters.TryGetValue(t, out set))
                s.Filters[t] = set = new System.Collections.Generic.HashSet<int>();
            return set;
        }

        // EDK 3-5 lists FT_AGENT_ID, FT_SERVICE_ID and FT_SWITCH_ID (FT_TENANT_ID is refused).
        // FT_AGENT_ID: AddFilter says an agent id, EDK 5-5 says "the agent's login name"; the
        // fixture takes either: a number is an AgentId, anything else must be a login name.
        int FilterValue(CTIFieldType type, string value)
        {
            Require(type == CTIFieldType.FT_AGENT_ID || type == CTIFieldType.FT_SERVICE_ID || type == CTIFieldType.FT_SWITCH_ID,
                FaultErrorCode.InvalidParameter, "FieldType " + type + " cannot be filtered on (EDK 3-5 lists FT_AGENT_ID, FT_SERVICE_ID, FT_SWITCH_ID)");
            Require(!string.IsNullOrEmpty(value), FaultErrorCode.MissingArg, "FieldValue is missing");
            int n;
            if (int.TryParse(value.Trim(), out n))
                return n;
            var agent = type == CTIFieldType.FT_AGENT_ID ? center.Agents.FirstOrDefault(x => x.Config.Login == value) : null;
            Require(agent != null, FaultErrorCode.InvalidParameter,
                "FieldValue '" + value + "' is neither a number nor" + (type == CTIFieldType.FT_AGENT_ID ? " a known login name" : " valid for " + type));
            return agent.Id;
        }

        public int Snapshot(SnapshotArgs a)
        {
            Present(a, "Snapshot");
            Require(a.EntityType != null && a.EntityType.Length > 0, FaultErrorCode.InvalidParameter, "Snapshot: EntityType is empty");
            Require(!a.EntityType.Contains(CTIEntityType.INVALID), FaultErrorCode.InvalidParameter, "Snapshot: EntityType INVALID");
            lock (World.Gate)
            {
                var s = Check("Snapshot", a.SessionId, a.TenantId, SessionState.Online);
                Log.Info("Snapshot session {0} r{1} {2}", s.Short, a.RequestId, string.Join(",", a.EntityType));
                // Only the session that asked gets the updates, whatever its categories and
                // filters (it asked for them by name).
                foreach (var e in center.Snapshot(a.RequestId, a.EntityType))
                    s.Outbox.PostEvent(e);
            }
            return Accepted;
        }

        // ------------------------------------------------------------ RoutingService

        public int RouteSelect(RouteSelectArgs a)
        {
            return Request("RouteSelect", a, () =>
            {
                Require(a.RouteActionType != CTIRouteType.INVALID, FaultErrorCode.InvalidRouteType, "RouteSelect: RouteActionType INVALID");
                center.RouteSelect(a.RequestId, a.CallId);
            });
        }

        // ------------------------------------------------------------ AgentCallService: agents

        public int LoginAgent(LoginAgentArgs a)
        {
            return Request("LoginAgent", a, () =>
            {
                Require(!string.IsNullOrEmpty(a.AgentLoginName), FaultErrorCode.MissingArg, "LoginAgent: AgentLoginName is missing");
                Require(!string.IsNullOrEmpty(a.StationId), FaultErrorCode.MissingArg, "LoginAgent: StationId is missing");
                Require(a.InitState != CTIAgentState.INVALID, FaultErrorCode.InvalidParameter, "LoginAgent: InitState INVALID");
                center.LoginAgent(a.RequestId, a.AgentLoginName, a.StationId, a.InitState);   // MultiLine is ignored
            });
        }

        public int LogoutAgent(LogoutAgentArgs a)
        {
            // ReasonCode: no logout reasons are configured, any value is accepted.
            return AgentRequest("LogoutAgent", a, () => center.LogoutAgent(a.RequestId, a.AgentIdx));
        }

        public int PanicLogoutAgent(PanicLogoutArgs a)
        {
            return Request("PanicLogoutAgent", a, () =>
            {
                // EDK 3-9: "If LogoutAllAgents is false, the AgentLoginNameList must be set." AgentIdx is not used.
                Require(a.LogoutAllAgents || (a.AgentLoginNameList != null && a.AgentLoginNameList.Any(n => !string.IsNullOrEmpty(n))),
                    FaultErrorCode.InvalidParameter, "PanicLogoutAgent: AgentLoginNameList is empty and LogoutAllAgents is false");
                center.PanicLogout(a.RequestId, (a.AgentLoginNameList ?? new string[0]).Where(n => !string.IsNullOrEmpty(n)).ToArray(), a.LogoutAllAgents);
            });
        }

        public int SetAgentState(SetAgentStateArgs a)
        {
            return AgentRequest("SetAgentState", a, () =>
            {
                Require(a.NewState != CTIAgentState.INVALID, FaultErrorCode.InvalidParameter, "SetAgentState: NewState INVALID");
                center.SetAgentState(a.RequestId, a.AgentIdx, a.NewState);
            });
        }

        public int GetAgentState(GetAgentStateArgs a)
        {
            return AgentRequest("GetAgentState", a, () => center.GetAgentState(a.RequestId, a.AgentIdx));
        }

        // SummaryDispositionSuccessful, WrapNotRequired and UserData are accepted and not used.
        public int SetDisposition(SetDispositionArgs a)
        {
            return AgentRequest("SetDisposition", a, () => center.SetDisposition(a.RequestId, a.AgentIdx, a.CallId, a.DispositionId));
        }

        // ------------------------------------------------------------ AgentCallService: calls

        public int AcceptCall(AcceptCallArgs a)
        {
            return AgentRequest("AcceptCall", a, () => center.AcceptCall(a.RequestId, a.AgentIdx, a.CallId, a.AcceptCall, a.RejectReasonCode));
        }

        public int ClearCall(ClearCallArgs a)
        {
            return AgentRequest("ClearCall", a, () => center.ClearCall(a.RequestId, a.AgentIdx, a.CallId));
        }

        public int HoldCall(HoldCallArgs a)
        {
            return AgentRequest("HoldCall", a, () => center.HoldCall(a.RequestId, a.AgentIdx, a.CallId));
        }

        public int RetrieveCall(RetrieveCallArgs a)
        {
            return AgentRequest("RetrieveCall", a, () => center.RetrieveCall(a.RequestId, a.AgentIdx, a.CallId));
        }

        public int GetCallData(GetCallDataArgs a)
        {
            return AgentRequest("GetCallData", a, () => center.GetCallData(a.RequestId, a.AgentIdx, a.CallId));
        }

        public int SetCallData(SetCallDataArgs a)
        {
            return AgentRequest("SetCallData", a, () =>
            {
                Require(a.UserData != null, FaultErrorCode.MissingArg, "SetCallData: UserData is missing");
                // EDK 3-15: "20 user defined variable fields".
                Require(a.UserData.Length <= 20, FaultErrorCode.InvalidParameter, "SetCallData: more than 20 UserData fields");
                center.SetCallData(a.RequestId, a.AgentIdx, a.CallId, a.UserData);
            });
        }

        public int SendDTMFDigits(SendDTMFDigitsArgs a)
        {
            return AgentRequest("SendDTMFDigits", a, () =>
            {
                Require(!string.IsNullOrEmpty(a.DtmfDigits), FaultErrorCode.MissingArg, "SendDTMFDigits: DtmfDigits is missing");
                Require(a.DtmfDigits.All(ch => "0123456789*#ABCDabcd".IndexOf(ch) >= 0), FaultErrorCode.InvalidParameter,
                    "SendDTMFDigits: '" + a.DtmfDigits + "' has characters that are not DTMF digits");
                center.SendDtmfDigits(a.RequestId, a.AgentIdx, a.CallId, a.DtmfDigits);
            });
        }

        public int MakeCall(MakeCallArgs a)
        {
            return AgentRequest("MakeCall", a, () => center.NotModeled("MakeCall", a.RequestId, a.AgentIdx, a.CallId));
        }

        public int ConsultationCall(ConsultationCallArgs a)
        {
            return AgentRequest("ConsultationCall", a, () => center.NotModeled("ConsultationCall", a.RequestId, a.AgentIdx, a.CallId));
        }

        public int ConferenceCall(ConferenceCallArgs a)
        {
            return AgentRequest("ConferenceCall", a, () => center.NotModeled("ConferenceCall", a.RequestId, a.AgentIdx, a.CallId));
        }

        public int TransferCall(TransferCallArgs a)
        {
            return AgentRequest("TransferCall", a, () => center.NotModeled("TransferCall", a.RequestId, a.AgentIdx, a.CallId));
        }
    }
}
