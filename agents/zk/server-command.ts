// The default command `zk-agent run` starts: the server straight from its jars (a Maven artifact has no
// bin/ scripts), with the same JVM flags java.env gives zkServer.sh users.
import { join } from 'node:path';
import type { ZkConfig } from './config.ts';
import { serverJvmFlags } from './render/java-env.ts';

export const QUORUM_PEER_MAIN = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';

export function zkServerCommand(config: ZkConfig, javaHome: string | undefined): [string, ...string[]] {
  const s = config.settings;
  const java = javaHome ? join(javaHome, 'bin', 'java') : 'java';
  const extra = s.SERVER_JVMFLAGS.split(/\s+/).filter((flag) => flag !== '');
  return [
    java,
    ...serverJvmFlags(config),
    `-Dlogback.configurationFile=${join(config.confDir, 'logback.xml')}`,
    ...extra,
    '-cp',
    `${config.confDir}:${join(s.ZK_LIB_DIR, '*')}`,
    QUORUM_PEER_MAIN,
    join(config.confDir, 'zoo.cfg'),
  ];
}
