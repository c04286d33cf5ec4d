// Hands a file to the student as a download, from the page or the runtime frame alike: a link to a Blob, clicked
// in the same task as the student's click (a frame from another site may not start a download later than that).
import {h} from "./dom.js";

export function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = h("a", {href: url, download: name});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
