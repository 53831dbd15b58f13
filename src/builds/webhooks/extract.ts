/**
 * What a webhook asks for (OpenShift's plugins' Extract): the revision to build and, for the
 * generic hook with `allowEnv`, env; or a reason not to build (a ping, a push to another branch),
 * answered 200. A payload that is not what the plugin reads is a 400 naming the field.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { badRequest } from '../../api/status-error.js';
import type { BuildConfig, EnvVar, SourceRevision, WebHookTrigger } from '../schema.js';
import type { HookType } from './hook-types.js';
import { COMMIT_HASH } from '../executor/source.js';
import { bitbucketPush } from './bitbucket.js';
import { GenericPayloadSchema, GitHubPushSchema, GitLabPushSchema } from './payloads.js';

export type Extracted =
  | { proceed: true; revision?: SourceRevision; env?: EnvVar[]; warning?: string }
  | { proceed: false; message: string };

export interface HookRequest {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

const BRANCH_PREFIX = 'refs/heads/';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** OpenShift's GitRefMatches: the pushed branch against source.git.ref (default master) */
export function refMatches(eventRef: string, config: BuildConfig): boolean {
  const configRef = config.spec.source.git?.ref || 'master';
  const pushed = eventRef.startsWith(BRANCH_PREFIX) ? eventRef.slice(BRANCH_PREFIX.length) : eventRef;
  return pushed === configRef;
}

function skipBranch(eventRef: string, config: BuildConfig): Extracted {
  return {
    proceed: false,
    message: `skipping build. Branch reference from "${eventRef}" does not match configuration "${config.spec.source.git?.ref || 'master'}"`,
  };
}

/** a commit in a payload must be a hash: it becomes an argument of git fetch */
function checkCommit(commit: string | undefined, field: string): void {
  if (commit !== undefined && commit !== '' && !COMMIT_HASH.test(commit))
    throw badRequest(`${field}: Invalid value: must be a commit hash (7 to 64 hex digits)`);
}

function decode<T extends z.ZodType>(schema: T, raw: Buffer, what: string, asYaml = false): z.output<T> {
  let json: unknown;
  try {
    json = asYaml ? parseYaml(raw.toString('utf8')) : JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest(`the ${what} payload is not ${asYaml ? 'YAML' : 'JSON'}`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw badRequest(
    `the ${what} payload is invalid: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`,
  );
}

function requireJson(request: HookRequest, what: string): void {
  const type = header(request.headers, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw badRequest(`the ${what} webhook needs Content-Type application/json, got "${type}"`);
}

function mediaType(request: HookRequest): string {
  return (header(request.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function generic(config: BuildConfig, hook: WebHookTrigger, request: HookRequest): Extracted {
  if (request.raw.length === 0) return { proceed: true };
  const type = mediaType(request);
  // as OpenShift: a payload of another type is ignored and the build goes ahead
  if (type !== 'application/json' && type !== 'application/yaml')
    return {
      proceed: true,
      warning: 'invalid Content-Type on payload, ignoring payload and continuing with build',
    };
  const payload = decode(GenericPayloadSchema, request.raw, 'generic', type === 'application/yaml');
  const git = payload.git;
  checkCommit(git?.commit, 'git.commit');
  if (git?.ref && !refMatches(git.ref, config)) return skipBranch(git.ref, config);
  const out: Extracted = { proceed: true };
  if (git && config.spec.source.git) {
    const { uri: _u, ref: _r, ...info } = git;
    out.revision = { type: 'Git', git: info };
  }
  // env from a payload only where the BuildConfig allows it (as OpenShift; otherwise ignored)
  if (hook.allowEnv && payload.env?.length) out.env = payload.env;
  return out;
}

function github(config: BuildConfig, request: HookRequest): Extracted {
  const event = header(request.headers, 'x-github-event') ?? header(request.headers, 'x-gogs-event');
  if (event === 'ping') return { proceed: false, message: 'ping received' };
  if (event !== 'push') throw badRequest(`Unknown X-GitHub-Event or X-Gogs-Event ${event ?? ''}`);
  requireJson(request, 'github');
  const push = decode(GitHubPushSchema, request.raw, 'github');
  if (!refMatches(push.ref ?? '', config)) return skipBranch(push.ref ?? '', config);
  const head = push.head_commit;
  const commit = head?.id || push.after;
  checkCommit(commit, 'head_commit.id');
  if (!commit && !head) return { proceed: true };
  const { id: _id, ...info } = head ?? {};
  return { proceed: true, revision: { type: 'Git', git: { ...(commit ? { commit } : {}), ...info } } };
}

function gitlab(config: BuildConfig, request: HookRequest): Extracted {
  const event = header(request.headers, 'x-gitlab-event');
  if (event !== 'Push Hook') throw badRequest(`Unknown X-GitLab-Event ${event ?? ''}`);
  requireJson(request, 'gitlab');
  const push = decode(GitLabPushSchema, request.raw, 'gitlab');
  if (!refMatches(push.ref ?? '', config)) return skipBranch(push.ref ?? '', config);
  const commit = push.checkout_sha;
  checkCommit(commit, 'checkout_sha');
  if (!commit) return { proceed: true };
  const last = push.commits?.find((c) => c.id === commit);
  const info = last ? { message: last.message, author: last.author } : {};
  return { proceed: true, revision: { type: 'Git', git: { commit, ...info } } };
}

function bitbucket(config: BuildConfig, request: HookRequest): Extracted {
  requireJson(request, 'bitbucket');
  const event = header(request.headers, 'x-event-key');
  const push = bitbucketPush(event, (schema) => decode(schema, request.raw, 'bitbucket'));
  if (!refMatches(push.branch, config)) return skipBranch(push.branch, config);
  checkCommit(push.revision?.git?.commit, 'commit');
  return push.revision ? { proceed: true, revision: push.revision } : { proceed: true };
}

export function extract(
  type: HookType,
  config: BuildConfig,
  hook: WebHookTrigger,
  request: HookRequest,
): Extracted {
  if (type === 'generic') return generic(config, hook, request);
  if (type === 'github') return github(config, request);
  if (type === 'bitbucket') return bitbucket(config, request);
  return gitlab(config, request);
}
