/**
 * The process-wide egress policy: `isctl serve --allow-link-local-egress` sets it once at start;
 * every outbound client (registry, webhooks) reads it unless it was given its own.
 */
import type { EgressPolicy } from './egress-guard.js';

let current: EgressPolicy = {};

export function setDefaultEgressPolicy(policy: EgressPolicy): void {
  current = { ...policy };
}

export function defaultEgressPolicy(): EgressPolicy {
  return current;
}
