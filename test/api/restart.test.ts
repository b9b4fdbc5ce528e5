/**
 * `npm start` as a process: records survive a clean stop (Ctrl-C) and a `kill -9`, the admin key is made once and
 * kept in DATA_DIR (mode 600), and the table is created only on first start.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { application, httpCall } from './helpers.js';
import { npmStart } from './npm-start.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-restart-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start`'s entry on a free port over this DATA_DIR (its admin key made and kept there); resolves once it prints its URL and key. */
const start = () => npmStart(dataDir, {}, (child) => children.push(child), 60_000);

const exited = (child: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));

const call = (url: string, key: string, method: string, path: string, body?: unknown) => httpCall(url, key)(method, path, { body });

describe('npm start keeps records', () => {
  it('survives kill -9 and Ctrl-C; the admin key is kept in DATA_DIR with mode 600', async () => {
    const first = await start();
    const keyFile = join(dataDir, 'admin-key');
    const adminKey = readFileSync(keyFile, 'utf8').trim();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(first.output()).toContain(adminKey);

    const created = await call(first.url, adminKey, 'POST', '/applications', application());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call(first.url, adminKey, 'POST', `/applications/${id}/rating`, { ratingDate: '2020-06-30' })).status).toBe(200);
    expect((await call(first.url, adminKey, 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 9_000_000 })).status).toBe(201);

    const killed = exited(first.child);
    first.child.kill('SIGKILL');
    expect((await killed).signal).toBe('SIGKILL');

    const second = await start();
    // Printed only by the start that made it; later starts say where it is kept.
    expect(second.output()).not.toContain(adminKey);
    expect(second.output()).toContain(`admin API key (kept in ${keyFile}): not printed`);
    const read = await call(second.url, adminKey, 'GET', `/applications/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.application).toMatchObject({ status: 'RATED' });
    expect(read.body.ledger).toContainEqual(expect.objectContaining({ item: 'INITIAL_GRANT', year: 2020, paid: 9_000_000, cap: 10_000_000, remaining: 1_000_000 }));
    // The cap still holds across the restart: the ledger came back too.
    expect((await call(second.url, adminKey, 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000.01 })).status).toBe(409);
    const summary = await call(second.url, adminKey, 'GET', '/reports/summary');
    expect(summary.body).toMatchObject({ applications: 1, rated: 1, partnersIntroduced: 1, paidByYear: { 2020: 9_000_000 } });

    const stopped = exited(second.child);
    second.child.kill('SIGINT');
    expect(await stopped).toEqual({ code: 0, signal: null });
    expect(second.output()).toContain('stopping');

    const third = await start();
    const history = await call(third.url, adminKey, 'GET', `/applications/${id}/history`);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['APPLICATION_CREATED', 'APPLICATION_RATED', 'PAYMENT_RECORDED']);
    const done = exited(third.child);
    third.child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  }, 120_000);
});
