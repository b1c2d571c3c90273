/**
 * Dangling references in a release: every notebook (markdown and code cells) and every Markdown
 * file is read, and each reference must resolve in that release:
 *   - `npm run X`, `npm test`, `npm start`: X is a script of the release's package.json;
 *   - a Markdown link [text](target): a relative file (from the document's folder) that exists,
 *     and `#section` / `file.md#section` a heading of that Markdown file;
 *   - prose that names a README section ("the README's *GPU* section", `README.md, section "GPU"`):
 *     a heading of the release's README.md;
 *   - a backticked repository path (`exercises/nll.ts`, `grader/rubric.json`): a file or folder there.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** The headings of a Markdown text (outside code fences). */
export function markdownHeadings(text: string): string[] {
  let fenced = false;
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (!fenced) {
      const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (m) out.push(m[1]);
    }
  }
  return out;
}

/** The documents to read: relative path → text (a notebook's cells joined). */
function documents(root: string): Map<string, string> {
  const docs = new Map<string, string>();
  const walk = (rel: string) => {
    const abs = join(root, rel);
    const st = lstatSync(abs);
    if (st.isDirectory()) {
      for (const name of readdirSync(abs).sort()) if (name !== "node_modules" && name !== ".git") walk(rel ? `${rel}/${name}` : name);
    } else if (st.isFile() && /\.(ipynb|md)$/.test(rel)) {
      const text = readFileSync(abs, "utf8");
      docs.set(rel, rel.endsWith(".ipynb") ? (JSON.parse(text) as { cells: { source: string | string[] }[] }).cells.map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n\n") : text);
    }
  };
  walk("");
  return docs;
}

/** Every dangling reference of the release at `root`, as "document: what". */
export function danglingReferences(root: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  const readme = existsSync(join(root, "README.md")) ? readFileSync(join(root, "README.md"), "utf8") : "";
  const readmeHeadings = markdownHeadings(readme);
  const hasReadmeSection = (name: string) => readmeHeadings.some((h) => h.toLowerCase() === name.toLowerCase() || headingSlug(h) === headingSlug(name));
  const problems: string[] = [];
  for (const [doc, text] of documents(root)) {
    const say = (what: string) => problems.push(`${doc}: ${what}`);
    for (const m of text.matchAll(/\bnpm (?:run ([\w:.-]+)|(test|start)\b)/g)) {
      const script = m[1] ?? m[2];
      if (!(script in scripts)) say(`\`npm ${m[1] ? "run " : ""}${script}\`: no such script in package.json`);
    }
    for (const m of text.matchAll(/README(?:\.md)?(?:'s|,)\s+(?:section\s+)?[*"“]([^*"”\n]+)[*"”]/g)) {
      if (!hasReadmeSection(m[1])) say(`README section "${m[1]}": README.md has no such heading`);
    }
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z][\w+.-]*:/i.test(target)) continue; // http:, https:, mailto:, attachment:
      const [file, anchor] = target.split("#", 2);
      const path = file ? join(root, dirname(doc), decodeURIComponent(file)) : join(root, doc);
      if (!existsSync(path)) {
        say(`link to ${target}: ${relative(root, path)} is not there`);
        continue;
      }
      if (anchor && path.endsWith(".md") && !markdownHeadings(readFileSync(path, "utf8")).some((h) => headingSlug(h) === anchor.toLowerCase())) say(`link to ${target}: no section #${anchor}`);
    }
    for (const m of text.matchAll(/`((?:\.\/)?(?:src|exercises|notebooks|grader|scripts|test)\/[\w./-]*)`/g)) {
      if (m[1].includes("...")) continue; // a placeholder, "./src/..."
      const candidates = [join(root, m[1]), join(root, dirname(doc), m[1])].flatMap((p) => [p, `${p}.ts`]); // imports name files without ".ts"
      if (!candidates.some((p) => existsSync(p))) say(`path \`${m[1]}\` is not there`);
    }
  }
  return problems;
}
