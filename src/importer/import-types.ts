/** The ImageStreamImport shapes the importer reads and writes (image.openshift.io/v1). */
import type { Status } from '../api/status-error.js';
import type { Image, ImageStream } from '../api/types.js';

export interface ImportPolicy {
  insecure?: boolean;
  scheduled?: boolean;
  importMode?: string;
}

export interface ReferencePolicy {
  type?: string;
}

export interface ImportSource {
  kind: string;
  name: string;
  namespace?: string;
}

export interface ImageImportSpec {
  from: ImportSource;
  to?: { name: string } | null;
  importPolicy?: ImportPolicy;
  referencePolicy?: ReferencePolicy;
  includeManifest?: boolean;
}

export interface RepositoryImportSpec {
  from: ImportSource;
  importPolicy?: ImportPolicy;
  referencePolicy?: ReferencePolicy;
  includeManifest?: boolean;
}

export interface ImageImportStatus {
  status: Status;
  image?: Image;
  tag?: string;
  manifests?: Image[];
}

export interface RepositoryImportStatus {
  status: Status;
  images: ImageImportStatus[];
  additionalTags: string[];
}

export interface ImageStreamImportStatus {
  import?: ImageStream;
  repository?: RepositoryImportStatus;
  images?: ImageImportStatus[];
}

export interface ImageStreamImportObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    [k: string]: unknown;
  };
  spec: {
    import: boolean;
    images?: ImageImportSpec[] | null;
    repository?: RepositoryImportSpec | null;
  };
  status?: ImageStreamImportStatus;
  [field: string]: unknown;
}
