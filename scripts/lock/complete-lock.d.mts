/** Types of complete-lock.mjs (plain Node, so that it runs before node_modules exists). */
export interface Platform {
  os: string[];
  cpu: string[];
  libc?: string[];
}
export interface LockFile {
  packages?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}
export function platformOf(name: string): Platform | undefined;
export function missingOptionalEntries(lock: LockFile): Record<string, Record<string, unknown>>;
export function completeLock(lock: LockFile): { lock: LockFile & { packages: Record<string, Record<string, unknown>> }; added: string[] };
