/**
 * /console/sign-in: a bearer token from the server's token file, checked against the API and then
 * kept in this tab's sessionStorage only. Anonymous access (loopback) never comes here.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, apiRequest } from '../api/client.js';
import { pages, paths } from '../api/paths.js';
import { setToken } from '../api/token.js';

function safeNext(next: string | undefined): string {
  // only a page of the console: never an absolute URL that would carry the user elsewhere
  return next && next.startsWith('/console/') && !next.startsWith('//') ? next : pages.overview();
}

export function SignIn() {
  const location = useLocation();
  const [token, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await apiRequest(paths.imageStreams(), { token: token.trim() });
      setToken(token.trim());
      location.route(safeNext(location.query.next), true);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 0;
      // a user without the grant to list every namespace is still signed in
      if (code === 403) {
        setToken(token.trim());
        location.route(safeNext(location.query.next), true);
        return;
      }
      setError(
        code === 401
          ? 'The server did not accept this token.'
          : err instanceof Error
            ? err.message
            : String(err),
      );
      setBusy(false);
    }
  };
  return (
    <>
      <h1>Sign in</h1>
      <p>
        This server needs a bearer token (a line of its <code>--token-auth-file</code>). It is kept in this
        tab only and sent to this server only.
      </p>
      <form class="sign-in" onSubmit={submit}>
        <label for="token">Token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          required
          value={token}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
      </form>
    </>
  );
}
