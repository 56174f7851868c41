// Kubernetes resource quantities (resource.Quantity) as Docker's limits take them: memory in bytes for
// `--memory`, CPU in cores for `--cpus`. Only the suffixes manifests use: binary Ki..Ei, decimal
// k..E, millis (`500m`) and plain numbers.
const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))([a-zA-Z]*)$/.exec(quantity.trim());
  const factor = match ? (BINARY[match[2]!] ?? DECIMAL[match[2]!]) : undefined;
  if (!match || factor === undefined)
    throw new Error(`not a Kubernetes quantity: ${JSON.stringify(quantity)}`);
  return Number(match[1]) * factor;
}

/** `1536Mi` → `1610612736` (bytes, what `docker run --memory` reads without a unit). */
export function memoryBytes(quantity: string | number): string {
  return String(Math.ceil(parseQuantity(quantity)));
}

/** `500m` → `0.5`, `2` → `2` (cores, what `docker run --cpus` reads). */
export function cpuCores(quantity: string | number): string {
  return String(Math.round(parseQuantity(quantity) * 1000) / 1000);
}
