/** The benchmarks' writes to the server's API: a POST that fails the run unless it succeeded. */
export async function postObject(serverUrl: string, path: string, body: object): Promise<void> {
  const res = await fetch(`${serverUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}
