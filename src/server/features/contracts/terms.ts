import { type SQL, sql } from 'drizzle-orm';
import type { ContractTerm } from '../../../core/rules/arr.ts';
import { selectColumns } from '../../db/bulk.ts';
import type { Db } from '../../db/index.ts';
import { contracts } from './contracts.table.ts';

/**
 * What the ARR rule reads of the contracts matching `where`, by account. Read column by column
 * (see selectColumns): on PGlite an object per row would cost several times the query for the
 * 200k contracts of a large book.
 */
export async function termsByAccount(db: Db, where: SQL): Promise<Map<string, ContractTerm[]>> {
  const c = await selectColumns<{ accountId: string } & ContractTerm>(
    db,
    {
      accountId: contracts.accountId,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      cancelledOn: contracts.cancelledOn,
      status: contracts.status,
      arr: contracts.arr,
    },
    sql`from ${contracts} where ${where}`,
  );
  const byAccount = new Map<string, ContractTerm[]>();
  for (let i = 0; i < c.accountId.length; i++) {
    const term: ContractTerm = {
      startDate: c.startDate[i]!,
      endDate: c.endDate[i]!,
      cancelledOn: c.cancelledOn[i] ?? null,
      status: c.status[i]!,
      arr: c.arr[i]!,
    };
    const list = byAccount.get(c.accountId[i]!);
    if (list) list.push(term);
    else byAccount.set(c.accountId[i]!, [term]);
  }
  return byAccount;
}
