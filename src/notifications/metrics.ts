/** The notification metrics, in the one registry. */
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '../observability/metrics.js';

export const NotificationResult = {
  Accepted: 'accepted',
  Ignored: 'ignored',
  Unauthorized: 'unauthorized',
  Malformed: 'malformed',
  Error: 'error',
} as const;
export type NotificationResult = (typeof NotificationResult)[keyof typeof NotificationResult];

export const notificationsReceived = new Counter({
  name: 'imagestreams_notifications_received_total',
  help: 'Registry notifications received, by source (distribution, dockerhub, quay, harbor, github) and result',
  labelNames: ['source', 'result'] as const,
  registers: [metricsRegistry],
});

export const importRequests = new Counter({
  name: 'imagestreams_notification_import_requests_total',
  help: 'Stream tags handed to the importer after coalescing notifications, by result (success or failure)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const pushToTagUpdated = new Histogram({
  name: 'imagestreams_push_to_tag_updated_seconds',
  help: 'Time from a registry push notification to the image stream tag moving',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

export const webhookDeliveries = new Counter({
  name: 'imagestreams_webhook_deliveries_total',
  help: 'Outbound CloudEvents webhook deliveries, by result (success, failure after retries, dropped from a full queue)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const webhookAttempts = new Counter({
  name: 'imagestreams_webhook_delivery_attempts_total',
  help: 'Outbound webhook HTTP attempts, by result (success, retry, failure)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const webhookQueueDepth = new Gauge({
  name: 'imagestreams_webhook_queue_depth',
  help: 'Outbound webhook events waiting for delivery, by subscription',
  labelNames: ['subscription'] as const,
  registers: [metricsRegistry],
});

export const eventsRecorded = new Counter({
  name: 'imagestreams_events_recorded_total',
  help: 'Kubernetes Event objects written, by reason and result (created, aggregated, failed)',
  labelNames: ['reason', 'result'] as const,
  registers: [metricsRegistry],
});

export const channelNotifications = new Counter({
  name: 'imagestreams_channel_notifications_total',
  help: 'Notices for notification channels (slack, discord, teams, smtp, ntfy, gotify, generic), by service and result (sent, failed after retries, dropped from a full queue, duplicate)',
  labelNames: ['service', 'result'] as const,
  registers: [metricsRegistry],
});

export const channelAttempts = new Counter({
  name: 'imagestreams_channel_delivery_attempts_total',
  help: 'Notification channel delivery attempts, by service and result (success, retry, failure)',
  labelNames: ['service', 'result'] as const,
  registers: [metricsRegistry],
});
