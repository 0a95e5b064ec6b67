/**
 * Runs `worker` on every item with at most `limit` running at once and returns the results in input
 * order. The first rejection rejects the whole call; work already started still runs to its end.
 */
export async function mapWithConcurrency<Item, Result>(
  items: readonly Item[],
  limit: number,
  worker: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index] as Item, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return results;
}

/**
 * At most `limit` holders at once, served in the order they asked: each `take()` resolves with the
 * function that gives its place back (calling it again does nothing).
 */
export function slots(limit: number): { take(): Promise<() => void> } {
  let held = 0;
  const waiting: (() => void)[] = [];
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next === undefined) held--;
      else next();
    };
  };
  return {
    take: () => {
      if (held < limit) {
        held++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve) => waiting.push(() => resolve(releaser())));
    },
  };
}
