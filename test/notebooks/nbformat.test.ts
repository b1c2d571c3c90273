/**
 * Every committed notebook is valid nbformat 4.5, checked with ajv against the official JSON
 * Schema that ships with Debian's python3-nbformat (draft-04, hence ajv-draft-04), and the course
 * notebooks follow the course's conventions: committed without outputs, the tslab kernel spec,
 * the backend line first, learning goals and a recap, and marked exercises.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import Ajv from "ajv-draft-04";
import type { ValidateFunction } from "ajv-draft-04";
import { beforeAll, describe, expect, it } from "vitest";
import { TRANSLATED } from "../../src/i18n/languages.mjs";
import { PYTHON, ROOT } from "../../scripts/notebooks/run-notebook";

interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata: Record<string, unknown>;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: Record<string, unknown>; language_info?: Record<string, unknown> };
  cells: Cell[];
}

/** The official nbformat v4.5 schema, found next to Debian's nbformat package. */
function officialSchemaPath(): string {
  const dir = execFileSync(PYTHON, ["-c", "import nbformat, os; print(os.path.dirname(nbformat.__file__))"], { encoding: "utf8" }).trim();
  return join(dir, "v4", "nbformat.v4.5.schema.json");
}

function ipynbUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? ipynbUnder(p) : f.endsWith(".ipynb") ? [p] : [];
  });
}

const COURSE_NOTEBOOKS = readdirSync(join(ROOT, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort()
  .map((f) => join(ROOT, "notebooks", f));
/** The French and Spanish courses, built from the English (see test/i18n/course-languages.test.ts). */
const TRANSLATED_NOTEBOOKS = TRANSLATED.flatMap((lang) => ipynbUnder(join(ROOT, "notebooks", lang)));
const FIXTURES = ipynbUnder(join(ROOT, "test", "fixtures"));
const load = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Notebook;
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const name = (path: string) => relative(ROOT, path);

/** Exercises each notebook must mark with a "✏️ Exercise (x)" heading and a blockquote. */
const EXERCISES: Record<string, string[]> = {
  "02-coupling-layers.ipynb": ["(a)", "(b)"],
  "03-training-with-maximum-likelihood.ipynb": ["(c)"],
  "05-flows-on-images.ipynb": ["(d)", "(e)", "(f)"],
};

describe("nbformat: every notebook matches the official v4.5 JSON Schema", () => {
  let validate: ValidateFunction;
  let schemaPath = "";

  beforeAll(() => {
    schemaPath = officialSchemaPath();
    const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
    expect(schema.$schema).toContain("draft-04");
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  });

  it("finds the course notebooks and the fixtures", () => {
    expect(COURSE_NOTEBOOKS.map((p) => basename(p))).toEqual(
      expect.arrayContaining(["01-why-normalizing-flows.ipynb", "02-coupling-layers.ipynb", "03-training-with-maximum-likelihood.ipynb", "04-check-and-submit.ipynb"]),
    );
    expect(FIXTURES.length).toBeGreaterThan(0);
  });

  for (const path of [...COURSE_NOTEBOOKS, ...TRANSLATED_NOTEBOOKS, ...FIXTURES]) {
    it(`${name(path)} is valid`, () => {
      const nb = load(path);
      const ok = validate(nb);
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("\n");
      expect(ok, `${name(path)} violates ${schemaPath}:\n${errors}`).toBe(true);
      expect(nb.nbformat).toBe(4);
      expect(nb.nbformat_minor).toBe(5);
    });
  }

  it("rejects what it should (the check can fail)", () => {
    const nb = load(COURSE_NOTEBOOKS[0]);
    const noId = { ...nb, cells: nb.cells.map(({ id: _id, ...rest }) => rest) };
    expect(validate(noId)).toBe(false);
    const badOutput = { ...nb, cells: [{ id: "x", cell_type: "code", source: "", metadata: {}, execution_count: null, outputs: [{ output_type: "stream" }] }] };
    expect(validate(badOutput)).toBe(false);
  });
});

describe("course notebooks follow the course's conventions", () => {
  for (const path of COURSE_NOTEBOOKS) {
    const file = basename(path);

    it(`${file} is committed without outputs or execution counts`, () => {
      for (const [i, c] of load(path).cells.entries()) {
        if (c.cell_type !== "code") continue;
        expect(c.outputs, `${file} cell ${i} has outputs`).toEqual([]);
        expect(c.execution_count, `${file} cell ${i} has an execution count`).toBeNull();
      }
    });

    it(`${file} uses the tslab kernel spec, with unique cell ids`, () => {
      const nb = load(path);
      expect(nb.metadata.kernelspec).toMatchObject({ name: "tslab", display_name: "TypeScript (FlowLab)", language: "typescript" });
      expect(nb.metadata.language_info).toMatchObject({ name: "typescript" });
      const ids = nb.cells.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it(`${file} prints the backend line first, and has learning goals and a recap`, () => {
      const cells = load(path).cells;
      const firstCode = cells.find((c) => c.cell_type === "code");
      expect(firstCode && text(firstCode)).toMatch(/await selectBackend\(\);[\s\S]*console\.log\(backend\.line\)/);
      const markdown = cells.filter((c) => c.cell_type === "markdown").map(text);
      expect(markdown[0], `${file} starts with a title`).toMatch(/^# /);
      expect(markdown.some((m) => /learning goals/i.test(m)), `${file} has learning goals`).toBe(true);
      expect(markdown.some((m) => /^#+ .*recap/im.test(m)), `${file} has a recap section`).toBe(true);
    });
  }

  for (const [file, letters] of Object.entries(EXERCISES)) {
    it(`${file} marks exercises ${letters.join(", ")} with a heading and a blockquote saying what to edit`, () => {
      const markdown = load(join(ROOT, "notebooks", file)).cells.filter((c) => c.cell_type === "markdown").map(text);
      for (const letter of letters) {
        const cell = markdown.find((m) => m.includes(`✏️ Exercise ${letter}`));
        expect(cell, `${file}: no "✏️ Exercise ${letter}" heading`).toBeDefined();
        expect(cell).toMatch(/^#+ ✏️ Exercise/m);
        expect(cell).toMatch(/^> .*exercises\/[a-z-]+\.ts/m);
      }
    });
  }
});
