// `view(input)`: shows an input (a slider, a select, ...) and gives its current value to the cells that read it,
// re-running them on every change. As Observable's Generators.input: yield the value now, then on each event.

interface InputLike {
  value: unknown;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export function isInputLike(x: unknown): x is InputLike {
  return !!x && typeof x === "object" && "value" in x && typeof (x as InputLike).addEventListener === "function";
}

export async function* inputValues(input: InputLike): AsyncGenerator<unknown, void, unknown> {
  let wake: (() => void) | null = null;
  let changed = false;
  const onInput = () => {
    changed = true;
    wake?.();
  };
  input.addEventListener("input", onInput);
  try {
    yield input.value;
    while (true) {
      if (!changed) await new Promise<void>((resolve) => (wake = resolve));
      changed = false;
      wake = null;
      yield input.value;
    }
  } finally {
    input.removeEventListener("input", onInput);
  }
}
