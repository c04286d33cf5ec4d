// Minimal types for the Observable packages that ship none.
declare module "@observablehq/runtime" {
  export class Runtime {
    constructor(builtins?: Record<string, unknown>, global?: (name: string) => unknown);
    module(): unknown;
    dispose(): void;
  }
  export class RuntimeError extends Error {
    constructor(message: string, input?: string);
    input?: string;
  }
}

declare module "@observablehq/inspector" {
  export class Inspector {
    constructor(node: Element);
    pending(): void;
    fulfilled(value: unknown, name?: string): void;
    rejected(error: unknown, name?: string): void;
  }
}

declare module "@observablehq/inputs" {
  export function range(extent: [number, number], options?: Record<string, unknown>): HTMLElement & {value: number};
  export function select(data: unknown, options?: Record<string, unknown>): HTMLElement & {value: unknown};
  export function table(data: unknown, options?: Record<string, unknown>): HTMLElement;
  export function button(content?: unknown, options?: Record<string, unknown>): HTMLElement;
  export function checkbox(data: unknown, options?: Record<string, unknown>): HTMLElement & {value: unknown[]};
  export function toggle(options?: Record<string, unknown>): HTMLElement & {value: boolean};
  export function radio(data: unknown, options?: Record<string, unknown>): HTMLElement & {value: unknown};
  export function text(options?: Record<string, unknown>): HTMLElement & {value: string};
  export function textarea(options?: Record<string, unknown>): HTMLElement & {value: string};
  export function number(extent?: [number, number], options?: Record<string, unknown>): HTMLElement & {value: number};
}
