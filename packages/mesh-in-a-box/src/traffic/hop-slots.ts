// Hops kept as columns instead of objects, for the two places that hold many of them for seconds: hops walked but
// not yet emitted (at 5,000 workloads a journey lasts seconds of mesh time, so ~150k wait for their end at any moment)
// and the access log's lines. As objects (a hop, its attempts list, an attempt, boxed doubles) each took ~520 bytes and
// lived long enough to be promoted, then died scattered over the old space, which kept ~150 MB of half-empty pages
// committed. Here a hop takes ~250 bytes in a few large arrays, its ids included (as words: hex-ids.ts), and the Hop
// a reader gets is made when it is read, so it dies young.
import type { Attempt, Hop, LocalReplyKind, Protocol, RefusedConnections, ServiceRef, WorkloadRef } from './hop.js';
import { readHexId, readUuid, writeHexId, writeUuid } from './hex-ids.js';
import type { OutlierPolicy } from './outlier-policy.js';

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

/**
 * The references of a hop and of its one attempt (strings and shared refs), REFS entries a slot. The ids are here only
 * when they are not in the canonical form the traffic model makes, which is kept as words instead.
 */
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
const OUTLIER_DETECTION = 18; // shared by the hops of one destination
// Security, rare: the gateway's own refusal (its kind), or the plaintext connections a STRICT server closed. A hop has
// at most one of them (the gateway refuses before routing, so before any connection upstream).
const SECURITY = 19;
const REFS = 20;

/**
 * The five ids of a slot. Each is kept as 32-bit words from ID_WORD_AT[id] (ID_WORDS a slot) when it has the
 * canonical form, with bit `1 << id` set in the slot's `idsAsWords`; else as the string it is, at ref ID_REF[id].
 */
const REQUEST = 0;
const TRACE = 1;
const CLIENT_SPAN = 2;
const PARENT_SPAN = 3;
const SERVER_SPAN = 4; // the one attempt's
const UUID = 36; // the length of a UUID, as the `chars` of a request id
const ID_CHARS = [UUID, 32, 16, 16, 16];
const ID_WORD_AT = [0, 4, 8, 10, 12];
const ID_REF = [REQUEST_ID, TRACE_ID, CLIENT_SPAN_ID, PARENT_SPAN_ID, ATTEMPT_SERVER_SPAN_ID];
const ID_WORDS = 14;

// Bits of a slot's byte of small fields.
const MTLS = 1 << 2; // bits 0-1: the protocol's index
const MIRRORED = 1 << 3;
const ATTEMPT_COUNT_SHIFT = 4; // bits 4-5
const ATTEMPT_LOCAL_REPLY_SHIFT = 6; // bits 6-7: the one attempt's localReply, as its index in LOCAL_REPLIES + 1
const LOCAL_REPLIES: readonly LocalReplyKind[] = ['jwt', 'rbac', 'ext_authz'];

type Ref = string | WorkloadRef | ServiceRef | Attempt[] | OutlierPolicy | RefusedConnections | undefined;

/**
 * Slots for hops: put() stores a hop and returns its slot, read() gives the hop back (an equal copy, with the same
 * shared refs), release() frees the slot and take() does both. Capacity grows by a quarter when full, so little is
 * held unused.
 */
export class HopSlots {
  private numbers = new Float64Array(0);
  private refs: Ref[] = [];
  private small = new Uint8Array(0);
  private ids = new Uint32Array(0);
  private idsAsWords = new Uint8Array(0);
  private free = new Int32Array(0); // a stack of free slots
  private freeCount = 0;
  private capacity = 0;

  get size(): number {
    return this.capacity - this.freeCount;
  }

  /** Stores the hop; `attempts` replaces its list (an access-log line keeps only the attempt it is about). */
  put(hop: Hop, attempts: readonly Attempt[] = hop.attempts): number {
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
    let asWords =
      this.putId(slot, REQUEST, hop.requestId) |
      this.putId(slot, TRACE, hop.traceId) |
      this.putId(slot, CLIENT_SPAN, hop.clientSpanId) |
      this.putId(slot, PARENT_SPAN, hop.parentSpanId);
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
    refs[r + OUTLIER_DETECTION] = hop.outlierDetection;
    refs[r + SECURITY] = hop.localReply ?? hop.refused;
    let attemptLocalReply = 0;
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
      asWords |= this.putId(slot, SERVER_SPAN, a.serverSpanId);
      if (a.localReply) attemptLocalReply = LOCAL_REPLIES.indexOf(a.localReply) + 1;
    } else {
      refs[r + ATTEMPTS] = attemptCount === 0 ? undefined : (attempts as Attempt[]);
    }
    this.idsAsWords[slot] = asWords;
    this.small[slot] =
      PROTOCOLS.indexOf(hop.protocol) |
      (hop.mtls ? MTLS : 0) |
      (hop.mirrored ? MIRRORED : 0) |
      (attemptCount << ATTEMPT_COUNT_SHIFT) |
      (attemptLocalReply << ATTEMPT_LOCAL_REPLY_SHIFT);
    return slot;
  }

  /** The hop in `slot`, and frees the slot. */
  take(slot: number): Hop {
    const hop = this.read(slot);
    this.release(slot);
    return hop;
  }

  /** Frees the slot; it lets go of its refs, so the hop's strings and lists are not kept alive by a free slot. */
  release(slot: number): void {
    const r = slot * REFS;
    this.refs.fill(undefined, r, r + REFS);
    this.free[this.freeCount++] = slot;
  }

  /** The hop in `slot`, with every field in one fixed order (one hidden class for every reader). */
  read(slot: number): Hop {
    const n = slot * NUMBERS;
    const r = slot * REFS;
    const numbers = this.numbers;
    const refs = this.refs;
    const small = this.small[slot]!;
    const asWords = this.idsAsWords[slot]!;
    const attemptCount = (small >> ATTEMPT_COUNT_SHIFT) & 3;
    const attemptLocalReply = small >> ATTEMPT_LOCAL_REPLY_SHIFT;
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
          serverSpanId: this.readId(slot, SERVER_SPAN, asWords)!,
          localReply: attemptLocalReply === 0 ? undefined : LOCAL_REPLIES[attemptLocalReply - 1],
        },
      ];
    else attempts = refs[r + ATTEMPTS] as Attempt[];
    const security = refs[r + SECURITY];
    const hop: Hop = {
      requestId: this.readId(slot, REQUEST, asWords)!,
      traceId: this.readId(slot, TRACE, asWords)!,
      clientSpanId: this.readId(slot, CLIENT_SPAN, asWords)!,
      parentSpanId: this.readId(slot, PARENT_SPAN, asWords),
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
      outlierDetection: refs[r + OUTLIER_DETECTION] as OutlierPolicy | undefined,
      localReply: typeof security === 'string' ? (security as LocalReplyKind) : undefined,
      refused: typeof security === 'object' ? (security as RefusedConnections) : undefined,
    };
    return hop;
  }

  /** Keeps an id as words when it has the canonical form (returns its bit), else as the string it is (returns 0). */
  private putId(slot: number, id: number, value: string | undefined): number {
    const chars = ID_CHARS[id]!;
    const at = slot * ID_WORDS + ID_WORD_AT[id]!;
    if (
      value !== undefined &&
      (chars === UUID ? writeUuid(value, this.ids, at) : writeHexId(value, chars, this.ids, at))
    )
      return 1 << id;
    this.refs[slot * REFS + ID_REF[id]!] = value;
    return 0;
  }

  private readId(slot: number, id: number, asWords: number): string | undefined {
    if ((asWords & (1 << id)) === 0) return this.refs[slot * REFS + ID_REF[id]!] as string | undefined;
    const chars = ID_CHARS[id]!;
    const at = slot * ID_WORDS + ID_WORD_AT[id]!;
    return chars === UUID ? readUuid(this.ids, at) : readHexId(this.ids, at, chars);
  }

  private grow(): void {
    const capacity = Math.max(1024, Math.ceil(this.capacity * 1.25));
    const numbers = new Float64Array(capacity * NUMBERS);
    numbers.set(this.numbers);
    const small = new Uint8Array(capacity);
    small.set(this.small);
    const ids = new Uint32Array(capacity * ID_WORDS);
    ids.set(this.ids);
    const idsAsWords = new Uint8Array(capacity);
    idsAsWords.set(this.idsAsWords);
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    // Pushed high to low, so slots are used from the lowest up.
    let f = this.freeCount;
    for (let slot = capacity - 1; slot >= this.capacity; slot--) free[f++] = slot;
    for (let i = this.capacity * REFS; i < capacity * REFS; i++) this.refs.push(undefined);
    this.numbers = numbers;
    this.small = small;
    this.ids = ids;
    this.idsAsWords = idsAsWords;
    this.free = free;
    this.freeCount = f;
    this.capacity = capacity;
  }
}

const optional = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);
