// Dates as whole day numbers: day 0 is 2024-01-01, the first day of the order history. Counting days keeps the
// arithmetic of windows plain (`cutoff - 180`, `day < cutoff`) and the columns numeric, so models and as-of joins
// take them as they are. ISO dates ("2025-04-01") are for people: labels, prose and the calendar's month starts.
import {LibraryInputError, describe} from "../base.js";

const MS_PER_DAY = 86_400_000;
const ZERO_MS = Date.UTC(2024, 0, 1);

/** The day number of an ISO date: `dayOf("2024-07-01")` is 182. */
export function dayOf(isoDate: string): number {
  if (typeof isoDate !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) {
    throw new LibraryInputError(`dayOf needs a date written as "YYYY-MM-DD", got ${describe(isoDate)}`);
  }
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate) {
    throw new LibraryInputError(`dayOf: ${isoDate} is not a date of the calendar`);
  }
  return Math.round((ms - ZERO_MS) / MS_PER_DAY);
}

/** The ISO date of a day number: `dateOf(182)` is "2024-07-01". */
export function dateOf(day: number): string {
  if (typeof day !== "number" || !Number.isInteger(day)) throw new LibraryInputError(`dateOf needs a whole day number, got ${describe(day)}`);
  return new Date(ZERO_MS + day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The first day of each month from `from` to `to` (ISO months "YYYY-MM", both included): `{month, day}` rows. */
export function monthStarts(from: string, to: string): {month: string; day: number}[] {
  const parse = (m: string, name: string): [number, number] => {
    if (typeof m !== "string" || !/^\d{4}-\d{2}$/.test(m)) throw new LibraryInputError(`monthStarts: ${name} must be a month written as "YYYY-MM", got ${describe(m)}`);
    return [Number(m.slice(0, 4)), Number(m.slice(5, 7))];
  };
  let [y, mo] = parse(from, "from");
  const [y2, mo2] = parse(to, "to");
  if (y * 12 + mo > y2 * 12 + mo2) throw new LibraryInputError(`monthStarts: from (${from}) comes after to (${to})`);
  const out: {month: string; day: number}[] = [];
  while (y * 12 + mo <= y2 * 12 + mo2) {
    const month = `${y}-${String(mo).padStart(2, "0")}`;
    out.push({month, day: dayOf(`${month}-01`)});
    mo++;
    if (mo > 12) {
      mo = 1;
      y++;
    }
  }
  return out;
}
