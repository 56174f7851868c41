// The files `zk-agent init` writes: the only list. A new file is its renderer, a line here and a golden.
import { join } from 'node:path';
import type { FileToWrite } from '../../core/atomic-write';
import type { ZkConfig } from '../config';
import { renderJavaEnv } from './java-env';
import { renderLogback } from './logback';
import { renderMyid } from './myid';
import { renderZooCfg } from './zoo-cfg';

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
