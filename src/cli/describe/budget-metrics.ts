/**
 * The registry request budget as `isctl describe is` shows it under each tag, read from the
 * server's /metrics (the CLI cannot call server functions): the gauges
 * `imagestreams_registry_budget_remaining{registry}` and `..._limit{registry}`. Pure.
 */
import type { ImageStream } from '../../api/types.js';
import { DOCKER_HUB, isDockerHub } from '../../registry/host.js';
import { specTag, statusTag } from './tag-references.js';

export interface BudgetFigures {
  remaining?: number;
  limit?: number;
}

const GAUGE = /^imagestreams_registry_budget_(remaining|limit)\{([^}]*)\}\s+(\S+)/;
const REGISTRY_LABEL = /(?:^|,)\s*registry="((?:[^"\\]|\\.)*)"/;

/** Budget figures by registry from Prometheus text exposition. */
export function parseBudgetMetrics(text: string): Map<string, BudgetFigures> {
  const out = new Map<string, BudgetFigures>();
  for (const raw of text.split('\n')) {
    const m = GAUGE.exec(raw.trim());
    if (!m) continue;
    const registry = REGISTRY_LABEL.exec(m[2] ?? '')?.[1]?.replace(/\\(.)/g, '$1');
    const value = Number(m[3]);
    if (registry === undefined || !Number.isFinite(value)) continue;
    const figures = out.get(registry) ?? {};
    if (m[1] === 'remaining') figures.remaining = value;
    else figures.limit = value;
    out.set(registry, figures);
  }
  return out;
}

/** Docker Hub goes by several host names; the rest compare as written (host[:port]). */
export function sameRegistry(a: string, b: string): boolean {
  return a === b || (isDockerHub(a) && isDockerHub(b));
}

/** The registry host of an image reference, `docker.io` for a bare one (`nginx`, `library/nginx`). */
export function registryOfReference(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : DOCKER_HUB;
}

/** `registry budget: 87/100 requests left (docker.io)`; undefined without figures for the registry. */
export function budgetLine(
  registry: string,
  budgets: ReadonlyMap<string, BudgetFigures>,
): string | undefined {
  const entry = [...budgets.entries()].find(([name]) => sameRegistry(name, registry));
  if (!entry) return undefined;
  const [name, f] = entry;
  if (f.limit === undefined && f.remaining === undefined) return undefined;
  const figures =
    f.limit === undefined
      ? `${f.remaining} requests left`
      : f.remaining === undefined
        ? `limit ${f.limit} requests`
        : `${f.remaining}/${f.limit} requests left`;
  return `registry budget: ${figures} (${name})`;
}

/** The registry a tag's images come from: its newest history item, else its DockerImage source. */
export function tagRegistry(stream: ImageStream, tag: string): string | undefined {
  const item = statusTag(stream, tag)?.items?.[0]?.dockerImageReference;
  if (item) return registryOfReference(item);
  const from = specTag(stream, tag)?.from;
  return from?.kind === 'DockerImage' ? registryOfReference(from.name) : undefined;
}
