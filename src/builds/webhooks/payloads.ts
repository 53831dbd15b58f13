/**
 * The payloads webhooks send, as OpenShift's plugins read them (zod: unknown fields dropped, a
 * field of the wrong type named in a 400): the generic payload (`git`, `env`), GitHub's push
 * event and GitLab's Push Hook.
 */
import { z } from 'zod';
import { opt } from '../../api/schema/common.js';

const SignatureSchema = z.object({ name: opt(z.string()), email: opt(z.string()) });

export const GenericPayloadSchema = z.object({
  git: opt(
    z.object({
      uri: opt(z.string()),
      ref: opt(z.string()),
      commit: opt(z.string()),
      message: opt(z.string()),
      author: opt(SignatureSchema),
      committer: opt(SignatureSchema),
    }),
  ),
  env: opt(z.array(z.object({ name: z.string().min(1), value: opt(z.string()) }))),
});
export type GenericPayload = z.output<typeof GenericPayloadSchema>;

export const GitHubPushSchema = z.object({
  ref: opt(z.string()),
  after: opt(z.string()),
  head_commit: opt(
    z.object({
      id: opt(z.string()),
      message: opt(z.string()),
      author: opt(SignatureSchema),
      committer: opt(SignatureSchema),
    }),
  ),
});
export type GitHubPush = z.output<typeof GitHubPushSchema>;

export const GitLabPushSchema = z.object({
  ref: opt(z.string()),
  checkout_sha: opt(z.string()),
  commits: opt(
    z.array(z.object({ id: opt(z.string()), message: opt(z.string()), author: opt(SignatureSchema) })),
  ),
});
export type GitLabPush = z.output<typeof GitLabPushSchema>;
