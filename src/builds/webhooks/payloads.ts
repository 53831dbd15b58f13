/**
 * The payloads webhooks send, as OpenShift's plugins read them (zod: unknown fields dropped, a
 * field of the wrong type named in a 400): the generic payload (`git`, `env`), GitHub's push
 * event, GitLab's Push Hook and Bitbucket's push (Cloud `repo:push`, Server `repo:refs_changed`).
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

export const GitLabPushSchema = z.object({
  ref: opt(z.string()),
  checkout_sha: opt(z.string()),
  commits: opt(
    z.array(z.object({ id: opt(z.string()), message: opt(z.string()), author: opt(SignatureSchema) })),
  ),
});

const BitbucketBranchSchema = z.object({
  name: opt(z.string()),
  target: opt(z.object({ hash: opt(z.string()) })),
});

/** Bitbucket Cloud `repo:push`: the changes of the push, each with its branch and commits (newest first) */
export const BitbucketPushSchema = z.object({
  push: opt(
    z.object({
      changes: opt(
        z.array(
          z.object({
            old: opt(BitbucketBranchSchema),
            new: opt(BitbucketBranchSchema),
            commits: opt(
              z.array(
                z.object({
                  hash: opt(z.string()),
                  message: opt(z.string()),
                  author: opt(z.object({ username: opt(z.string()), display_name: opt(z.string()) })),
                }),
              ),
            ),
          }),
        ),
      ),
    }),
  ),
});

/** Bitbucket Server (5.4+) `repo:refs_changed` */
export const BitbucketServerPushSchema = z.object({
  changes: opt(
    z.array(z.object({ ref: opt(z.object({ displayId: opt(z.string()) })), toHash: opt(z.string()) })),
  ),
});
