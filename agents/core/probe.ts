// What a check says: HTTP probes answer 200/503 with it as the JSON body, exec probes exit 0/1 on it.
export interface ProbeResult {
  readonly ok: boolean;
  /** Why, in words an operator reads in `kubectl describe pod`. */
  readonly reason: string;
  readonly details?: Readonly<Record<string, unknown>>;
}
