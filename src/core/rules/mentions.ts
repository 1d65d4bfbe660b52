/**
 * @mentions in free text: `@name` or `@email` of a person, case-insensitive. A mention starts at an
 * `@` that does not follow a letter, digit or one of `._%+-` (so `bob@example.com` inside a word is
 * no mention), and must end at the end of the text or before a character that cannot continue a
 * name (whitespace or punctuation other than `.`, `-`, `_` followed by a letter or digit). When
 * several people match at one `@`, the longest name or address wins ("@Ann Lee" over "@Ann").
 */
export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

const WORD = /[\p{L}\p{N}_]/u;
const BEFORE = /[\p{L}\p{N}._%+-]/u;

function endsAt(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const next = text[end]!;
  if (WORD.test(next)) return false;
  // "@ann.lee." ends a sentence; "@ann.lee.x" would be a longer name.
  if ('.-'.includes(next)) return !(end + 1 < text.length && WORD.test(text[end + 1]!));
  return true;
}

/** The ids of the people mentioned in `text`, each once, in the order first mentioned. */
export function mentionedIds(text: string | null | undefined, people: readonly Mentionable[]): string[] {
  if (!text?.includes('@')) return [];
  const lower = text.toLowerCase();
  const handles = people
    .flatMap((p) => [p.name, p.email].map((h) => ({ id: p.id, handle: h.trim().toLowerCase() })))
    .filter((h) => h.handle.length > 0)
    .sort((a, b) => b.handle.length - a.handle.length);
  const found: string[] = [];
  for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
    if (at > 0 && BEFORE.test(lower[at - 1]!)) continue;
    const start = at + 1;
    const hit = handles.find(
      (h) => lower.startsWith(h.handle, start) && endsAt(lower, start + h.handle.length),
    );
    if (hit && !found.includes(hit.id)) found.push(hit.id);
  }
  return found;
}
