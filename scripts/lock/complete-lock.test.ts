/**
 * package-lock.json lists every optional platform package, so `npm ci` accepts it on a fresh
 * clone (the student release's install test runs `npm ci` for real on a copy of this lock).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completeLock, missingOptionalEntries, platformOf } from "./complete-lock.mjs";

const ROOT = join(__dirname, "..", "..");

describe("npm run lock:complete", () => {
  it("package-lock.json lacks no optional platform package (else `npm ci` fails with 'Missing: … from lock file')", () => {
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
    expect(Object.keys(missingOptionalEntries(lock)), "run `npm run lock:complete`").toEqual([]);
    expect(lock.packages["node_modules/@rollup/rollup-darwin-arm64"]).toMatchObject({ version: expect.stringMatching(/^4\./), optional: true, os: ["darwin"], cpu: ["arm64"] });
  });

  it("reads the platform from the package name, libc included", () => {
    expect(platformOf("@rollup/rollup-linux-x64-musl")).toEqual({ os: ["linux"], cpu: ["x64"], libc: ["musl"] });
    expect(platformOf("@rollup/rollup-linux-arm-gnueabihf")).toEqual({ os: ["linux"], cpu: ["arm"], libc: ["glibc"] });
    expect(platformOf("@rollup/rollup-win32-ia32-msvc")).toEqual({ os: ["win32"], cpu: ["ia32"] });
    expect(platformOf("left-pad")).toBeUndefined();
  });

  it("adds a missing pinned platform package, skips present ones and ranges, and refuses one without a platform", () => {
    const lock = {
      packages: {
        "": { name: "x" },
        "node_modules/rollup": { version: "4.1.0", dev: true, optionalDependencies: { "@rollup/rollup-darwin-x64": "4.1.0", "@rollup/rollup-linux-x64-gnu": "4.1.0", fsevents: "~2.3.2" } },
        "node_modules/@rollup/rollup-linux-x64-gnu": { version: "4.1.0" },
      },
    };
    const { lock: done, added } = completeLock(lock);
    expect(added).toEqual(["node_modules/@rollup/rollup-darwin-x64"]);
    expect(Object.keys(done.packages)).toEqual(["", "node_modules/@rollup/rollup-darwin-x64", "node_modules/@rollup/rollup-linux-x64-gnu", "node_modules/rollup"]);
    expect(done.packages["node_modules/@rollup/rollup-darwin-x64"]).toEqual({ version: "4.1.0", cpu: ["x64"], dev: true, optional: true, os: ["darwin"] });
    const bad = { packages: { "": {}, "node_modules/a": { version: "1.0.0", optionalDependencies: { mystery: "1.0.0" } } } };
    expect(() => missingOptionalEntries(bad)).toThrow(/node_modules\/a has the optional dependency mystery@1\.0\.0, .* states no platform/);
  });
});
