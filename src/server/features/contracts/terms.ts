import { type SQL, sql } from 'drizzle-orm';
import type { ContractTerm } from '../../../core/rules/arr.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { contracts } from './contracts.table.ts';

/**
 * One line a contract: account id (36 characters), start, end and cancellation dates (10 each,
 * `-` when not cancelled), then status and arr.
 */
const line = sql`account_id::text || start_date::text || end_date::text
  || coalesce(cancelled_on::text, '----------') || status || ' ' || arr::text`;

/**
 * What the ARR rule reads of the contracts matching `where`, by account. The rows travel as one
 * text value of fixed-width lines: the drivers build an object per row, which for the 200k
 * contracts of a large book costs several times the query itself.
 */
export async function termsByAccount(db: Db, where: SQL): Promise<Map<string, ContractTerm[]>> {
  const [row] = await rawRows<{ terms: string | null }>(
    db,
    sql`select string_agg(${line}, E'\\n') as terms from ${contracts} where ${where}`,
  );
  const byAccount = new Map<string, ContractTerm[]>();
  if (!row?.terms) return byAccount;
  for (const l of row.terms.split('\n')) {
    const space = l.indexOf(' ', 66);
    const term: ContractTerm = {
      startDate: l.slice(36, 46),
      endDate: l.slice(46, 56),
      cancelledOn: l[56] === '-' ? null : l.slice(56, 66),
      status: l.slice(66, space) as ContractTerm['status'],
      arr: Number(l.slice(space + 1)),
    };
    const accountId = l.slice(0, 36);
    const list = byAccount.get(accountId);
    if (list) list.push(term);
    else byAccount.set(accountId, [term]);
  }
  return byAccount;
}
