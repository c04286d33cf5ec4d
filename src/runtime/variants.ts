// A dataset per student (front matter `variants: true`): each student's data seed comes from their id, the same in
// the page and in the grader, so the grader can run a student's checks on the data that student saw without
// trusting a seed written in the file. A submission copied from another student is graded on the copier's own
// seed, where answers typed in from the other's page are wrong.

/** Ids are compared as people write them: case and spaces around them do not matter. */
export function normaliseStudentId(id: string): string {
  return id.trim().toLowerCase();
}

/**
 * The data seed of a student: FNV-1a (32 bits) of their normalised id, in 1 to 999,999 so it reads easily on the
 * page. A hash, not a secret: what keeps a student on their own data is that the grader derives it too.
 */
export function seedForStudent(id: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(normaliseStudentId(id))) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 1 + (hash % 999_999);
}
