// Parses the attribute words after a fence's language or a directive's name:
//   ```js check name="total-is-right" message="total is 1² + … + n²"
//   ::: exercise id=sum-squares points=2 title="Sum of squares"
// Bare words are flags (or a role such as `starter`); `key=value` and `key="quoted value"` are attributes.

export interface Attributes {
  words: string[];
  values: Map<string, string>;
}

const TOKEN = /\s*(?:([A-Za-z_][\w-]*)=(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+))|("(?:[^"\\]|\\.)*")|(\S+))/y;

/** Returns the attributes, or a string describing the first token that could not be read. */
export function parseAttributes(text: string): Attributes | string {
  const words: string[] = [];
  const values = new Map<string, string>();
  TOKEN.lastIndex = 0;
  let rest = text.trim();
  while (rest.length) {
    TOKEN.lastIndex = 0;
    const m = TOKEN.exec(rest);
    if (!m) return `could not read "${rest}"`;
    if (m[1] !== undefined) {
      const value = m[2] ?? m[3] ?? m[4] ?? "";
      if (values.has(m[1])) return `"${m[1]}" is given twice`;
      values.set(m[1], unescape(value));
    } else if (m[5] !== undefined) {
      return `the quoted text ${m[5]} needs a name in front of it, like name=${m[5]}`;
    } else if (m[6] !== undefined) {
      if (m[6].includes("=") || m[6].includes('"')) return `could not read "${m[6]}": write key=value or key="a value with spaces"`;
      words.push(m[6]);
    }
    rest = rest.slice(m[0].length).trimStart();
  }
  return {words, values};
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, "$1");
}
