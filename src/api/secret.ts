/**
 * A core/v1 Secret as the store holds it: registry pull secrets, build secrets and notification
 * channels' secrets. Its decoding and validation are the server's (server/resources/secrets);
 * this is only the shape, so that the store and the parts that read Secrets need nothing of the
 * server's.
 */
import type { KubeObject } from './object.js';

export interface SecretObject extends KubeObject {
  type?: string;
  immutable?: boolean;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
