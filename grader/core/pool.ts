/**
 * Runs async tasks with at most `concurrency` in flight, in the given order, and returns their
 * results in the same order. A task that rejects rejects the whole run (tasks are expected to
 * turn their own failures into values, as the grader's groups do).
 */
export async function runPool<T>(tasks: readonly (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`runPool: 'concurrency' must be a positive integer; got ${concurrency}.`);
  const results = new Array<T>(tasks.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, lane));
  return results;
}
