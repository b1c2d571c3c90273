/**
 * Check lines that fit where students read them. The classic Notebook's output area in a 1000 px
 * window holds about 90 monospace characters and breaks a longer line anywhere, inside words and
 * numbers (`forward/invers|e`, `1.9e|-6`); a terminal holds 80. So the ✔/✘ lines, hints and the
 * grader's summary are broken at spaces into rows of at most LINE_WIDTH characters, continued
 * under an indent (measured in headless Chromium, test/browser/student-view.test.ts).
 */

/** The widest printed row, in characters: a terminal's 80, which leaves room in Notebook 6 at 1000 px. */
export const LINE_WIDTH = 80;

/**
 * Words that bind to both neighbours: a comparison such as "= 1.9e-6 ≤ 1.0e-4" stays on one row,
 * and so does a difference such as "|f(x) − x|".
 */
const BINDS = new Set(["=", "≤", "≥", "<", ">", "−", "+"]);

/** Length in characters as a terminal counts them (code points: "✔", "⁻¹" are one each). */
const width = (s: string) => [...s].length;

/**
 * `lead` + `text`, broken at spaces into rows of at most `maxWidth` characters; every row after
 * the first starts with `indent` spaces. A break never falls inside a word or a number, nor next
 * to a comparison; a single word longer than a row stays whole. Lines of `text` (split at "\n")
 * are wrapped one by one, each continuing under the same indent.
 *
 * @example wrapText("✔ round-trip  ", "L: max |f⁻¹(f(x)) − x| = 1.9e-6 ≤ 1.0e-4 (worst of 2 cases)", 14, 40)
 *   // "✔ round-trip  L: max |f⁻¹(f(x)) − x|\n              = 1.9e-6 ≤ 1.0e-4 (worst of 2\n              cases)"
 */
export function wrapText(lead: string, text: string, indent: number, maxWidth: number = LINE_WIDTH): string {
  const pad = " ".repeat(indent);
  const rows: string[] = [];
  text.split("\n").forEach((line, n) => {
    const words = line.split(" ");
    const chunks: string[] = [];
    for (const [i, word] of words.entries()) {
      const glued = i > 0 && (BINDS.has(word) || BINDS.has(words[i - 1]));
      if (glued) chunks[chunks.length - 1] += ` ${word}`;
      else chunks.push(word);
    }
    const start = n === 0 ? lead : pad;
    let row = start;
    for (const chunk of chunks) {
      if (row === start) row += chunk;
      else if (width(row) + 1 + width(chunk) <= maxWidth) row += ` ${chunk}`;
      else {
        rows.push(row);
        row = pad + chunk;
      }
    }
    rows.push(row);
  });
  return rows.join("\n");
}
