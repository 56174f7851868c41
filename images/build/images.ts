// The images this repository builds, with the tags the manifests use (the image contract), and their
// size goals (uncompressed, as `docker image inspect` reports them).
export interface ImageSpec {
  readonly tag: string;
  readonly dockerfile: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly goalMB: number;
}

export const IMAGES: readonly ImageSpec[] = [
  { tag: 'statefulset-agents/zookeeper:3.9.5', dockerfile: 'Dockerfile.zk', buildArgs: {}, goalMB: 300 },
  {
    tag: 'statefulset-agents/kafka:4.2.0',
    dockerfile: 'Dockerfile.kafka',
    buildArgs: { KAFKA_VERSION: '4.2.0' },
    goalMB: 350,
  },
  {
    tag: 'statefulset-agents/kafka:3.9.1',
    dockerfile: 'Dockerfile.kafka',
    buildArgs: { KAFKA_VERSION: '3.9.1' },
    goalMB: 350,
  },
];
