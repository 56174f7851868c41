// What a generated zk-agent case asks for, worked out from the inputs alone (not from the agent's own
// parser): whether it must succeed, and, when it does, the zoo.cfg keys and values and the myid.
import { zkVariables } from '../../agents/zk/settings.ts';
import type { Setting } from './arbitraries.ts';
import { effectiveRaw, type CaseDir } from './in-process-init.ts';
import type { ZkCase, ZkName } from './zk-cases.ts';

export interface ZkView {
  /** The value the agent sees for a variable (after `_FILE`), undefined when unset or blank. */
  raw(name: ZkName): string | undefined;
  num(name: ZkName): number;
  text(name: ZkName): string;
}

export function zkView(settings: Partial<Record<ZkName, Setting>>, dir: CaseDir): ZkView {
  const raw = (name: ZkName) => {
    const value = effectiveRaw(settings[name], dir);
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const fallback = (name: ZkName) => zkVariables[name].doc.defaultText ?? '';
  return {
    raw,
    num: (name) => Number(raw(name) ?? fallback(name)),
    text: (name) => raw(name) ?? fallback(name),
  };
}

/** The pod's ordinal, StatefulSet and domain as the hostname and POD_INDEX say. */
export function zkIdentity(hostname: string, view: ZkView) {
  const dot = hostname.indexOf('.');
  const podName = dot < 0 ? hostname : hostname.slice(0, dot);
  const match = /^(.+)-(\d+)$/.exec(podName);
  const podIndex = view.raw('POD_INDEX');
  const ordinal = podIndex !== undefined ? Number(podIndex) : match ? Number(match[2]) : NaN;
  return {
    ordinal,
    sts: match?.[1],
    domain: view.raw('AGENT_DOMAIN') ?? (dot < 0 ? undefined : hostname.slice(dot + 1)),
    myid: ordinal + view.num('AGENT_ID_OFFSET'),
  };
}

/** True when every input is valid and consistent: then init must write the config. */
export function zkMustSucceed(c: ZkCase, settings: Partial<Record<ZkName, Setting>>, view: ZkView): boolean {
  if (Object.values(settings).some((s) => !s.valid)) return false;
  if (settings.ZK_REPLICAS === undefined) return false;
  const host = c.host;
  const replicas = view.num('ZK_REPLICAS');
  const podIndex = view.raw('POD_INDEX');
  if (host.sts === undefined) {
    // A name without an ordinal works only with POD_INDEX, and only for one server.
    if (host.ordinal !== undefined || podIndex === undefined || replicas !== 1) return false;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z])?$/.test(host.hostname) || host.hostname.length > 63) return false;
  }
  const id = zkIdentity(host.hostname, view);
  if (!(id.ordinal < replicas)) return false;
  const offset = view.num('AGENT_ID_OFFSET');
  if (offset < 1 || offset + replicas - 1 > 255) return false;
  const ports = (['ZK_CLIENT_PORT', 'ZK_SERVER_PORT', 'ZK_ELECTION_PORT', 'AGENT_PORT'] as const).map(
    view.num,
  );
  if (new Set(ports).size !== ports.length) return false;
  const tick = view.num('ZK_TICK_TIME');
  const min = Number(view.raw('ZK_MIN_SESSION_TIMEOUT') ?? 2 * tick);
  const max = Number(view.raw('ZK_MAX_SESSION_TIMEOUT') ?? 20 * tick);
  if (min > max) return false;
  if (replicas > 1 && id.domain === undefined) return false;
  return c.myidOnDisk === 'none' || c.myidOnDisk === 'same' || c.myidOnDisk === 'same-zero-padded';
}

/** zoo.cfg as the case asks for it: every key the agent derives, ZK_CFG_EXTRA's, and nothing else. */
export function expectedZooCfg(hostname: string, view: ZkView): Map<string, string> {
  const n = (name: ZkName) => String(view.num(name));
  const tick = view.num('ZK_TICK_TIME');
  const words = (view.raw('ZK_4LW_WHITELIST') ?? '')
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');
  const expected = new Map<string, string>([
    ['clientPort', n('ZK_CLIENT_PORT')],
    ['dataDir', view.text('ZK_DATA_DIR')],
    ['dataLogDir', view.text('ZK_DATA_LOG_DIR')],
    ['tickTime', n('ZK_TICK_TIME')],
    ['initLimit', n('ZK_INIT_LIMIT')],
    ['syncLimit', n('ZK_SYNC_LIMIT')],
    ['maxClientCnxns', n('ZK_MAX_CLIENT_CNXNS')],
    ['minSessionTimeout', String(Number(view.raw('ZK_MIN_SESSION_TIMEOUT') ?? 2 * tick))],
    ['maxSessionTimeout', String(Number(view.raw('ZK_MAX_SESSION_TIMEOUT') ?? 20 * tick))],
    ['autopurge.snapRetainCount', n('ZK_SNAP_RETAIN_COUNT')],
    ['autopurge.purgeInterval', n('ZK_PURGE_INTERVAL')],
    [
      '4lw.commands.whitelist',
      words.includes('*') ? '*' : [...new Set(['ruok', 'mntr', 'srvr', ...words])].join(','),
    ],
  ]);
  for (const item of (view.raw('ZK_CFG_EXTRA') ?? '').split(' ').filter((part) => part !== '')) {
    const at = item.indexOf('=');
    expected.set(item.slice(0, at), item.slice(at + 1));
  }
  const replicas = view.num('ZK_REPLICAS');
  if (replicas > 1) {
    const id = zkIdentity(hostname, view);
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      expected.set(
        `server.${ordinal + view.num('AGENT_ID_OFFSET')}`,
        `${id.sts}-${ordinal}.${id.domain}:${n('ZK_SERVER_PORT')}:${n('ZK_ELECTION_PORT')}`,
      );
    }
  }
  return expected;
}
