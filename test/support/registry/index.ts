export { startRegistry, REGISTRY_BINARY } from './start-registry.js';
export { startNotifyingRegistry } from './notifying-registry.js';
export type { StartRegistryOptions, TestRegistry, NotifyOptions } from './start-registry.js';
export { startTokenIssuer, signJwt, parseScope } from './token-issuer.js';
export type { TokenIssuer, TokenIssuerOptions, TokenRequestRecord, Access } from './token-issuer.js';
export { pushImage, pushIndex, pushBlob, pushManifest, sha256 } from './push.js';
export type { PushTarget, PushImageOptions, PushedImage, PushedIndex, TestPlatform } from './push.js';
export { startFaultProxy } from './fault-proxy.js';
export type {
  FaultProxy,
  Fault,
  PlannedFault,
  FaultMatch,
  TagPagination,
  ProxyRequestRecord,
} from './fault-proxy.js';
export { makeSelfSignedCert } from './tls.js';
export type { TestCertificate } from './tls.js';
export { freePort } from './ports.js';
export { startHostileServer, tinyManifest } from './hostile-server.js';
export type { HostileServer, HostileRequest, HostileHandler } from './hostile-server.js';
export { notifyServer } from './notify-server.js';
