import { describe, expect, it } from "vitest";
import { slots } from "./slots.js";

/** A task that records how many ran at once, and ends when `finish` is called. */
function gatedTasks() {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const finishers = new Map<number, (fail?: boolean) => void>();
  const task = (id: number) => () =>
    new Promise<number>((resolve, reject) => {
      running += 1;
      most = Math.max(most, running);
      started.push(id);
      finishers.set(id, (fail) => {
        running -= 1;
        if (fail) reject(new Error(`task ${id} failed`));
        else resolve(id);
      });
    });
  const finish = async (id: number, fail = false) => {
    finishers.get(id)?.(fail);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { task, finish, started, most: () => most };
}

describe("slots", () => {
  it("should run at most `limit` tasks at once, the others in the order they asked", async () => {
    const run = slots(2);
    const { task, finish, started, most } = gatedTasks();
    const results = [1, 2, 3, 4].map((id) => run(task(id)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]);
    await finish(2);
    expect(started).toEqual([1, 2, 3]);
    await finish(1);
    await finish(3);
    await finish(4);
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
    expect(most()).toBe(2);
  });

  it("should free the slot of a task that throws", async () => {
    const run = slots(1);
    const { task, finish, started } = gatedTasks();
    const first = run(task(1));
    const second = run(task(2));
    await new Promise((resolve) => setImmediate(resolve));
    const firstFailed = expect(first).rejects.toThrow("task 1 failed");
    await finish(1, true);
    await firstFailed;
    expect(started).toEqual([1, 2]);
    await finish(2);
    expect(await second).toBe(2);
  });
});
