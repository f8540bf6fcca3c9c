// Money for display: integer minor units and an ISO 4217 code, formatted
// with integer arithmetic only (no floating point touches an amount).

/** Decimal places of a currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "EUR 12.50" for (1250, "EUR"); negative amounts get a leading minus. */
export function formatMoney(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) return `${currency} ?`;
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits ? `.${text.slice(text.length - digits)}` : '';
  return `${sign}${currency} ${whole}${fraction}`;
}

/**
 * Parses an amount typed by a person ("1.2", "1,200.50", "15") into minor
 * units of `currency`, by string arithmetic; null when it is not a
 * non-negative amount with at most the currency's decimals.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const clean = text.trim().replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(clean);
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(m[1] + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units per hour at `seconds` per task, rounded down (integer arithmetic, as the server does). */
export function hourlyMinor(pieceMinor: number, seconds: number): number | null {
  if (!(seconds > 0) || !Number.isSafeInteger(pieceMinor)) return null;
  return Math.floor((pieceMinor * 3600) / seconds);
}

/** The amount in major units as typed ("1.20" for 120 EUR), for editing. */
export function minorToInput(minor: number, currency: string): string {
  return formatMoney(minor, currency).replace(/^-?[A-Z]{3} /, '').replace(/,/g, '');
}
