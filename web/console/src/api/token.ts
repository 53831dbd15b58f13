/** The bearer token of this tab: sessionStorage only (gone when the tab closes), never localStorage. */
const KEY = 'imagestreams.console.token';

export function getToken(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function setToken(token: string | undefined): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('imagestreams-auth'));
}
