/**
 * Check lines that fit: wrapText breaks only at spaces, keeps comparisons on one row, and
 * formatResults continues a message under its own column and a hint under "hint: ".
 */
import { describe, expect, it } from "vitest";
import { formatResults, type CheckResult } from "../../src/checks/check-result";
import { LINE_WIDTH, wrapText } from "../../src/checks/wrap-text";

const chars = (s: string) => [...s].length;
/** The rows with their indents removed and joined again: the original text when nothing was lost. */
const unwrap = (rows: string, indent: number) => rows.split("\n").map((r, i) => (i ? r.slice(indent) : r)).join(" ");

const MESSAGE = "AdditiveCoupling(mask=[0,1]): max |inverse(forward(x)) − x| on the stress inputs = 1.9e-6 ≤ 1.0e-4 (worst of 2 cases)";

describe("wrapText", () => {
  it("breaks only at spaces, into rows of at most the width, continued under the indent", () => {
    for (const width of [60, 70, LINE_WIDTH]) {
      const out = wrapText("✔ round-trip-forward  ", MESSAGE, 22, width);
      const rows = out.split("\n");
      expect(rows.length, `width ${width}`).toBeGreaterThan(1);
      for (const row of rows) expect(chars(row), row).toBeLessThanOrEqual(width);
      for (const row of rows.slice(1)) expect(row).toMatch(/^ {22}\S/);
      expect(unwrap(out, 22)).toBe(`✔ round-trip-forward  ${MESSAGE}`);
    }
  });

  it("keeps a comparison and a difference on one row, and a word longer than a row whole", () => {
    const out = wrapText("", MESSAGE, 2, 30);
    expect(out).toContain("= 1.9e-6 ≤ 1.0e-4");
    expect(out).toContain("|inverse(forward(x)) − x|");
    expect(wrapText("> ", "a averyveryverylongword b", 2, 8).split("\n")).toEqual(["> a", "  averyveryverylongword", "  b"]);
  });

  it("leaves a short text as it is, and wraps each line of a multi-line text under the indent", () => {
    expect(wrapText("✔ api  ", "fine", 7)).toBe("✔ api  fine");
    expect(wrapText("x: ", "one two\nthree four", 3, 9)).toBe("x: one\n   two\n   three\n   four");
  });
});

describe("formatResults", () => {
  const results: CheckResult[] = [
    { check: "api", subject: "L", passed: true, message: "L: exported" },
    { check: "round-trip-forward", subject: "L", passed: false, message: MESSAGE, hint: "The inverse must undo the forward exactly: compute the shift t from the kept part b ⊙ z and subtract it from the transformed coordinates only." },
  ];
  const text = formatResults(results);

  it("fits every row into LINE_WIDTH: messages under their own column, hints under 'hint: '", () => {
    const rows = text.split("\n");
    for (const row of rows) expect(chars(row), row).toBeLessThanOrEqual(LINE_WIDTH);
    expect(rows[0]).toBe("✔ api                 L: exported");
    expect(rows[1].startsWith("✘ round-trip-forward  AdditiveCoupling(mask=[0,1]): ")).toBe(true);
    const hintRow = rows.findIndex((r) => r.startsWith("    hint: "));
    expect(hintRow).toBeGreaterThan(2);
    for (const row of rows.slice(2, hintRow)) expect(row).toMatch(/^ {22}\S/);
    for (const row of rows.slice(hintRow + 1)) expect(row).toMatch(/^ {10}\S/);
    expect(unwrap(rows.slice(1, hintRow).join("\n"), 22)).toBe(`✘ round-trip-forward  ${MESSAGE}`);
  });
});
