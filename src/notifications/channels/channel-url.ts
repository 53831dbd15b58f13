/**
 * A shoutrrr-style channel URL into a ChannelTarget, by scheme. Errors name the service and what
 * is wrong, never the URL (it holds the credentials).
 */
import { parseDiscord } from './services/discord.js';
import { parseGeneric } from './services/generic.js';
import { parseGotify } from './services/gotify.js';
import { parseNtfy } from './services/ntfy.js';
import { parseSlack } from './services/slack.js';
import { parseSmtp } from './services/smtp.js';
import { parseTeams } from './services/teams.js';
import { ChannelUrlError, type ChannelTarget } from './target.js';

const PARSERS: Record<string, (url: URL) => ChannelTarget> = {
  slack: parseSlack,
  discord: parseDiscord,
  teams: parseTeams,
  smtp: parseSmtp,
  ntfy: parseNtfy,
  gotify: parseGotify,
  generic: parseGeneric,
  'generic+https': parseGeneric,
  'generic+http': parseGeneric,
};

const CHANNEL_SCHEMES: readonly string[] = Object.keys(PARSERS);

/** The scheme, read without parsing the rest (for messages that must not quote the URL). */
function schemeOf(raw: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw.trim())?.[1]?.toLowerCase();
}

export function parseChannelUrl(raw: string): ChannelTarget {
  const scheme = schemeOf(raw);
  const parse = scheme === undefined ? undefined : PARSERS[scheme];
  if (!parse)
    throw new ChannelUrlError(
      `${scheme === undefined ? 'not a URL' : `unknown scheme "${scheme.slice(0, 20)}"`}: use one of ${CHANNEL_SCHEMES.map((s) => `${s}://`).join(', ')}`,
    );
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ChannelUrlError(
      `${scheme}: not a valid URL (are special characters in the password percent-encoded?)`,
    );
  }
  try {
    return parse(url);
  } catch (e) {
    if (e instanceof ChannelUrlError) throw new ChannelUrlError(`${scheme}: ${e.message}`);
    throw new ChannelUrlError(`${scheme}: not a valid channel URL`);
  }
}
