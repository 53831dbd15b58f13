/** One JSON request to a test API server: its status and parsed body (an object or a Status). */
export interface ApiAnswer {
  status: number;
  json: Record<string, unknown>;
}

export function apiCaller(baseUrl: () => string) {
  return async (method: string, path: string, body?: object): Promise<ApiAnswer> => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
}
