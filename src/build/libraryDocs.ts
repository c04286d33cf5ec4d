// The teaching library's reference for the editor (autocomplete and docs on hover), read at build time from the
// library's own types and doc comments with the TypeScript compiler, so nothing is written twice: a new export or
// option, or a changed comment, reaches the editor with the next build. Node only.
import path from "node:path";
import ts from "typescript";

export interface LibraryOption {
  name: string;
  type: string;
  summary: string;
}

export interface LibraryEntry {
  name: string;
  kind: "function" | "class" | "constant";
  /** As the editor shows it: `rocAucScore(yTrue: BinaryLabels, scores: Vector): number`. */
  signature: string;
  /** The doc comment's first sentence. */
  summary: string;
  /** Fields of an options object the function or constructor takes (its last object parameter). */
  options: LibraryOption[];
  /** A class's public methods and documented fields. */
  members: LibraryOption[];
}

const MAX_TYPE = 140;

export function extractLibraryDocs(entry: string): LibraryEntry[] {
  const program = ts.createProgram([entry], {target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, skipLibCheck: true, noEmit: true});
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.resolve(entry));
  if (!source) throw new Error(`cannot read ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const typeText = (type: ts.Type) => shorten(checker.typeToString(type, undefined, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope));
  const docOf = (symbol: ts.Symbol) => firstSentence(ts.displayPartsToString(symbol.getDocumentationComment(checker)));

  const optionsOf = (signature: ts.Signature | undefined): LibraryOption[] => {
    const last = signature?.getParameters().at(-1);
    const decl = last?.valueDeclaration;
    if (!last || !decl) return [];
    const type = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(last, decl));
    if (!(type.flags & ts.TypeFlags.Object) || checker.isArrayType(type) || type.getCallSignatures().length) return [];
    const props = checker.getPropertiesOfType(type);
    // A plain options bag: every field optional (a required field means a data record, not options).
    if (!props.length || !props.every((p) => p.flags & ts.SymbolFlags.Optional)) return [];
    return props.map((p) => ({name: p.name, type: typeText(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(p, decl))), summary: docOf(p)}));
  };
  const signatureText = (name: string, signature: ts.Signature, prefix = "") => {
    const params = signature.getParameters().map((p) => {
      const decl = p.valueDeclaration as ts.ParameterDeclaration | undefined;
      const optional = decl && (decl.questionToken || decl.initializer) ? "?" : "";
      const rest = decl?.dotDotDotToken ? "..." : "";
      // A destructured parameter ({n, seed} = {}) has no name of its own: it is the options.
      const name = p.name.startsWith("__") ? "options" : p.name;
      const type = checker.getTypeOfSymbolAtLocation(p, decl ?? source);
      return `${rest}${name}${optional}: ${typeText(optional ? checker.getNonNullableType(type) : type)}`;
    });
    const returns = prefix ? "" : `: ${typeText(signature.getReturnType())}`;
    return `${prefix}${name}(${params.join(", ")})${returns}`;
  };

  const entries: LibraryEntry[] = [];
  for (let symbol of checker.getExportsOfModule(moduleSymbol)) {
    const name = symbol.name;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!decl || !(symbol.flags & ts.SymbolFlags.Value)) continue; // types and interfaces: nothing a cell can call
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
    if (symbol.flags & ts.SymbolFlags.Class) {
      const construct = type.getConstructSignatures()[0];
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      const members = checker.getPropertiesOfType(instance)
        .filter((m) => !m.name.startsWith("_") && !isPrivate(m))
        .map((m) => {
          const mType = checker.getTypeOfSymbolAtLocation(m, decl);
          const call = mType.getCallSignatures()[0];
          return {name: m.name, type: call ? signatureText(m.name, call) : typeText(mType), summary: docOf(m)};
        })
        .filter((m) => m.summary || m.type.includes("("));
      entries.push({name, kind: "class", signature: construct ? signatureText(name, construct, "new ") : `new ${name}()`, summary: docOf(symbol), options: optionsOf(construct), members});
    } else {
      const call = type.getCallSignatures()[0];
      if (call) entries.push({name, kind: "function", signature: signatureText(name, call), summary: docOf(symbol), options: optionsOf(call), members: []});
      else entries.push({name, kind: "constant", signature: `${name}: ${typeText(type)}`, summary: docOf(symbol), options: [], members: []});
    }
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

function isPrivate(symbol: ts.Symbol): boolean {
  const decl = symbol.valueDeclaration;
  if (!decl) return false;
  const flags = ts.getCombinedModifierFlags(decl as ts.Declaration);
  return Boolean(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) || (ts.isPropertyDeclaration(decl) || ts.isMethodDeclaration(decl)) && ts.isPrivateIdentifier(decl.name);
}

/** Up to the first full stop that ends a sentence (not "e.g.", "1.5" or one inside brackets), on one line. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  let depth = 0;
  for (let i = 0; i < flat.length; i++) {
    const c = flat[i]!;
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
    else if (c === "." && depth === 0 && (i + 1 === flat.length || flat[i + 1] === " ") && !/\b(?:e\.g|i\.e|etc|vs)$/.test(flat.slice(0, i))) return flat.slice(0, i + 1);
  }
  return flat;
}

/** Types as a student reads them: no absolute paths of modules, no typed arrays' buffer parameter, not too long. */
function shorten(text: string): string {
  const plain = text
    .replace(/typeof import\("[^"]*node_modules\/((?:@[^/"]+\/)?[^/"]+)[^"]*"\)/g, "module $1")
    .replace(/<ArrayBufferLike>|<ArrayBuffer>/g, "");
  return plain.length > MAX_TYPE ? `${plain.slice(0, MAX_TYPE - 1)}…` : plain;
}
