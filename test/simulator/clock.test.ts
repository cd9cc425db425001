/** The manual clock the simulator tests run on, and the real clock. */
import { describe, expect, it } from "vitest";
import { createManualClock, realClock } from "../../src/mock-ctips/simulator/clock.ts";

describe("createManualClock", () => {
  it("runs due timers in due-time order, same-time timers in the order they were set", () => {
    const clock = createManualClock();
    const order: string[] = [];
    clock.setTimeout(() => order.push("b@20"), 20);
    clock.setTimeout(() => order.push("a@10"), 10);
    clock.setTimeout(() => order.push("c@20"), 20);
    clock.advance(15);
    expect(order).toEqual(["a@10"]);
    clock.advance(5);
    expect(order).toEqual(["a@10", "b@20", "c@20"]);
    expect(clock.now()).toBe(20);
  });

  it("runs timers set by timers when they fall inside the advance, each at its own time", () => {
    const clock = createManualClock(100);
    const at: number[] = [];
    clock.setTimeout(() => {
      at.push(clock.now());
      clock.setTimeout(() => at.push(clock.now()), 0);
      clock.setTimeout(() => at.push(clock.now()), 50);
    }, 10);
    clock.advance(30);
    expect(at).toEqual([110, 110]);
    expect(clock.pending()).toBe(1);
    clock.advance(30);
    expect(at).toEqual([110, 110, 160]);
  });

  it("does not run cancelled timers and refuses to go backwards", () => {
    const clock = createManualClock();
    let ran = false;
    clock
      .setTimeout(() => {
        ran = true;
      }, 5)
      .cancel();
    clock.advance(10);
    expect(ran).toBe(false);
    expect(clock.pending()).toBe(0);
    expect(() => clock.advance(-1)).toThrow(/cannot advance/);
  });
});

describe("realClock", () => {
  it("fires a timer and cancels another", async () => {
    const fired: string[] = [];
    realClock.setTimeout(() => fired.push("kept"), 1);
    realClock.setTimeout(() => fired.push("cancelled"), 1).cancel();
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toEqual(["kept"]);
    expect(realClock.now()).toBeGreaterThan(0);
  });
});
