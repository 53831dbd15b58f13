/** The schemas both OpenAPI documents publish: every kind, the served kinds' lists, the merge strategies. */
import type { ResourceRegistry } from '../resources/resource-def.js';
import { ALL_SCHEMAS } from './all-schemas.js';
import { listSchemas } from './list-schemas.js';
import { withPatchExtensions } from './patch-extensions.js';
import type { JsonSchema } from './schema-builders.js';

export function publishedSchemas(registry: ResourceRegistry): Record<string, JsonSchema> {
  return withPatchExtensions({ ...ALL_SCHEMAS, ...listSchemas(registry.all()) });
}
