/**
 * Hands out integers from a range, each once until released: pod IPs, cluster IPs, node ports. Allocation walks
 * forward from the last one handed out, so an address released a moment ago is not reused at once (telemetry that
 * still names the old pod would otherwise point at the new one).
 */
export class IndexPool {
  private readonly inUse = new Set<number>();
  private next: number;

  constructor(
    private readonly first: number,
    private readonly last: number,
  ) {
    this.next = first;
  }

  allocate(): number {
    const size = this.last - this.first + 1;
    if (this.inUse.size >= size) throw new Error(`all ${size} values from ${this.first} to ${this.last} are in use`);
    while (this.inUse.has(this.next)) this.advance();
    const value = this.next;
    this.inUse.add(value);
    this.advance();
    return value;
  }

  /** Marks a value someone else chose (e.g. a clusterIP written in a manifest); false when it was taken already. */
  reserve(value: number): boolean {
    if (value < this.first || value > this.last || this.inUse.has(value)) return false;
    this.inUse.add(value);
    return true;
  }

  release(value: number): void {
    this.inUse.delete(value);
  }

  private advance(): void {
    this.next = this.next >= this.last ? this.first : this.next + 1;
  }
}

/** The IPv4 address `offset` places after `base` ('10.244.0.0' + 258 → '10.244.1.2'). */
export function ipAt(base: string, offset: number): string {
  return numberToIp(ipToNumber(base) + offset);
}

export function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return NaN;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
