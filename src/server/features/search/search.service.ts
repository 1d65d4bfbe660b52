import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { searchHit } from '../../../core/schemas/workspace.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { accounts, inAccountScope, nameOrDomainMatches, scopedPage } from '../accounts/index.ts';
import { contactMatches, contactName, contacts } from '../contacts/index.ts';

type Hit = z.infer<typeof searchHit>;
const LIMIT = 20;

/** Up to 20 accounts and contacts in scope, best matches first; typo-tolerant (trigram word similarity). */
export async function search(db: Db, actor: Actor, q: string): Promise<Hit[]> {
  const accountScore = sql<number>`greatest(word_similarity(${q}, ${accounts.name}), word_similarity(${q}, coalesce(${accounts.domain}, '')))`;
  const matching = [isNull(accounts.archivedAt), nameOrDomainMatches(q)];
  const best = [desc(accountScore), asc(accounts.name)];
  const accountQuery = db
    .select({ id: accounts.id, name: accounts.name, domain: accounts.domain, score: accountScore })
    .from(accounts)
    .where(and(...matching, scopedPage(db, actor, { where: matching, orderBy: best, limit: LIMIT })))
    .orderBy(...best)
    .limit(LIMIT);

  const contactScore = sql<number>`greatest(word_similarity(${q}, ${contactName}), word_similarity(${q}, coalesce(${contacts.email}, '')))`;
  const contactQuery = db
    .select({
      id: contacts.id,
      name: contactName,
      email: contacts.email,
      accountId: contacts.accountId,
      accountName: accounts.name,
      score: contactScore,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(isNull(accounts.archivedAt), contactMatches(q), inAccountScope(actor, contacts.accountId)))
    .orderBy(desc(contactScore))
    .limit(LIMIT);
  // Independent reads: on PostgreSQL they run side by side.
  const [accountHits, contactHits] = await Promise.all([accountQuery, contactQuery]);

  const hits: (Hit & { score: number })[] = [
    ...accountHits.map((a) => ({
      type: 'account' as const,
      id: a.id,
      title: a.name,
      subtitle: a.domain,
      accountId: a.id,
      score: Number(a.score),
    })),
    ...contactHits.map((c) => ({
      type: 'contact' as const,
      id: c.id,
      title: c.name.trim(),
      subtitle: [c.email, c.accountName].filter(Boolean).join(' · ') || null,
      accountId: c.accountId,
      score: Number(c.score),
    })),
  ];
  return hits
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    .slice(0, LIMIT)
    .map(({ score: _s, ...hit }) => hit);
}
