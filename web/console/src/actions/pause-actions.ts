/**
 * Pause or resume a trigger (a target following one tag), as `isctl rollout pause|resume TARGET
 * --tag STREAM:TAG` does: the target's TriggerState gets `spec.paused` (a GET then a PUT), or is
 * created with it when the target never rolled out; the same request builders as the command.
 * The state's name hashes its target and tag with SHA-256, here by WebCrypto.
 */
import {
  pausedStateObject,
  pauseMessage,
  stateNameHashInput,
  stateNameWithHash,
  withPaused,
  type PauseKey,
} from '../../../../src/triggers/pause-request.js';
import { ApiError, apiRequest } from '../api/client.js';
import { paths } from '../api/paths.js';
import type { TriggerState } from '../model/types.js';

async function sha256Hex(text: string): Promise<string> {
  // WebCrypto exists only in a secure context (HTTPS or loopback)
  if (!globalThis.crypto?.subtle)
    throw new Error('this page is not served over HTTPS: use isctl rollout pause|resume');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `known`: the state's name when the page has it (then nothing is hashed). */
export async function setPaused(key: PauseKey, paused: boolean, known?: string): Promise<string> {
  const ns = key.from.namespace;
  const name = known ?? stateNameWithHash(key, await sha256Hex(stateNameHashInput(key)));
  const path = `${paths.triggerStates(ns)}/${encodeURIComponent(name)}`;
  let current: TriggerState | undefined;
  try {
    current = await apiRequest<TriggerState>(path);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 404) throw e;
  }
  if (current) await apiRequest<TriggerState>(path, { method: 'PUT', body: withPaused(current, paused) });
  else
    await apiRequest<TriggerState>(paths.triggerStates(ns), {
      method: 'POST',
      body: pausedStateObject(key, name, paused),
    });
  return `${pauseMessage(key, paused)}.`;
}
