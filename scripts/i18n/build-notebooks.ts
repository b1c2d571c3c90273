/**
 * Builds the French and Spanish courses from the English notebooks and their translations.
 *
 *   npm run i18n:notebooks                  writes notebooks/fr/ and notebooks/es/ (refuses on any problem)
 *   npm run i18n:notebooks -- --check       exit 1 unless the committed fr/es notebooks are exactly a fresh build
 *   npm run i18n:notebooks -- --extract fr  brings notebooks/i18n/fr/*.yaml up to date with the English
 *                                           (new cells and literals as todo; see notebooks/i18n/README.md)
 *
 * Each language folder gets the links the notebooks' imports need (src, exercises, pretrained), so
 * a notebook runs the same from notebooks/ and from notebooks/fr/.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { TRANSLATED } from "../../src/i18n/languages.mjs";
import { refreshTranslation, translateNotebook, type Notebook, type NotebookTranslation, type TranslationProblem } from "./notebook-translation";

const ROOT = join(import.meta.dirname, "..", "..");
export const NOTEBOOKS = join(ROOT, "notebooks");
export const TRANSLATIONS = join(NOTEBOOKS, "i18n");
/** What a language folder links to, as the English notebooks see it from notebooks/. */
export const LINKS: Record<string, string> = { src: "../../src", exercises: "../../exercises", pretrained: "../pretrained" };

export const courseNotebooks = (): string[] => readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).map((f) => f.replace(/\.ipynb$/, "")).sort();
export const readNotebook = (path: string): Notebook => JSON.parse(readFileSync(path, "utf8")) as Notebook;
/** nbformat's own layout (one-space indent, non-ASCII as is), as Jupyter writes it. */
export const notebookJson = (nb: Notebook): string => `${JSON.stringify(nb, null, 1)}\n`;
export const translationPath = (lang: string, name: string): string => join(TRANSLATIONS, lang, `${name}.yaml`);

export function readTranslation(lang: string, name: string): NotebookTranslation | null {
  const path = translationPath(lang, name);
  if (!existsSync(path)) return null;
  const t = (parse(readFileSync(path, "utf8")) ?? {}) as Partial<NotebookTranslation>;
  return { language: lang, notebook: name, cells: t.cells ?? {}, strings: t.strings ?? {} };
}

export function translationYaml(t: NotebookTranslation): string {
  const header = `# Notebook ${t.notebook} in ${t.language}: translate 'text' and the strings' values only (see notebooks/i18n/README.md).\n`;
  return header + stringify({ language: t.language, notebook: t.notebook, cells: t.cells, strings: t.strings }, { blockQuote: "literal", lineWidth: 0 });
}

/** Every language's built notebooks (by path), and every problem found on the way. */
export function buildAll(languages: readonly string[] = TRANSLATED): { files: Map<string, string>; problems: TranslationProblem[] } {
  const files = new Map<string, string>();
  const problems: TranslationProblem[] = [];
  for (const lang of languages) {
    for (const name of courseNotebooks()) {
      const t = readTranslation(lang, name);
      if (!t) {
        problems.push({ notebook: name, language: lang, where: translationPath(lang, name).slice(ROOT.length + 1), problem: "no translation file" });
        continue;
      }
      const built = translateNotebook(readNotebook(join(NOTEBOOKS, `${name}.ipynb`)), t);
      problems.push(...built.problems);
      files.set(join(NOTEBOOKS, lang, `${name}.ipynb`), notebookJson(built.notebook));
    }
  }
  return { files, problems };
}

function writeLinks(lang: string): void {
  const dir = join(NOTEBOOKS, lang);
  mkdirSync(dir, { recursive: true });
  for (const [name, target] of Object.entries(LINKS)) {
    const path = join(dir, name);
    if (existsSync(path) || lstatExists(path)) {
      if (lstatSync(path).isSymbolicLink() && readlinkSync(path) === target) continue;
      rmSync(path, { recursive: true, force: true });
    }
    symlinkSync(target, path);
  }
}

const lstatExists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

const describe = (p: TranslationProblem) => `  ${p.language}/${p.notebook} ${p.where}: ${p.problem}`;

function main(argv: string[]): number {
  const extract = argv.indexOf("--extract");
  if (extract >= 0) {
    const lang = argv[extract + 1];
    if (!TRANSLATED.includes(lang)) throw new Error(`--extract needs a language: ${TRANSLATED.join(" or ")}`);
    mkdirSync(join(TRANSLATIONS, lang), { recursive: true });
    for (const name of courseNotebooks()) {
      const old = readTranslation(lang, name) ?? { language: lang, notebook: name, cells: {}, strings: {} };
      const fresh = refreshTranslation(readNotebook(join(NOTEBOOKS, `${name}.ipynb`)), old);
      const todo = Object.values(fresh.cells).filter((c) => c.todo).length + Object.values(fresh.strings).filter((s) => s === null).length;
      writeFileSync(translationPath(lang, name), translationYaml(fresh));
      console.log(`${lang}/${name}.yaml: ${todo} to translate`);
    }
    return 0;
  }
  const { files, problems } = buildAll();
  if (argv.includes("--check")) {
    const stale = [...files].filter(([path, text]) => !existsSync(path) || readFileSync(path, "utf8") !== text).map(([path]) => path.slice(ROOT.length + 1));
    for (const p of problems) console.error(describe(p));
    for (const s of stale) console.error(`  ${s}: not what the translations build (run npm run i18n:notebooks)`);
    if (problems.length || stale.length) return 1;
    console.log(`the ${TRANSLATED.join(" and ")} notebooks are up to date with the English (${files.size} notebooks)`);
    return 0;
  }
  if (problems.length) {
    console.error(`i18n:notebooks: ${problems.length} problem(s), nothing written:`);
    for (const p of problems) console.error(describe(p));
    return 1;
  }
  for (const lang of TRANSLATED) writeLinks(lang);
  for (const [path, text] of files) writeFileSync(path, text);
  console.log(`wrote ${files.size} notebooks (${TRANSLATED.join(", ")})`);
  return 0;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) process.exitCode = main(process.argv.slice(2));
