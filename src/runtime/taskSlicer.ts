// Cuts a long run of cells into tasks of about SLICE_MS, so the page can handle input and paint between cells.
// The runtime computes every ready cell in one go (promise callbacks, no task boundary), so opening the
// zero-inflation drill ran ~1.7 s of cells as one task, during which the page could not scroll or respond. Before a
// cell runs, the session asks `due()`; when the current task has run longer than the budget, the cell waits for
// `yield()` (scheduler.yield where the browser has it, else a zero-delay timer) and runs in a new task. A cell that
// is itself long still runs in one piece: only the boundaries between cells are cut.

export const SLICE_MS = 50; // the browser's threshold for a "long task"

export class TaskSlicer {
  private start: number | null = null;

  constructor(
    private readonly budgetMs = SLICE_MS,
    private readonly now: () => number = () => performance.now()
  ) {}

  /** Before a cell runs: has this task already run long enough that the page should get a turn first? */
  due(): boolean {
    if (this.start === null) {
      this.begin();
      return false;
    }
    return this.now() - this.start > this.budgetMs;
  }

  /** Let the page handle input and paint, then start a new slice. */
  async yield(): Promise<void> {
    const scheduler = (globalThis as {scheduler?: {yield?: () => Promise<void>}}).scheduler;
    if (typeof scheduler?.yield === "function") await scheduler.yield();
    else await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.begin();
  }

  private begin(): void {
    const start = (this.start = this.now());
    // runs only once the current task has ended: a cell in a later task starts a new slice
    setTimeout(() => {
      if (this.start === start) this.start = null;
    }, 0);
  }
}
