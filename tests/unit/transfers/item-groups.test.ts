import { expect, test } from 'vitest';
import { groupSmallItems } from '../../../main/transfers/item-groups.ts';
import type { ItemRecord } from '../../../main/transfers/index.ts';

const item = (id: number, size: number) => ({ id, size }) as ItemRecord;
const ids = (groups: ItemRecord[][]) => groups.map((group) => group.map((member) => member.id));

test('groups runs of small files, at most a quarter of the files in flight each, keeping the order', () => {
  const items = [item(1, 10), item(2, 10), item(3, 10), item(4, 10), item(5, 10)];
  expect(ids(groupSmallItems(items, 32))).toEqual([[1, 2, 3, 4, 5]]);
  expect(ids(groupSmallItems(items, 8))).toEqual([[1, 2], [3, 4], [5]]);
  expect(ids(groupSmallItems(items, 2))).toEqual([[1], [2], [3], [4], [5]]);
});

test('sends a large file on its own and starts a new group after it', () => {
  const items = [item(1, 10), item(2, 5 * 1024 * 1024), item(3, 10), item(4, 10)];
  expect(ids(groupSmallItems(items, 32))).toEqual([[1], [2], [3, 4]]);
});
