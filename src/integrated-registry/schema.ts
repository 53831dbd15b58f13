/**
 * The CNCF distribution notification envelope (`application/vnd.docker.distribution.events.v1+json`),
 * lenient: only the fields used are modelled, and events are checked one by one so that an odd
 * event does not hide the others.
 */
import { z } from 'zod';

const optionalString = z.string().nullish();

export const RegistryEventSchema = z.object({
  id: optionalString,
  action: z.string(),
  target: z.object({
    mediaType: optionalString,
    digest: optionalString,
    repository: z.string().min(1),
    tag: optionalString,
  }),
});
export type RegistryEvent = z.infer<typeof RegistryEventSchema>;

export const RegistryEnvelopeSchema = z.object({ events: z.array(z.unknown()) });
