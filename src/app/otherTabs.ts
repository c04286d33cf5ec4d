// Two tabs of one notebook: each keystroke in one reaches the other (a BroadcastChannel per notebook), so neither
// saves stale code over the other's edits, and both say plainly that the notebook is open twice. Measured before:
// the last tab to save silently overwrote the other's edits, in any cell.
export interface RemoteEdit {
  cell: string;
  code: string;
  base: string;
}

/** A scratch cell as the tabs exchange it: where it is and its code (its keystrokes travel as edits). */
export interface ScratchPlace {
  id: string;
  code: string;
  after: string;
}

type Message =
  | {kind: "hello" | "here"; tab: string}
  | ({kind: "edit"; tab: string} & RemoteEdit)
  | {kind: "scratch"; tab: string; cells: ScratchPlace[]};

export class OtherTabs {
  private readonly channel?: BroadcastChannel;
  private readonly tab = Math.random().toString(36).slice(2);
  /** The last code another tab sent per cell: typing it back into our editor must not echo it to them. */
  private readonly heard = new Map<string, string>();

  constructor(notebookId: string, private readonly on: {edit(edit: RemoteEdit): void; present(): void; scratch?(cells: ScratchPlace[]): void}) {
    if (typeof BroadcastChannel !== "function") return;
    this.channel = new BroadcastChannel(`drillbook:${notebookId}`);
    this.channel.onmessage = (e: MessageEvent<Message>) => this.heardFrom(e.data);
    this.post({kind: "hello", tab: this.tab});
  }

  /** Our student typed: tell the other tabs (unless it is their own edit coming back through our editor). */
  edited(edit: RemoteEdit): void {
    if (this.heard.get(edit.cell) === edit.code) return;
    this.heard.delete(edit.cell);
    this.post({kind: "edit", tab: this.tab, ...edit});
  }

  /** Our student added, moved or deleted a scratch cell: the other tabs show the same list. */
  scratchChanged(cells: ScratchPlace[]): void {
    this.post({kind: "scratch", tab: this.tab, cells: cells.map(({id, code, after}) => ({id, code, after}))});
  }

  private heardFrom(message: Message): void {
    if (!message || message.tab === this.tab) return;
    if (message.kind === "scratch") {
      this.on.present();
      return this.on.scratch?.(message.cells);
    }
    if (message.kind !== "edit") {
      if (message.kind === "hello") this.post({kind: "here", tab: this.tab});
      return this.on.present();
    }
    this.heard.set(message.cell, message.code);
    this.on.present();
    this.on.edit({cell: message.cell, code: message.code, base: message.base});
  }

  private post(message: Message): void {
    this.channel?.postMessage(message);
  }
}
