// Kubernetes resource quantities ("250m", "1.5Gi", "2e3") as plain numbers.

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The value of a quantity in base units (cores for cpu, bytes for memory); NaN when malformed. */
export function parseQuantity(quantity: string | number | undefined): number {
  if (quantity === undefined) return NaN;
  if (typeof quantity === 'number') return quantity;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return NaN;
  const suffix = match[2] ?? '';
  const factor = BINARY[suffix] ?? DECIMAL[suffix] ?? NaN;
  return Number(match[1]) * factor;
}

/** CPU in millicores, 0 when absent or malformed. */
export function milliCores(quantity: string | number | undefined): number {
  const value = parseQuantity(quantity);
  return Number.isFinite(value) ? Math.round(value * 1000) : 0;
}

/** Memory or storage in bytes, 0 when absent or malformed. */
export function bytes(quantity: string | number | undefined): number {
  const value = parseQuantity(quantity);
  return Number.isFinite(value) ? Math.round(value) : 0;
}

export function formatMilliCores(milli: number): string {
  return milli % 1000 === 0 ? `${milli / 1000}` : `${milli}m`;
}

export function formatBytes(value: number): string {
  const units = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  let unit = '';
  let scaled = value;
  for (const next of units) {
    if (scaled < 1024) break;
    scaled /= 1024;
    unit = next;
  }
  return `${Number.isInteger(scaled) ? scaled : scaled.toFixed(1)}${unit}`;
}
