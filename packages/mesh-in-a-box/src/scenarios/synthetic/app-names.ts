import type { SeededRandom } from './seeded-random.js';

// Names a shop's microservices might have, so a synthetic graph reads like a real one.
const DOMAINS = [
  'cart',
  'checkout',
  'payment',
  'order',
  'inventory',
  'catalog',
  'pricing',
  'shipping',
  'user',
  'account',
  'auth',
  'search',
  'recommendation',
  'review',
  'rating',
  'notification',
  'email',
  'sms',
  'billing',
  'invoice',
  'tax',
  'fraud',
  'loyalty',
  'coupon',
  'promotion',
  'wishlist',
  'profile',
  'session',
  'media',
  'image',
  'report',
  'analytics',
  'audit',
  'ledger',
  'wallet',
  'currency',
  'geo',
  'address',
  'delivery',
  'warehouse',
  'supplier',
  'vendor',
  'returns',
  'support',
  'ticket',
  'chat',
  'feed',
  'content',
  'translation',
  'scheduler',
];
const ROLES = [
  'api',
  'service',
  'worker',
  'backend',
  'engine',
  'indexer',
  'processor',
  'aggregator',
  'adapter',
  'manager',
  'validator',
  'router',
  'publisher',
  'consumer',
  'sync',
  'resolver',
];
const FRONTS = ['storefront', 'mobile-bff', 'partner-api', 'admin-portal', 'public-api'];

export const DATABASES = [
  { suffix: 'db', port: 5432, portName: 'tcp-postgres', image: 'docker.io/library/postgres:16.4' },
  { suffix: 'cache', port: 6379, portName: 'tcp-redis', image: 'docker.io/library/redis:7.4' },
  { suffix: 'store', port: 27017, portName: 'tcp-mongo', image: 'docker.io/library/mongo:7.0' },
] as const;

export type Database = (typeof DATABASES)[number];

/** Hands out names unique within each namespace, as Kubernetes requires. */
export class AppNames {
  private readonly used = new Map<number, Set<string>>();

  constructor(private readonly random: SeededRandom) {}

  front(namespace: number, i: number): string {
    return this.claim(namespace, FRONTS[i % FRONTS.length]!);
  }

  service(namespace: number): string {
    return this.claim(namespace, `${this.random.pick(DOMAINS)}-${this.random.pick(ROLES)}`);
  }

  database(namespace: number, database: Database): string {
    return this.claim(namespace, `${this.random.pick(DOMAINS)}-${database.suffix}`);
  }

  private claim(namespace: number, wanted: string): string {
    let names = this.used.get(namespace);
    if (!names) this.used.set(namespace, (names = new Set()));
    let name = wanted;
    for (let n = 2; names.has(name); n++) name = `${wanted}-${n}`;
    names.add(name);
    return name;
  }
}
