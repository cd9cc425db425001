/**
 * Steps of the event features (features/events/*.feature): the target's tenant as a
 * variable for the field tables' rules, a LoginAgent that expects the Gateway's passcode
 * prompt (skipped where the target bypasses it), and a list member that must hold a value.
 */
import { Then, When } from "@cucumber/cucumber";
import { sameValue, SkipScenario, type CtipsWorld, type Value } from "./world.ts";
import { step } from "./support.ts";

/**
 * LoginAgent for the agent; the login must be answered by EnterPasscode before
 * AgentLoginStateChange. A target whose Gateway bypasses the 3-digit passcode logs the
 * agent in without it: the scenario is skipped with that reason, never passed. @see EDK 4-7
 */
async function loginExpectingPasscode(world: CtipsWorld, role: string): Promise<void> {
  // Where the world can be told to (the mock's control plane), ask the Gateway for passcodes.
  if (!world.triggers.unavailable("gateway-passcode"))
    await world.trigger("gateway-passcode", { required: true });
  const a = world.agent(role);
  const { since } = await world.sendLogin(role, "Idle");
  const first = await world.session().waitForEvent(
    {
      where: (v) =>
        v.EventType === "EnterPasscode" ||
        (v.EventType === "AgentLoginStateChange" && v.AgentLoginName === a.loginName),
    },
    world.parameters.eventTimeoutMs,
    since,
  );
  if (first.name !== "EnterPasscode")
    throw new SkipScenario(
      `the target logged agent ${role} in without EnterPasscode: its Gateway bypasses the 3-digit passcode (EDK 4-7)`,
    );
}

When(
  "agent {word} logs in through a Gateway that asks for a passcode",
  step(async function (this: CtipsWorld, role: string) {
    await loginExpectingPasscode(this, role);
  }),
);

/**
 * The last event of this type (as the last "receives" step matched it) has `value` among
 * the items of its list member (int[], CTIServiceInfo[] …), in any position: the field
 * tables' rules compare whole values, and these lists hold more than a scenario controls.
 */
Then(
  /^the (\w+) event's (\w+) list includes (.+)$/,
  step(async function (this: CtipsWorld, type: string, member: string, text: string) {
    const entry =
      this.lastEvent && (this.lastEvent.name === type || this.lastEvent.eventType === type)
        ? this.lastEvent
        : await this.waitForEvent(type);
    const list = (entry.payload as Record<string, unknown>)[member];
    const expected: Value = this.value(text);
    if (!Array.isArray(list) || !list.some((item) => sameValue(item, expected)))
      throw new Error(
        `${type} (#${entry.seq}) ${member} is ${JSON.stringify(list)}, which lacks ${JSON.stringify(expected)}`,
      );
  }),
);
