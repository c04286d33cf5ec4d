// The styles of an exported notebook (exportNotebook.ts): every rule the page's stylesheets hold, as one <style>, with
// nothing left that would fetch a file. KaTeX's fonts are what the math is drawn with (its glyphs are placed for
// them), so the faces the notebook's math uses are inlined as data: URLs (woff2, 5 to 28 KB each; welcome's math
// uses 3 of KaTeX's 20 faces: 148 KB for the whole solved drill) and the rest are dropped; any other url() is dropped too.

/** A font face the page's text is set in: "KaTeX_Main|400|normal". */
type FaceKey = string;

const faceKey = (family: string, weight: string, style: string): FaceKey => `${unquote(family)}|${numericWeight(weight)}|${style || "normal"}`;
const unquote = (family: string) => family.split(",")[0]!.trim().replace(/^["']|["']$/g, "");
const numericWeight = (w: string) => (w === "bold" ? "700" : w === "normal" || !w ? "400" : w);

/** The KaTeX faces the math inside `root` is set in (from computed styles: they hold in blocks not yet laid out). */
export function mathFaces(root: Element): Set<FaceKey> {
  const faces = new Set<FaceKey>();
  for (const el of root.querySelectorAll(".katex-html, .katex-html *")) {
    const style = getComputedStyle(el);
    if (/KaTeX_/.test(style.fontFamily)) faces.add(faceKey(style.fontFamily, style.fontWeight, style.fontStyle));
  }
  return faces;
}

/** The page's stylesheets as one text, fonts of `faces` inlined, other faces and every other url() dropped. */
export async function pageCss(faces: Set<FaceKey>, doc: Document = document): Promise<string> {
  const fontRules: CSSFontFaceRule[] = [];
  const texts: string[] = [];
  for (const sheet of doc.styleSheets) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue; // a sheet from another origin cannot be read (the app has none)
    }
    for (const rule of rules) {
      if (rule instanceof CSSFontFaceRule) fontRules.push(rule);
      else if (!(rule instanceof CSSImportRule)) texts.push(withoutUrls(rule.cssText));
    }
  }
  const fonts = await Promise.all(neededFaces(fontRules, faces).map(inlineFace));
  return [...fonts.filter((f): f is string => f !== undefined), ...texts].join("\n");
}

/** Replaces url(...) that is not data: with `none`, so no rule can fetch anything. */
export function withoutUrls(css: string): string {
  return css.replace(/url\(\s*(?!["']?data:)[^)]*\)/g, "none");
}

/**
 * The rules for the faces in use. A face the page asked for that no rule has exactly (a weight the family lacks)
 * is drawn by the browser from the family's nearest face: keep all of that family's faces then.
 */
function neededFaces(rules: CSSFontFaceRule[], faces: Set<FaceKey>): CSSFontFaceRule[] {
  const keyOf = (r: CSSFontFaceRule) => faceKey(r.style.getPropertyValue("font-family"), r.style.getPropertyValue("font-weight"), r.style.getPropertyValue("font-style"));
  const have = new Set(rules.map(keyOf));
  const wholeFamilies = new Set([...faces].filter((k) => !have.has(k)).map((k) => k.split("|")[0]));
  return rules.filter((r) => faces.has(keyOf(r)) || wholeFamilies.has(unquote(r.style.getPropertyValue("font-family"))));
}

/** One face with its woff2 file as a data: URL (fetched from where the page got it: the offline copy, offline). */
async function inlineFace(rule: CSSFontFaceRule): Promise<string | undefined> {
  const src = rule.style.getPropertyValue("src");
  const url = /url\(\s*["']?([^"')]+)["']?\s*\)\s*format\(\s*["']?woff2/.exec(src)?.[1];
  if (!url) return undefined;
  let data = url;
  if (!url.startsWith("data:")) {
    try {
      const response = await fetch(new URL(url, rule.parentStyleSheet?.href ?? location.href));
      if (!response.ok) return undefined;
      data = await dataUrl(await response.blob(), "font/woff2");
    } catch {
      return undefined; // the math is drawn with the reader's fonts then: legible, less exact
    }
  }
  const s = rule.style;
  return `@font-face{font-family:${s.getPropertyValue("font-family")};font-style:${s.getPropertyValue("font-style") || "normal"};font-weight:${s.getPropertyValue("font-weight") || "normal"};font-display:block;src:url(${data}) format("woff2")}`;
}

export function dataUrl(blob: Blob, type = blob.type): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^;,]*/, `data:${type}`));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
