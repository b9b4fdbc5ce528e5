/**
 * Where a request's time goes, for the bench (`KECHUANG_TRACE=1 npm start`; test/bench/api.bench.ts sets it): each
 * request's handler time, and within it each DynamoDB call — the SDK's whole `send` (marshalling, signing, retries)
 * and, inside it, the wire (request out until the answer's headers are in: DynamoDB Local's own time plus the socket
 * and any queueing for a connection). Off unless asked for: nothing is added to the client otherwise.
 *
 * `GET /__trace` answers the tallies since the last read (and starts new ones), with this process's CPU time and the
 * number of requests still being answered.
 * Works with the TypeScript entries (one shared client); bundles carry their own clients and are not traced.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { tableClient } from '../store/dynamodb/client.js';

interface Tally {
  count: number;
  ms: number;
}
interface RouteTally extends Tally {
  /** Per command: calls, the SDK's whole send, and the wire part of it. */
  readonly calls: Map<string, { count: number; sendMs: number; wireMs: number }>;
}
interface Span {
  readonly calls: { command: string; sendMs: number; wireMs: number }[];
}

const spans = new AsyncLocalStorage<Span>();
let routes = new Map<string, RouteTally>();
let since = { at: performance.now(), cpu: process.cpuUsage() };

export const tracing = (): boolean => process.env.KECHUANG_TRACE === '1';

/** Adds the timing middleware to the process's DynamoDB client (call once, after DYNAMODB_ENDPOINT is set). */
export function traceStore(): void {
  const stack = tableClient().doc.middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      const wire = { ms: 0 };
      try {
        return await wires.run(wire, () => next(args));
      } finally {
        spans.getStore()?.calls.push({ command: context.commandName ?? '?', sendMs: performance.now() - started, wireMs: wire.ms });
      }
    },
    { step: 'initialize', priority: 'high', name: 'kechuangTraceSend' },
  );
  stack.add(
    (next) => async (args) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const wire = wires.getStore();
        if (wire) wire.ms += performance.now() - started;
      }
    },
    { step: 'deserialize', priority: 'low', name: 'kechuangTraceWire' },
  );
}
const wires = new AsyncLocalStorage<{ ms: number }>();

/** Runs one request's handler inside a span, and adds its times to its route's tally. */
export async function traced<T>(routeKey: string, run: () => Promise<T>): Promise<T> {
  const span: Span = { calls: [] };
  const started = performance.now();
  try {
    return await spans.run(span, run);
  } finally {
    const ms = performance.now() - started;
    let tally = routes.get(routeKey);
    if (!tally) routes.set(routeKey, (tally = { count: 0, ms: 0, calls: new Map() }));
    tally.count++;
    tally.ms += ms;
    for (const c of span.calls) {
      const t = tally.calls.get(c.command) ?? { count: 0, sendMs: 0, wireMs: 0 };
      t.count++;
      t.sendMs += c.sendMs;
      t.wireMs += c.wireMs;
      tally.calls.set(c.command, t);
    }
  }
}

/** The tallies since the last read, as JSON, and new ones begun. */
export function readTrace(inflight: number): string {
  const cpu = process.cpuUsage(since.cpu);
  const out = {
    wallMs: performance.now() - since.at,
    inflight,
    cpuMs: (cpu.user + cpu.system) / 1000,
    routes: Object.fromEntries(
      [...routes].map(([key, t]) => [key, { count: t.count, ms: t.ms, calls: Object.fromEntries(t.calls) }]),
    ),
  };
  routes = new Map();
  since = { at: performance.now(), cpu: process.cpuUsage() };
  return JSON.stringify(out);
}
