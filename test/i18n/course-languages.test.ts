/**
 * The course in three languages stays one course: the French and Spanish notebooks are exactly
 * what their translations build from today's English (no stale or missing text), with the same
 * cells and the same code, and no English prose left in them. The builder's own checks are tested
 * on a small notebook, each shown to fail.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAll, courseNotebooks, NOTEBOOKS, readNotebook } from "../../scripts/i18n/build-notebooks";
import { chooseLanguage, TRANSLATED } from "../../src/i18n/languages.mjs";
import { cellText, codeShape, proseLiterals, refreshTranslation, shownParameters, sourceHash, translateNotebook, type Notebook, type NotebookTranslation } from "../../scripts/i18n/notebook-translation";
import ts from "typescript";
import { plannedExercises, REPO_ROOT } from "../../scripts/assign";
import { docComments, translateExercise } from "../../scripts/assign/exercise-translation";
import { englishWordsIn } from "./english-prose";

/**
 * A TypeScript source printed without its comments: two files with the same are the same code.
 * (The printer parses the file, so template literals and comments inside them are read right.)
 */
function codeWithoutComments(source: string): string {
  const file = ts.createSourceFile("x.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(file);
}

const tiny = (markdown: string, code: string): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", id: "intro", metadata: {}, source: markdown },
    { cell_type: "code", id: "plot", metadata: {}, source: code, outputs: [], execution_count: null },
  ],
});
const CODE = 'import { show } from "./src/plot/index";\nconst data = makeDataset("moons", { nTrain: 10 });\nconsole.log(`${n} training points`);\nawait show({ title: "Two moons", mark: "point", x: { title: "step" } });';

describe("the translation builder (on a small notebook)", () => {
  const english = tiny("# Two moons\n\nThe data.", CODE);
  const good: NotebookTranslation = {
    language: "fr",
    notebook: "tiny",
    cells: { intro: { source: sourceHash("# Two moons\n\nThe data."), text: "# Deux lunes\n\nLes données." } },
    strings: { "${n} training points": "${n} points d’entraînement", "Two moons": "Deux lunes", step: "pas" },
  };

  it("finds the prose a reader sees, not module paths, dataset names or vega-lite keywords", () => {
    expect(proseLiterals(CODE).map((l) => l.key)).toEqual(["${n} training points", "Two moons", "step"]);
  });

  it("takes a one-word argument of a notebook function's label parameter, and what a template's ${…} writes into its text, for prose; not a call's code argument", () => {
    const declared = "async function trainLive(flow: unknown, label: string, color: string) { return label; }";
    const calls = 'await trainLive(flow, "multiscale", "#123");\nconsole.log(`flow ${ok ? "below" : "ABOVE"} the line, ${names.join(" and ")}, ${layer.passes("forward")} passes`);';
    const shown = shownParameters([declared, calls]);
    expect([...shown]).toEqual([["trainLive", [1]]]);
    expect(proseLiterals(calls, shown).map((l) => [l.key, l.nested])).toEqual([
      ["multiscale", false],
      ['flow ${ok ? "below" : "ABOVE"} the line, ${names.join(" and ")}, ${layer.passes("forward")} passes', false],
      ["below", true],
      ["ABOVE", true],
      [" and ", true],
    ]);
    const notebook: Notebook = { ...tiny("# Flows", declared), cells: [...tiny("# Flows", declared).cells, { cell_type: "code", id: "run", metadata: {}, source: calls, outputs: [], execution_count: null }] };
    const strings = { multiscale: "multi-échelle", 'flow ${ok ? "below" : "ABOVE"} the line, ${names.join(" and ")}, ${layer.passes("forward")} passes': 'flot ${ok ? "below" : "ABOVE"} la ligne, ${names.join(" and ")}, ${layer.passes("forward")} passes', below: "sous", ABOVE: "AU-DESSUS de", " and ": " et " };
    const { notebook: built, problems } = translateNotebook(notebook, { ...good, cells: { intro: { source: sourceHash("# Flows"), text: "# Flots" } }, strings });
    expect(problems).toEqual([]);
    expect(cellText(built.cells[2])).toBe('await trainLive(flow, "multi-échelle", "#123");\nconsole.log(`flot ${ok ? "sous" : "AU-DESSUS de"} la ligne, ${names.join(" et ")}, ${layer.passes("forward")} passes`);');
  });

  it("builds the same cells with the same code, prose replaced", () => {
    const { notebook, problems } = translateNotebook(english, good);
    expect(problems).toEqual([]);
    expect(notebook.cells.map((c) => [c.id, c.cell_type])).toEqual(english.cells.map((c) => [c.id, c.cell_type]));
    expect(cellText(notebook.cells[0])).toBe("# Deux lunes\n\nLes données.");
    expect(cellText(notebook.cells[1])).toContain("console.log(`${n} points d’entraînement`)");
    expect(codeShape(cellText(notebook.cells[1]))).toBe(codeShape(CODE));
  });

  it("refuses a stale cell, a missing or unused string, changed placeholders and a quote that breaks the code", () => {
    const changed = tiny("# Two moons\n\nThe data, again.", CODE);
    expect(translateNotebook(changed, good).problems.map((p) => p.problem)).toEqual([expect.stringContaining("the English changed since this translation")]);
    const problemsOf = (strings: Record<string, string | null>) => translateNotebook(english, { ...good, strings: { ...good.strings, ...strings } }).problems.map((p) => p.problem);
    expect(problemsOf({ step: null })).toEqual(['no translation of the literal "step"']);
    expect(problemsOf({ "gone": "parti" })).toEqual(["translates a literal no code cell has any more"]);
    expect(problemsOf({ "${n} training points": "${m} points" })[0]).toContain("must keep its placeholders ${n}");
    expect(problemsOf({ "Two moons": 'Deux "lunes"' })[0]).toContain('may not contain an unescaped "');
  });

  it("the extractor keeps translations, marks new and changed English as todo, and records a fixed one", () => {
    const changed = tiny("# Two moons\n\nThe data, again.", CODE.replace("Two moons", "Three moons"));
    const refreshed = refreshTranslation(changed, good);
    expect(refreshed.cells.intro).toMatchObject({ todo: true, english: "# Two moons\n\nThe data, again.", text: "# Deux lunes\n\nLes données." });
    expect(refreshed.strings).toEqual({ "${n} training points": "${n} points d’entraînement", "Three moons": null, step: "pas" });
    const fixed = { ...refreshed, cells: { intro: { ...refreshed.cells.intro, todo: undefined, text: "# Deux lunes\n\nLes données, encore." } } };
    expect(refreshTranslation(changed, fixed).cells.intro).toEqual({ source: sourceHash("# Two moons\n\nThe data, again."), text: "# Deux lunes\n\nLes données, encore." });
  });

  it("the English-prose detector finds an untranslated sentence, not code, maths or links", () => {
    expect(englishWordsIn("Ceci est la perte. This is the loss of the flow.")).toEqual(["This", "is", "the", "of", "the"]);
    expect(englishWordsIn("La perte `the_loss(x)` vaut $\\log p(x)$, voir [l’article](https://x.org/the-and-of).")).toEqual([]);
    expect(englishWordsIn("L. Dinh, **Density estimation using Real NVP**, 2016 ; **Do Deep Generative Models Know What They Don't Know?**")).toEqual([]);
    expect(englishWordsIn("Ceci est **the loss of the flow**, en gras.")).toEqual(["the", "of", "the"]);
    expect(englishWordsIn("Kingma et al. (2016),\n*Improved inference with inverse autoregressive flow and more*.")).toEqual([]);
  });
});

describe("chooseLanguage", () => {
  it("--lang, then FLOWLAB_LANG, then the locale, then English; an unknown language is a clear error", () => {
    expect(chooseLanguage("es", { FLOWLAB_LANG: "fr" })).toEqual({ lang: "es", why: "--lang" });
    expect(chooseLanguage(undefined, { FLOWLAB_LANG: "fr", LANG: "es_ES.UTF-8" }).lang).toBe("fr");
    expect(chooseLanguage(undefined, { LC_ALL: "C.UTF-8", LANG: "es_MX.UTF-8" })).toEqual({ lang: "es", why: "the system locale (LANG=es_MX.UTF-8)" });
    expect(chooseLanguage(undefined, { LANG: "de_DE.UTF-8" }).lang).toBe("en");
    expect(chooseLanguage(undefined, {})).toEqual({ lang: "en", why: "the default" });
    expect(() => chooseLanguage("de", {})).toThrow('--lang asks for the language "de"; the course has en (English), fr (français), es (español).');
  });
});

describe("exercise files in another language", () => {
  const english = "// Exercise file generated from solutions/x.ts by `npm run assign`. Write your code where it says TODO.\n/**\n * Exercise (x): the loss.\n *\n *   NLL = −mean log p\n */\nexport function f(): number {\n  /** One line. */\n  // TODO(Exercise (x) f): write your code here. Delete the next line when you start.\n  throw new Error();\n}\n";
  const translation = {
    language: "fr",
    file: "x.ts",
    comments: {
      "1": { source: sourceHash("Exercise (x): the loss.\n\n  NLL = −mean log p"), text: "Exercice (x) : la perte.\n\n  NLL = −mean log p" },
      "2": { source: sourceHash("One line."), text: "Une ligne." },
    },
  };

  it("translate the doc comments, the first line and the TODO lines, and nothing else", () => {
    expect(docComments(english).map((c) => c.text)).toEqual(["Exercise (x): the loss.\n\n  NLL = −mean log p", "One line."]);
    const fr = translateExercise(english, translation);
    expect(fr).toContain("/**\n * Exercice (x) : la perte.\n *\n *   NLL = −mean log p\n */");
    expect(fr).toContain("  /** Une ligne. */");
    expect(fr).toMatch(/^\/\/ Fichier d’exercice généré depuis solutions\/x\.ts/);
    expect(fr).toContain("// TODO(Exercise (x) f) : écrivez votre code ici.");
    expect(codeWithoutComments(fr)).toEqual(codeWithoutComments(english));
  });

  it("refuse a stale or missing comment", () => {
    expect(() => translateExercise(english.replace("the loss.", "the NLL."), translation)).toThrow(/comment 1 .*the English changed since this translation/);
    expect(() => translateExercise(english, { ...translation, comments: { "1": translation.comments["1"] } })).toThrow(/comment 2 .*not translated yet/);
  });
});

describe.each(TRANSLATED)("the %s course", (lang) => {
  it("has every exercise file translated (npm run assign -- --lang), with the English code and no English prose left", () => {
    const englishFiles = plannedExercises(REPO_ROOT);
    const translated = plannedExercises(REPO_ROOT, lang);
    expect([...translated.keys()]).toEqual([...englishFiles.keys()]);
    for (const [path, text] of translated) {
      expect(codeWithoutComments(text), path).toEqual(codeWithoutComments(englishFiles.get(path)!));
      const left = docComments(text).map((c) => englishWordsIn(c.text)).filter((w) => w.length >= 2);
      expect(left, `${lang} ${path}: English left in doc comments`).toEqual([]);
    }
  });

  const { files, problems } = buildAll([lang]);

  it("is built from translations that are complete and up to date with the English", () => {
    expect(problems.map((p) => `${p.language}/${p.notebook} ${p.where}: ${p.problem}`)).toEqual([]);
  });

  it("has every English notebook, committed exactly as the translations build it (npm run i18n:notebooks)", () => {
    expect([...files.keys()].map((p) => p.slice(NOTEBOOKS.length + 1)).sort()).toEqual(courseNotebooks().map((n) => `${lang}/${n}.ipynb`));
    for (const [path, text] of files) expect(readFileSync(path, "utf8") === text, `${path} is not what the translations build: run npm run i18n:notebooks`).toBe(true);
  });

  it.each(courseNotebooks())(`%s: the same cells (ids, kinds, order) and the same code as the English, no English prose`, (name) => {
    const english = readNotebook(join(NOTEBOOKS, `${name}.ipynb`));
    const translated = readNotebook(join(NOTEBOOKS, lang, `${name}.ipynb`));
    expect(translated.cells.map((c) => [c.id, c.cell_type])).toEqual(english.cells.map((c) => [c.id, c.cell_type]));
    translated.cells.forEach((c, i) => {
      if (c.cell_type === "code") expect(codeShape(cellText(c)), `${lang}/${name} cell ${c.id}`).toBe(codeShape(cellText(english.cells[i])));
    });
    const english_left = translated.cells.filter((c) => c.cell_type === "markdown").map((c) => ({ id: c.id, words: englishWordsIn(cellText(c)) })).filter((c) => c.words.length >= 2);
    expect(english_left, `${lang}/${name}: English left in markdown cells`).toEqual([]);
  });
});
