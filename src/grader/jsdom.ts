// Gives Node a DOM so notebooks can run headless outside a browser (`drillbook validate`): cells build inputs
// and plots, which need `document` and the DOM classes. This is vitest's own jsdom environment (the one
// tests/unit/notebooks.test.ts runs in), so validate and the notebook tests see the same page.
import {builtinEnvironments} from "vitest/runtime";

let installed: Promise<void> | null = null;

export function installDom(): Promise<void> {
  installed ??= (async () => {
    if (typeof (globalThis as {document?: unknown}).document !== "undefined") return;
    await builtinEnvironments.jsdom.setup(globalThis, {jsdom: {url: "http://localhost/"}});
    shimAccessorsOnLegacyProxies();
  })();
  return installed;
}

/**
 * jsdom 26 wraps <form> and <select> in a Proxy whose `set` trap refuses accessor properties defined on the
 * element itself (jsdom/jsdom#3565), so `Object.defineProperty(form, "value", {get, set})` followed by
 * `form.value = x` throws in strict code. Observable Inputs does exactly that for every input. A browser calls
 * the setter; so does the trap when the accessor sits on the prototype chain, so such accessors are moved onto
 * a per-element prototype. (vitest runs module code non-strict, where the failed set is silently ignored.)
 */
function shimAccessorsOnLegacyProxies(): void {
  const g = globalThis as unknown as Record<string, (new () => object) | undefined>;
  const legacy = [g.HTMLFormElement, g.HTMLSelectElement].filter((c): c is new () => object => typeof c === "function");
  const define = Object.defineProperty;
  Object.defineProperty = function defineProperty<T>(target: T, key: PropertyKey, desc: PropertyDescriptor & ThisType<unknown>): T {
    const accessor = desc && (typeof desc.get === "function" || typeof desc.set === "function");
    if (accessor && legacy.some((c) => target instanceof c)) {
      const own = Object.getPrototypeOf(target) as object;
      const proto = Object.prototype.hasOwnProperty.call(own, shimMark) ? own : Object.create(own, {[shimMark]: {value: true}});
      define(proto, key, desc);
      if (proto !== own) Object.setPrototypeOf(target, proto);
      return target;
    }
    return define(target, key, desc);
  } as typeof Object.defineProperty;
}

const shimMark = Symbol("drillbook.accessorShim");
