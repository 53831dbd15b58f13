/**
 * One trigger delivery through the outbound webhook machinery (signing, sending, the retry
 * policy, the webhook metrics), for a single event whose outcome the caller records in status.
 */
import type { CloudEvent } from 'cloudevents';
import {
  deliverWithRetries,
  type DeliveryAttempts,
  type DeliveryContext,
} from '../../notifications/outbound/deliver-with-retries.js';
import type { TriggerFiredData } from './fired-event.js';

export interface DeliveryTarget {
  url: string;
  secret?: string;
}

export type DeliveryOutcomeRecord = DeliveryAttempts;
export type DeliverOptions = DeliveryContext;

export function deliverEvent(
  event: CloudEvent<TriggerFiredData>,
  target: DeliveryTarget,
  o: DeliverOptions,
): Promise<DeliveryOutcomeRecord> {
  return deliverWithRetries(event, { ...target, urlLabel: '[url]' }, o);
}
