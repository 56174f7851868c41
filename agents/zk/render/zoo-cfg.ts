import { renderProperties, type PropertyEntry } from '../../core/properties.ts';
import type { ZkConfig } from '../config.ts';
import { tlsEntries } from './zoo-cfg-tls.ts';

export function renderZooCfg(config: ZkConfig): string {
  const s = config.settings;
  const entries: PropertyEntry[] = [
    // With TLS the client port is secureClientPort (in the TLS block): no plaintext port at all.
    ...(config.tls ? [] : [['clientPort', String(s.ZK_CLIENT_PORT)] as const]),
    ['dataDir', s.ZK_DATA_DIR],
    ['dataLogDir', s.ZK_DATA_LOG_DIR],
    ['tickTime', String(s.ZK_TICK_TIME)],
    ['initLimit', String(s.ZK_INIT_LIMIT)],
    ['syncLimit', String(s.ZK_SYNC_LIMIT)],
    ['maxClientCnxns', String(s.ZK_MAX_CLIENT_CNXNS)],
    ['minSessionTimeout', String(config.minSessionTimeout)],
    ['maxSessionTimeout', String(config.maxSessionTimeout)],
    ['autopurge.snapRetainCount', String(s.ZK_SNAP_RETAIN_COUNT)],
    ['autopurge.purgeInterval', String(s.ZK_PURGE_INTERVAL)],
    // ZooKeeper >= 3.5.3 answers only whitelisted four-letter words; probes broke on upgrades without it
    // (31z4/zookeeper-docker #76, #86). Always written, so an upgrade cannot turn the probes off.
    ['4lw.commands.whitelist', config.fourLetterWords.join(',')],
    ...(config.tls ? tlsEntries(config, config.tls) : []),
    ...s.ZK_CFG_EXTRA,
    ...config.servers.map(({ id, host }): PropertyEntry => [
      `server.${id}`,
      `${host}:${s.ZK_SERVER_PORT}:${s.ZK_ELECTION_PORT}`,
    ]),
  ];
  return renderProperties(entries, [
    `Written by zk-agent for ${config.identity.hostname} (myid ${config.myid}); edits are overwritten at the next start.`,
    "Change the StatefulSet's environment instead (ZK_* variables, ZK_CFG_EXTRA for other keys).",
  ]);
}
