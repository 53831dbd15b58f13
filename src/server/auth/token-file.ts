/**
 * The static token file of kube-apiserver (`--token-auth-file`): CSV lines
 *   token,user,uid,"group1,group2"
 * Grants are groups (docs/api.md, docs/security.md; authorizer.ts decides), NS a namespace or `*`:
 *   imagestreams:admin            everything, including images and namespace writes
 *                                 (`system:masters` is admin too)
 *   imagestreams:read:NS          get/list/watch in NS
 *   imagestreams:write:NS         read, plus create/update/patch/delete in NS (not status, not
 *                                 imagestreammappings); tag sources elsewhere need read there
 *   imagestreams:status:NS        read, plus writes to status subresources in NS (controllers)
 *   imagestreams:registry:NS      read, plus create of imagestreammappings in NS (a registry)
 * Pure parsing; the error names the line, never the token.
 */
import { readFile } from 'node:fs/promises';
import type { UserInfo } from '../resources/resource-def.js';

/** One CSV line, with double-quoted fields (`""` is a literal quote). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('an unterminated quoted field');
  fields.push(field);
  return fields.map((f) => f.trim());
}

export type TokenTable = Map<string, UserInfo>;

function parseLine(line: string, lineNo: number): [string, UserInfo] {
  let fields: string[];
  try {
    fields = parseCsvLine(line);
  } catch (e) {
    throw new Error(`token file line ${lineNo}: ${(e as Error).message}`, { cause: e });
  }
  const [token = '', name = '', uid = '', groups = ''] = fields;
  if (fields.length < 3)
    throw new Error(
      `token file line ${lineNo}: expected at least 3 columns (token,user,uid), got ${fields.length}`,
    );
  if (token === '') throw new Error(`token file line ${lineNo}: the token is empty`);
  if (name === '') throw new Error(`token file line ${lineNo}: the user name is empty`);
  const user: UserInfo = {
    name,
    groups: groups
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== ''),
  };
  if (uid !== '') user.uid = uid;
  return [token, user];
}

export function parseTokenFile(text: string): TokenTable {
  const table: TokenTable = new Map();
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [token, user] = parseLine(line, i + 1);
    if (table.has(token))
      throw new Error(
        `token file line ${i + 1}: a token is listed twice (users ${table.get(token)!.name} and ${user.name})`,
      );
    table.set(token, user);
  }
  return table;
}

export async function loadTokenFile(path: string): Promise<TokenTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the token auth file ${path}`, { cause: e });
  }
  try {
    return parseTokenFile(text);
  } catch (e) {
    throw new Error(`the token auth file ${path} is invalid: ${(e as Error).message}`, { cause: e });
  }
}
