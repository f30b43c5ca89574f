import { describe, expect, it } from 'vitest';
import { formatBytes, seriesName, unitFormat } from '../../../../components/metrics/metric-format.js';

describe('the Metrics tab’s legend', () => {
  it('names a series by its split’s values: a version, a workload or service with its namespace, a code', () => {
    expect(seriesName({ labels: { destination_version: 'v2' } })).toBe('v2');
    expect(seriesName({ labels: { source_workload_namespace: 'demo', source_workload: 'sa-webapp' } })).toBe(
      'demo/sa-webapp',
    );
    expect(
      seriesName({ labels: { destination_service_namespace: 'demo', destination_service_name: 'sa-logic' } }),
    ).toBe('demo/sa-logic');
    expect(seriesName({ labels: { response_code: '503' } })).toBe('503');
  });

  it('calls an unsplit series "all", and puts a TCP connection’s event after the split', () => {
    expect(seriesName({ labels: {} })).toBe('all');
    expect(seriesName({ labels: { event: 'opened' } })).toBe('opened');
    expect(seriesName({ labels: { destination_version: 'v1', event: 'closed' } })).toBe('v1 · closed');
  });

  it('reads every unit as the rest of the console writes it', () => {
    expect(unitFormat('rps')(1.234)).toBe('1.23 rps');
    expect(unitFormat('ratio')(0.25)).toBe('25%');
    expect(unitFormat('ms')(12.4)).toBe('12 ms');
    expect(unitFormat('bytes')(2048)).toBe('2.0 KiB');
    expect(unitFormat('bytes/s')(512)).toBe('512 B/s');
    expect(unitFormat('cps')(0.5)).toBe('0.50 conn/s');
    expect(formatBytes(300)).toBe('300 B');
  });
});
