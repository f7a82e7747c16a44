// A fast path for reading kubeconfigs: a small, strict parser for the YAML that kubectl, client-go, the
// cloud CLIs, kind and minikube write — block mappings and sequences (a sequence may sit at its key's
// indentation, as kubectl writes `clusters:\n- cluster:`), plain scalars, simple quoted scalars, `{}`,
// `[]`, null, booleans and full-line comments. It returns exactly what `parseDocument(text).toJS()`
// returns, or undefined ("not sure") for anything else, and then the yaml package reads the file as
// before (so every error keeps its file:line:col). The general parser's cold code paths cost ~8 ms of
// each start; this costs well under one.
//
// Security: a kubeconfig is hostile input. This path must never accept what yaml rejects or reads
// differently, so it declines rather than guesses: tabs, CR, non-ASCII or control characters,
// directives and document markers, anchors, aliases, tags, block scalars, flow collections other than
// `{}`/`[]`, multi-line scalars, trailing comments, escapes in double quotes, keys that are not simple
// words, duplicate keys, `__proto__`, scalars the YAML 1.2 core schema reads as numbers, and nesting
// deeper than MAX_DEPTH. The differential tests (test/unit/cluster/kubeconfig-lite*.test.ts) hold it to that.

interface Line {
  indent: number;
  /** The line after its indentation, trailing spaces removed; never empty, never a comment. */
  text: string;
  /** A blank or comment line came just before (which ends a multi-line plain scalar). */
  gap: boolean;
}

/** Thrown inside the parser to decline; never escapes parseKubeconfigLite. */
class Decline extends Error {}

const MAX_DEPTH = 64;
const MAX_KEY = 128;
const KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?: +(.*))?$/;
const NOT_STRING_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|__proto__)$/;
/** Printable ASCII and newline only: no tab, CR, control character, BOM or non-ASCII. */
const UNSAFE_TEXT = /[^\n\x20-\x7e]/;
/** The YAML 1.2 core schema's tests (yaml 2.x schema/core), which this path does not type itself. */
const CORE_NUMBER = [
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
];
/** Characters that may not start a plain scalar here (YAML indicators; quotes are read apart). */
const INDICATOR_START = /^[?:,[\]{}#&*!|>%@`]/;

function decline(): never {
  throw new Decline();
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let gap = false;
  for (const raw of text.split('\n')) {
    const body = raw.trimEnd();
    const content = body.trimStart();
    if (content === '' || content.startsWith('#')) {
      gap = true;
      continue;
    }
    if (/^(?:---|\.\.\.|%)/.test(body)) decline();
    lines.push({ indent: body.length - content.length, text: content, gap });
    gap = false;
  }
  return lines;
}

function scalar(text: string): unknown {
  if (text === '{}') return {};
  if (text === '[]') return [];
  const quote = text[0];
  if (quote === "'" || quote === '"') {
    const end = text.length - 1;
    if (end < 1 || text[end] !== quote) decline();
    const inner = text.slice(1, end);
    if (quote === '"') {
      if (/["\\]/.test(inner)) decline();
      return inner;
    }
    if (inner.replaceAll("''", '').includes("'")) decline();
    return inner.replaceAll("''", "'");
  }
  if (INDICATOR_START.test(text) || /^-(?: |$)/.test(text)) decline();
  if (/: |:$| #/.test(text)) decline();
  if (/^(?:~|[Nn]ull|NULL)$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(text)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(text)) return false;
  if (CORE_NUMBER.some((re) => re.test(text))) decline();
  return text;
}

class Reader {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  document(): unknown {
    const first = this.lines[0];
    if (!first) return null;
    if (first.indent !== 0) decline();
    const value = this.mapping(0, 1);
    if (this.i < this.lines.length) decline();
    return value;
  }

  /** The value of a key or item whose own line ended: a nested block, or null. */
  private child(parentIndent: number, sameIndentSequence: boolean, depth: number): unknown {
    const next = this.lines[this.i];
    if (!next) return null;
    if (next.indent > parentIndent) {
      return /^-(?: |$)/.test(next.text)
        ? this.sequence(next.indent, depth)
        : this.mapping(next.indent, depth);
    }
    if (sameIndentSequence && next.indent === parentIndent && /^-(?: |$)/.test(next.text)) {
      return this.sequence(parentIndent, depth);
    }
    return null;
  }

  /**
   * A plain value continued on more indented lines (as PyYAML writes gcloud's long installHint), folded
   * into one line. Only plain words continue: a quoted start, a gap or an indicator declines.
   */
  private folded(first: string, indent: number): string {
    let text = first;
    for (let line = this.lines[this.i]; line && line.indent > indent; line = this.lines[this.i]) {
      if (line.gap || /^['"]/.test(first) || /^[-?:,[\]{}#&*!|>'"%@`]/.test(line.text)) decline();
      if (/: |:$| #/.test(line.text)) decline();
      text += ` ${line.text}`;
      this.i++;
    }
    return text;
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) decline();
    const map: Record<string, unknown> = {};
    for (let line = this.lines[this.i]; line && line.indent >= indent; line = this.lines[this.i]) {
      if (line.indent > indent) decline();
      const match = KEY.exec(line.text);
      if (!match) decline();
      const key = match[1]!;
      if (key.length > MAX_KEY || NOT_STRING_KEY.test(key) || Object.hasOwn(map, key)) decline();
      this.i++;
      const rest = match[2];
      map[key] = rest === undefined ? this.child(indent, true, depth + 1) : scalar(this.folded(rest, indent));
    }
    return map;
  }

  private sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) decline();
    const list: unknown[] = [];
    for (let line = this.lines[this.i]; line && line.indent === indent; line = this.lines[this.i]) {
      const item = /^-(?: +(.*))?$/.exec(line.text);
      if (!item) break; // the parent mapping's next key (a sequence at its key's indentation)
      const rest = item[1];
      if (rest === undefined) {
        this.i++;
        list.push(this.child(indent, false, depth + 1));
      } else if (KEY.test(rest)) {
        // A mapping that starts on the item's line: its keys line up with the first one.
        const column = line.text.length - rest.length + indent;
        this.lines[this.i] = { indent: column, text: rest, gap: false };
        list.push(this.mapping(column, depth + 1));
      } else {
        this.i++;
        list.push(scalar(rest));
      }
    }
    const next = this.lines[this.i];
    if (next && next.indent > indent) decline();
    return list;
  }
}

/**
 * What `parseDocument(text).toJS()` returns for a kubeconfig in the subset described above, or
 * undefined when the text is outside it (the caller then parses it with the yaml package).
 */
export function parseKubeconfigLite(text: string): unknown {
  if (UNSAFE_TEXT.test(text)) return undefined;
  try {
    return new Reader(splitLines(text)).document();
  } catch (error) {
    if (error instanceof Decline) return undefined;
    throw error;
  }
}
