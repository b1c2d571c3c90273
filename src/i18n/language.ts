/**
 * The language the library's messages speak in this process. It is chosen once, in one place
 * (./languages.mjs, chooseLanguage: --lang, FLOWLAB_LANG, the system locale, English):
 * a notebook's kernel gets FLOWLAB_LANG from `npm start`; the grader's commands set it from
 * `--lang` or the rubric (setLanguage) before any message is written.
 */
import { chooseLanguage, LANGUAGES } from "./languages.mjs";

export type Lang = keyof typeof LANGUAGES;
export const LANGS = Object.keys(LANGUAGES) as Lang[];

let active: Lang | undefined;

/** The language messages are written in (chosen on first use from FLOWLAB_LANG or the locale, unless set). */
export function currentLanguage(): Lang {
  if (active === undefined) active = chooseLanguage(undefined, process.env).lang as Lang;
  return active;
}

/** Sets the language of every message written from now on (the grader's --lang or rubric). */
export function setLanguage(lang: Lang): void {
  if (!LANGS.includes(lang)) throw new RangeError(`setLanguage: 'lang' must be one of ${LANGS.join(", ")}; got "${String(lang)}"`);
  active = lang;
}
