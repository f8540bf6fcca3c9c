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
