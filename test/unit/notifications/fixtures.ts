/** Small vendor payloads shaped like the documented examples. */
export const D1 = `sha256:${'a'.repeat(64)}`;
export const D2 = `sha256:${'b'.repeat(64)}`;
export const AT = new Date('2026-01-02T03:04:05Z');

export function distributionEnvelope(events: Array<Record<string, unknown>>): Record<string, unknown> {
  return { events };
}

export function distributionPush(
  repository: string,
  tag: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: 'e1',
    timestamp: '2026-01-02T03:04:05Z',
    action: 'push',
    target: {
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      size: 528,
      digest: D1,
      length: 528,
      repository,
      url: `http://127.0.0.1:5000/v2/${repository}/manifests/${D1}`,
      ...(tag ? { tag } : {}),
    },
    request: { id: 'r1', addr: '127.0.0.1:4000', host: '127.0.0.1:5000', method: 'PUT', useragent: 'test' },
    actor: {},
    source: { addr: 'host:5000', instanceID: 'x' },
    ...extra,
  };
}

export function dockerHubPayload(repoName: string, tag: string): Record<string, unknown> {
  return {
    callback_url:
      'https://registry.hub.docker.com/u/someone/app/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/',
    push_data: { pushed_at: 1417566161, pusher: 'someone', tag },
    repository: {
      repo_name: repoName,
      name: repoName.split('/').pop(),
      namespace: 'someone',
      is_private: false,
    },
  };
}

export function quayPayload(tags: string[] | Record<string, string>): Record<string, unknown> {
  return {
    name: 'app',
    repository: 'team/app',
    namespace: 'team',
    docker_url: 'quay.io/team/app',
    homepage: 'https://quay.io/repository/team/app',
    updated_tags: tags,
  };
}

export function harborPayload(type = 'PUSH_ARTIFACT'): Record<string, unknown> {
  return {
    type,
    occur_at: 1680501893,
    operator: 'admin',
    event_data: {
      resources: [{ digest: D1, tag: 'v1', resource_url: 'harbor.example.com/library/app:v1' }],
      repository: {
        date_created: 1680501893,
        name: 'app',
        namespace: 'library',
        repo_full_name: 'library/app',
        repo_type: 'private',
      },
    },
  };
}

export function githubPackagePayload(action = 'published', type = 'CONTAINER'): Record<string, unknown> {
  return {
    action,
    package: {
      id: 1,
      name: 'app',
      namespace: 'octo-org',
      package_type: type,
      ecosystem: type,
      owner: { login: 'octo-org' },
      package_version: {
        id: 2,
        version: D1,
        name: D1,
        package_url: 'ghcr.io/octo-org/app:v2',
        container_metadata: { tag: { name: 'v2', digest: D1 }, labels: {}, manifest: {} },
      },
      registry: { url: 'https://ghcr.io/octo-org' },
    },
    repository: { full_name: 'octo-org/app' },
    sender: { login: 'octocat' },
  };
}
