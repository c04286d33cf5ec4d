// A check's probe: the student's exercise code run again with some of the values it reads replaced (another `n`,
// another sample of the data, the test rows shuffled), so an answer typed in as a literal gives itself away. The
// exercise lists the names a probe may vary (`::: exercise ... vary="n"`); a check asks
//
//   const other = await probe({n: 7});   // the exercise's values, computed by the student's code with n = 7
//
// and compares them with what it computes itself from the same inputs. The student's code runs where it always
// runs: in the page's engine, or on the student's side of a split run (split.ts), which receives the inputs as
// data and answers with data; the checks' realm never runs a line of it. The solution is not used: the student
// build has none, and a visible check must mean the same in the page as in the grader.
import type {Exercise} from "../notebook/types.js";
import {show} from "./assert.js";
import {AuthoringError, ProbeError} from "./errors.js";

export type ProbeRunner = (exerciseId: string, overrides: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** "`n` = 7 and `yTest` = [...]": what a probe varied, for messages. */
export function describeInputs(overrides: Record<string, unknown>): string {
  return Object.entries(overrides).map(([k, v]) => `\`${k}\` = ${show(v)}`).join(" and ");
}

/** The `probe` function a check of `exercise` gets. */
export function probeFor(exercise: Exercise, run: ProbeRunner): (overrides: Record<string, unknown>) => Promise<Record<string, unknown>> {
  return async (overrides) => {
    if (!overrides || typeof overrides !== "object" || Array.isArray(overrides)) {
      throw new AuthoringError("probe({name: value}) takes an object: the names to vary and their values");
    }
    for (const name of Object.keys(overrides)) {
      if (!exercise.vary.includes(name)) {
        throw new AuthoringError(`probe varies \`${name}\`, which exercise "${exercise.id}" does not list: add it to vary="..." on its ::: exercise line`);
      }
    }
    try {
      return await run(exercise.id, overrides);
    } catch (e) {
      throw new ProbeError(describeInputs(overrides), e);
    }
  };
}
