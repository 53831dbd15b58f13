/**
 * Kubernetes label selector parsing (k8s.io/apimachinery/pkg/labels): comma-separated
 * requirements, all of which must hold.
 *
 *   key, !key, key=v, key==v, key!=v, key in (a,b), key notin (a,b), key>1, key<1
 *
 * Keys and values are validated as Kubernetes does (qualified names, label values).
 */
import { badRequest } from '../api/status-error.js';

export const LabelOperator = {
  Exists: 'exists',
  DoesNotExist: '!',
  Equals: '=',
  NotEquals: '!=',
  In: 'in',
  NotIn: 'notin',
  GreaterThan: 'gt',
  LessThan: 'lt',
} as const;
export type LabelOperator = (typeof LabelOperator)[keyof typeof LabelOperator];

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** empty for exists / does-not-exist */
  values: string[];
}

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'op'; text: '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '<' | '>' }
  | { kind: 'end' };

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OPERATORS: Record<string, LabelOperator | undefined> = {
  in: LabelOperator.In,
  notin: LabelOperator.NotIn,
  '=': LabelOperator.Equals,
  '==': LabelOperator.Equals,
  '!=': LabelOperator.NotEquals,
  '>': LabelOperator.GreaterThan,
  '<': LabelOperator.LessThan,
};
const SPECIAL = new Set(['!', '=', '(', ')', ',', '<', '>']);

function tokenize(input: string, fail: (why: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (SPECIAL.has(c)) {
      const two = input.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else {
        tokens.push({ kind: 'op', text: c as '!' });
        i++;
      }
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input[j] as string) && !/\s/.test(input[j] as string)) j++;
      tokens.push({ kind: 'ident', text: input.slice(i, j) });
      i = j;
    }
  }
  if (tokens.length === 0) fail('empty selector');
  tokens.push({ kind: 'end' });
  return tokens;
}

/** Why a label key is invalid, or undefined when it is a valid qualified name. */
function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `prefix part of "${key}" must be a lowercase RFC 1123 subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `name part of "${key}" must consist of at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
  return undefined;
}

/** Why a label value is invalid, or undefined when valid (the empty value is valid). */
function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value)) {
    return `label value "${value}" must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
  return undefined;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  private readonly fail: (why: string) => never;

  constructor(tokens: Token[], fail: (why: string) => never) {
    this.tokens = tokens;
    this.fail = fail;
  }

  parse(): LabelRequirement[] {
    const out: LabelRequirement[] = [];
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t.kind === 'end') return out;
      if (!(t.kind === 'op' && t.text === ',')) this.fail(`found '${describe(t)}', expected: ','`);
    }
  }

  private peek(): Token {
    return this.tokens[this.pos] ?? { kind: 'end' };
  }

  private next(): Token {
    const t = this.peek();
    this.pos++;
    return t;
  }

  private key(): string {
    const t = this.next();
    if (t.kind !== 'ident') this.fail(`found '${describe(t)}', expected: identifier`);
    const why = labelKeyError(t.text);
    if (why) this.fail(why);
    return t.text;
  }

  private requirement(): LabelRequirement {
    const first = this.peek();
    if (first.kind === 'op' && first.text === '!') {
      this.pos++;
      return { key: this.key(), operator: LabelOperator.DoesNotExist, values: [] };
    }
    const key = this.key();
    const op = this.peek();
    if (op.kind === 'end' || (op.kind === 'op' && op.text === ',')) {
      return { key, operator: LabelOperator.Exists, values: [] };
    }
    this.pos++;
    return this.withOperator(key, op);
  }

  private withOperator(key: string, op: Token): LabelRequirement {
    // idents never contain operator characters, so the text alone names the operator
    const operator = op.kind === 'end' ? undefined : OPERATORS[op.text];
    if (operator === undefined)
      return this.fail(`found '${describe(op)}', expected: in, notin, =, ==, !=, gt, lt`);
    if (operator === LabelOperator.In || operator === LabelOperator.NotIn)
      return { key, operator, values: this.set() };
    const value = this.value();
    if (
      (operator === LabelOperator.GreaterThan || operator === LabelOperator.LessThan) &&
      !/^-?\d+$/.test(value)
    ) {
      this.fail(`for 'gt', 'lt' operators, the value must be an integer`);
    }
    return { key, operator, values: [value] };
  }

  /** A single value; absent (end or ',') means the empty value, as Kubernetes allows `key=`. */
  private value(): string {
    const t = this.peek();
    if (t.kind === 'end' || (t.kind === 'op' && t.text === ',')) return '';
    if (t.kind !== 'ident') this.fail(`found '${describe(t)}', expected: identifier`);
    this.pos++;
    const why = labelValueError(t.text);
    if (why) this.fail(why);
    return t.text;
  }

  private set(): string[] {
    const open = this.next();
    if (!(open.kind === 'op' && open.text === '(')) this.fail(`found '${describe(open)}', expected: '('`);
    const values: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && t.text === ')') {
        this.pos++;
        break;
      }
      values.push(this.value());
      const sep = this.next();
      if (sep.kind === 'op' && sep.text === ')') break;
      if (!(sep.kind === 'op' && sep.text === ','))
        this.fail(`found '${describe(sep)}', expected: ',' or ')'`);
    }
    if (values.length === 0) this.fail(`for 'in', 'notin' operators, values set can't be empty`);
    return values;
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'end of string' : t.text;
}

/** Parses a label selector; the empty string selects everything. Throws a 400 StatusError. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') return [];
  const fail = (why: string): never => {
    throw badRequest(`unable to parse label selector "${selector}": ${why}`);
  };
  return new Parser(tokenize(selector, fail), fail).parse();
}

function matchesOne(labels: Record<string, string>, r: LabelRequirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case LabelOperator.Exists:
      return has;
    case LabelOperator.DoesNotExist:
      return !has;
    case LabelOperator.Equals:
    case LabelOperator.In:
      return value !== undefined && r.values.includes(value);
    case LabelOperator.NotEquals:
    case LabelOperator.NotIn:
      return value === undefined || !r.values.includes(value);
    case LabelOperator.GreaterThan:
    case LabelOperator.LessThan:
      return compareNumeric(value, r);
  }
}

function compareNumeric(value: string | undefined, r: LabelRequirement): boolean {
  if (value === undefined || !/^-?\d+$/.test(value)) return false;
  const have = Number(value);
  const want = Number(r.values[0]);
  return r.operator === LabelOperator.GreaterThan ? have > want : have < want;
}

/** True when every requirement holds for the labels. */
export function matchesLabels(
  labels: Record<string, string> | undefined,
  requirements: LabelRequirement[],
): boolean {
  const l = labels ?? {};
  return requirements.every((r) => matchesOne(l, r));
}
