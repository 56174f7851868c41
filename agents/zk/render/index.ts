// The files `zk-agent init` writes: the only list. A new file is its renderer, a line here and a golden.
import { join } from 'node:path';
import type { FileToWrite } from '../../core/atomic-write.ts';
import type { ZkConfig } from '../config.ts';
import { clientTlsPath, renderClientTls } from './client-tls.ts';
import { renderJavaEnv } from './java-env.ts';
import { renderLogback } from './logback.ts';
import { renderMyid } from './myid.ts';
import { renderZooCfg } from './zoo-cfg.ts';

const CONF_DIR = 'ZK_CONF_DIR or --conf-dir';

export function renderZkFiles(config: ZkConfig): FileToWrite[] {
  return [
    { path: join(config.confDir, 'zoo.cfg'), content: renderZooCfg(config), setBy: CONF_DIR },
    { path: join(config.confDir, 'java.env'), content: renderJavaEnv(config), setBy: CONF_DIR },
    { path: join(config.confDir, 'logback.xml'), content: renderLogback(config), setBy: CONF_DIR },
    { path: myidPath(config), content: renderMyid(config), setBy: 'ZK_DATA_DIR' },
    ...(config.tls
      ? [{ path: clientTlsPath(config), content: renderClientTls(config, config.tls), setBy: CONF_DIR }]
      : []),
  ];
}

export function myidPath(config: ZkConfig): string {
  return join(config.settings.ZK_DATA_DIR, 'myid');
}
