/**
 * The resource arguments of get/describe/delete, as kubectl reads them: `TYPE [NAME...]` or
 * `TYPE/NAME...` (types may differ between the latter), grouped by type in order of appearance.
 */
import { CliError } from './errors.js';
import { resolveResource, type ResourceInfo } from './resources.js';

export interface Target {
  resource: ResourceInfo;
  /** empty: every object of the type */
  names: string[];
}

function slashTargets(args: readonly string[]): Target[] {
  const targets: Target[] = [];
  for (const arg of args) {
    const slash = arg.indexOf('/');
    if (slash <= 0 || slash === arg.length - 1) {
      throw new CliError(`arguments in resource/name form must have a single resource and name: "${arg}"`);
    }
    const resource = resolveResource(arg.slice(0, slash));
    const name = arg.slice(slash + 1);
    const existing = targets.find((t) => t.resource === resource);
    if (existing) existing.names.push(name);
    else targets.push({ resource, names: [name] });
  }
  return targets;
}

export function parseTargets(args: readonly string[]): Target[] {
  const [first, ...rest] = args;
  if (first === undefined) {
    throw new CliError(
      'you must specify the type of resource to get. Use "isctl get imagestreams" for example',
    );
  }
  if (first.includes('/')) return slashTargets(args);
  if (rest.some((a) => a.includes('/'))) {
    throw new CliError(
      'there is no need to specify a resource type as a separate argument when passing arguments in resource/name form',
    );
  }
  return [{ resource: resolveResource(first), names: rest }];
}
