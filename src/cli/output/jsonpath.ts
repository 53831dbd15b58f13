/**
 * The part of kubectl's JSONPath templates that scripts use: `{.a.b}`, `{.items[*].metadata.name}`,
 * `{.list[0]}`, `{.list[-1]}`, `['key.with.dots']`, filters `[?(@.tag=="latest")]`, literals
 * `{"\n"}`, and `{range .items[*]}…{end}`. As in kubectl, missing keys print nothing, several
 * results are separated by spaces, strings print bare and objects as JSON.
 */
import { CliError } from '../errors.js';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: Step[]; op: '==' | '!='; value: unknown };

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; steps: Step[] }
  | { kind: 'range'; steps: Step[]; body: Node[] };

const FILTER = /^\?\(@((?:\.[\w-]+)*)\s*(==|!=)\s*(.+)\)$/;

function literal(raw: string): unknown {
  const t = raw.trim();
  if (/^'.*'$/.test(t)) return t.slice(1, -1);
  try {
    return JSON.parse(t) as unknown;
  } catch {
    throw new CliError(`error parsing jsonpath: bad filter value ${raw}`);
  }
}

function bracket(inner: string): Step {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  if (quoted) return { kind: 'field', name: quoted[2] ?? '' };
  const filter = FILTER.exec(inner);
  if (filter) {
    const path = parsePath(filter[1] ?? '');
    return { kind: 'filter', path, op: filter[2] as '==' | '!=', value: literal(filter[3] ?? '') };
  }
  throw new CliError(`error parsing jsonpath: unsupported expression [${inner}]`);
}

/** `.a.b[0]['c'][*]` into steps; a leading `$` or `@` is the root. */
function parsePath(expr: string): Step[] {
  const steps: Step[] = [];
  let rest = expr.trim().replace(/^[$@]/, '');
  while (rest.length > 0) {
    const field = /^\.([^.[\]]+)/.exec(rest);
    if (field) {
      steps.push(field[1] === '*' ? { kind: 'wildcard' } : { kind: 'field', name: field[1] ?? '' });
      rest = rest.slice(field[0].length);
      continue;
    }
    const br = /^\[([^\]]*)\]/.exec(rest);
    if (br) {
      steps.push(bracket(br[1] ?? ''));
      rest = rest.slice(br[0].length);
      continue;
    }
    if (rest === '.') break;
    throw new CliError(`error parsing jsonpath: unexpected "${rest}"`);
  }
  return steps;
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.values(v);
  return [];
}

function matches(item: unknown, step: Extract<Step, { kind: 'filter' }>): boolean {
  const found = evaluate(step.path, [item]);
  const equal = found.some((f) => f === step.value);
  return step.op === '==' ? found.length > 0 && equal : !equal;
}

function fieldOf(v: unknown, name: string): unknown[] {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && name in v
    ? [(v as Record<string, unknown>)[name]]
    : [];
}

function elementOf(v: unknown, index: number): unknown[] {
  if (!Array.isArray(v)) return [];
  const i = index < 0 ? v.length + index : index;
  return i >= 0 && i < v.length ? [v[i]] : [];
}

function apply(step: Step, v: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return fieldOf(v, step.name);
    case 'index':
      return elementOf(v, step.index);
    case 'wildcard':
      return children(v);
    case 'filter':
      return children(v).filter((item) => matches(item, step));
  }
}

function evaluate(steps: readonly Step[], roots: unknown[]): unknown[] {
  return steps.reduce<unknown[]>((values, step) => values.flatMap((v) => apply(step, v)), roots);
}

function textNode(expr: string): Node {
  const t = expr.trim();
  return { kind: 'text', text: JSON.parse(t.startsWith("'") ? `"${t.slice(1, -1)}"` : t) as string };
}

function expressionNode(expr: string, stack: Node[][]): void {
  const t = expr.trim();
  const top = stack[stack.length - 1] ?? [];
  if (t === 'end') {
    if (stack.length < 2) throw new CliError('error parsing jsonpath: {end} without {range}');
    stack.pop();
  } else if (t.startsWith('range ')) {
    const node: Node = { kind: 'range', steps: parsePath(t.slice(6)), body: [] };
    top.push(node);
    stack.push(node.body);
  } else if (/^["']/.test(t)) {
    top.push(textNode(t));
  } else {
    top.push({ kind: 'path', steps: parsePath(t) });
  }
}

function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open < 0) {
      stack[stack.length - 1]?.push({ kind: 'text', text: rest });
      break;
    }
    if (open > 0) stack[stack.length - 1]?.push({ kind: 'text', text: rest.slice(0, open) });
    const close = rest.indexOf('}', open);
    if (close < 0) throw new CliError(`error parsing jsonpath ${template}: unclosed action`);
    expressionNode(rest.slice(open + 1, close), stack);
    rest = rest.slice(close + 1);
  }
  if (stack.length > 1) throw new CliError(`error parsing jsonpath ${template}: {range} without {end}`);
  return root;
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

function run(nodes: readonly Node[], data: unknown): string {
  return nodes
    .map((n) => {
      if (n.kind === 'text') return n.text;
      if (n.kind === 'path') return evaluate(n.steps, [data]).map(show).join(' ');
      return evaluate(n.steps, [data])
        .map((item) => run(n.body, item))
        .join('');
    })
    .join('');
}

/** Renders a kubectl JSONPath template against one value. A template without braces is one path. */
export function renderJsonPath(template: string, data: unknown): string {
  const t = template.includes('{') ? template : `{${template}}`;
  return run(parseTemplate(t), data);
}
