/**
 * The per-student feedback file of `grade-class`, in Markdown (feedback.md) and HTML
 * (feedback.html, self-contained): the status and score, a subtotal per part, then every test
 * with its verdict, message, measured value against the tolerance and hint. It is written after
 * grading, for the instructor to hand back, so it includes the hidden tests. Both renderers share
 * one outline (`feedbackOutline`), so they cannot disagree.
 */
import { suiteTitle } from "../../src/checks/exercises";
import { currentLanguage, message, text } from "../../src/i18n";
import { maxScoreOf, scoreOf, type TestOutcome } from "../core/report";
import type { StudentRecord } from "../class/record";
import { testOutputText } from "./test-output";
import { xmlEscape } from "./xml";

const pts = (x: number) => String(Math.round(x * 100) / 100);

export interface FeedbackPart {
  title: string;
  score: number;
  max: number;
  tests: TestOutcome[];
}

export interface FeedbackOutline {
  student: string;
  status: string;
  score?: number;
  max?: number;
  backend?: string;
  parts: FeedbackPart[];
}

export { suiteTitle };

/** The status in the current language (summary.csv keeps statusText's English values: programs read them). */
function statusFor(r: StudentRecord): string {
  if (r.status === "not gradable") return message("status.not-gradable", { reason: r.reason ?? text("status.unknown-reason") });
  return text(r.status === "graded" ? "status.graded" : "status.no-submission");
}

/** Per suite (exercise, likelihood): its points and its tests, public before hidden. */
export function feedbackOutline(record: StudentRecord): FeedbackOutline {
  const tests = record.report?.tests ?? [];
  const suites = [...new Set(tests.map((t) => t.suite))];
  return {
    student: record.student,
    status: statusFor(record),
    score: record.report ? scoreOf(record.report) : undefined,
    max: record.report ? maxScoreOf(record.report) : undefined,
    backend: record.report?.backendLine,
    parts: suites.map((suite) => {
      const mine = tests.filter((t) => t.suite === suite);
      return { title: suiteTitle(suite), score: mine.reduce((s, t) => s + t.score, 0), max: mine.reduce((s, t) => s + t.maxScore, 0), tests: mine };
    }),
  };
}

export function toFeedbackMarkdown(record: StudentRecord): string {
  const o = feedbackOutline(record);
  const out = [`# ${message("feedback.title", { student: o.student })}`, "", `- **${text("feedback.status")}** ${o.status}`];
  if (o.score !== undefined) out.push(`- **${text("feedback.score")}** ${pts(o.score)} / ${pts(o.max ?? 0)}`);
  if (o.backend) out.push(`- **${text("feedback.backend")}** ${o.backend}`);
  if (o.parts.length) {
    out.push("", `| ${text("feedback.part")} | ${text("feedback.points")} |`, "|---|---|", ...o.parts.map((p) => `| ${p.title} | ${pts(p.score)} / ${pts(p.max)} |`));
  }
  for (const p of o.parts) {
    out.push("", `## ${p.title} (${pts(p.score)} / ${pts(p.max)})`, "");
    for (const t of p.tests) {
      out.push(`- ${t.passed ? "✔" : "✘"} **${t.cases}/${t.check}** (${pts(t.score)} / ${pts(t.maxScore)})`);
      out.push(...testOutputText(t).split("\n").map((l) => `  ${l ? `    ${l}` : ""}`.trimEnd()));
    }
  }
  return `${out.join("\n")}\n`;
}

export function toFeedbackHtml(record: StudentRecord): string {
  const o = feedbackOutline(record);
  const e = xmlEscape;
  const body: string[] = [`<h1>${e(message("feedback.title", { student: o.student }))}</h1>`, "<ul>", `<li><b>${e(text("feedback.status"))}</b> ${e(o.status)}</li>`];
  if (o.score !== undefined) body.push(`<li><b>${e(text("feedback.score"))}</b> ${pts(o.score)} / ${pts(o.max ?? 0)}</li>`);
  if (o.backend) body.push(`<li><b>${e(text("feedback.backend"))}</b> ${e(o.backend)}</li>`);
  body.push("</ul>");
  if (o.parts.length) {
    body.push(`<table><tr><th>${e(text("feedback.part"))}</th><th>${e(text("feedback.points"))}</th></tr>`, ...o.parts.map((p) => `<tr><td>${e(p.title)}</td><td>${pts(p.score)} / ${pts(p.max)}</td></tr>`), "</table>");
  }
  for (const p of o.parts) {
    body.push(`<h2>${e(p.title)} (${pts(p.score)} / ${pts(p.max)})</h2>`, "<ul>");
    for (const t of p.tests) {
      body.push(`<li class="${t.passed ? "pass" : "fail"}">${t.passed ? "✔" : "✘"} <b>${e(`${t.cases}/${t.check}`)}</b> (${pts(t.score)} / ${pts(t.maxScore)})<pre>${e(testOutputText(t))}</pre></li>`);
    }
    body.push("</ul>");
  }
  const style = "body{font-family:sans-serif;max-width:60em;margin:2em auto}pre{white-space:pre-wrap;background:#f6f6f6;padding:.4em}.fail{color:#a00}.pass{color:#060}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}";
  return `<!DOCTYPE html>\n<html lang="${currentLanguage()}"><head><meta charset="utf-8"><title>${e(message("feedback.title", { student: o.student }))}</title><style>${style}</style></head><body>\n${body.join("\n")}\n</body></html>\n`;
}
