/**
 * A simple detector of English left in a French or Spanish markdown cell: English function words
 * (which neither language uses) in the prose, once code, mathematics, link targets and HTML are
 * taken out. Names and titles rarely hold two of them, so a cell with two or more is flagged.
 */

/** Words that are English and neither French nor Spanish (no "a", "on", "son", "once", "can"…). */
const ENGLISH = new Set(
  "the and with this that which is are of you your we our it its be from when what how should would will into than these those has have there their were been does".split(" "),
);

/** The English function words of `markdown`'s prose, in order, as written. */
export function englishWordsIn(markdown: string): string[] {
  const prose = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`[^`]*`/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$]*\$/g, " ")
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/<[^>]+>/g, " ")
    .replace(/https?:\/\/\S+/g, " ");
  return (prose.match(/[A-Za-z]+(?:'[a-z]+)?/g) ?? []).filter((w) => ENGLISH.has(w.toLowerCase()));
}
