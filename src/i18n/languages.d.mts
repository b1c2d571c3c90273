/** Types for languages.mjs (plain Node, used by `npm start`). */
export declare const LANGUAGES: Readonly<Record<"en" | "fr" | "es", string>>;
export declare const TRANSLATED: readonly string[];
export declare function checkLanguage(code: string, from: string): string;
export declare function chooseLanguage(flag: string | undefined, env?: Record<string, string | undefined>): { lang: string; why: string };
