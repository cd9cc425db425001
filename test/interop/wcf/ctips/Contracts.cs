// The UIP 7.2 CTIPS wire contract, member for member, from
// /work/shared/spec/wire-contract.md (read off a svcutil proxy of the real WSDL).
// Member order on the wire is WCF's: members without Order first (alphabetical),
// then by Order; base-type members before derived ones. The Order and IsRequired
// values below are copied as listed, so DataContractSerializer writes the listed order.
// Enums travel as member names ([EnumMember]); numeric values are the wire's.
//
// The data-contract part of this file was written mechanically from the listing
// (one line per member) so that no member, order or flag can drift from it.
using System.Runtime.Serialization;
using System.ServiceModel;

namespace CtipsFixture
{
    public static class Ns
    {
        public const string CtipsApi = "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08";
        public const string ClientPublishApi = "http://www.aspect.com/unifiedip/edk/clientpublishapi/2009/08";
        public const string CommonData = "http://www.aspect.com/unifiedip/edk/commondata/2009/08";
        // SOAPAction prefixes: {prefix}{Contract}/{Operation}; the contract is the declaring one.
        public const string Act = CtipsApi + "/";
        public const string CbAct = ClientPublishApi + "/CTIEventService/";
        // The fault's action as the real WSDL declares it (wire contract: fault action "CTIPortalServiceFault").
        public const string FaultAction = "CTIPortalServiceFault";
    }

    // ---- commondata: the CTI* enums, UserCredentials and CTICallDataItem ----

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIEventCategory
    {
        [EnumMember] INVALID = 0,
        [EnumMember] EventCategoryAgent = 1,
        [EnumMember] EventCategoryCall = 2,
        [EnumMember] EventCategoryRoute = 3,
        [EnumMember] EventCategorySystem = 4,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIEventType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] Filter = 1,
        [EnumMember] AgentLoginStateChange = 2,
        [EnumMember] AgentLoginRequestFailed = 3,
        [EnumMember] AgentStateChange = 4,
        [EnumMember] AgentRequestFailed = 5,
        [EnumMember] AudioPathStateChange = 6,
        [EnumMember] EnterPasscode = 7,
        [EnumMember] ServiceStateChange = 8,
        [EnumMember] CallCleared = 9,
        [EnumMember] CallCompleted = 10,
        [EnumMember] CallConferenced = 11,
        [EnumMember] CallConnected = 12,
        [EnumMember] CallConsultation = 13,
        [EnumMember] CallDataUpdate = 14,
        [EnumMember] CallDelivered = 15,
        [EnumMember] CallEnd = 16,
        [EnumMember] CallEstablished = 17,
        [EnumMember] CallHeld = 18,
        [EnumMember] CallOffered = 19,
        [EnumMember] CallOriginated = 20,
        [EnumMember] CallRequestFailed = 21,
        [EnumMember] CallRetrieved = 22,
        [EnumMember] CallStarted = 23,
        [EnumMember] CallTransferred = 24,
        [EnumMember] DigitsDialed = 25,
        [EnumMember] RouteRequest = 26,
        [EnumMember] RouteRequestFailed = 27,
        [EnumMember] RouteUsed = 28,
        [EnumMember] RouteReject = 29,
        [EnumMember] LinkStatus = 30,
        [EnumMember] SnapShot = 31,
        [EnumMember] SnapShotUpdate = 32,
        [EnumMember] SnapShotRequestFailed = 33,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIRejectReason
    {
        [EnumMember] INVALID = 0,
        [EnumMember] NoRouteToDestination = 1,
        [EnumMember] RouteTimeout = 2,
        [EnumMember] CallCleared = 3,
        [EnumMember] CallAlreadyRouted = 4,
        [EnumMember] DestinationBusy = 5,
        [EnumMember] UnknownReason = 6,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public class CTICallDataItem
    {
        [DataMember(IsRequired = true)] public string key;
        [DataMember(IsRequired = true)] public string value;
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIFailureType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] InvalidPasscode = 1,
        [EnumMember] InvalidAgent = 2,
        [EnumMember] InvalidCallId = 3,
        [EnumMember] DestinationBusy = 4,
        [EnumMember] DestinationNoAnswer = 5,
        [EnumMember] DestinationNoRoute = 6,
        [EnumMember] NoRouteToDestination = 7,
        [EnumMember] RouteTimeout = 8,
        [EnumMember] GetCallDataNotReturned = 9,
        [EnumMember] SetCallDataFailed = 10,
        [EnumMember] InternalError = 11,
        [EnumMember] UnKnownFailure = 12,
        [EnumMember] InternalServerError = 13,
        [EnumMember] GatewayLoginFailure = 14,
        [EnumMember] AgentAlreadyLoggedIn = 15,
        [EnumMember] AgentLicenseExceeded = 16,
        [EnumMember] InvalidAgentName = 17,
        [EnumMember] StationNotAvailable = 18,
        [EnumMember] InvalidStateForRequest = 19,
        [EnumMember] InvalidSwitchIdentifier = 20,
        [EnumMember] NoActiveService = 21,
        [EnumMember] DestinationAgentNotAvailable = 22,
        [EnumMember] DestinationInvalidSwitchIdentifier = 23,
        [EnumMember] DestinationInvalidNumber = 24,
        [EnumMember] DestinationInvalidServiceIdentifier = 25,
        [EnumMember] TrunkLicenseExceeded = 26,
        [EnumMember] CustomerHungUpWaitingForTransfer = 27,
        [EnumMember] ClearCallFailure = 28,
        [EnumMember] MakeCallFailure = 29,
        [EnumMember] ConsultationFailure = 30,
        [EnumMember] CallTransferFailure = 31,
        [EnumMember] ConferenceFailure = 32,
        [EnumMember] PlayDigitsFailure = 33,
        [EnumMember] RequestFailed = 34,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTICallType
    {
        [EnumMember] CallTypeUnavailable = 0,
        [EnumMember] InboundAcd = 1,
        [EnumMember] InboundDid = 2,
        [EnumMember] InboundConsultation = 3,
        [EnumMember] InboundInternal = 4,
        [EnumMember] InboundIvr = 5,
        [EnumMember] OutboundAod = 6,
        [EnumMember] OutboundConsultation = 7,
        [EnumMember] OutboundConsultationTransfer = 8,
        [EnumMember] OutboundMakecall = 9,
        [EnumMember] Conference = 10,
        [EnumMember] InboundIpniq = 11,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIAgentLoginState
    {
        [EnumMember] INVALID = 0,
        [EnumMember] AgentLoggedIn = 1,
        [EnumMember] AgentLoggedOut = 2,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIAgentCapabilities
    {
        [EnumMember] INVALID = 0,
        [EnumMember] StandardAgent = 1,
        [EnumMember] Director = 2,
        [EnumMember] OnDemand = 3,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIServiceState
    {
        [EnumMember] NoState = 0,
        [EnumMember] Active = 1,
        [EnumMember] InActive = 2,
        [EnumMember] AddService = 3,
        [EnumMember] RemoveService = 4,
        [EnumMember] UnManned = 5,
        [EnumMember] Holiday = 6,
        [EnumMember] Pause = 7,
        [EnumMember] Failed = 8,
        [EnumMember] Wait = 9,
        [EnumMember] Activating = 10,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIAgentState
    {
        [EnumMember] INVALID = 0,
        [EnumMember] NotReady = 1,
        [EnumMember] NotReadyPark = 2,
        [EnumMember] Idle = 3,
        [EnumMember] PendingActive = 4,
        [EnumMember] Active = 5,
        [EnumMember] Wrap = 6,
        [EnumMember] WrapWarning = 7,
        [EnumMember] Reserved = 8,
        [EnumMember] MultiLine = 9,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIAudioPathState
    {
        [EnumMember] INVALID = 0,
        [EnumMember] Connected = 1,
        [EnumMember] Disconnected = 2,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIClearingPartyType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] NearEnd = 1,
        [EnumMember] FarEnd = 2,
        [EnumMember] Internal = 3,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTICallDataUpdateType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] GetCallDataReturned = 1,
        [EnumMember] GetCallDataNotReturned = 2,
        [EnumMember] SetCallDataSucceeded = 3,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIMediaType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] VoiceAnalog = 1,
        [EnumMember] VoiceSip = 2,
        [EnumMember] Chat = 3,
        [EnumMember] Email = 4,
        [EnumMember] IM = 5,
        [EnumMember] Workflow = 6,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIDestinationType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] Agent = 1,
        [EnumMember] Service = 2,
        [EnumMember] External = 3,
        [EnumMember] NoDestination = 4,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTICallProgressSignalType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] None = 1,
        [EnumMember] Ringing = 2,
        [EnumMember] Busy = 3,
        [EnumMember] SitTone = 4,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIRouteStatusType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] RouteSuccess = 1,
        [EnumMember] RouteDefaultUsed = 2,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIRouteType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] RouteToAgent = 1,
        [EnumMember] RouteToService = 2,
        [EnumMember] RouteToExternal = 3,
        [EnumMember] RouteToDefault = 4,
        [EnumMember] Ivr = 5,
        [EnumMember] Voicemail = 6,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIComponentType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] Gateway = 1,
        [EnumMember] CenterCord = 2,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIComponentState
    {
        [EnumMember] INVALID = 0,
        [EnumMember] Up = 1,
        [EnumMember] Down = 2,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIEntityType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] AgentInfo = 1,
        [EnumMember] CallInfo = 2,
        [EnumMember] ServiceInfo = 3,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTICallState
    {
        [EnumMember] INVALID = 0,
        [EnumMember] CallCleared = 1,
        [EnumMember] CallConnected = 2,
        [EnumMember] CallConsulting = 3,
        [EnumMember] CallDelivered = 4,
        [EnumMember] CallEnd = 5,
        [EnumMember] CallEstablished = 6,
        [EnumMember] CallError = 7,
        [EnumMember] CallStateUnknown = 8,
        [EnumMember] CallOffered = 9,
        [EnumMember] CallOriginated = 10,
        [EnumMember] CallTransferred = 11,
        [EnumMember] CallOnHoldDialing = 12,
        [EnumMember] CallHeld = 13,
        [EnumMember] CallRetrieved = 14,
        [EnumMember] CallConferenced = 15,
        [EnumMember] DigitsDialed = 16,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public class UserCredentials
    {
        [DataMember(IsRequired = true)] public string UserName;
        [DataMember(IsRequired = true, Order = 1)] public string Password;
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIMessageClass
    {
        [EnumMember] INVALID = 0,
        [EnumMember] EventCategoryAgent = 1,
        [EnumMember] EventCategoryCall = 2,
        [EnumMember] EventCategoryRoute = 3,
        [EnumMember] EventCategorySystem = 4,
    }

    [DataContract(Namespace = Ns.CommonData)]
    public enum CTIFieldType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] FT_AGENT_ID = 20,
        [EnumMember] FT_SERVICE_ID = 21,
        [EnumMember] FT_SWITCH_ID = 22,
        [EnumMember] FT_TENANT_ID = 23,
    }

    // ---- clientpublishapi: CTIEvent, every concrete event type, and the data they carry ----

    [DataContract(Namespace = Ns.ClientPublishApi)]
    [KnownType(typeof(CTIFilter))]
    [KnownType(typeof(CTICallTransferred))]
    [KnownType(typeof(CTIRouteRejected))]
    [KnownType(typeof(CTICallEnd))]
    [KnownType(typeof(CTISnapShotRequestFailed))]
    [KnownType(typeof(CTICallDelivered))]
    [KnownType(typeof(CTIAgentLoginStateChange))]
    [KnownType(typeof(CTIAgentLoginRequestFailed))]
    [KnownType(typeof(CTIAgentStateChange))]
    [KnownType(typeof(CTIAgentRequestFailed))]
    [KnownType(typeof(CTIEnterPasscode))]
    [KnownType(typeof(CTIAudioPathStateChange))]
    [KnownType(typeof(CTICallCleared))]
    [KnownType(typeof(CTICallCompleted))]
    [KnownType(typeof(CTICallConferenced))]
    [KnownType(typeof(CTICallConnected))]
    [KnownType(typeof(CTICallConsultation))]
    [KnownType(typeof(CTICallDataUpdate))]
    [KnownType(typeof(CTICallEstablished))]
    [KnownType(typeof(CTICallHeld))]
    [KnownType(typeof(CTICallOffered))]
    [KnownType(typeof(CTICallOriginated))]
    [KnownType(typeof(CTICallRequestFailed))]
    [KnownType(typeof(CTICallRetrieved))]
    [KnownType(typeof(CTICallStarted))]
    [KnownType(typeof(CTIDigitsDialed))]
    [KnownType(typeof(CTIRouteRequest))]
    [KnownType(typeof(CTIRouteRequestFailed))]
    [KnownType(typeof(CTIRouteUsed))]
    [KnownType(typeof(CTIServiceStateChange))]
    [KnownType(typeof(CTILinkStatus))]
    [KnownType(typeof(CTISnapShotUpdate))]
    public class CTIEvent
    {
        [DataMember(IsRequired = true)] public CTIEventCategory EventCategory;
        [DataMember(IsRequired = true)] public CTIEventType EventType;
        [DataMember(IsRequired = true)] public int SiteId;
        [DataMember(IsRequired = true)] public int TenantId;
        [DataMember(IsRequired = true, Order = 4)] public int RequestId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIFilter : CTIEvent
    {
        [DataMember(IsRequired = true)] public int SwitchId;
        [DataMember(IsRequired = true, Order = 1)] public int ServiceId;
        [DataMember(IsRequired = true, Order = 2)] public int AgentId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallTransferred : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int ConsultingCallId;
        [DataMember(IsRequired = true, Order = 4)] public int ConsultedCallId;
        [DataMember(IsRequired = true, Order = 5)] public int ConsultationAgentId;
        [DataMember(IsRequired = true, Order = 6)] public int TransferredCallId;
        [DataMember(IsRequired = true, Order = 7)] public int TransferredCallSwitchId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIRouteRejected : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public CTIRejectReason RouteRejectReason;
        [DataMember(Order = 2)] public long CallSequenceId;
        [DataMember(Order = 3)] public int CallOriginatingSiteId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallEnd : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int AgentDisposition;
        [DataMember(Order = 4)] public CTICallDataItem[] CallData;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTISnapShotRequestFailed : CTIFilter
    {
        [DataMember(IsRequired = true)] public string FailureReason;
        [DataMember(IsRequired = true)] public CTIFailureType FailureType;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallDelivered : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public CTICallType CallType;
        [DataMember(IsRequired = true, Order = 4)] public string ANI;
        [DataMember(IsRequired = true, Order = 5)] public string DNIS;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIAgentLoginStateChange : CTIFilter
    {
        [DataMember(IsRequired = true)] public string AgentLoginName;
        [DataMember(IsRequired = true)] public CTIAgentLoginState LoginState;
        [DataMember(IsRequired = true, Order = 2)] public int AgentWorkGroupId;
        [DataMember(IsRequired = true, Order = 3)] public CTIAgentCapabilities[] AgentCapabilities;
        [DataMember(IsRequired = true, Order = 4)] public string AgentStationAddress;
        [DataMember(IsRequired = true, Order = 5)] public string AgentMailbox;
        [DataMember(IsRequired = true, Order = 6)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 7)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 8)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 9)] public string SipIpAddress;
        [DataMember(IsRequired = true, Order = 10)] public int SipPortNumber;
        [DataMember(IsRequired = true, Order = 11)] public CTIServiceInfo[] ServiceState;
        [DataMember(IsRequired = true, Order = 12)] public int AgentCTIId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIAgentLoginRequestFailed : CTIFilter
    {
        [DataMember(IsRequired = true)] public string AgentLoginName;
        [DataMember(IsRequired = true)] public string FailureReason;
        [DataMember(IsRequired = true)] public CTIFailureType FailureType;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIAgentStateChange : CTIFilter
    {
        [DataMember(IsRequired = true)] public CTIAgentState AgentState;
        [DataMember] public int CallId;
        [DataMember(IsRequired = true)] public int[] ServiceIds;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIAgentRequestFailed : CTIFilter
    {
        [DataMember] public int CallId;
        [DataMember(IsRequired = true)] public string FailureReason;
        [DataMember(IsRequired = true)] public CTIFailureType FailureType;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIEnterPasscode : CTIFilter
    {
        [DataMember] public bool ReEnterFlag;
        [DataMember(IsRequired = true, Order = 1)] public string PasscodeDigits;
        [DataMember(IsRequired = true, Order = 2)] public int[] ServiceIds;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIAudioPathStateChange : CTIFilter
    {
        [DataMember(IsRequired = true)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 1)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 2)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 3)] public string SipIpAddress;
        [DataMember(IsRequired = true, Order = 4)] public int SipPortNumber;
        [DataMember(IsRequired = true, Order = 5)] public CTIAudioPathState AudioPathState;
        [DataMember(IsRequired = true, Order = 6)] public int[] ServiceIds;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallCleared : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int ConsultationCallId;
        [DataMember(IsRequired = true, Order = 4)] public CTIClearingPartyType ClearingPartyType;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallCompleted : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 4)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 5)] public int CircuitId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallConferenced : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int ConsultingCallId;
        [DataMember(IsRequired = true, Order = 4)] public int ConsultedCallId;
        [DataMember(IsRequired = true, Order = 5)] public int ConsultationAgentId;
        [DataMember(IsRequired = true, Order = 6)] public int ConferenceCallId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallConnected : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public bool ResponseRequired;
        [DataMember(IsRequired = true, Order = 4)] public bool PlayAudioAlert;
        [DataMember(IsRequired = true, Order = 5)] public bool RejectReasonRequired;
        [DataMember(IsRequired = true, Order = 6)] public CTICallInfo CallInfo;
        [DataMember(IsRequired = true, Order = 7)] public CTICallType CallType;
        [DataMember(IsRequired = true, Order = 8)] public int OriginatingAgentId;
        [DataMember(IsRequired = true, Order = 9)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 10)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 11)] public int CircuitId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallConsultation : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int ConsultationCallId;
        [DataMember(IsRequired = true, Order = 4)] public int ConsultationAgentId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallDataUpdate : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public CTICallDataItem[] CallData;
        [DataMember(IsRequired = true, Order = 4)] public CTICallDataUpdateType UpdateType;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallEstablished : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public CTIMediaType MediaType;
        [DataMember(IsRequired = true, Order = 4)] public string SipIpAddress;
        [DataMember(IsRequired = true, Order = 5)] public int SipPortNumber;
        [DataMember(IsRequired = true, Order = 6)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 7)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 8)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 9)] public string ANI;
        [DataMember(IsRequired = true, Order = 10)] public string DNIS;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallHeld : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallOffered : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 4)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 5)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 6)] public string ANI;
        [DataMember(IsRequired = true, Order = 7)] public string DNIS;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallOriginated : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public CTIDestinationType DestType;
        [DataMember(IsRequired = true, Order = 4)] public string Destination;
        [DataMember(IsRequired = true, Order = 5)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 6)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 7)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 8)] public CTICallProgressSignalType CallProgressSignal;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallRequestFailed : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public CTIFailureType FailureType;
        [DataMember(IsRequired = true, Order = 4)] public string FailureReason;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallRetrieved : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallStarted : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 4)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 5)] public int ChannelId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIDigitsDialed : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public string DigitString;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIRouteRequest : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public int RouteTimeout;
        [DataMember(IsRequired = true, Order = 2)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 3)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 4)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 5)] public CTIMediaType MediaType;
        [DataMember(IsRequired = true, Order = 6)] public string SipIpAddress;
        [DataMember(IsRequired = true, Order = 7)] public int SipPortNumber;
        [DataMember(IsRequired = true, Order = 8)] public CTICallInfo CallInfo;
        [DataMember(Order = 9)] public long CallSequenceId;
        [DataMember(Order = 10)] public int CallOriginatingSiteId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIRouteRequestFailed : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public CTIFailureType FailureType;
        [DataMember(IsRequired = true, Order = 2)] public string FailureReason;
        [DataMember(Order = 3)] public long CallSequenceId;
        [DataMember(Order = 4)] public int CallOriginatingSiteId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIRouteUsed : CTIFilter
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public CTIRouteStatusType RouteStatus;
        [DataMember(IsRequired = true)] public CTIRouteType RouteType;
        [DataMember(IsRequired = true, Order = 3)] public string RouteDestination;
        [DataMember(Order = 4)] public long CallSequenceId;
        [DataMember(Order = 5)] public int CallOriginatingSiteId;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIServiceStateChange : CTIFilter
    {
        [DataMember(IsRequired = true)] public CTIServiceState ServiceState;
        [DataMember(IsRequired = true, Order = 1)] public int[] AgentIdList;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTILinkStatus : CTIFilter
    {
        [DataMember(IsRequired = true)] public CTIComponentType ComponentType;
        [DataMember(IsRequired = true, Order = 1)] public CTIComponentState ComponentState;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTISnapShotUpdate : CTIEvent
    {
        [DataMember(IsRequired = true)] public CTIEntityType SnapShotType;
        [DataMember(IsRequired = true, Order = 1)] public CTISnapShotAgentData AgentData;
        [DataMember(IsRequired = true, Order = 2)] public CTISnapShotCallData CallData;
        [DataMember(IsRequired = true, Order = 3)] public CTISnapShotServiceData ServiceData;
        [DataMember(IsRequired = true, Order = 4)] public bool SnapShotTypeComplete;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTIServiceInfo
    {
        [DataMember(IsRequired = true)] public int ServiceId;
        [DataMember(IsRequired = true)] public CTIServiceState ServiceState;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTICallInfo
    {
        [DataMember(IsRequired = true)] public string ANI;
        [DataMember(IsRequired = true)] public string DNIS;
        [DataMember(IsRequired = true)] public string FirstName;
        [DataMember(IsRequired = true)] public string LastName;
        [DataMember(IsRequired = true)] public string PhoneNumber;
        [DataMember(IsRequired = true, Order = 5)] public string CallerId;
        [DataMember(IsRequired = true, Order = 6)] public CTICallDataItem[] CallData;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTISnapShotAgentData
    {
        [DataMember(IsRequired = true)] public int AgentId;
        [DataMember(IsRequired = true)] public string AgentLoginName;
        [DataMember(IsRequired = true, Order = 2)] public CTIAgentCapabilities[] AgentCapabilities;
        [DataMember(IsRequired = true, Order = 3)] public int AgentWorkGroupId;
        [DataMember(IsRequired = true, Order = 4)] public int CallId;
        [DataMember(IsRequired = true, Order = 5)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 6)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 7)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 8)] public int SwitchId;
        [DataMember(IsRequired = true, Order = 9)] public CTIAgentState AgentState;
        [DataMember(IsRequired = true, Order = 10)] public CTIServiceInfo[] Services;
        [DataMember(IsRequired = true, Order = 11)] public CTIMediaType MediaType;
        [DataMember(IsRequired = true, Order = 12)] public string SipIpAddress;
        [DataMember(IsRequired = true, Order = 13)] public int SipPortNumber;
        [DataMember(IsRequired = true, Order = 14)] public string AgentStationAddress;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTISnapShotCallData
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public long CallSequenceId;
        [DataMember(IsRequired = true, Order = 2)] public int CallOriginatingSiteId;
        [DataMember(IsRequired = true, Order = 3)] public int ResourceGroupId;
        [DataMember(IsRequired = true, Order = 4)] public int ChannelId;
        [DataMember(IsRequired = true, Order = 5)] public int CircuitId;
        [DataMember(IsRequired = true, Order = 6)] public int SwitchId;
        [DataMember(IsRequired = true, Order = 7)] public int ServiceId;
        [DataMember(IsRequired = true, Order = 8)] public CTIDestinationType DestType;
        [DataMember(IsRequired = true, Order = 9)] public string Destination;
        [DataMember(IsRequired = true, Order = 10)] public CTICallState CallState;
        [DataMember(IsRequired = true, Order = 11)] public string ANI;
        [DataMember(IsRequired = true, Order = 12)] public string DNIS;
        [DataMember(IsRequired = true, Order = 13)] public CTICallType CallType;
        [DataMember(IsRequired = true, Order = 14)] public int AgentId;
        [DataMember(IsRequired = true, Order = 15)] public CTIMediaType MediaType;
        [DataMember(IsRequired = true, Order = 16)] public string SipIpAddress;
        [DataMember(IsRequired = true, Order = 17)] public int SipPortNumber;
    }

    [DataContract(Namespace = Ns.ClientPublishApi)]
    public class CTISnapShotServiceData
    {
        [DataMember(IsRequired = true)] public int ServiceId;
        [DataMember(IsRequired = true)] public CTIServiceState ServiceState;
        [DataMember(IsRequired = true, Order = 2)] public bool ExternalRoutingEnabled;
    }

    // ---- ctipsapi: request arguments, SessionObject, ResponseCode, the fault ----

    [DataContract(Namespace = Ns.CtipsApi)]
    public class OpenConnectionArgs
    {
        [DataMember(IsRequired = true)] public int[] TenantIds;
        [DataMember(IsRequired = true)] public UserCredentials UserCredentials;
        [DataMember(IsRequired = true, Order = 2)] public string ClientCallbackURL;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class SessionObject
    {
        [DataMember(IsRequired = true)] public string SessionId;
        [DataMember(IsRequired = true, Order = 1)] public ResponseCode Response;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public enum ResponseCode
    {
        [EnumMember] _success = 0,
        [EnumMember] success = 101,
        [EnumMember] failed = 201,
        [EnumMember] requestTimeout = 202,
        [EnumMember] requestFailed = 203,
        [EnumMember] requestNotFound = 204,
        [EnumMember] requestFailedSessionNotFound = 205,
        [EnumMember] requestFailedCentercordNotUp = 206,
        [EnumMember] requestFailedCCConnectionLost = 207,
        [EnumMember] requestFailedException = 208,
        [EnumMember] serviceReady = 301,
        [EnumMember] serviceNotReady = 302,
        [EnumMember] serviceUnavailable = 303,
        [EnumMember] serviceAlreadyStarted = 304,
        [EnumMember] serviceFailed = 305,
        [EnumMember] serviceShutdownFailed = 306,
        [EnumMember] invalidData = 401,
        [EnumMember] invalidParameter = 402,
        [EnumMember] invalidURL = 403,
        [EnumMember] unknownServer = 404,
        [EnumMember] invalidSessionId = 405,
        [EnumMember] maxNumberofClients = 501,
        [EnumMember] logonSuccess = 601,
        [EnumMember] userLoggedOn = 602,
        [EnumMember] userLoggedOff = 603,
        [EnumMember] logonFailed = 604,
        [EnumMember] userNotDefined = 605,
        [EnumMember] unhandledException = 998,
        [EnumMember] unspecified = 999,
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class CloseConnectionArgs
    {
        [DataMember(IsRequired = true)] public string SessionId;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class CommonArgs
    {
        [DataMember(IsRequired = true)] public string SessionId;
        [DataMember(IsRequired = true)] public int TenantId;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class OffLineArgs : CommonArgs
    {
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class AddMessageClassArgs : CommonArgs
    {
        [DataMember(IsRequired = true)] public CTIMessageClass MessageClass;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class DeleteMessageClassArgs : CommonArgs
    {
        [DataMember(IsRequired = true)] public CTIMessageClass MessageClass;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class AddFilterArgs : CommonArgs
    {
        [DataMember(IsRequired = true)] public CTIFieldType FieldType;
        [DataMember(IsRequired = true)] public string FieldValue;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class DeleteFilterArgs : CommonArgs
    {
        [DataMember(IsRequired = true)] public CTIFieldType FieldType;
        [DataMember(IsRequired = true)] public string FieldValue;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class OnLineArgs : CommonArgs
    {
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class CommonRequestArgs
    {
        [DataMember(IsRequired = true)] public string SessionId;
        [DataMember(IsRequired = true, Order = 1)] public int RequestId;
        [DataMember(IsRequired = true, Order = 2)] public int TenantId;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class RouteSelectArgs : CommonRequestArgs
    {
        [DataMember(IsRequired = true)] public int CallId;
        [DataMember(IsRequired = true)] public string DestinationAddress;
        [DataMember(IsRequired = true)] public CTIRouteType RouteActionType;
        [DataMember(IsRequired = true)] public string[] UserData;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class AgentArgs : CommonRequestArgs
    {
        [DataMember(IsRequired = true)] public int AgentIdx;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class SetAgentStateArgs : AgentArgs
    {
        [DataMember(IsRequired = true)] public CTIAgentState NewState;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class GetAgentStateArgs : AgentArgs
    {
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class LogoutAgentArgs : AgentArgs
    {
        [DataMember(IsRequired = true)] public int ReasonCode;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class PanicLogoutArgs : AgentArgs
    {
        [DataMember(IsRequired = true)] public string[] AgentLoginNameList;
        [DataMember(IsRequired = true)] public bool LogoutAllAgents;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class CallArgs : AgentArgs
    {
        [DataMember(IsRequired = true)] public int CallId;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class SetDispositionArgs : CallArgs
    {
        [DataMember(IsRequired = true)] public int DispositionId;
        [DataMember(IsRequired = true)] public bool SummaryDispositionSuccessful;
        [DataMember(IsRequired = true)] public bool WrapNotRequired;
        [DataMember(IsRequired = true, Order = 3)] public string[] UserData;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class AcceptCallArgs : CallArgs
    {
        [DataMember(IsRequired = true)] public bool AcceptCall;
        [DataMember(IsRequired = true)] public int RejectReasonCode;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class ClearCallArgs : CallArgs
    {
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class ConferenceCallArgs : CallArgs
    {
        [DataMember(IsRequired = true)] public int ConsultationCallId;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class ConsultationCallArgs : CallArgs
    {
        [DataMember(IsRequired = true)] public CTIDestinationType DestinationType;
        [DataMember(IsRequired = true, Order = 1)] public string DestinationAddress;
        [DataMember(IsRequired = true, Order = 2)] public int ServiceId;
        [DataMember(IsRequired = true, Order = 3)] public string[] UserData;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class HoldCallArgs : CallArgs
    {
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class MakeCallArgs : CallArgs
    {
        [DataMember(IsRequired = true)] public int ServiceId;
        [DataMember(IsRequired = true, Order = 1)] public CTIDestinationType DestinationType;
        [DataMember(IsRequired = true, Order = 2)] public string DestinationAddress;
        [DataMember(IsRequired = true, Order = 3)] public bool WrapState;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class RetrieveCallArgs : CallArgs
    {
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class TransferCallArgs : CallArgs
    {
        [DataMember(IsRequired = true)] public CTITransferType TransferType;
        [DataMember(IsRequired = true, Order = 1)] public CTIDestinationType DestinationType;
        [DataMember(IsRequired = true, Order = 2)] public string DestinationAddress;
        [DataMember(IsRequired = true, Order = 3)] public int ConsultationCallId;
        [DataMember(IsRequired = true, Order = 4)] public string[] UserData;
        [DataMember(IsRequired = true, Order = 5)] public int ServiceId;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class GetCallDataArgs : CallArgs
    {
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class SetCallDataArgs : CallArgs
    {
        [DataMember(IsRequired = true)] public string[] UserData;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class SendDTMFDigitsArgs : CallArgs
    {
        [DataMember(IsRequired = true)] public string DtmfDigits;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class LoginAgentArgs : CommonRequestArgs
    {
        [DataMember(IsRequired = true)] public string AgentLoginName;
        [DataMember(IsRequired = true)] public string StationId;
        [DataMember(IsRequired = true, Order = 2)] public CTIAgentState InitState;
        [DataMember(Order = 3)] public int MultiLine;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class SnapshotArgs : CommonRequestArgs
    {
        [DataMember(IsRequired = true)] public CTIEntityType[] EntityType;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public enum CTITransferType
    {
        [EnumMember] INVALID = 0,
        [EnumMember] Blind = 1,
        [EnumMember] Consultation = 2,
        [EnumMember] MAXTRANSFERTYPE = 3,
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public class CTIPortalServiceFault
    {
        [DataMember(IsRequired = true)] public FaultErrorCode ErrorCode;
        [DataMember(IsRequired = true)] public string Message;
    }

    [DataContract(Namespace = Ns.CtipsApi)]
    public enum FaultErrorCode
    {
        [EnumMember] GeneralError = 0,
        [EnumMember] MaxNumberClientConnections = 1,
        [EnumMember] InvalidParameter = 2,
        [EnumMember] InvalidSessionId = 3,
        [EnumMember] InvalidRequest = 4,
        [EnumMember] UnknownRequest = 5,
        [EnumMember] RequestFailed = 6,
        [EnumMember] MissingArg = 7,
        [EnumMember] NullReference = 8,
        [EnumMember] InvalidTenantId = 9,
        [EnumMember] SendRequestFailed = 10,
        [EnumMember] InvalidCallId = 11,
        [EnumMember] InvalidRouteType = 12,
        [EnumMember] InvalidDestination = 13,
    }
    // ---- service contracts (ctipsapi) ----
    // One parameter named "args" per operation; WCF's defaults give the wrapper
    // {Operation} / {Operation}Response / {Operation}Result. Actions are spelled out because
    // AgentCallService aggregates the other two contracts by inheritance and must keep the
    // declaring contract's action (RegistrationService/..., RoutingService/...).

    [ServiceContract(Name = "RegistrationService", Namespace = Ns.CtipsApi)]
    public interface RegistrationService
    {
        [OperationContract(Action = Ns.Act + "RegistrationService/OpenConnection", ReplyAction = Ns.Act + "RegistrationService/OpenConnectionResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        SessionObject OpenConnection(OpenConnectionArgs args);

        [OperationContract(Action = Ns.Act + "RegistrationService/CloseConnection", ReplyAction = Ns.Act + "RegistrationService/CloseConnectionResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int CloseConnection(CloseConnectionArgs args);

        [OperationContract(Action = Ns.Act + "RegistrationService/OnLine", ReplyAction = Ns.Act + "RegistrationService/OnLineResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int OnLine(OnLineArgs args);

        [OperationContract(Action = Ns.Act + "RegistrationService/OffLine", ReplyAction = Ns.Act + "RegistrationService/OffLineResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int OffLine(OffLineArgs args);

        [OperationContract(Action = Ns.Act + "RegistrationService/AddMessageClass", ReplyAction = Ns.Act + "RegistrationService/AddMessageClassResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int AddMessageClass(AddMessageClassArgs args);

        [OperationContract(Action = Ns.Act + "RegistrationService/DeleteMessageClass", ReplyAction = Ns.Act + "RegistrationService/DeleteMessageClassResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int DeleteMessageClass(DeleteMessageClassArgs args);

        [OperationContract(Action = Ns.Act + "RegistrationService/AddFilter", ReplyAction = Ns.Act + "RegistrationService/AddFilterResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int AddFilter(AddFilterArgs args);

        [OperationContract(Action = Ns.Act + "RegistrationService/DeleteFilter", ReplyAction = Ns.Act + "RegistrationService/DeleteFilterResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int DeleteFilter(DeleteFilterArgs args);

        [OperationContract(Action = Ns.Act + "RegistrationService/Snapshot", ReplyAction = Ns.Act + "RegistrationService/SnapshotResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int Snapshot(SnapshotArgs args);
    }

    [ServiceContract(Name = "RoutingService", Namespace = Ns.CtipsApi)]
    public interface RoutingService
    {
        [OperationContract(Action = Ns.Act + "RoutingService/RouteSelect", ReplyAction = Ns.Act + "RoutingService/RouteSelectResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int RouteSelect(RouteSelectArgs args);
    }

    [ServiceContract(Name = "AgentCallService", Namespace = Ns.CtipsApi)]
    public interface AgentCallService : RegistrationService, RoutingService
    {
        [OperationContract(Action = Ns.Act + "AgentCallService/SetAgentState", ReplyAction = Ns.Act + "AgentCallService/SetAgentStateResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int SetAgentState(SetAgentStateArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/GetAgentState", ReplyAction = Ns.Act + "AgentCallService/GetAgentStateResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int GetAgentState(GetAgentStateArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/LoginAgent", ReplyAction = Ns.Act + "AgentCallService/LoginAgentResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int LoginAgent(LoginAgentArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/LogoutAgent", ReplyAction = Ns.Act + "AgentCallService/LogoutAgentResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int LogoutAgent(LogoutAgentArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/PanicLogoutAgent", ReplyAction = Ns.Act + "AgentCallService/PanicLogoutAgentResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int PanicLogoutAgent(PanicLogoutArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/SetDisposition", ReplyAction = Ns.Act + "AgentCallService/SetDispositionResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int SetDisposition(SetDispositionArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/AcceptCall", ReplyAction = Ns.Act + "AgentCallService/AcceptCallResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int AcceptCall(AcceptCallArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/ClearCall", ReplyAction = Ns.Act + "AgentCallService/ClearCallResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int ClearCall(ClearCallArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/ConferenceCall", ReplyAction = Ns.Act + "AgentCallService/ConferenceCallResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int ConferenceCall(ConferenceCallArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/ConsultationCall", ReplyAction = Ns.Act + "AgentCallService/ConsultationCallResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int ConsultationCall(ConsultationCallArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/HoldCall", ReplyAction = Ns.Act + "AgentCallService/HoldCallResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int HoldCall(HoldCallArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/MakeCall", ReplyAction = Ns.Act + "AgentCallService/MakeCallResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int MakeCall(MakeCallArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/RetrieveCall", ReplyAction = Ns.Act + "AgentCallService/RetrieveCallResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int RetrieveCall(RetrieveCallArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/TransferCall", ReplyAction = Ns.Act + "AgentCallService/TransferCallResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int TransferCall(TransferCallArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/GetCallData", ReplyAction = Ns.Act + "AgentCallService/GetCallDataResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int GetCallData(GetCallDataArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/SetCallData", ReplyAction = Ns.Act + "AgentCallService/SetCallDataResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int SetCallData(SetCallDataArgs args);

        [OperationContract(Action = Ns.Act + "AgentCallService/SendDTMFDigits", ReplyAction = Ns.Act + "AgentCallService/SendDTMFDigitsResponse")]
        [FaultContract(typeof(CTIPortalServiceFault), Action = Ns.FaultAction, Name = "CTIPortalServiceFault", Namespace = Ns.CtipsApi)]
        int SendDTMFDigits(SendDTMFDigitsArgs args);
    }

    // ---- the client's callback contract (clientpublishapi) ----
    // The guide's "void PublishCTIEvent(CTIEvent event)" and "int HeartbeatMessage()" are
    // int PublishCTIEvent(ctiEvent) and int Heartbeat(sessionId) on the wire. The event
    // travels as the declared CTIEvent with xsi:type naming the concrete type; the
    // [KnownType] list on CTIEvent lets the serializer write every one of them.
    [ServiceContract(Name = "CTIEventService", Namespace = Ns.ClientPublishApi)]
    public interface CTIEventService
    {
        [OperationContract(Action = Ns.CbAct + "PublishCTIEvent", ReplyAction = Ns.CbAct + "PublishCTIEventResponse")]
        int PublishCTIEvent(CTIEvent ctiEvent);

        [OperationContract(Action = Ns.CbAct + "Heartbeat", ReplyAction = Ns.CbAct + "HeartbeatResponse")]
        int Heartbeat(string sessionId);

        [OperationContract(Action = Ns.CbAct + "StartSession", ReplyAction = Ns.CbAct + "StartSessionResponse")]
        int StartSession(UserCredentials userinfo, string sessionId);
    }
}
