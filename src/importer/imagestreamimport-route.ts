/**
 * The `imagestreamimports` virtual resource (create only), as OpenShift serves it:
 * POST /apis/image.openshift.io/v1/namespaces/NS/imagestreamimports. The server's generic layer
 * authenticates and authorizes the request like any create; this handler decodes the body, runs
 * the import and answers with the ImageStreamImport and its status. `spec.import: false` and
 * `?dryRun=All` write nothing.
 */
import type { KubeObject } from '../api/object.js';
import { decodeWith } from '../api/decode.js';
import { ImageStreamImportSchema } from '../api/schema/image-stream-import.js';
import { badRequest } from '../api/status-error.js';
import { ensureNamespace } from '../server/resources/namespaces.js';
import type { RequestScope, ResourceDef } from '../server/resources/resource-def.js';
import type { Store } from '../store/store.js';
import type { ImageStreamImportObject } from './import-types.js';
import type { ImportService } from './import-service.js';

const TARGET = { kind: 'ImageStreamImport', group: 'image.openshift.io', resource: 'imagestreamimports' };

/** The request's ImageStreamImport; a status it carries is dropped (the import computes it). */
function decodeImageStreamImportBody(body: unknown): ImageStreamImportObject {
  const { apiVersion, kind, metadata, spec } = decodeWith(ImageStreamImportSchema, TARGET, body);
  return { apiVersion, kind, metadata, spec };
}

export interface ImageStreamImportResourceOptions {
  /** namespaces exist implicitly: an import that writes records its namespace */
  store?: Store;
  /** aborted when the server closes */
  closing?: AbortSignal;
}

async function create(
  importer: ImportService,
  scope: RequestScope,
  body: unknown,
  options: ImageStreamImportResourceOptions,
): Promise<KubeObject> {
  const namespace = scope.info.namespace;
  if (!namespace) throw badRequest('a namespace must be specified to import images');
  const isi = decodeImageStreamImportBody(body);
  if (!isi.metadata.name)
    throw badRequest('metadata.name: the name of the image stream to import into is required');
  if (isi.metadata.namespace && isi.metadata.namespace !== namespace) {
    throw badRequest(
      `the namespace of the object (${isi.metadata.namespace}) does not match the namespace on the request (${namespace})`,
    );
  }
  if (scope.dryRun) isi.spec.import = false;
  if (isi.spec.import && options.store) await ensureNamespace(options.store, namespace);
  const result = await importer.importImages(namespace, isi, options.closing);
  return result;
}

/** The resource definition to add to the server's ResourceRegistry. */
export function imageStreamImportResource(
  importer: ImportService,
  options: ImageStreamImportResourceOptions = {},
): ResourceDef {
  return {
    group: 'image.openshift.io',
    version: 'v1',
    resource: 'imagestreamimports',
    singularName: 'imagestreamimport',
    kind: 'ImageStreamImport',
    namespaced: true,
    verbs: ['create'],
    handler: { create: (scope, body) => create(importer, scope, body, options) },
  };
}
