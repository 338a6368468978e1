// A deterministic generator of realistic Topo projects, for benchmarks and
// complexity tests: `tsx scripts/generate-project.ts --elements 10000 --out DIR`.
// The same seed and size always give the same files.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratorOptions {
  elements: number;
  /** Number of files the project is split into. */
  files?: number;
  /** Links per element, on average (about 3). */
  linksPerElement?: number;
  seed?: number;
}

/** mulberry32: a small, fast, seedable PRNG (numbers in [0, 1)). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Role = 'actor' | 'client' | 'gateway' | 'service' | 'worker' | 'database' | 'cache' | 'queue' | 'topic' | 'external';

const MIX: [Role, number][] = [
  ['actor', 0.01],
  ['client', 0.01],
  ['gateway', 0.03],
  ['service', 0.42],
  ['worker', 0.1],
  ['database', 0.12],
  ['cache', 0.06],
  ['queue', 0.12],
  ['topic', 0.05],
  ['external', 0.08],
];

export function generateProject(options: GeneratorOptions): Record<string, string> {
  const total = Math.max(10, options.elements);
  const fileCount = Math.max(1, options.files ?? Math.ceil(total / 500));
  const linksPerElement = options.linksPerElement ?? 3;
  const next = mulberry32(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

  // Elements, by role, in a fixed order so that sync calls go "downwards" (mostly acyclic, like real estates).
  const roles: Role[] = [];
  for (const [role, share] of MIX) for (let i = 0; i < Math.max(1, Math.round(total * share)); i++) roles.push(role);
  while (roles.length > total) roles.splice(roles.indexOf('service'), 1);
  while (roles.length < total) roles.push('service');
  const names = roles.map((role, i) => `${role.charAt(0).toUpperCase()}${role.slice(1)}${i}`);
  const byRole = new Map<Role, number[]>();
  roles.forEach((role, i) => {
    const list = byRole.get(role);
    if (list) list.push(i);
    else byRole.set(role, [i]);
  });
  const of = (role: Role) => byRole.get(role) ?? [];
  const queues = of('queue');
  const dlqs = new Set(queues.filter((_, i) => i % 5 === 0));
  const workQueues = queues.filter((q) => !dlqs.has(q));
  const dlqList = [...dlqs];
  const callees = [...of('service'), ...of('database'), ...of('cache'), ...of('external')];
  const files: string[][] = Array.from({ length: fileCount }, () => []);
  const fileOf = (i: number) => files[i % fileCount]!;

  const duration = () => `${[2, 5, 8, 10, 20, 40, 80][Math.floor(next() * 7)]}ms`;
  const availability = () => `${pick(['99.9', '99.95', '99.99', '99.5'])}%`;

  // Declarations, in groups of twenty per file.
  const declarations: string[][] = Array.from({ length: fileCount }, () => []);
  for (let i = 0; i < total; i++) {
    const role = roles[i]!;
    const props: string[] = [];
    if (role === 'actor' || role === 'client') props.push(`budget: ${pick(['300ms', '800ms', '1s', '2s'])}`, `slo: ${pick(['99%', '99.5%', '99.9%'])}`);
    else if (role === 'queue' || role === 'topic') {
      if (dlqs.has(i)) props.push('monitored: true');
      else if (next() < 0.7 && dlqList.length) props.push(`dlq: ${names[pick(dlqList)]}`);
      if (next() < 0.3) props.push(`delay: ${pick(['100ms', '2s', '1m'])}`);
    } else {
      if (next() < 0.85) props.push(`latency: ${duration()}`);
      if (next() < 0.6) props.push(`availability: ${availability()}`);
      if (role === 'worker' && next() < 0.6) props.push('idempotent: true');
      if (role === 'service' && next() < 0.05) props.push('critical: false');
      if (role === 'service' && next() < 0.1) props.push('outbox: true');
    }
    const label = next() < 0.3 ? ` "${names[i]} (${role})"` : '';
    const body = props.length ? ` { ${props.join(', ')} }` : '';
    declarations[i % fileCount]!.push(`${role} ${names[i]}${label}${body}`);
  }
  declarations.forEach((lines, f) => {
    for (let at = 0; at < lines.length; at += 20) {
      files[f]!.push(`group Area${f}_${at / 20} "Area ${f}.${at / 20}" {`, ...lines.slice(at, at + 20).map((line) => `  ${line}`), '}');
    }
  });

  // Links: entries call gateways, gateways and services call "later" services and stores,
  // services publish to channels, channels deliver to workers.
  const linkCount = Math.round(total * linksPerElement);
  const seen = new Set<string>();
  const link = (from: number, arrow: '->' | '~>', to: number, props: string[]) => {
    const key = `${from}${arrow}${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    fileOf(from).push(`${names[from]} ${arrow} ${names[to]}${props.length ? ` { ${props.join(', ')} }` : ''}`);
  };
  const entries = [...of('actor'), ...of('client')];
  const gateways = of('gateway');
  const services = of('service');
  const workers = of('worker');
  const channels = [...workQueues, ...of('topic')];
  const stores = [...of('database'), ...of('cache')];
  const workersAndGateways = [...workers, ...gateways];
  for (const entry of entries) link(entry, '->', pick(gateways.length ? gateways : services), ['protocol: https']);
  for (const gateway of gateways) link(gateway, '->', pick(services), [`timeout: ${pick(['1s', '2s'])}`, 'protocol: grpc']);
  for (const channel of channels) link(channel, '~>', pick(workers.length ? workers : services), next() < 0.7 ? [`retries: ${pick([1, 3, 5])}`] : []);
  for (const dlq of dlqList) if (next() < 0.5 && workers.length) link(dlq, '~>', pick(workers), []);
  for (let made = seen.size, guard = 0; made < linkCount && guard < linkCount * 4; guard++) {
    const from = pick(next() < 0.8 ? services : workersAndGateways);
    const r = next();
    const before = seen.size;
    if (r < 0.55) {
      // a call further down the estate: keeps most chains finite and acyclic
      let to = pick(callees);
      if (roles[to] === 'service' && to <= from) to = stores.length ? pick(stores) : to;
      const props = next() < 0.8 ? [`timeout: ${pick(['200ms', '500ms', '1s', '2s'])}`] : [];
      if (next() < 0.2) props.push(`retries: ${pick([1, 2, 3])}`);
      if (roles[to] === 'external' && next() < 0.5) props.push('circuit_breaker: true');
      link(from, '->', to, props);
    } else if (r < 0.85 && channels.length) {
      link(from, '~>', pick(channels), next() < 0.3 ? ['protocol: kafka'] : []);
    } else if (stores.length) {
      link(from, '->', pick(stores), ['timeout: 100ms']);
    }
    if (seen.size > before) made++;
  }

  const result: Record<string, string> = {};
  files.forEach((lines, i) => {
    result[`part${String(i).padStart(3, '0')}.topo`] = `// generated: ${total} elements, file ${i + 1} of ${fileCount}\n${lines.join('\n')}\n`;
  });
  return result;
}

function main(argv: string[]): void {
  const arg = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const elements = Number(arg('--elements') ?? '1000');
  const out = arg('--out');
  if (!out || !Number.isInteger(elements) || elements <= 0) {
    process.stderr.write('usage: tsx scripts/generate-project.ts --elements N --out DIR [--files F] [--seed S]\n');
    process.exit(2);
  }
  const files = generateProject({ elements, files: arg('--files') ? Number(arg('--files')) : undefined, seed: arg('--seed') ? Number(arg('--seed')) : undefined });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'topo.json'), '{ "rules": {} }\n');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(out, path), text);
  const links = Object.values(files).reduce((sum, text) => sum + (text.match(/ (->|~>) /g)?.length ?? 0), 0);
  process.stderr.write(`wrote ${Object.keys(files).length} files with ${elements} elements and ${links} links to ${out}\n`);
}

if (require.main === module) main(process.argv.slice(2));
