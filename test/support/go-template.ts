/**
 * A strict subset of Go's text/template, enough to render this repository's Helm chart without
 * Helm (Debian ships no `helm`, and no Go toolchain that builds it can be fetched here). It parses
 * and runs: text with `{{- -}}` trimming, comments, pipelines (`|`), parenthesised calls, fields of
 * `.` and of variables, `$`, `:=` / `=`, string / number / bool / nil literals, and the actions
 * if / else if / else, with, range (with `$v :=` or `$i, $v :=`), define, template and end.
 * Anything else (an unknown function, a block, a field of nothing) throws, naming the template and
 * the line, so a construct this subset does not know fails the test instead of rendering wrong.
 * Not modelled: Go's int / float64 distinction in comparisons, and `missingkey` options.
 */

export type Func = (...args: unknown[]) => unknown;

type Operand =
  | { k: 'field'; base: string; path: string[] } // base '.', '$', or '$name'
  | { k: 'lit'; v: unknown }
  | { k: 'fn'; name: string }
  | { k: 'sub'; pipe: Pipeline };

interface Pipeline {
  decl?: { vars: string[]; assign: boolean };
  cmds: Operand[][];
}

type Node =
  | { t: 'text'; text: string }
  | { t: 'out'; pipe: Pipeline; at: string }
  | { t: 'if' | 'with'; pipe: Pipeline; body: Node[]; else: Node[]; at: string }
  | { t: 'range'; pipe: Pipeline; body: Node[]; else: Node[]; at: string }
  | { t: 'template'; name: string; pipe?: Pipeline; at: string };

interface Action {
  src: string;
  at: string;
}

// ---- lexing ----------------------------------------------------------------------------------

function split(text: string, file: string): Array<string | Action> {
  const out: Array<string | Action> = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      out.push(text.slice(i));
      break;
    }
    let before = text.slice(i, open);
    let inner = open + 2;
    if (/^-\s/.test(text.slice(inner, inner + 2))) {
      before = before.replace(/\s+$/, '');
      inner += 1;
    }
    const close = text.indexOf('}}', inner);
    if (close < 0) throw new Error(`${file}: unclosed action`);
    let src = text.slice(inner, close);
    let next = close + 2;
    if (/\s-$/.test(src)) {
      src = src.slice(0, -1);
      const rest = text.slice(next);
      next += rest.length - rest.replace(/^\s+/, '').length;
    }
    out.push(before);
    const line = text.slice(0, open).split('\n').length;
    if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(src)) out.push({ src: src.trim(), at: `${file}:${line}` });
    i = next;
  }
  return out;
}

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(-?\d+(?:\.\d+)?)|(:=|=|\||\(|\)|,)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|((?:\.[A-Za-z0-9_]+)+|\.)|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokens(src: string, at: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`${at}: cannot read ${JSON.stringify(src.slice(start))}`);
    out.push(m[0].trim());
  }
  return out;
}

// ---- parsing -----------------------------------------------------------------------------------

class Parser {
  pos = 0;
  readonly toks: string[];
  readonly at: string;
  readonly funcs: ReadonlySet<string>;
  constructor(toks: string[], at: string, funcs: ReadonlySet<string>) {
    this.toks = toks;
    this.at = at;
    this.funcs = funcs;
  }
  peek(): string | undefined {
    return this.toks[this.pos];
  }
  take(): string {
    const t = this.toks[this.pos++];
    if (t === undefined) throw new Error(`${this.at}: unexpected end of action`);
    return t;
  }

  pipeline(): Pipeline {
    const p: Pipeline = { cmds: [] };
    const decl = this.declaration();
    if (decl) p.decl = decl;
    for (;;) {
      const cmd: Operand[] = [];
      while (this.peek() !== undefined && this.peek() !== '|' && this.peek() !== ')')
        cmd.push(this.operand());
      if (cmd.length === 0) throw new Error(`${this.at}: empty command`);
      p.cmds.push(cmd);
      if (this.peek() !== '|') return p;
      this.take();
    }
  }

  private declaration(): Pipeline['decl'] {
    const vars: string[] = [];
    let i = this.pos;
    while (this.toks[i]?.startsWith('$') && !this.toks[i]!.includes('.')) {
      vars.push(this.toks[i]!);
      if (this.toks[i + 1] !== ',') break;
      i += 2;
    }
    const op = this.toks[i + 1];
    if (vars.length === 0 || (op !== ':=' && op !== '=')) return undefined;
    this.pos = i + 2;
    return { vars, assign: op === '=' };
  }

  operand(): Operand {
    const t = this.take();
    if (t === '(') {
      const pipe = this.pipeline();
      if (this.take() !== ')') throw new Error(`${this.at}: missing )`);
      return { k: 'sub', pipe };
    }
    if (t.startsWith('"')) return { k: 'lit', v: JSON.parse(t) as string };
    if (t.startsWith('`')) return { k: 'lit', v: t.slice(1, -1) };
    if (/^-?\d/.test(t)) return { k: 'lit', v: Number(t) };
    if (t === 'true' || t === 'false') return { k: 'lit', v: t === 'true' };
    if (t === 'nil') return { k: 'lit', v: undefined };
    if (t.startsWith('$') || t.startsWith('.')) {
      const [base, ...path] = t.startsWith('.') ? ['.', ...t.split('.').slice(1)] : t.split('.');
      return { k: 'field', base: base!, path: path.filter((s) => s !== '') };
    }
    if (!this.funcs.has(t)) throw new Error(`${this.at}: function "${t}" not defined`);
    return { k: 'fn', name: t };
  }
}

const KEYWORDS = new Set(['if', 'else', 'end', 'with', 'range', 'define', 'template', 'block']);

interface ParseState {
  items: Array<string | Action>;
  i: number;
  defines: Map<string, Node[]>;
  funcs: ReadonlySet<string>;
}

function parser(s: ParseState, a: Action, rest: string[]): Parser {
  return new Parser(rest, a.at, s.funcs);
}

/** Nodes up to an `end` / `else` (returned as the terminator, with its remaining tokens). */
function parseList(s: ParseState, inBlock: boolean): { nodes: Node[]; term?: string[]; at?: string } {
  const nodes: Node[] = [];
  while (s.i < s.items.length) {
    const item = s.items[s.i++]!;
    if (typeof item === 'string') {
      if (item !== '') nodes.push({ t: 'text', text: item });
      continue;
    }
    const toks = tokens(item.src, item.at);
    const head = toks[0] ?? '';
    if (!KEYWORDS.has(head)) {
      nodes.push({ t: 'out', pipe: parser(s, item, toks).pipeline(), at: item.at });
      continue;
    }
    if (head === 'end' || head === 'else') {
      if (!inBlock) throw new Error(`${item.at}: unexpected {{${head}}}`);
      return { nodes, term: toks, at: item.at };
    }
    nodes.push(...parseControl(s, item, head, toks.slice(1)));
  }
  if (inBlock) throw new Error('unexpected end of template: missing {{end}}');
  return { nodes };
}

function parseBranches(s: ParseState, t: 'if' | 'with' | 'range', a: Action, rest: string[]): Node {
  const p = parser(s, a, rest);
  const pipe = p.pipeline();
  if (p.peek() !== undefined) throw new Error(`${a.at}: unexpected ${p.peek()}`);
  const body = parseList(s, true);
  let elseNodes: Node[] = [];
  if (body.term?.[0] === 'else') {
    if (body.term[1] === 'if' && t === 'if') {
      // {{else if X}} … is {{else}}{{if X}} … {{end}}{{end}}, sharing the one {{end}}
      const nested = parseBranches(s, 'if', { src: '', at: body.at! }, body.term.slice(2));
      return { t, pipe, body: body.nodes, else: [nested], at: a.at };
    }
    const after = parseList(s, true);
    if (after.term?.[0] !== 'end') throw new Error(`${after.at ?? a.at}: expected {{end}}`);
    elseNodes = after.nodes;
  }
  return { t, pipe, body: body.nodes, else: elseNodes, at: a.at };
}

function parseControl(s: ParseState, a: Action, head: string, rest: string[]): Node[] {
  if (head === 'if' || head === 'with' || head === 'range') return [parseBranches(s, head, a, rest)];
  if (head === 'define') {
    const name = JSON.parse(rest[0] ?? '""') as string;
    const body = parseList(s, true);
    if (body.term?.[0] !== 'end') throw new Error(`${a.at}: define "${name}" needs {{end}}`);
    s.defines.set(name, body.nodes);
    return [];
  }
  if (head === 'template') {
    const name = JSON.parse(rest[0] ?? '""') as string;
    const p = parser(s, a, rest.slice(1));
    return [{ t: 'template', name, ...(rest.length > 1 ? { pipe: p.pipeline() } : {}), at: a.at }];
  }
  throw new Error(`${a.at}: {{${head}}} is not supported by this renderer`);
}

// ---- evaluation --------------------------------------------------------------------------------

export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

interface Scope {
  dot: unknown;
  vars: Array<Map<string, unknown>>;
}

function lookupVar(scope: Scope, name: string, at: string): Map<string, unknown> {
  for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i]!.has(name)) return scope.vars[i]!;
  throw new Error(`${at}: undefined variable ${name}`);
}

function field(value: unknown, key: string, at: string): unknown {
  if (value === undefined || value === null) throw new Error(`${at}: nil pointer evaluating field ${key}`);
  if (typeof value !== 'object') throw new Error(`${at}: can't evaluate field ${key} in ${typeof value}`);
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

export class GoTemplates {
  private readonly defines = new Map<string, Node[]>();
  private readonly files = new Map<string, Node[]>();
  private readonly funcs: Record<string, Func>;

  constructor(funcs: Record<string, Func>) {
    this.funcs = { ...funcs, include: (name, data) => this.execute(this.named(String(name)), data) };
  }

  /** Parses a file; its `define`s become available to every file. */
  add(file: string, text: string): void {
    const s: ParseState = {
      items: split(text, file),
      i: 0,
      defines: this.defines,
      funcs: new Set(Object.keys(this.funcs)),
    };
    this.files.set(file, parseList(s, false).nodes);
  }

  render(file: string, data: unknown): string {
    const nodes = this.files.get(file);
    if (!nodes) throw new Error(`no template ${file}`);
    return this.execute(nodes, data);
  }

  private named(name: string): Node[] {
    const nodes = this.defines.get(name);
    if (!nodes) throw new Error(`no template "${name}" is defined`);
    return nodes;
  }

  private execute(nodes: Node[], data: unknown): string {
    return this.walk(nodes, { dot: data, vars: [new Map([['$', data]])] });
  }

  private walk(nodes: Node[], scope: Scope): string {
    let out = '';
    for (const n of nodes) out += this.node(n, scope);
    return out;
  }

  private inner(scope: Scope, dot: unknown): Scope {
    return { dot, vars: [...scope.vars, new Map()] };
  }

  private node(n: Node, scope: Scope): string {
    switch (n.t) {
      case 'text':
        return n.text;
      case 'out': {
        const v = this.pipeline(n.pipe, scope, n.at);
        return n.pipe.decl ? '' : printed(v, n.at);
      }
      case 'if': {
        const inner = this.inner(scope, scope.dot);
        const v = this.pipeline(n.pipe, inner, n.at);
        return truthy(v) ? this.walk(n.body, inner) : this.walk(n.else, this.inner(scope, scope.dot));
      }
      case 'with': {
        const inner = this.inner(scope, scope.dot);
        const v = this.pipeline(n.pipe, inner, n.at);
        inner.dot = v;
        return truthy(v) ? this.walk(n.body, inner) : this.walk(n.else, this.inner(scope, scope.dot));
      }
      case 'range':
        return this.range(n, scope);
      case 'template':
        return this.execute(this.named(n.name), n.pipe ? this.pipeline(n.pipe, scope, n.at) : undefined);
    }
  }

  private range(n: Extract<Node, { t: 'range' }>, scope: Scope): string {
    const decl = n.pipe.decl;
    const v = this.pipeline({ cmds: n.pipe.cmds }, scope, n.at);
    const entries: Array<[unknown, unknown]> = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : v && typeof v === 'object'
        ? Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]])
        : v === undefined || v === null
          ? []
          : (() => {
              throw new Error(`${n.at}: range can't iterate over ${String(v)}`);
            })();
    if (entries.length === 0) return this.walk(n.else, this.inner(scope, scope.dot));
    let out = '';
    for (const [key, value] of entries) {
      const inner = this.inner(scope, value);
      const frame = inner.vars[inner.vars.length - 1]!;
      if (decl?.vars.length === 1) frame.set(decl.vars[0]!, value);
      if (decl?.vars.length === 2) {
        frame.set(decl.vars[0]!, key);
        frame.set(decl.vars[1]!, value);
      }
      out += this.walk(n.body, inner);
    }
    return out;
  }

  private pipeline(p: Pipeline, scope: Scope, at: string): unknown {
    let value: unknown;
    p.cmds.forEach((cmd, i) => {
      value = this.command(cmd, scope, at, i === 0 ? [] : [value]);
    });
    if (p.decl) {
      const name = p.decl.vars[0]!;
      const frame = p.decl.assign ? lookupVar(scope, name, at) : scope.vars[scope.vars.length - 1]!;
      frame.set(name, value);
    }
    return value;
  }

  private command(cmd: Operand[], scope: Scope, at: string, piped: unknown[]): unknown {
    const [first, ...rest] = cmd;
    const args = [...rest.map((o) => this.operand(o, scope, at)), ...piped];
    if (first!.k === 'fn') {
      try {
        return this.funcs[first!.name]!(...args);
      } catch (e) {
        throw new Error(`${at}: ${first!.name}: ${(e as Error).message}`, { cause: e });
      }
    }
    const v = this.operand(first!, scope, at);
    if (typeof v === 'function') return (v as Func)(...args);
    if (args.length > 0) throw new Error(`${at}: can't give arguments to a non-function`);
    return v;
  }

  private operand(o: Operand, scope: Scope, at: string): unknown {
    switch (o.k) {
      case 'lit':
        return o.v;
      case 'fn':
        return this.funcs[o.name]!();
      case 'sub':
        return this.pipeline(o.pipe, scope, at);
      case 'field': {
        let v = o.base === '.' ? scope.dot : lookupVar(scope, o.base, at).get(o.base);
        for (const key of o.path) v = field(v, key, at);
        return v;
      }
    }
  }
}

/** What `{{ x }}` prints: Helm turns a missing value into ''. */
function printed(v: unknown, at: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') throw new Error(`${at}: printing a map or list (use toYaml)`);
  return String(v);
}
