// The `docker run` flags of the manifests' securityContext (readOnlyRootFilesystem, runAsUser 1000, drop
// ALL, no privilege escalation): how the image tests and the measurements run a container of the images.
export const HARDENED: readonly string[] = [
  '--read-only',
  '--user',
  '1000',
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges',
];
