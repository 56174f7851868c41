/** What a health check says; HTTP probes turn it into 200/503 with this as the JSON body. */
export interface CheckResult {
  readonly ok: boolean;
  /** For a human: why it passed or failed. */
  readonly reason: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A named check; its dependencies come in as an argument, never from process.env. */
export interface Check<Deps> {
  readonly name: string;
  run(deps: Deps): Promise<CheckResult>;
}
