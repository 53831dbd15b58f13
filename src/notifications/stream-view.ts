/**
 * The few ImageStream fields notifications read, parsed leniently from stored objects (the API
 * strategy already validated them on write; a stream we cannot read is skipped, not fatal).
 */
import { z } from 'zod';

export { IMAGE_STREAMS, EVENTS } from '../store/resource-types.js';

export const StreamViewSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
  }),
  spec: z
    .object({
      dockerImageRepository: z.string().nullish(),
      tags: z
        .array(
          z.object({
            name: z.string(),
            from: z.object({ kind: z.string(), name: z.string(), namespace: z.string().nullish() }).nullish(),
            annotations: z.record(z.string(), z.string()).nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
  status: z
    .object({
      tags: z
        .array(
          z.object({
            tag: z.string(),
            items: z
              .array(z.object({ image: z.string(), dockerImageReference: z.string().nullish() }))
              .nullish(),
            /** ImportSuccess, for the channels' import failing / recovered notices */
            conditions: z
              .array(
                z.object({
                  type: z.string(),
                  status: z.string(),
                  reason: z.string().nullish(),
                  message: z.string().nullish(),
                  lastTransitionTime: z.string().nullish(),
                }),
              )
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type StreamView = z.infer<typeof StreamViewSchema>;

export function streamView(object: unknown): StreamView | undefined {
  const parsed = StreamViewSchema.safeParse(object);
  return parsed.success ? parsed.data : undefined;
}
