/**
 * The vendor payloads, lenient: only the fields we use are modelled, everything else is ignored.
 * Sources: CNCF distribution notifications (docs/notifications.md of distribution), Docker Hub
 * repository webhooks, Quay "Repository Push" notifications, Harbor's default webhook format and
 * GitHub's `package` / `registry_package` events.
 */
import { z } from 'zod';

const optionalString = z.string().nullish();

export const DistributionEventSchema = z.object({
  id: optionalString,
  timestamp: optionalString,
  action: z.string(),
  target: z.object({
    mediaType: optionalString,
    digest: optionalString,
    repository: z.string().min(1),
    url: optionalString,
    tag: optionalString,
  }),
  request: z.object({ host: optionalString }).nullish(),
});
export type DistributionEvent = z.infer<typeof DistributionEventSchema>;

/** Events are checked one by one (an odd event must not hide the others). */
export const DistributionEnvelopeSchema = z.object({ events: z.array(z.unknown()) });

export const DockerHubPayloadSchema = z.object({
  push_data: z.object({ tag: optionalString, pusher: optionalString }),
  repository: z.object({ repo_name: z.string().min(1) }),
  callback_url: optionalString,
});

export const QuayPayloadSchema = z.object({
  repository: z.string().min(1),
  namespace: optionalString,
  name: optionalString,
  docker_url: z.string().min(1),
  homepage: optionalString,
  /** a list of tags today; a tag -> image id map in old Quay versions */
  updated_tags: z.union([z.array(z.string()), z.record(z.string(), z.string())]).nullish(),
});

export const HarborPayloadSchema = z.object({
  type: z.string(),
  occur_at: z.number().nullish(),
  event_data: z
    .object({
      resources: z
        .array(z.object({ digest: optionalString, tag: optionalString, resource_url: optionalString }))
        .nullish(),
      repository: z.object({
        name: optionalString,
        namespace: optionalString,
        repo_full_name: z.string().min(1),
      }),
    })
    .nullish(),
});

const GitHubPackageVersionSchema = z.object({
  version: optionalString,
  package_url: optionalString,
  container_metadata: z
    .object({ tag: z.object({ name: optionalString, digest: optionalString }).nullish() })
    .nullish(),
});

const GitHubPackageSchema = z.object({
  name: z.string().min(1),
  namespace: optionalString,
  package_type: optionalString,
  ecosystem: optionalString,
  owner: z.object({ login: optionalString }).nullish(),
  registry: z.object({ url: optionalString }).nullish(),
  package_version: GitHubPackageVersionSchema.nullish(),
});

export const GitHubPayloadSchema = z.object({
  action: z.string(),
  package: GitHubPackageSchema.nullish(),
  registry_package: GitHubPackageSchema.nullish(),
});
export type GitHubPackage = z.infer<typeof GitHubPackageSchema>;
