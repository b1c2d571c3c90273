/**
 * The course's languages, and which one a student gets. Plain Node, no dependencies (used by
 * `npm start` before anything else is loaded).
 *
 *   1. `--lang fr` on the command line (`npm start -- --lang fr`),
 *   2. else FLOWLAB_LANG,
 *   3. else the system locale (LC_ALL, then LC_MESSAGES, then LANG: "fr_FR.UTF-8" → fr),
 *   4. else English.
 */

/** English is the source; the others are built from notebooks/i18n/<code>/. */
export const LANGUAGES = Object.freeze({ en: "English", fr: "français", es: "español" });
export const TRANSLATED = Object.freeze(["fr", "es"]);

/** Throws a one-line message for a language the course does not have. */
export function checkLanguage(code, from) {
  if (!Object.hasOwn(LANGUAGES, code)) {
    throw new Error(`${from} asks for the language "${code}"; the course has ${Object.entries(LANGUAGES).map(([c, n]) => `${c} (${n})`).join(", ")}.`);
  }
  return code;
}

/**
 * @param {string | undefined} flag the value of --lang, if given
 * @param {Record<string, string | undefined>} env
 * @returns {{ lang: string, why: string }}
 */
export function chooseLanguage(flag, env = process.env) {
  if (flag) return { lang: checkLanguage(flag, "--lang"), why: "--lang" };
  if (env.FLOWLAB_LANG) return { lang: checkLanguage(env.FLOWLAB_LANG, "FLOWLAB_LANG"), why: "FLOWLAB_LANG" };
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
    const value = env[name];
    if (!value) continue;
    const code = value.toLowerCase().split(/[_.@-]/)[0];
    if (Object.hasOwn(LANGUAGES, code)) return { lang: code, why: `the system locale (${name}=${value})` };
    if (code !== "c" && code !== "posix") return { lang: "en", why: `the system locale (${name}=${value}) is not one of the course's languages` };
  }
  return { lang: "en", why: "the default" };
}
