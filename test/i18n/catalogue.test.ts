/**
 * The message catalogue (src/i18n) keeps three languages in step, and the grader and the
 * self-check speak the chosen one: every English key exists in fr and es with the same
 * placeholders; no translation is the English text unless allow-listed; no English function
 * words in a translation; numbers are formatted per language in text, never in JSON; one grading
 * in French (--lang fr) whose results.json validates and whose messages are French; one
 * `flowgrade check` in Spanish (FLOWLAB_LANG=es); API problems and grader faults framed in French
 * and Spanish. Three small gradings (exercise (f) only, exercise (c) without nllLoss): ~40 s.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CATALOGUES, fmt, formatNumber, message, placeholdersOf, setLanguage, text, type Lang, type MessageKey } from "../../src/i18n";
import { isolationLine } from "../../grader/sandbox/isolation";
import { en } from "../../src/i18n/messages/en";
import { chooseGradingLanguage, type CommandIO } from "../../grader/commands/common";
import { loadRubric } from "../../grader/core/rubric";
import { fixtureSubmission } from "../../grader/fixture-submission";
import { readResults, runCli, tempDir, xmlProblems } from "../../grader/test/helpers";
import { englishWordsIn } from "./english-prose";
import { problemText } from "../../grader/blackbox/subject-problem";
import { guarded } from "../../src/checks/check-result";
import { maskProblem } from "../../src/checks/made-masks-property";

const KEYS = Object.keys(en) as MessageKey[];
const TRANSLATED: Lang[] = ["fr", "es"];

/**
 * Entries whose translation is the English text, on purpose: formulas and code, and frames made
 * only of placeholders and punctuation (Spanish puts no space before a colon, as English).
 */
const SAME_AS_ENGLISH: Record<string, readonly MessageKey[]> = {
  fr: ["what.dequantize", "what.lib.dequantize", "feedback.points"],
  es: ["verdict.measured.pass", "verdict.measured.fail", "verdict.count.pass", "verdict.count.fail", "fail.shapes", "label.colon", "failure.error"],
};

/** English function words of a message, after taking out code (dotted names such as this.dim, calls) that the prose detector would read as words. */
function englishIn(text: string): string[] {
  return englishWordsIn(text.replace(/\{\w+\}/g, " ").replace(/[\w$]+(?:\.[\w$]+)+/g, " ").replace(/`[^`]*`/g, " "));
}

afterEach(() => setLanguage("en"));

describe("the message catalogue", () => {
  it("has every English key in fr and es, with the same placeholders", () => {
    for (const lang of TRANSLATED) {
      const table = CATALOGUES[lang] as Record<string, string>;
      expect(Object.keys(table).sort(), lang).toEqual([...KEYS].sort());
      for (const key of KEYS) expect(placeholdersOf(table[key]).sort(), `${lang} ${key}`).toEqual(placeholdersOf(en[key]).sort());
    }
  });

  it("translates every entry (the allow-list aside) and leaves no English function words in fr or es", () => {
    for (const lang of TRANSLATED) {
      const same = KEYS.filter((k) => CATALOGUES[lang][k] === en[k]);
      expect(same.sort(), lang).toEqual([...SAME_AS_ENGLISH[lang]].sort());
      for (const key of KEYS) expect(englishIn(CATALOGUES[lang][key]), `${lang} ${key}: ${CATALOGUES[lang][key]}`).toEqual([]);
    }
    // the detector itself finds English
    expect(englishIn(en["hint.affine-coupling.round-trip"]).length).toBeGreaterThan(2);
  });

  it("formats numbers for the language in text: English unchanged, a decimal comma in fr and es", () => {
    const values = { subject: "AffineCoupling", what: "max |x|", measured: 2.1e-6, tolerance: 0.034 };
    expect(message("verdict.measured.pass", values, "en")).toBe(`AffineCoupling: max |x| = ${fmt(2.1e-6)} ≤ ${fmt(0.034)}`);
    expect(message("verdict.measured.pass", values, "en")).toBe("AffineCoupling: max |x| = 2.1e-6 ≤ 0.034");
    expect(message("verdict.measured.pass", values, "fr")).toBe("AffineCoupling : max |x| = 2,1E-6 ≤ 0,034");
    expect(message("verdict.measured.fail", { ...values, measured: 1.18 }, "es")).toBe("AffineCoupling: max |x| = 1,18 > 0,034");
    expect([formatNumber(NaN, "fr"), formatNumber(0, "es"), formatNumber(-12345, "fr")]).toEqual(["NaN", "0", "-1,2E4"]);
    // the current language is used when none is given
    setLanguage("es");
    expect(message("label.trained", { steps: "40", seconds: "1,5" })).toBe("entrenado 40 pasos en 1,5 s");
  });

  it("speaks the grader's own lines in the language: the isolation line and the grader faults", () => {
    expect(isolationLine("none")).toMatch(/^no namespace isolation here \(not allowed\)/);
    setLanguage("fr");
    expect(isolationLine("namespaces")).toMatch(/^sujets isolés par les espaces de noms Linux \(/);
    expect(text("grader.no-group")).toBe("aucun groupe n'a tranché ce test (bogue du correcteur)");
    setLanguage("es");
    expect(isolationLine("user-namespaces")).toMatch(/^sujetos aislados mediante espacios de nombres de usuario de Linux \(/);
    expect(text("grader.interrupted")).toBe("la corrección se interrumpió");
  });

  it("words the row-dependence and log-det gradient details in the language, numbers included", () => {
    const changed = { dependence: 0.25, tolerance: 1e-5 };
    expect(message("what.row-dependence.changed", changed, "en")).toBe("a row evaluated again in another process, among other rows, changed by 0.25 (relative; float32 rounding stays below 1.0e-5)");
    expect(message("what.row-dependence.changed", changed, "fr")).toBe("une ligne évaluée de nouveau dans un autre processus, parmi d'autres lignes, a varié de 0,25 (en relatif ; l'arrondi float32 reste sous 1E-5)");
    const disagree = { name: "scale", finite: 1.5, along: -0.5, unreached: "" };
    expect(message("problem.log-det-gradient.disagree", disagree, "es")).toBe("scale: la suma de los log-determinantes varía 1,5 por paso unitario a lo largo de una dirección (diferencias finitas del corrector), pero su gradiente indica -0,5");
  });

  it("words a subject's problem in the language, the student's error quoted as it was; a malformed one reads as no message", () => {
    const returned = { code: "returned-output", call: "forward", value: { code: "not-tensor", type: "number" } };
    expect(problemText(returned)).toBe("forward returned an output that is not a tf.Tensor (got number); it must return { output, logDet } tensors");
    expect(problemText({ code: "threw", call: "inverse", error: "TypeError: x is undefined" })).toBe("inverse threw TypeError: x is undefined");
    setLanguage("fr");
    expect(problemText(returned)).toBe("forward a renvoyé comme output autre chose qu'un tf.Tensor (type obtenu : number) ; il doit renvoyer des tenseurs { output, logDet }");
    expect(problemText({ code: "no-class", name: "AffineCoupling", exports: { code: "no-exports" } })).toBe("le module n'exporte pas de classe nommée AffineCoupling (exports : aucun)");
    setLanguage("es");
    expect(problemText({ code: "threw", call: "inverse", error: "TypeError: x is undefined" })).toBe("inverse lanzó un error: TypeError: x is undefined");
    for (const bad of [undefined, "forward threw", { code: "exfiltrate" }, { code: "threw", call: "forward" }, { code: "returned", call: "f", value: { code: "returned", call: "g", value: { code: "disposed" } } }]) {
      expect(problemText(bad)).toBe("falló sin mensaje");
    }
  });

  it("the library's checks (notebooks) frame a thrown error and API problems in the language too", async () => {
    setLanguage("fr");
    const thrown = await guarded("api", "AffineCoupling", async () => {
      throw new TypeError("x is undefined");
    });
    expect(thrown.message).toBe("AffineCoupling : a levé une erreur : TypeError: x is undefined");
    expect(maskProblem([[[1]]], 2, [4], 1)).toBe("madeMasks(2, [4], 1) doit renvoyer 2 masques (un par matrice de poids) ; nombre obtenu : 1");
    setLanguage("es");
    expect(maskProblem([[[1, 0, 1, 0]], [[1]]], 2, [4], 1)).toBe("madeMasks(2, [4], 1): masks[0] debe ser una matriz [2][4] ([fanIn][fanOut]); se obtuvo 1 filas de 4");
  });

  it("grade takes --lang, else the rubric's language, else English (never the locale); check follows FLOWLAB_LANG and the locale", () => {
    const io = { env: { FLOWLAB_LANG: "es", LANG: "fr_FR.UTF-8" } } as unknown as CommandIO;
    const rubric = loadRubric();
    const args = (lang?: string) => ({ command: "grade", positionals: [], options: lang ? { lang } : {} }) as never;
    expect(chooseGradingLanguage(args(), rubric, io, "grade")).toBe("en");
    expect(chooseGradingLanguage(args(), { ...rubric, language: "fr" }, io, "grade")).toBe("fr");
    expect(chooseGradingLanguage(args("es"), { ...rubric, language: "fr" }, io, "grade")).toBe("es");
    expect(chooseGradingLanguage(args(), rubric, io, "check")).toBe("es");
    expect(() => chooseGradingLanguage(args("de"), rubric, io, "grade")).toThrow(/--lang asks for the language "de"/);
  });
});

describe("the grader in the chosen language", () => {
  it("grades in French with --lang fr: results.json validates, scores and ids are those of English, every message and hint is French", async () => {
    const dir = tempDir();
    const submission = fixtureSubmission("dequantization-forgets-logk");
    const r = await runCli(["grade", submission, "--only", "dequantization", "--lang", "fr", "--results", join(dir, "results.json"), "--junit", join(dir, "junit.xml")]);
    expect(r.code, r.stderr).toBe(1);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.score).toBeLessThan(results.max_score);
    expect(results.tests.map((t) => t.name)).toContain("dequantization/public/bits-per-dim");
    const failed = results.tests.find((t) => t.name === "dequantization/public/bits-per-dim")!;
    expect(failed.status).toBe("failed");
    expect(typeof failed.extra_data?.measured).toBe("number"); // numbers stay numbers in JSON
    expect(failed.output).toMatch(/^✘ échoué : dequantization\(D=16, K=256\) : max relatif de .* = \d+(,\d+)? > 1E-9\nmesuré : .*tolérance : 1E-9\nindice : bits\/dim = /);
    for (const t of results.tests) expect(englishIn(t.output), t.output).toEqual([]);
    expect(englishIn(results.output), results.output).toEqual([]);
    expect(results.output).toMatch(/^Correcteur FlowLab : le code des étudiants s'exécute dans des processus isolés, sur le backend \w+ \(.*\) ; .* ; budget de temps total \d+ s$/m);
    expect(results.output).toContain("Exercice (f) : déquantification et bits par dimension");
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain("indice : bits/dim");
    expect(r.stdout).toMatch(/Note : \d+ \/ \d+ \(\d+%\) en \d+,\d s/);
  });

  it("frames API problems and grader faults in the language: nll.ts without nllLoss in French, a missing folder in Spanish", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", fixtureSubmission("missing-export"), "--only", "nll", "--lang", "fr", "--results", join(dir, "results.json")]);
    expect(r.code, r.stderr).toBe(1);
    const { results } = readResults(join(dir, "results.json"));
    const output = (name: string) => results.tests.find((t) => t.name === name)!.output;
    expect(output("nll/public/api")).toContain("nll.ts: fonction(s) exportée(s) manquante(s) : nllLoss");
    expect(output("likelihood/held-out-nll")).toContain("RealNVP(votre AffineCoupling, votre nllLoss): non vérifié : nll.ts n'exporte pas de fonction nommée nllLoss");
    for (const t of results.tests) expect(englishIn(t.output), t.output).toEqual([]);
    const missing = await runCli(["grade", join(dir, "nowhere"), "--lang", "es", "--results", join(dir, "missing.json"), "--junit", join(dir, "junit.xml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^flowgrade grade: no se pudo calificar: la carpeta de la entrega «.*nowhere» no existe$/m);
    expect(readResults(join(dir, "missing.json")).results.output).toMatch(/^El corrector automático no pudo calificar esta entrega \(la carpeta de la entrega «.*nowhere» no existe\)\. Nota 0 por ahora\./);
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toMatch(/<error message="no se pudo calificar: la carpeta de la entrega «.*nowhere» no existe"/);
  });

  it("checks in Spanish with FLOWLAB_LANG=es: headings, verdicts and hints", async () => {
    const r = await runCli(["check", fixtureSubmission("dequantization-forgets-logk"), "--only", "dequantization"], { env: { FLOWLAB_LANG: "es" } });
    expect(r.code).toBe(1);
    const unwrapped = r.stdout.replace(/\n {2,}(?=\S)/g, " ");
    expect(unwrapped).toContain("solo comprobaciones públicas");
    expect(unwrapped).toMatch(/✘ Ejercicio \(f\): decuantización y bits por dimensión: 4\/5 comprobaciones superadas/);
    expect(unwrapped).toMatch(/pista: bits\/dim = \(NLL \+ D·ln K\) \/ \(D·ln 2\): el término D·ln K/);
    expect(unwrapped).toContain("1 de 1 partes necesitan trabajo");
    expect(englishIn(r.stdout), r.stdout).toEqual([]);
    expect(unwrapped).toMatch(/Corrector de FlowLab: el código de los estudiantes se ejecuta en procesos aislados, con el backend \w+ \(.*\); .*; presupuesto de tiempo total \d+ s/);
  });
});
