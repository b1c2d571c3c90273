/**
 * XML 1.0 escaping for attribute values and text. Characters XML 1.0 forbids (most C0 control
 * characters, lone surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD, since student error messages
 * can contain anything; the five special characters become entities.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(value: string): string {
  return value
    .replace(FORBIDDEN, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** An attribute value: escaped, and newlines/tabs kept as character references (attribute normalisation would turn them into spaces). */
export function xmlAttr(value: string): string {
  return xmlEscape(value).replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
