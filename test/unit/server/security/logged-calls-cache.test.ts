// The logged-calls cache: a second call reads and parses only the lines written since the first, a longer window
// reads the pod again, the lines of the second it read again are not counted twice, and a pod gone is forgotten.
// pods/log is faked at the sources.kubernetes.podLog seam as the kubelet answers it (PodLogOptions, k8s.io/api
// core/v1 types.go): timestamps=true puts the RFC 3339 time before each line, sinceTime (whole seconds once through
// the API server) keeps lines at or after it, tailLines the last N lines of the log.
import { describe, expect, it } from 'vitest';
import type { WorkloadModel } from '../../../../server/mesh/build-workloads.js';
import { loadObservedCalls } from '../../../../server/security/io/load-observed-calls.js';
import { readLoggedFacts } from '../../../../server/security/io/read-logged-facts.js';
import { createFactReader } from '../../../../server/security/log-fact-reader.js';
import {
  LOG_TAIL_LINES,
  createLoggedCallsCache,
  createKubeletClock,
} from '../../../../server/security/logged-calls-cache.js';
import type { KubeObject, PodLogTarget } from '../../../../server/sources/kubernetes.js';
import type { Sources } from '../../../../server/sources/sources.js';
import {
  createAccessLogParser,
  type AccessLogParser,
} from '../../../../server/telemetry/access-log/access-log-parser.js';

// A line as Istio's default TEXT format writes it on the server side (shared/reference/access-logs.md §2).
const inbound = (path: string) =>
  `[2026-12-06T16:00:00.000Z] "GET ${path} HTTP/1.1" 200 - via_upstream - "-" 0 19 3 - "-" "curl/8" "id" "sa-webapp" "10.244.0.9:8080" inbound|8080|| 127.0.0.6:41000 10.244.0.9:8080 10.244.0.20:40000 - default`;

interface Entry {
  time: string;
  text: string;
}

/** A pod's log served as the API server and the kubelet answer pods/log, counting the lines it handed out. */
function fakeLog(entries: Entry[]) {
  const asked: PodLogTarget[] = [];
  const served = { lines: 0 };
  const podLog = async (t: PodLogTarget) => {
    asked.push(t);
    const tail = t.tailLines === undefined ? entries : entries.slice(-t.tailLines);
    const since = t.sinceTime ? Date.parse(t.sinceTime) : -Infinity;
    const kept = tail.filter((e) => Date.parse(e.time) >= since);
    served.lines += kept.length;
    return kept.map((e) => (t.timestamps ? `${e.time} ${e.text}\n` : `${e.text}\n`)).join('');
  };
  return { podLog, asked, served };
}

/** The parser, counting the lines it parsed. */
function countingParser(): { parser: AccessLogParser; parsed: { lines: number } } {
  const real = createAccessLogParser();
  const parsed = { lines: 0 };
  return {
    parsed,
    parser: {
      parse(line) {
        parsed.lines++;
        return real.parse(line);
      },
    },
  };
}

const target = { namespace: 'demo', pod: 'sa-webapp-1', gateway: false };
const at = (second: number, fraction = '') => `2026-12-06T16:00:${String(second).padStart(2, '0')}${fraction}Z`;
const ms = (time: string) => Date.parse(time);

describe('the logged-calls cache', () => {
  it('reads and parses only the lines written since the last call', async () => {
    const entries = [0, 1, 2].map((s) => ({ time: at(s, '.1'), text: inbound(`/a${s}`) }));
    const log = fakeLog(entries);
    const { parser, parsed } = countingParser();
    const cache = createLoggedCallsCache();
    const sources = { kubernetes: { podLog: log.podLog } } as unknown as Sources;
    const first = await readLoggedFacts(sources, cache, target, ms(at(0)), createFactReader(parser));
    expect(first.map((f) => f.path)).toEqual(['/a0', '/a1', '/a2']);
    entries.push({ time: at(5, '.2'), text: inbound('/a5') }, { time: at(6), text: inbound('/a6') });
    parsed.lines = 0;
    const second = await readLoggedFacts(sources, cache, target, ms(at(0)), createFactReader(parser));
    expect(second.map((f) => f.path)).toEqual(['/a0', '/a1', '/a2', '/a5', '/a6']);
    // The second read starts at the newest line's second: the line of second 2 comes again but is not parsed.
    expect(log.asked[1]!.sinceTime).toBe(at(2));
    expect(parsed.lines).toBe(2);
  });

  it('counts the lines of the second read again once, even two lines at the same timestamp', async () => {
    const entries = [
      { time: at(1, '.5'), text: inbound('/x') },
      { time: at(1, '.5'), text: inbound('/y') },
    ];
    const log = fakeLog(entries);
    const cache = createLoggedCallsCache();
    const sources = { kubernetes: { podLog: log.podLog } } as unknown as Sources;
    const parser = createAccessLogParser();
    await readLoggedFacts(sources, cache, target, ms(at(0)), createFactReader(parser));
    // Written after the first read, in the same second, one even at the same nanosecond as the last line held.
    entries.push({ time: at(1, '.5'), text: inbound('/z') }, { time: at(1, '.7'), text: inbound('/w') });
    const facts = await readLoggedFacts(sources, cache, target, ms(at(0)), createFactReader(parser));
    expect(facts.map((f) => f.path)).toEqual(['/x', '/y', '/z', '/w']);
    const again = await readLoggedFacts(sources, cache, target, ms(at(0)), createFactReader(parser));
    expect(again).toHaveLength(4);
  });

  it('appends the new lines once when two calls read the same pod at the same time', async () => {
    const entries = [{ time: at(1), text: inbound('/p') }];
    const log = fakeLog(entries);
    const cache = createLoggedCallsCache();
    const sources = { kubernetes: { podLog: log.podLog } } as unknown as Sources;
    const read = createFactReader(createAccessLogParser());
    await readLoggedFacts(sources, cache, target, ms(at(0)), read);
    entries.push({ time: at(3), text: inbound('/q') });
    const [a, b] = await Promise.all([
      readLoggedFacts(sources, cache, target, ms(at(0)), read),
      readLoggedFacts(sources, cache, target, ms(at(0)), read),
    ]);
    expect(a.map((f) => f.path)).toEqual(['/p', '/q']);
    expect(b.map((f) => f.path)).toEqual(['/p', '/q']);
  });

  it('reads the pod whole again for a window reaching further back than it holds, and narrows to a shorter one', async () => {
    const entries = [10, 20, 30].map((s) => ({ time: at(s), text: inbound(`/b${s}`) }));
    const log = fakeLog(entries);
    const cache = createLoggedCallsCache();
    const sources = { kubernetes: { podLog: log.podLog } } as unknown as Sources;
    const parser = createAccessLogParser();
    expect(
      (await readLoggedFacts(sources, cache, target, ms(at(15)), createFactReader(parser))).map((f) => f.path),
    ).toEqual(['/b20', '/b30']);
    const longer = await readLoggedFacts(sources, cache, target, ms(at(5)), createFactReader(parser));
    expect(longer.map((f) => f.path)).toEqual(['/b10', '/b20', '/b30']);
    expect(log.asked[1]!.sinceTime).toBe(at(5));
    // A shorter window is within what is held: read from the newest second only, answered from the cache.
    const shorter = await readLoggedFacts(sources, cache, target, ms(at(25)), createFactReader(parser));
    expect(shorter.map((f) => f.path)).toEqual(['/b30']);
    expect(log.asked[2]!.sinceTime).toBe(at(30));
  });

  it('keeps only the newest LOG_TAIL_LINES lines, outbound lines counted, as the tail of one read would', async () => {
    const outbound = inbound('/out').replace('inbound|8080||', 'outbound|80||sa-logic.demo.svc.cluster.local');
    const entries: Entry[] = [{ time: at(0), text: inbound('/oldest') }];
    for (let i = 1; i < LOG_TAIL_LINES; i++) entries.push({ time: at(1), text: outbound });
    const log = fakeLog(entries);
    const cache = createLoggedCallsCache();
    const sources = { kubernetes: { podLog: log.podLog } } as unknown as Sources;
    const parser = createAccessLogParser();
    expect(
      (await readLoggedFacts(sources, cache, target, ms(at(0)), createFactReader(parser))).map((f) => f.path),
    ).toEqual(['/oldest']);
    entries.push({ time: at(2), text: inbound('/newest') });
    // One line more than the bound: the oldest falls out, as a fresh read of the last LOG_TAIL_LINES would drop it.
    expect(
      (await readLoggedFacts(sources, cache, target, ms(at(0)), createFactReader(parser))).map((f) => f.path),
    ).toEqual(['/newest']);
  });

  it('forgets a pod the cluster no longer has', async () => {
    const log = fakeLog([{ time: at(1), text: inbound('/c') }]);
    let pods: KubeObject[] = [{ kind: 'Pod', metadata: { name: 'sa-webapp-1', namespace: 'demo' } }];
    const kubernetes = {
      get shared() {
        return kubernetes;
      },
      podLog: log.podLog,
      getJson: async () => null,
      list: () => pods,
      get: (_kind: string, ns: string, name: string) =>
        pods.find((p) => p.metadata.namespace === ns && p.metadata.name === name),
    };
    const sources = { config: { istioNamespace: 'istio-system' }, kubernetes } as unknown as Sources;
    const workload = (podNames: string[]) =>
      ({
        name: 'sa-webapp',
        isGateway: false,
        pods: podNames.map((name) => ({ name, hasSidecar: true, phase: 'Running' })),
      }) as unknown as WorkloadModel;
    const cache = createLoggedCallsCache();
    const input = { namespace: 'demo', windowSeconds: 60, atMs: ms(at(30)), trustDomain: 'cluster.local' };
    await loadObservedCalls(sources, { ...input, workloads: [workload(['sa-webapp-1'])], logCache: cache });
    expect([...cache.pods.keys()]).toEqual(['demo/sa-webapp-1/istio-proxy']);
    pods = [];
    const after = await loadObservedCalls(sources, { ...input, workloads: [workload([])], logCache: cache });
    expect(cache.pods.size).toBe(0);
    expect(after.logged?.calls).toEqual([]);
  });

  it("places a line in time by the kubelet's timestamp, whatever its fraction's length (Go's RFC3339Nano)", () => {
    const clock = createKubeletClock();
    expect(clock(at(1, '.5')) - ms(at(1))).toBe(500);
    expect(clock(at(1, '.123456789')) - ms(at(1))).toBe(123);
    expect(clock(at(2)) - ms(at(1))).toBe(1000);
    expect(clock('2026-12-06T17:00:01.25+01:00') - ms(at(1))).toBe(250);
  });
});
