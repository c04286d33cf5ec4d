// The runtime frame's WorkStore: every request goes to the page (storeHost.ts), which keeps the work in its own
// storage. A stash is a message sent at once, so the page has it even if the code about to run never yields.
import type {SavedWork, WorkStore} from "../storage.js";
import type {PageMessage, StoreRequest} from "./messages.js";

type Send = (request: StoreRequest) => void;
type Reply = Extract<PageMessage, {drillbook: "stored"}>;

export class RemoteWorkStore implements WorkStore {
  private next = 1;
  private readonly waiting = new Map<number, {resolve(reply: Reply): void; reject(e: Error): void}>();
  /** Crash flags as the page reported them with each load (isSet must answer at once). */
  private readonly flags = new Map<string, boolean>();

  constructor(private readonly send: Send) {}

  /** A reply from the page. */
  answered(reply: Reply): void {
    const waiter = this.waiting.get(reply.call);
    if (!waiter) return;
    this.waiting.delete(reply.call);
    if (reply.error !== undefined) waiter.reject(new Error(`could not reach your saved work: ${reply.error}`));
    else waiter.resolve(reply);
  }

  async load(id: string): Promise<SavedWork | undefined> {
    const reply = await this.ask({op: "load", id});
    this.flags.set(id, reply.flag === true);
    return reply.work;
  }

  async save(work: SavedWork): Promise<void> {
    await this.ask({op: "save", work});
  }

  stash(work: SavedWork): void {
    this.send({drillbook: "store", call: 0, op: "stash", work});
  }

  async clear(id: string): Promise<void> {
    await this.ask({op: "clear", id});
  }

  readonly flag = {
    set: (id: string) => {
      this.flags.set(id, true);
      this.send({drillbook: "store", call: 0, op: "flag-set", id});
    },
    clear: (id: string) => {
      this.flags.set(id, false);
      this.send({drillbook: "store", call: 0, op: "flag-clear", id});
    },
    isSet: (id: string) => this.flags.get(id) === true
  };

  private ask(request: {op: "load" | "clear"; id: string} | {op: "save"; work: SavedWork}): Promise<Reply> {
    const call = this.next++;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(call, {resolve, reject});
      this.send({drillbook: "store", call, ...request} as StoreRequest);
    });
  }
}
