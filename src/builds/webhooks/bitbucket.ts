/**
 * Bitbucket's push webhooks as OpenShift's bitbucket plugin reads them: `X-Event-Key: repo:push`
 * (Bitbucket Cloud: the first change's branch and first commit) or `repo:refs_changed` (Bitbucket
 * Server: the first change's `ref.displayId` and `toHash`); other events are a 400.
 */
import type { z } from 'zod';
import { badRequest } from '../../api/status-error.js';
import type { SourceRevision } from '../schema.js';
import { BitbucketPushSchema, BitbucketServerPushSchema } from './payloads.js';

export interface BitbucketPushInfo {
  branch: string;
  revision?: SourceRevision;
}

/** the payload decoded with a schema (a 400 naming the field when it does not fit) */
type Decode = <T extends z.ZodType>(schema: T) => z.output<T>;

function cloud(decode: Decode): BitbucketPushInfo {
  const change = decode(BitbucketPushSchema).push?.changes?.[0];
  if (!change) throw badRequest('the bitbucket payload has no push.changes');
  // a deleted branch has no `new`: its name is in `old`
  const branch = change.new?.name ?? change.old?.name ?? '';
  const last = change.commits?.[0];
  const commit = last?.hash || change.new?.target?.hash;
  if (!commit) return { branch };
  const name = last?.author?.username ?? last?.author?.display_name;
  const author = name ? { name } : undefined;
  const git = {
    commit,
    ...(last?.message ? { message: last.message } : {}),
    ...(author ? { author, committer: author } : {}),
  };
  return { branch, revision: { type: 'Git', git } };
}

function server(decode: Decode): BitbucketPushInfo {
  const change = decode(BitbucketServerPushSchema).changes?.[0];
  if (!change) throw badRequest('the bitbucket payload has no changes');
  const branch = change.ref?.displayId ?? '';
  return change.toHash ? { branch, revision: { type: 'Git', git: { commit: change.toHash } } } : { branch };
}

export function bitbucketPush(event: string | undefined, decode: Decode): BitbucketPushInfo {
  if (!event) throw badRequest('missing X-Event-Key');
  if (event === 'repo:push') return cloud(decode);
  if (event === 'repo:refs_changed') return server(decode);
  throw badRequest(`Unknown Bitbucket X-Event-Key ${event}`);
}
