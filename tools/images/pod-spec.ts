// A pod of the image tests and the Docker benchmarks, as `docker run` starts it (test/images/lib/docker.ts).
export interface PodSpec {
  readonly image: string;
  /** Hostname (the StatefulSet pod name, e.g. zk-0). */
  readonly hostname: string;
  /** The headless Service's domain: the kubelet's /etc/hosts line comes from --domainname (docs/design.md). */
  readonly domain: string;
  readonly env: Readonly<Record<string, string>>;
  /** Writable paths: a named volume each (a fresh one takes the image dir's owner, as a PVC with fsGroup). */
  readonly volumes: readonly string[];
  readonly args?: readonly string[];
}
