/** Every OpenAPI component we publish, by name (mutable: an extension may add the schemas of its kinds). */
import { CORE_SCHEMAS, META_SCHEMAS } from './core-schemas.js';
import { IMAGE_SCHEMAS } from './image-schemas.js';
import { VIRTUAL_SCHEMAS } from './virtual-schemas.js';
import type { JsonSchema } from './schema-builders.js';

export const ALL_SCHEMAS: Record<string, JsonSchema> = {
  ...META_SCHEMAS,
  ...CORE_SCHEMAS,
  ...IMAGE_SCHEMAS,
  ...VIRTUAL_SCHEMAS,
};
