/**
 * `POST /apis/build.openshift.io/v1/namespaces/NS/buildconfigs/NAME/instantiatebinary`, as
 * OpenShift: the body is the source (a tar or tar.gz archive, or one file named by `asFile`), the
 * query is BinaryBuildRequestOptions (`asFile`, `revision.commit`, `revision.message`,
 * `revision.authorName|authorEmail|committerName|committerEmail`). The BuildConfig must have a
 * binary source. The upload is checked (an archive must unpack safely) and stored beside the Build
 * before the Build exists, so the leader finds it whichever replica took the request. Beyond
 * MAX_BINARY_BYTES: 413.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fieldInvalid } from '../../api/field-errors.js';
import { badRequest, notFound } from '../../api/status-error.js';
import { userOf } from '../../server/auth/auth-plugin.js';
import { authorize } from '../../server/auth/authorizer.js';
import type { ServerContext } from '../../server/server-context.js';
import { qualified } from '../../store/object-key.js';
import { BUILD_CONFIGS } from '../../store/resource-types.js';
import { BUILD_API_GROUP, BUILD_API_VERSION, BUILD_REQUEST_KIND } from '../constants.js';
import { instantiate } from '../instantiate.js';
import type { Build } from '../schema.js';
import { ArchiveError, checkArchive } from './archive.js';
import { MAX_BINARY_BYTES, MAX_UNPACKED_BYTES, validAsFile, writeBinary } from './stored-binary.js';

const INSTANTIATE_BINARY_ROUTE =
  '/apis/build.openshift.io/v1/namespaces/:namespace/buildconfigs/:name/instantiatebinary';

const OptionsSchema = z.object({
  asFile: z.string().optional(),
  'revision.commit': z.string().optional(),
  'revision.message': z.string().optional(),
  'revision.authorName': z.string().optional(),
  'revision.authorEmail': z.string().optional(),
  'revision.committerName': z.string().optional(),
  'revision.committerEmail': z.string().optional(),
});
type Options = z.output<typeof OptionsSchema>;

interface Params {
  namespace: string;
  name: string;
}

function options(query: unknown): Options {
  const parsed = OptionsSchema.safeParse(query ?? {});
  if (!parsed.success) throw badRequest('invalid BinaryBuildRequestOptions');
  const o = parsed.data;
  if (o.asFile !== undefined && !validAsFile(o.asFile))
    throw badRequest('asFile must be a file name', [fieldInvalid('asFile', o.asFile, 'must be a file name')]);
  return o;
}

function signature(name?: string, email?: string): { name?: string; email?: string } | undefined {
  if (name === undefined && email === undefined) return undefined;
  return { ...(name !== undefined ? { name } : {}), ...(email !== undefined ? { email } : {}) };
}

function revision(o: Options): object | undefined {
  const author = signature(o['revision.authorName'], o['revision.authorEmail']);
  const committer = signature(o['revision.committerName'], o['revision.committerEmail']);
  if (!o['revision.commit'] && !o['revision.message'] && !author && !committer) return undefined;
  const git = {
    ...(o['revision.commit'] ? { commit: o['revision.commit'] } : {}),
    ...(o['revision.message'] ? { message: o['revision.message'] } : {}),
    ...(author ? { author } : {}),
    ...(committer ? { committer } : {}),
  };
  return { type: 'Git', git };
}

async function checkUpload(body: Buffer, asFile: string | undefined): Promise<void> {
  if (asFile !== undefined) return;
  try {
    await checkArchive(body, MAX_UNPACKED_BYTES);
  } catch (e) {
    if (e instanceof ArchiveError) throw badRequest(`the uploaded archive was refused: ${e.message}`);
    throw e;
  }
}

async function handle(ctx: ServerContext, request: FastifyRequest<{ Params: Params }>): Promise<Build> {
  const { namespace, name } = request.params;
  await authorize(userOf(request), {
    verb: 'create',
    group: BUILD_API_GROUP,
    version: 'v1',
    resource: 'buildconfigs',
    subresource: 'instantiatebinary',
    namespace,
    name,
  });
  const o = options(request.query);
  const config = await ctx.store.get(BUILD_CONFIGS, namespace, name);
  if (!config) throw notFound(qualified(BUILD_CONFIGS, name));
  if (!config.spec.source.binary)
    throw badRequest(`build config ${namespace}/${name} does not have a binary source`);
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  if (body.length === 0) throw badRequest('the request body is empty: send the source archive or file');
  const asFile = o.asFile ?? config.spec.source.binary.asFile;
  await checkUpload(body, asFile);
  const rev = revision(o);
  const buildRequest = {
    apiVersion: BUILD_API_VERSION,
    kind: BUILD_REQUEST_KIND,
    metadata: { name },
    ...(rev ? { revision: rev } : {}),
  };
  const beforeCreate = async (build: Build): Promise<void> => {
    build.spec.source = { ...build.spec.source, binary: asFile ? { asFile } : {} };
    await writeBinary(ctx.store, namespace, build.metadata.name, {
      ...(asFile ? { asFile } : {}),
      data: body,
    });
  };
  const registryHost = () => ctx.settings.dockerImageRepositoryHost;
  return instantiate(ctx.store, namespace, name, buildRequest, { registryHost, beforeCreate });
}

export function registerInstantiateBinaryRoute(app: FastifyInstance, ctx: ServerContext): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BINARY_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(INSTANTIATE_BINARY_ROUTE, async (request: FastifyRequest<{ Params: Params }>, reply) => {
      const build = await handle(ctx, request);
      return reply.code(201).send(build);
    });
  });
}
