// The files `zk-agent init` writes: the only list. A new file is its renderer, a line here and a golden.
import { join } from 'node:path';
import type { FileToWrite } from '../../core/atomic-write.ts';
import type { ZkConfig } from '../config.ts';
import { renderJavaEnv } from './java-env.ts';
import { renderLogback } from './logback.ts';
import { renderMyid } from './myid.ts';
import { renderZooCfg } from './zoo-cfg.ts';

export function renderZkFiles(config: ZkConfig): FileToWrite[] {
  return [
    { path: join(config.confDir, 'zoo.cfg'), content: renderZooCfg(config) },
    { path: join(config.confDir, 'java.env'), content: renderJavaEnv(config) },
    { path: join(config.confDir, 'logback.xml'), content: renderLogback(config) },
    { path: myidPath(config), content: renderMyid(config) },
  ];
}

export function myidPath(config: ZkConfig): string {
  return join(config.settings.ZK_DATA_DIR, 'myid');
}
