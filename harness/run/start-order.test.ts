import { describe, expect, it } from "vitest";
import { startOrder } from "./start-order.js";

const pairs = (...targets: string[]) => targets.map((name) => ({ target: { name } }));

describe("startOrder", () => {
  it.each([
    { targets: [], order: [] },
    { targets: ["vsftpd"], order: [0] },
    { targets: ["vsftpd", "vsftpd", "proftpd", "proftpd"], order: [0, 2, 1, 3] },
    { targets: ["a", "a", "a", "b", "c", "c"], order: [0, 3, 4, 1, 5, 2] },
    { targets: ["a", "b", "a", "b"], order: [0, 1, 2, 3] },
  ])("$targets: $order", ({ targets, order }) => {
    expect(startOrder(pairs(...targets))).toEqual(order);
  });

  it("should start every pair once", () => {
    const many = pairs(...Array.from({ length: 30 }, (_, i) => `t${i % 4}`));
    expect([...startOrder(many)].sort((a, b) => a - b)).toEqual(many.map((_, i) => i));
  });

  it("should start the pairs whose checks run one at a time first, each group round-robin over the targets", () => {
    const matrix = [
      { target: { name: "a" }, slow: false },
      { target: { name: "a" }, slow: true },
      { target: { name: "b" }, slow: false },
      { target: { name: "b" }, slow: true },
      { target: { name: "a" }, slow: false },
    ];
    expect(startOrder(matrix, (pair) => pair.slow)).toEqual([1, 3, 0, 2, 4]);
  });
});
