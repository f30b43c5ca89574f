// Hops that have been walked but not yet emitted, kept as columns instead of objects. At 5,000 workloads a journey
// lasts seconds of mesh time, so ~150k hops wait for their end at any moment; as objects (a hop, its attempts list, an
// attempt, boxed doubles) each took ~520 bytes and lived long enough to be promoted, then died scattered over the old
// space. Here a waiting hop takes ~250 bytes in a few large arrays, and the Hop the sinks see is made when it is
// emitted, so it dies young.
import type { Attempt, Hop, Protocol, ServiceRef, WorkloadRef } from './hop.js';

const PROTOCOLS: readonly Protocol[] = ['http', 'grpc', 'tcp'];
// attemptCount: 0 or 1 attempt are kept in the columns; more (retries, rare) keep their list as it is.
const MANY_ATTEMPTS = 2;

/** The number fields of a hop and of its one attempt, per slot, in one Float64Array of NUMBERS entries a slot. */
const START_MS = 0;
const DURATION_MS = 1;
const RESPONSE_CODE = 2;
const GRPC_STATUS = 3; // NaN: none
const REQUEST_BYTES = 4;
const RESPONSE_BYTES = 5;
const ATTEMPT_START_MS = 6;
const ATTEMPT_DURATION_MS = 7;
const ATTEMPT_RESPONSE_CODE = 8;
const ATTEMPT_GRPC_STATUS = 9;
const ATTEMPT_REQUEST_BYTES = 10;
const ATTEMPT_RESPONSE_BYTES = 11;
const NUMBERS = 12;

/** The references of a hop and of its one attempt (strings and shared refs), REFS entries a slot. */
const REQUEST_ID = 0;
const TRACE_ID = 1;
const CLIENT_SPAN_ID = 2;
const PARENT_SPAN_ID = 3;
const SOURCE = 4;
const SERVICE = 5;
const METHOD = 6;
const PATH = 7;
const AUTHORITY = 8;
const USER_AGENT = 9;
const RESPONSE_FLAGS = 10;
const RESPONSE_CODE_DETAILS = 11;
const UPSTREAM_CLUSTER = 12;
const ROUTE_NAME = 13;
const ATTEMPTS = 14; // the attempt's destination, or the whole list when there are several
const ATTEMPT_RESPONSE_FLAGS = 15;
const ATTEMPT_RESPONSE_CODE_DETAILS = 16;
const ATTEMPT_SERVER_SPAN_ID = 17;
const REFS = 18;

// Bits of a slot's byte of small fields.
const MTLS = 1 << 2; // bits 0-1: the protocol's index
const MIRRORED = 1 << 3;
const ATTEMPT_COUNT_SHIFT = 4;

type Ref = string | WorkloadRef | ServiceRef | Attempt[] | undefined;

/**
 * Slots for hops in flight: put() stores a hop and returns its slot, take() gives the hop back (an equal copy, with
 * the same shared refs) and frees the slot. Capacity grows by a quarter when full, so little is held unused.
 */
export class HopsInFlight {
  private numbers = new Float64Array(0);
  private refs: Ref[] = [];
  private small = new Uint8Array(0);
  private free = new Int32Array(0); // a stack of free slots
  private freeCount = 0;
  private capacity = 0;

  get size(): number {
    return this.capacity - this.freeCount;
  }

  put(hop: Hop): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount]!;
    const n = slot * NUMBERS;
    const r = slot * REFS;
    const numbers = this.numbers;
    const refs = this.refs;
    numbers[n + START_MS] = hop.startMs;
    numbers[n + DURATION_MS] = hop.durationMs;
    numbers[n + RESPONSE_CODE] = hop.responseCode;
    numbers[n + GRPC_STATUS] = hop.grpcStatus ?? NaN;
    numbers[n + REQUEST_BYTES] = hop.requestBytes;
    numbers[n + RESPONSE_BYTES] = hop.responseBytes;
    refs[r + REQUEST_ID] = hop.requestId;
    refs[r + TRACE_ID] = hop.traceId;
    refs[r + CLIENT_SPAN_ID] = hop.clientSpanId;
    refs[r + PARENT_SPAN_ID] = hop.parentSpanId;
    refs[r + SOURCE] = hop.source;
    refs[r + SERVICE] = hop.service;
    refs[r + METHOD] = hop.method;
    refs[r + PATH] = hop.path;
    refs[r + AUTHORITY] = hop.authority;
    refs[r + USER_AGENT] = hop.userAgent;
    refs[r + RESPONSE_FLAGS] = hop.responseFlags;
    refs[r + RESPONSE_CODE_DETAILS] = hop.responseCodeDetails;
    refs[r + UPSTREAM_CLUSTER] = hop.upstreamCluster;
    refs[r + ROUTE_NAME] = hop.routeName;
    const attempts = hop.attempts;
    const attemptCount = Math.min(attempts.length, MANY_ATTEMPTS);
    if (attemptCount === 1) {
      const a = attempts[0]!;
      numbers[n + ATTEMPT_START_MS] = a.startMs;
      numbers[n + ATTEMPT_DURATION_MS] = a.durationMs;
      numbers[n + ATTEMPT_RESPONSE_CODE] = a.responseCode;
      numbers[n + ATTEMPT_GRPC_STATUS] = a.grpcStatus ?? NaN;
      numbers[n + ATTEMPT_REQUEST_BYTES] = a.requestBytes;
      numbers[n + ATTEMPT_RESPONSE_BYTES] = a.responseBytes;
      refs[r + ATTEMPTS] = a.destination;
      refs[r + ATTEMPT_RESPONSE_FLAGS] = a.responseFlags;
      refs[r + ATTEMPT_RESPONSE_CODE_DETAILS] = a.responseCodeDetails;
      refs[r + ATTEMPT_SERVER_SPAN_ID] = a.serverSpanId;
    } else {
      refs[r + ATTEMPTS] = attemptCount === 0 ? undefined : attempts;
    }
    this.small[slot] =
      PROTOCOLS.indexOf(hop.protocol) |
      (hop.mtls ? MTLS : 0) |
      (hop.mirrored ? MIRRORED : 0) |
      (attemptCount << ATTEMPT_COUNT_SHIFT);
    return slot;
  }

  /** The hop in `slot`, with every field in one fixed order (one hidden class for every sink), and frees the slot. */
  take(slot: number): Hop {
    const n = slot * NUMBERS;
    const r = slot * REFS;
    const numbers = this.numbers;
    const refs = this.refs;
    const small = this.small[slot]!;
    const attemptCount = small >> ATTEMPT_COUNT_SHIFT;
    let attempts: Attempt[];
    if (attemptCount === 0) attempts = [];
    else if (attemptCount === 1)
      attempts = [
        {
          destination: refs[r + ATTEMPTS] as WorkloadRef,
          startMs: numbers[n + ATTEMPT_START_MS]!,
          durationMs: numbers[n + ATTEMPT_DURATION_MS]!,
          responseCode: numbers[n + ATTEMPT_RESPONSE_CODE]!,
          grpcStatus: optional(numbers[n + ATTEMPT_GRPC_STATUS]!),
          responseFlags: refs[r + ATTEMPT_RESPONSE_FLAGS] as string,
          responseCodeDetails: refs[r + ATTEMPT_RESPONSE_CODE_DETAILS] as string,
          requestBytes: numbers[n + ATTEMPT_REQUEST_BYTES]!,
          responseBytes: numbers[n + ATTEMPT_RESPONSE_BYTES]!,
          serverSpanId: refs[r + ATTEMPT_SERVER_SPAN_ID] as string,
        },
      ];
    else attempts = refs[r + ATTEMPTS] as Attempt[];
    const hop: Hop = {
      requestId: refs[r + REQUEST_ID] as string,
      traceId: refs[r + TRACE_ID] as string,
      clientSpanId: refs[r + CLIENT_SPAN_ID] as string,
      parentSpanId: refs[r + PARENT_SPAN_ID] as string | undefined,
      source: refs[r + SOURCE] as WorkloadRef | undefined,
      service: refs[r + SERVICE] as ServiceRef,
      protocol: PROTOCOLS[small & 3]!,
      method: refs[r + METHOD] as string,
      path: refs[r + PATH] as string,
      authority: refs[r + AUTHORITY] as string,
      userAgent: refs[r + USER_AGENT] as string,
      startMs: numbers[n + START_MS]!,
      durationMs: numbers[n + DURATION_MS]!,
      responseCode: numbers[n + RESPONSE_CODE]!,
      grpcStatus: optional(numbers[n + GRPC_STATUS]!),
      responseFlags: refs[r + RESPONSE_FLAGS] as string,
      responseCodeDetails: refs[r + RESPONSE_CODE_DETAILS] as string,
      requestBytes: numbers[n + REQUEST_BYTES]!,
      responseBytes: numbers[n + RESPONSE_BYTES]!,
      mtls: (small & MTLS) !== 0,
      upstreamCluster: refs[r + UPSTREAM_CLUSTER] as string,
      routeName: refs[r + ROUTE_NAME] as string,
      attempts,
      mirrored: (small & MIRRORED) !== 0,
    };
    // The slot lets go of its refs, so an emitted hop's strings and lists are not kept alive by a free slot.
    refs.fill(undefined, r, r + REFS);
    this.free[this.freeCount++] = slot;
    return hop;
  }

  private grow(): void {
    const capacity = Math.max(1024, Math.ceil(this.capacity * 1.25));
    const numbers = new Float64Array(capacity * NUMBERS);
    numbers.set(this.numbers);
    const small = new Uint8Array(capacity);
    small.set(this.small);
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    // Pushed high to low, so slots are used from the lowest up.
    let f = this.freeCount;
    for (let slot = capacity - 1; slot >= this.capacity; slot--) free[f++] = slot;
    for (let i = this.capacity * REFS; i < capacity * REFS; i++) this.refs.push(undefined);
    this.numbers = numbers;
    this.small = small;
    this.free = free;
    this.freeCount = f;
    this.capacity = capacity;
  }
}

const optional = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);
