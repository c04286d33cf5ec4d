// Names a cell may read without them becoming inputs: JavaScript and browser globals.
//
// NOTEBOOK_KIT_GLOBALS is the same set as @observablehq/notebook-kit's `defaultGlobals`
// (dist/src/javascript/globals.js), so that our inputs match its inputs cell for cell (the differential
// test checks this). EXTRA_GLOBALS adds standard built-ins that notebook-kit's list lacks; a cell reading
// one of them would otherwise get an input no cell defines.

export const NOTEBOOK_KIT_GLOBALS: readonly string[] = [
  "Array", "ArrayBuffer", "atob", "AudioContext", "Blob", "Boolean", "BigInt", "btoa", "clearInterval",
  "clearTimeout", "console", "crypto", "CustomEvent", "DataView", "Date", "decodeURI", "decodeURIComponent",
  "devicePixelRatio", "document", "encodeURI", "encodeURIComponent", "Error", "escape", "eval", "fetch", "File",
  "FileList", "FileReader", "Float32Array", "Float64Array", "Function", "Headers", "Image", "ImageData",
  "Infinity", "Int16Array", "Int32Array", "Int8Array", "Intl", "isFinite", "isNaN", "JSON", "Map", "Math", "NaN",
  "Number", "navigator", "Object", "observable", "parseFloat", "parseInt", "performance", "Path2D", "Promise",
  "Proxy", "RangeError", "ReferenceError", "Reflect", "RegExp", "cancelAnimationFrame", "requestAnimationFrame",
  "Set", "setInterval", "setTimeout", "String", "Symbol", "SyntaxError", "TextDecoder", "TextEncoder", "this",
  "TypeError", "Uint16Array", "Uint32Array", "Uint8Array", "Uint8ClampedArray", "undefined", "unescape",
  "URIError", "URL", "WeakMap", "WeakSet", "WebSocket", "Worker", "window"
];

/** Standard ECMAScript and Web built-ins missing from notebook-kit's list (a deliberate difference). */
export const EXTRA_GLOBALS: readonly string[] = [
  "AbortController", "AggregateError", "Atomics", "BigInt64Array", "BigUint64Array", "EvalError", "Event",
  "EventTarget", "FinalizationRegistry", "globalThis", "queueMicrotask", "SharedArrayBuffer", "structuredClone",
  "URLSearchParams", "WeakRef"
];

export const GLOBALS: ReadonlySet<string> = new Set([...NOTEBOOK_KIT_GLOBALS, ...EXTRA_GLOBALS]);

/** Names the transpiler's rewriting introduces; student code may neither declare nor reference them. */
export const GUARD_NAME = "__guard";
export const IMPORT_NAME = "__import";
/** Where a cell records each top-level name once declared (transpile-defined.ts), for a run that fails later. */
export const DEFINED_NAME = "__defined";
export const RESERVED: ReadonlySet<string> = new Set([GUARD_NAME, IMPORT_NAME, DEFINED_NAME]);

/**
 * The body's first line is the arrow function's header (`(a, b) => {`, plus `return (` for an expression
 * cell); the cell's line 1 is the body's line 2. Map a runtime error's line in the body back to the cell
 * with `cellLine = bodyLine - BODY_LINE_OFFSET`.
 */
export const BODY_LINE_OFFSET = 1;
