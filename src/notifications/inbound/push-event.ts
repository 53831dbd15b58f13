/**
 * What every vendor webhook is turned into: one push of one repository (and tag, when the push
 * named one). Matching and importing work on this shape only, never on a vendor's payload.
 */
import { isDigest } from '../../api/digest.js';

export const PushSource = {
  Distribution: 'distribution',
  DockerHub: 'dockerhub',
  Quay: 'quay',
  Harbor: 'harbor',
  GitHub: 'github',
} as const;
export type PushSource = (typeof PushSource)[keyof typeof PushSource];

export interface PushEvent {
  /** host[:port] the repository lives on; undefined when the vendor does not say (matches any host) */
  registryHost?: string;
  /** the repository path without the host, e.g. `team/app` */
  repository: string;
  /** undefined for a push by digest */
  tag?: string;
  /** what the vendor claims was pushed: a hint only, the importer confirms it with a HEAD */
  digest?: string;
  mediaType?: string;
  source: PushSource;
  receivedAt: Date;
}

/** The vendor sent something we cannot read: the sender's fault, answered with 400. */
export class MalformedPayloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedPayloadError';
  }
}

/** A vendor's digest field, if it is a digest (some vendors send image ids or empty strings). */
export function digestOrUndefined(value: string | undefined | null): string | undefined {
  return value && isDigest(value) ? value : undefined;
}
