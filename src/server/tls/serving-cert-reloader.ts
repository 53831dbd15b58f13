/**
 * The serving certificate follows its files, as kube's dynamic serving certificates do: when
 * `--tls-cert-file` or `--tls-private-key-file` changes (cert-manager renewing a Secret, which
 * Kubernetes swaps in by a symlink in the volume's directory), new connections get the new pair.
 * The directories are watched (a swapped symlink changes no watched file); a pair that does not
 * load yet (one file written, not the other) keeps the old one until the next change. The other
 * options of the context (the client CAs) are read at each change, and `refresh` applies them
 * when they change themselves (client-ca-source.ts).
 */
import { readFile } from 'node:fs/promises';
import type { Server as HttpsServer } from 'node:https';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { Logger } from '../../observability/logger.js';
import { watchFileChanges } from './file-change-watch.js';

export interface ServingCertFiles {
  certFile: string;
  keyFile: string;
  /** the other options of the secure context (client CAs), as they are now */
  extra?: () => SecureContextOptions;
}

export interface ServingCertFollower {
  /** applies the pair and the other options again (the client CAs changed) */
  refresh(): void;
  stop(): void;
}

/** Starts following the files. */
export function reloadServingCertificate(
  server: HttpsServer,
  files: ServingCertFiles,
  log: Logger,
): ServingCertFollower {
  let current = '';
  let stopped = false;
  const reload = async (force = false): Promise<void> => {
    const [cert, key] = await Promise.all([readFile(files.certFile), readFile(files.keyFile)]);
    const fingerprint = `${cert.toString('base64')}|${key.length}`;
    if ((fingerprint === current && !force) || stopped) return;
    const options = { ...files.extra?.(), cert, key };
    createSecureContext(options); // throws on a pair that does not match (yet)
    server.setSecureContext(options);
    const first = current === '';
    current = fingerprint;
    if (!first) log.info({ certFile: files.certFile }, 'serving certificate reloaded');
  };
  // the pair the server started with
  void reload().catch(() => undefined);
  const changes = watchFileChanges(
    [files.certFile, files.keyFile],
    () =>
      void reload().catch((err: unknown) =>
        log.warn(
          { err, certFile: files.certFile },
          'serving certificate not reloaded: the files do not load yet',
        ),
      ),
    log,
    'the serving certificate',
  );
  return {
    refresh() {
      reload(true).catch((err: unknown) =>
        log.warn(
          { err, certFile: files.certFile },
          'the new client CAs are not applied: the serving files do not load',
        ),
      );
    },
    stop() {
      stopped = true;
      changes.stop();
    },
  };
}
