@client @profile:monitor @profile:agent-desktop @profile:router
Feature: The client's requests on the wire
  A real CTIPS deserializes requests with WCF's DataContractSerializer: members in the
  contract's order, in their namespaces, enum values by name, the declaring contract's
  SOAPAction (the wire contract). The kit's CTIPS reads tolerantly and reports every
  deviation; in strict mode (the default) a deviation fails, in compatible mode it warns.
  Judged over every request the client sent during the whole run.

  @rule:wire @WIRE
  Scenario: The client's requests keep the wire contract
    Given the client under test is online
    Then every request of the client kept the wire contract
