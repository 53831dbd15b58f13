import { describe, expect, it } from 'vitest';
import { imageStreamImportResource } from '../../../src/importer/imagestreamimport-route.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';
import type { RequestScope } from '../../../src/server/resources/resource-def.js';

function scope(namespace: string | undefined, dryRun = false): RequestScope {
  return {
    info: { namespace, resource: 'imagestreamimports', verb: 'create' } as unknown as RequestScope['info'],
    query: {},
    dryRun,
    fieldValidation: 'Strict',
    user: { name: 'u', groups: [] },
    warn: () => undefined,
  };
}

const body = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStreamImport',
  metadata: { name: 'app' },
  spec: { import: true, images: [{ from: { kind: 'DockerImage', name: 'reg.io/a:1' }, to: { name: '1' } }] },
};

function recorder() {
  const seen: { namespace: string; isi: ImageStreamImportObject }[] = [];
  const importer = {
    importImages: async (namespace: string, isi: ImageStreamImportObject) => {
      seen.push({ namespace, isi });
      return { ...isi, status: {} };
    },
  };
  return { seen, def: imageStreamImportResource(importer) };
}

describe('imageStreamImportResource', () => {
  it('is a namespaced create-only resource of image.openshift.io/v1', () => {
    const { def } = recorder();
    expect(def).toMatchObject({
      group: 'image.openshift.io',
      version: 'v1',
      resource: 'imagestreamimports',
      kind: 'ImageStreamImport',
      namespaced: true,
      verbs: ['create'],
    });
  });

  it('passes the decoded request and the namespace to the importer', async () => {
    const { seen, def } = recorder();
    await def.handler.create!(scope('ns'), body);
    expect(seen[0]?.namespace).toBe('ns');
    expect(seen[0]?.isi.spec.images?.[0]?.from.name).toBe('reg.io/a:1');
    expect(seen[0]?.isi.spec.import).toBe(true);
  });

  it('turns ?dryRun=All into import:false', async () => {
    const { seen, def } = recorder();
    await def.handler.create!(scope('ns', true), body);
    expect(seen[0]?.isi.spec.import).toBe(false);
  });

  it('rejects a request without namespace, with another namespace, or with a bad body', async () => {
    const { def } = recorder();
    await expect(def.handler.create!(scope(undefined), body)).rejects.toMatchObject({ code: 400 });
    await expect(
      def.handler.create!(scope('ns'), { ...body, metadata: { name: 'app', namespace: 'other' } }),
    ).rejects.toMatchObject({ code: 400 });
    await expect(
      def.handler.create!(scope('ns'), { ...body, spec: { images: 'nope' } }),
    ).rejects.toMatchObject({ code: 422 });
    await expect(def.handler.create!(scope('ns'), { ...body, kind: 'ImageStream' })).rejects.toMatchObject({
      code: 400,
    });
  });
});
