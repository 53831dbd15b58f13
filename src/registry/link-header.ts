/** `Link: <url>; rel="next"` (RFC 8288), as registries use it to paginate tag lists. */

export interface LinkValue {
  target: string;
  params: Record<string, string>;
}

export function parseLinkHeader(header: string | string[] | undefined): LinkValue[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(', ') : header;
  const links: LinkValue[] = [];
  const re = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const m of text.matchAll(re)) {
    const params: Record<string, string> = {};
    for (const p of (m[2] ?? '').split(';')) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      params[name] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
    }
    links.push({ target: m[1] ?? '', params });
  }
  return links;
}

/**
 * The next page's absolute URL, resolved against the current one. Undefined when there is no
 * next page, or when it points at another origin: a registry must not send our credentials (or
 * us) elsewhere through a pagination link.
 */
export function nextPageUrl(header: string | string[] | undefined, current: URL): URL | undefined {
  const next = parseLinkHeader(header).find((l) => (l.params.rel ?? '').split(/\s+/).includes('next'));
  if (!next || next.target === '') return undefined;
  let url: URL;
  try {
    url = new URL(next.target, current);
  } catch {
    return undefined;
  }
  return url.origin === current.origin ? url : undefined;
}
