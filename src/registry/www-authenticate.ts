/**
 * `WWW-Authenticate` parsing (RFC 7235): one or more challenges, each a scheme followed by
 * comma-separated `name=value` parameters whose values may be quoted strings containing commas,
 * equals signs and backslash escapes (`scope="repository:a:pull,push"`).
 */

export interface Challenge {
  /** lower-case: `bearer`, `basic` */
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

class Cursor {
  pos = 0;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  token(): string | undefined {
    const m = TOKEN.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  quoted(): string {
    let out = '';
    this.pos++; // opening quote
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === '"') return out;
      if (c === '\\' && this.pos < this.text.length) out += this.text[this.pos++];
      else out += c;
    }
    return out; // unterminated: take what there is
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
}

/** Parses `name=value` pairs after a scheme; stops at the start of the next challenge. */
function parseParams(cur: Cursor): Record<string, string> {
  const params: Record<string, string> = {};
  for (;;) {
    cur.skipSpace();
    while (cur.peek() === ',') {
      cur.pos++;
      cur.skipSpace();
    }
    const start = cur.pos;
    const name = cur.token();
    if (!name) break;
    cur.skipSpace();
    if (cur.peek() !== '=') {
      cur.pos = start; // a bare token: the next challenge's scheme
      break;
    }
    cur.pos++;
    cur.skipSpace();
    const value = cur.peek() === '"' ? cur.quoted() : (cur.token() ?? '');
    params[name.toLowerCase()] = value;
  }
  return params;
}

/** All challenges in the header (several headers may be joined with commas). */
export function parseWwwAuthenticate(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const cur = new Cursor(Array.isArray(header) ? header.join(', ') : header);
  const challenges: Challenge[] = [];
  while (!cur.done()) {
    cur.skipSpace();
    while (cur.peek() === ',') {
      cur.pos++;
      cur.skipSpace();
    }
    const scheme = cur.token();
    if (!scheme) {
      cur.pos++; // garbage: skip a character rather than loop forever
      continue;
    }
    challenges.push({ scheme: scheme.toLowerCase(), params: parseParams(cur) });
  }
  return challenges;
}

/** The challenge we act on: Bearer over Basic, as Docker does. */
export function preferredChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
