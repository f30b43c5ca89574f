import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { codeRecord } from '../../../lib/code-record.js';

describe('codeRecord', () => {
  it('holds response codes like a plain object: ascending keys, same JSON', () => {
    const record = codeRecord<number>();
    record['503'] = 2;
    record['-'] = 3;
    record['200'] = 1;
    expect(Object.keys(record)).toEqual(['200', '503', '-']);
    expect(JSON.stringify(record)).toBe(JSON.stringify({ '200': 1, '503': 2, '-': 3 }));
    expect(record['503']).toBe(2);
  });

  it('stores only the codes it is given, not an array up to the largest', () => {
    // A plain {} given the key "503" would take 504 slots: several kilobytes per object.
    const before = getHeapStatistics().used_heap_size;
    const kept: Record<string, number>[] = [];
    for (let i = 0; i < 2000; i++) {
      const r = codeRecord<number>();
      r['503'] = i;
      kept.push(r);
    }
    const perRecord = (getHeapStatistics().used_heap_size - before) / kept.length;
    expect(perRecord).toBeLessThan(1500);
  });
});
