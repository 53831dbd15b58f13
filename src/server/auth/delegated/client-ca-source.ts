/**
 * The client CAs follow their sources, as kube's dynamic CA content does (DynamicFileCAContent,
 * ConfigMapCAController): `--requestheader-client-ca-file` and `--client-ca-file` are re-read
 * when their directory changes (a Secret or ConfigMap volume swaps a symlink there) and at every
 * resync, and so is the `kube-system/extension-apiserver-authentication` ConfigMap (kube-apiserver
 * rewrites it when its front-proxy or client CA rotates). A new content that does not parse keeps
 * the previous one, with a warning, until the next change; the first one must parse.
 */
import type { Logger } from '../../../observability/logger.js';
import { watchFileChanges } from '../../tls/file-change-watch.js';
import {
  certificateAuthConfig,
  type CertificateAuthConfig,
  type DelegatedAuthOptions,
} from './authentication-config.js';
import { parseCaBundle } from './client-certificates.js';

/** kube's resync of the ConfigMap and the files */
const DEFAULT_RESYNC_MS = 60_000;

export interface ClientCaSource {
  current(): CertificateAuthConfig;
  /** called after a new content has been taken in */
  onChange(listener: () => void): void;
  /** re-reads the sources now; resolves false when nothing changed or the new content was refused */
  refresh(): Promise<boolean>;
  stop(): void;
}

export interface ClientCaSourceOptions {
  log: Logger;
  /** default 60 s */
  resyncMs?: number;
}

/** Throws, naming the bundle, when a CA bundle of the content does not parse. */
function checkClientCas(c: CertificateAuthConfig): void {
  if (c.requestHeader)
    parseCaBundle(c.requestHeader.caPem, 'the request-header client CA (--requestheader-client-ca-file)');
  if (c.clientCaPem) parseCaBundle(c.clientCaPem, 'the client CA (--client-ca-file)');
}

export async function followClientCas(
  o: DelegatedAuthOptions,
  readConfigMap: () => Promise<Record<string, string> | undefined>,
  opts: ClientCaSourceOptions,
): Promise<ClientCaSource> {
  let current = await certificateAuthConfig(o, readConfigMap);
  checkClientCas(current);
  let seen = JSON.stringify(current);
  const listeners: Array<() => void> = [];
  let stopped = false;
  let resyncTimer: NodeJS.Timeout | undefined;

  const refresh = async (): Promise<boolean> => {
    const next = await certificateAuthConfig(o, readConfigMap);
    const text = JSON.stringify(next);
    if (text === seen || stopped) return false;
    seen = text;
    checkClientCas(next);
    current = next;
    opts.log.info({}, 'client CAs reloaded');
    for (const l of listeners) l();
    return true;
  };
  const refreshLogged = (): Promise<unknown> =>
    refresh().catch((err: unknown) =>
      opts.log.warn({ err }, 'client CAs not reloaded: keeping the previous ones'),
    );
  const resync = (): void => {
    resyncTimer = setTimeout(() => {
      void refreshLogged().then(() => {
        if (!stopped) resync();
      });
    }, opts.resyncMs ?? DEFAULT_RESYNC_MS);
    resyncTimer.unref();
  };
  resync();
  const files = [o.requestheaderClientCaFile, o.clientCaFile].filter((f): f is string => !!f);
  const changes = watchFileChanges(files, () => void refreshLogged(), opts.log, 'a client CA file');
  return {
    current: () => current,
    onChange: (l) => listeners.push(l),
    refresh,
    stop() {
      stopped = true;
      clearTimeout(resyncTimer);
      changes.stop();
    },
  };
}
