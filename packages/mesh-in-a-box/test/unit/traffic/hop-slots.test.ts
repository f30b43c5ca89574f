import { describe, expect, it } from 'vitest';
import { HopSlots } from '../../../src/traffic/hop-slots.js';
import type { Hop } from '../../../src/traffic/hop.js';
import {
  attempt,
  hop,
  saLogicA,
  saLogicB,
  saLogicService,
  saWebapp,
  sentimentJourney,
} from '../jaeger/sentiment-journey.js';

const retried = sentimentJourney()[1]; // two attempts: a 503 on one pod, then a 200 on the other
const single: Hop = hop({
  service: saLogicService,
  clientSpanId: 'a1a1a1a1a1a1a1a1',
  source: saWebapp,
  grpcStatus: 0,
  mirrored: true,
  mtls: false,
  protocol: 'grpc',
  attempts: [attempt({ destination: saLogicA, serverSpanId: 'b2b2b2b2b2b2b2b2', grpcStatus: 14 })],
});
// The slots give every hop all its fields; the fixtures leave `mirrored` out when false.
const complete = (h: Hop): Hop => ({ mirrored: false, ...h });
const unanswered: Hop = hop({ service: saLogicService, clientSpanId: 'c3c3c3c3c3c3c3c3', attempts: [] });

describe('HopSlots', () => {
  it('gives back an equal hop with the same shared refs, for none, one and several attempts', () => {
    expect(retried.attempts).toHaveLength(2);
    const slots = new HopSlots();
    const stored = [single, retried, unanswered].map((h) => [h, slots.put(h)] as const);
    expect(slots.size).toBe(3);
    for (const [original, slot] of stored) {
      const back = slots.take(slot);
      expect(back).toEqual(complete(original));
      expect(back.source).toBe(original.source);
      expect(back.service).toBe(original.service);
    }
    expect(slots.size).toBe(0);
  });

  it("keeps what security did: an attempt's local reply, the gateway's own refusal, a STRICT server's closed connections", () => {
    const slots = new HopSlots();
    const deniedAttempt: Hop = {
      ...single,
      attempts: [{ ...single.attempts[0]!, responseCode: 403, localReply: 'rbac' }],
    };
    const atGateway: Hop = { ...unanswered, responseCode: 401, localReply: 'jwt' };
    const refused: Hop = { ...unanswered, refused: { by: saLogicB, targetPort: 5000, connections: 2 } };
    for (const original of [deniedAttempt, atGateway, refused]) {
      const back = slots.take(slots.put(original));
      expect(back).toEqual(complete(original));
    }
    expect(slots.take(slots.put(single)).attempts[0]!.localReply).toBeUndefined();
  });

  it('gives back ids in any form, whether kept as words or as they are', () => {
    const slots = new HopSlots();
    const odd: Hop = {
      ...single,
      requestId: 'req-42',
      traceId: '4BF92F3577B34DA6A3CE929D0E0E4736',
      clientSpanId: 'a1a1a1a1a1a1a1a1',
      parentSpanId: '12345',
    };
    const odd2: Hop = { ...single, parentSpanId: undefined, attempts: [{ ...single.attempts[0]!, serverSpanId: 'x' }] };
    const a = slots.put(odd);
    const b = slots.put(odd2);
    // Slots are reused: a canonical hop in a slot that held odd ids, and the other way round.
    slots.release(a);
    slots.release(b);
    const c = slots.put(retried);
    const d = slots.put(odd);
    expect(slots.read(c)).toEqual(complete(retried));
    expect(slots.read(d)).toEqual(complete(odd));
    expect(slots.take(slots.put(odd2))).toEqual(complete(odd2));
  });

  it('keeps only the attempts it is given, and read() leaves the slot taken', () => {
    const slots = new HopSlots();
    const last = retried.attempts[1]!;
    expect(last.destination).toBe(saLogicB);
    const slot = slots.put(retried, [last]);
    expect(slots.read(slot)).toEqual(complete({ ...retried, attempts: [last] }));
    expect(slots.read(slot).attempts[0]!.destination).toBe(saLogicB);
    expect(slots.size).toBe(1);
    slots.release(slot);
    expect(slots.size).toBe(0);
  });

  it('reuses freed slots and grows past its first capacity without losing a hop', () => {
    const slots = new HopSlots();
    const hops = Array.from({ length: 3000 }, (_, i) => ({ ...single, startMs: i, requestBytes: i * 2 }));
    const taken = hops.map((h) => slots.put(h));
    expect(new Set(taken).size).toBe(3000);
    for (let i = 0; i < 3000; i += 2) slots.release(taken[i]!);
    const again = slots.put(unanswered);
    expect(taken.filter((_, i) => i % 2 === 0)).toContain(again);
    for (let i = 1; i < 3000; i += 2) expect(slots.read(taken[i]!)).toEqual(hops[i]);
    expect(slots.read(again)).toEqual(complete(unanswered));
  });
});
