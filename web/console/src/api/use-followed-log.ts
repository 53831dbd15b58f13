/**
 * A build's log as it is written: one `builds/NAME/log?follow=true` request whose body the server
 * keeps sending until the build ends (the route `isctl logs -f` reads), decoded as it comes.
 */
import { useEffect, useState } from 'preact/hooks';
import { authHeaders, errorOf } from './client.js';

export type LogPhase = 'loading' | 'following' | 'ended' | 'failed';

export interface FollowedLog {
  text: string;
  phase: LogPhase;
  error: string | undefined;
}

async function follow(path: string, signal: AbortSignal, set: (f: FollowedLog) => void): Promise<void> {
  let text = '';
  try {
    const response = await fetch(path, { headers: authHeaders(), cache: 'no-store', signal });
    if (!response.ok || !response.body) throw await errorOf(response);
    set({ text, phase: 'following', error: undefined });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
      set({ text, phase: 'following', error: undefined });
    }
    set({ text, phase: 'ended', error: undefined });
  } catch (err) {
    if (signal.aborted) return;
    set({ text, phase: 'failed', error: err instanceof Error ? err.message : String(err) });
  }
}

/** `path` undefined follows nothing; a new path starts over. */
export function useFollowedLog(path: string | undefined): FollowedLog {
  const [state, setState] = useState<FollowedLog>({ text: '', phase: 'loading', error: undefined });
  useEffect(() => {
    if (!path) return undefined;
    setState({ text: '', phase: 'loading', error: undefined });
    const abort = new AbortController();
    void follow(path, abort.signal, setState);
    return () => abort.abort();
  }, [path]);
  return state;
}
