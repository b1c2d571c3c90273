/**
 * Numbers in text that people read. English keeps the course's compact form (3 significant
 * digits, scientific for small and large values: 2.1e-6, 0.034, 1.18, NaN); French and Spanish
 * get Intl.NumberFormat's decimal comma (2,1E-6, 0,034, 1,18). Never used inside JSON numbers or
 * any field a program reads: those stay numbers.
 */
import type { Lang } from "./language";

/** 3 significant digits, scientific for small and large values: 2.1e-6, 0.034, 1.18, NaN. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, scientific: boolean): Intl.NumberFormat {
  const key = `${lang}:${scientific}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, scientific ? { notation: "scientific", maximumFractionDigits: 1 } : { maximumSignificantDigits: 3, useGrouping: false });
    formats.set(key, f);
  }
  return f;
}

/** `fmt` for the language: the same digits, the language's decimal separator. */
export function formatNumber(value: number, lang: Lang): string {
  if (lang === "en" || !Number.isFinite(value)) return fmt(value);
  const a = Math.abs(value);
  return numberFormat(lang, a !== 0 && (a < 1e-3 || a >= 1e4)).format(value);
}

/** `value.toFixed(digits)` with the language's decimal separator (2.5 → "2.5", fr "2,5"). */
export function formatFixed(value: number, digits: number, lang: Lang): string {
  if (lang === "en" || !Number.isFinite(value)) return value.toFixed(digits);
  return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(value);
}
