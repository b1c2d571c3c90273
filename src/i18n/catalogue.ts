/**
 * One catalogue of messages per language (messages/en.ts is the source; fr.ts and es.ts translate
 * it), and `message(key, values, lang)`, which fills a message's placeholders:
 *
 *   message("verdict.measured.fail", { subject: "AffineCoupling", what: "…", measured: 2.1e-3, tolerance: 1e-4 }, "fr")
 *     → "AffineCoupling : … = 2,1E-3 > 1E-4"
 *
 * A placeholder is a name in braces, {measured}; a number value is formatted for the language
 * (numbers.ts: decimal comma in fr and es), a string is inserted as it is. A translation must have
 * every key of the English catalogue with the same placeholders: `translation` makes a missing
 * key, or a placeholder missing or added, a compile error.
 */
import { currentLanguage, type Lang } from "./language";
import { en } from "./messages/en";
import { es } from "./messages/es";
import { fr } from "./messages/fr";
import { formatNumber } from "./numbers";
import type { MessageKey, MessageValues, Placeholders } from "./translation";

export type { MessageKey, MessageValues, Placeholders } from "./translation";
export { translation } from "./translation";

export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en, fr, es };

/** The placeholder names of `text`, at run time (the same rule as the type `Placeholders`). */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]).filter((p) => p !== "" && !/[ ,.:()={['"]/.test(p));
}

/** The text of `key` in `lang` (default: the current language) with its placeholders filled. */
export function message<K extends MessageKey>(key: K, values: MessageValues<K>, lang: Lang = currentLanguage()): string {
  const text = CATALOGUES[lang][key];
  const vals = values as Record<string, string | number>;
  return text.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(vals, name)) return whole;
    const v = vals[name];
    return typeof v === "number" ? formatNumber(v, lang) : v;
  });
}

/** The text of a key without placeholders, in the current language. */
export function text(key: { [K in MessageKey]: [Placeholders<(typeof en)[K]>] extends [never] ? K : never }[MessageKey], lang: Lang = currentLanguage()): string {
  return CATALOGUES[lang][key];
}

/**
 * A table of hints that reads the catalogue when a hint is read, so that it speaks the language
 * current at that moment: `hintTable("hint.nll.", ["no-leak", …])["no-leak"]` is
 * message("hint.nll.no-leak") in the current language.
 */
export function hintTable<const P extends string, const K extends string>(prefix: P, keys: readonly K[]): Readonly<Record<K, string>> {
  const table = {} as Record<K, string>;
  for (const k of keys) {
    const key = `${prefix}${k}`;
    if (!Object.hasOwn(en, key)) throw new Error(`hintTable: the catalogue has no "${key}"`);
    Object.defineProperty(table, k, { get: () => CATALOGUES[currentLanguage()][key as MessageKey], enumerable: true });
  }
  return Object.freeze(table);
}
