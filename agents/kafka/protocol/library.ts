// Every value the agent takes from @platformatic/kafka, in one module: the build bundles this file on
// its own, as an entry point, so esbuild keeps only these (the package re-exports ~300 request codecs,
// its clients and a schema registry from one index; .config/build.ts explains). Types may be imported
// from the package directly: they vanish at build time.
export {
  ConnectionPool,
  FetchIsolationLevels,
  FindCoordinatorKeyTypes,
  NetworkError,
  ProtocolError,
  ResponseError,
  TimeoutError,
  apiVersionsV3,
  clientSoftwareName,
  clientSoftwareVersion,
  describeClusterV1,
  describeQuorumV0,
  describeQuorumV1,
  describeQuorumV2,
  findCoordinatorV4,
  findErrorBy,
  listGroupsV4,
  listOffsetsV7,
  metadataV12,
  offsetFetchV8,
  protocolErrorsCodesById,
} from '@platformatic/kafka';
