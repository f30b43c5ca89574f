import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readHexId, readUuid, writeHexId, writeUuid } from '../../../src/traffic/hex-ids.js';
import { createRandom } from '../../../src/traffic/random.js';

describe('hex ids as words', () => {
  it('gives back every id the traffic model makes', () => {
    const random = createRandom(7);
    const words = new Uint32Array(4);
    for (let i = 0; i < 1000; i++) {
      for (const chars of [16, 32]) {
        const id = random.hex(chars);
        expect(writeHexId(id, chars, words, 0)).toBe(true);
        expect(readHexId(words, 0, chars)).toBe(id);
      }
      const uuid = random.uuid();
      expect(writeUuid(uuid, words, 0)).toBe(true);
      expect(readUuid(words, 0)).toBe(uuid);
    }
  });

  it('round-trips any lowercase hex, at an offset, without touching other words', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), (id) => {
        const words = new Uint32Array(6).fill(7);
        expect(writeHexId(id, 32, words, 1)).toBe(true);
        expect(words[0]).toBe(7);
        expect(words[5]).toBe(7);
        expect(readHexId(words, 1, 32)).toBe(id);
      }),
    );
  });

  it('refuses ids it could not give back exactly', () => {
    const words = new Uint32Array(4);
    expect(writeHexId('4BF92F3577B34DA6', 16, words, 0)).toBe(false); // upper case
    expect(writeHexId('4bf92f3577b34da', 16, words, 0)).toBe(false); // too short
    expect(writeHexId('4bf92f3577b34da6x', 16, words, 0)).toBe(false);
    expect(writeHexId('not-an-id-at-all', 16, words, 0)).toBe(false);
    expect(writeUuid('6c4f7e2a-1b3d-9e8f-a0b1-c2d3e4f5a6b7', words, 0)).toBe(true);
    expect(writeUuid('6c4f7e2a1b3d-9e8f-a0b1-c2d3e4f5a6b7-', words, 0)).toBe(false);
    expect(writeUuid('6C4F7E2A-1B3D-9E8F-A0B1-C2D3E4F5A6B7', words, 0)).toBe(false);
    expect(writeUuid('6c4f7e2a-1b3d-9e8f-a0b1-c2d3e4f5a6b', words, 0)).toBe(false);
  });
});
