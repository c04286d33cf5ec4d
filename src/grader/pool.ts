// Runs an async task over items with at most `jobs` at a time, keeping results in the items' order.
export async function mapPool<T, R>(items: readonly T[], jobs: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({length: Math.max(1, Math.min(jobs, items.length))}, worker));
  return results;
}
