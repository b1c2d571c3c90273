/**
 * The types that keep a translation in step with the English catalogue: its keys, the
 * placeholders of each message, and `translation`, which makes a missing key or a placeholder
 * missing or added a compile error. (Apart from catalogue.ts, which imports the translations.)
 */
import type { en } from "./messages/en";

export type MessageKey = keyof typeof en;

/** Characters that make a brace group code rather than a placeholder ("{ output, logDet }"). */
type NotInName = " " | "," | "." | ":" | "(" | ")" | "=" | "{" | "[" | "'" | '"';

/** The placeholder names of message text `S`. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? (P extends "" | `${string}${NotInName}${string}` ? never : P) | Placeholders<Rest>
  : never;

/** The values `message(key, …)` needs: one per placeholder of the English text. */
export type MessageValues<K extends MessageKey> = { [P in Placeholders<(typeof en)[K]>]: string | number };

type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** A translation's entry is its text when its placeholders are the English ones, else an error type that names them. */
type Checked<T extends Record<MessageKey, string>> = {
  [K in MessageKey]: SameSet<Placeholders<T[K]>, Placeholders<(typeof en)[K]>> extends true ? T[K] : `placeholders must be exactly: ${Placeholders<(typeof en)[K]> & string}`;
};

/** Declares a translation: every English key, each with the English placeholders (checked at compile time). */
export function translation<const T extends Record<MessageKey, string>>(table: T & Checked<T>): Readonly<Record<MessageKey, string>> {
  return table;
}

