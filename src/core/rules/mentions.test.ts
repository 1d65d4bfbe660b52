import { describe, expect, it } from 'vitest';
import { mentionedIds } from './mentions.ts';

const ann = { id: 'a', name: 'Ann', email: 'ann@example.com' };
const annLee = { id: 'b', name: 'Ann Lee', email: 'lee@example.com' };
const bob = { id: 'c', name: 'Bob Stone', email: 'bob.stone@example.com' };
const people = [ann, annLee, bob];

describe('mentionedIds', () => {
  it('finds @name and @email, case-insensitive, each person once in order', () => {
    expect(mentionedIds('Ping @bob stone and @ANN@EXAMPLE.COM, then @Bob Stone again', people)).toEqual([
      'c',
      'a',
    ]);
  });

  it('takes the longest name at one @', () => {
    expect(mentionedIds('@ann lee can you look?', people)).toEqual(['b']);
    expect(mentionedIds('@Ann, can you look?', people)).toEqual(['a']);
  });

  it('ends a mention at punctuation, not inside a longer word', () => {
    expect(mentionedIds('Thanks @ann.', people)).toEqual(['a']);
    expect(mentionedIds('Thanks @anna', people)).toEqual([]);
    expect(mentionedIds('ask @bob.stone@example.com.', people)).toEqual(['c']);
    expect(mentionedIds('(@Bob Stone)', people)).toEqual(['c']);
  });

  it('ignores an @ inside an address or a word', () => {
    expect(mentionedIds('mail ann@example.com or x@Ann', people)).toEqual([]);
  });

  it('finds nothing without an @, in empty text or for nobody', () => {
    expect(mentionedIds('Ann Lee', people)).toEqual([]);
    expect(mentionedIds(null, people)).toEqual([]);
    expect(mentionedIds('', people)).toEqual([]);
    expect(mentionedIds('@ann', [])).toEqual([]);
  });
});
