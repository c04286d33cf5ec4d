// A notebook file's bytes to text. Notebooks are UTF-8: anything else (a Latin-1 file from an old editor) would
// be read with U+FFFD in place of its accents ("Zo�") and shipped garbled, so it is refused at the first bad
// byte, with its line and column. A byte-order mark (some Windows editors write one) is accepted and dropped.
import {NotebookError} from "./types.js";

const BOM = "\uFEFF";

export function decodeNotebook(bytes: Uint8Array, file: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", {fatal: true}).decode(bytes);
  } catch {
    const {line, column, offset} = firstInvalidByte(bytes);
    throw new NotebookError(file, line, `the file is not valid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, "0")} at offset ${offset})`,
      "Save the notebook as UTF-8 (in most editors: Save with encoding, UTF-8)", column);
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Drops a leading byte-order mark from text already decoded (a submission, a notebook given as a string). */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * Where the first byte that is not part of a well-formed UTF-8 sequence sits: 1-based line, and 1-based column
 * counted in characters (each well-formed sequence before it is one character, as an editor counts).
 */
export function firstInvalidByte(bytes: Uint8Array): {line: number; column: number; offset: number} {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return {line, column, offset: i};
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else {
      column++;
    }
    i += length;
  }
  return {line, column, offset: bytes.length - 1};
}

/** The length of the well-formed UTF-8 sequence at i (Unicode table 3-7), or 0 if it is not one. */
function sequenceLength(b: Uint8Array, i: number): number {
  const b0 = b[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
