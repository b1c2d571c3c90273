/**
 * A simple detector of English left in a French or Spanish markdown cell: English function words
 * (which neither language uses) in the prose, once code, mathematics, link targets and HTML are
 * taken out. Names rarely hold two of them, so a cell with two or more is flagged. Works are cited
 * by their English titles: in bold Title Case (**Density Estimation using Real NVP**), or in
 * italics right after the year, "Dinh et al. (2016), *Density estimation using Real NVP*". Such
 * spans are taken out too; emphasised prose is not.
 */

/** Words that are English and neither French nor Spanish (no "a", "on", "son", "once", "can"…). */
const ENGLISH = new Set(
  "the and with this that which is are of you your we our it its be from when what how should would will into than these those has have there their were been does".split(" "),
);

/** The English function words of `markdown`'s prose, in order, as written. */
export function englishWordsIn(markdown: string): string[] {
  const prose = markdown
    .replace(/\(\d{4}\),\s*\*[^*]+\*/g, " ")
    .replace(/\*\*([^*]+)\*\*/g, (span, inner: string) => (isTitle(inner) ? " " : span))
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`[^`]*`/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$]*\$/g, " ")
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/<[^>]+>/g, " ")
    .replace(/https?:\/\/\S+/g, " ");
  return (prose.match(/[A-Za-z]+(?:'[a-z]+)?/g) ?? []).filter((w) => ENGLISH.has(w.toLowerCase()));
}

/** A title in Title Case: at least 3 words, 60% or more of them capitalised (or digits, "1×1"). */
function isTitle(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w));
  return words.length >= 3 && words.filter((w) => /^[^a-z]/.test(w)).length >= 0.6 * words.length;
}
