/**
 * The `isctl serve` flags of the aggregated mode (ServeFlag shape; imports only the duration
 * parser). Names and meanings are kube's (k8s.io/apiserver's delegating authentication and
 * authorization options), so an APIService Deployment written for another aggregated server reads
 * the same.
 */
import { commaList } from '../../../api/comma-list.js';
import { z } from 'zod';
import { parseDurationSetting } from '../../../api/duration.js';
import {
  durationSetting,
  listSetting,
  parseSettings,
  switchSetting,
  textSetting,
} from '../../../api/settings-schema.js';

/** commander passes the previous value second: not a name */
function duration(value: string): number {
  return parseDurationSetting(value);
}

export const AGGREGATION_SERVE_FLAGS = [
  {
    flags: '--aggregated',
    description:
      'serve behind kube-apiserver (an APIService): authentication by its front proxy, client certificates and TokenReview, authorization by SubjectAccessReview; needs --in-cluster or --kubeconfig and TLS',
    option: 'aggregated',
  },
  {
    flags: '--requestheader-client-ca-file <file>',
    description:
      'the CA of the front proxy client certificates (default: from the kube-system/extension-apiserver-authentication ConfigMap)',
    option: 'requestheaderClientCaFile',
  },
  {
    flags: '--requestheader-allowed-names <names>',
    description: 'common names the front proxy certificate may have (comma-separated; empty: any)',
    option: 'requestheaderAllowedNames',
    parse: commaList,
  },
  {
    flags: '--requestheader-username-headers <headers>',
    description: 'headers naming the user (default X-Remote-User)',
    option: 'requestheaderUsernameHeaders',
    parse: commaList,
  },
  {
    flags: '--requestheader-uid-headers <headers>',
    description: 'headers naming the user uid (default X-Remote-Uid)',
    option: 'requestheaderUidHeaders',
    parse: commaList,
  },
  {
    flags: '--requestheader-group-headers <headers>',
    description: 'headers naming the groups (default X-Remote-Group)',
    option: 'requestheaderGroupHeaders',
    parse: commaList,
  },
  {
    flags: '--requestheader-extra-headers-prefix <prefixes>',
    description: 'header prefixes of extra user attributes (default X-Remote-Extra-)',
    option: 'requestheaderExtraHeadersPrefix',
    parse: commaList,
  },
  {
    flags: '--client-ca-file <file>',
    description:
      'the CA of plain client certificates (user CN, groups O; default: from the extension-apiserver-authentication ConfigMap)',
    option: 'clientCaFile',
  },
  {
    flags: '--admission-client-ca-file <file>',
    description:
      'the CA of the client certificate kube-apiserver presents to the admission webhooks (its admission kubeconfig); callers of /admission/ must then present one (default: behind kube-apiserver, callers without credentials are served, TLS only)',
    option: 'admissionClientCaFile',
  },
  {
    flags: '--authentication-token-webhook-cache-ttl <duration>',
    description: 'how long TokenReview answers are kept (default 10s)',
    option: 'authenticationTokenWebhookCacheTtlMs',
    parse: duration,
  },
  {
    flags: '--authorization-webhook-cache-authorized-ttl <duration>',
    description: 'how long allowing SubjectAccessReview answers are kept (default 10s)',
    option: 'authorizationWebhookCacheAuthorizedTtlMs',
    parse: duration,
  },
  {
    flags: '--authorization-webhook-cache-unauthorized-ttl <duration>',
    description: 'how long denying SubjectAccessReview answers are kept (default 10s)',
    option: 'authorizationWebhookCacheUnauthorizedTtlMs',
    parse: duration,
  },
];

export const AggregationSettingsSchema = z.object({
  aggregated: switchSetting().optional(),
  requestheaderClientCaFile: textSetting().optional(),
  requestheaderAllowedNames: listSetting().optional(),
  requestheaderUsernameHeaders: listSetting().optional(),
  requestheaderUidHeaders: listSetting().optional(),
  requestheaderGroupHeaders: listSetting().optional(),
  requestheaderExtraHeadersPrefix: listSetting().optional(),
  clientCaFile: textSetting().optional(),
  admissionClientCaFile: textSetting().optional(),
  authenticationTokenWebhookCacheTtlMs: durationSetting().optional(),
  authorizationWebhookCacheAuthorizedTtlMs: durationSetting().optional(),
  authorizationWebhookCacheUnauthorizedTtlMs: durationSetting().optional(),
});

/** The aggregated mode's settings, typed; throws naming the flag of a bad value. */
export function aggregationSettings(
  settings: Readonly<Record<string, unknown>>,
): z.output<typeof AggregationSettingsSchema> {
  return parseSettings(AggregationSettingsSchema, AGGREGATION_SERVE_FLAGS, settings);
}
