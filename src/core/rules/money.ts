/** Money is summed in integer cents, so that 0.1 + 0.2 is 0.3 and totals match to the cent. */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;

export function sumMoney(amounts: Iterable<number>): number {
  let cents = 0;
  for (const a of amounts) cents += toCents(a);
  return fromCents(cents);
}

/**
 * quantity × unitPrice rounded half up to the cent, in exact integer arithmetic (both factors
 * carry two decimals, so their product carries four).
 */
export function lineAmount(quantity: number, unitPrice: number): number {
  const product = BigInt(toCents(quantity)) * BigInt(toCents(unitPrice));
  return fromCents(Number((product + 50n) / 100n));
}

/** A contract's ARR from its lines: Σ quantity × unitPrice, each line rounded to the cent. */
export function linesTotal(lines: Iterable<{ quantity: number; unitPrice: number }>): number {
  const amounts: number[] = [];
  for (const l of lines) amounts.push(lineAmount(l.quantity, l.unitPrice));
  return sumMoney(amounts);
}
