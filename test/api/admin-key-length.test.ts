/**
 * An admin key under 24 characters (issue 11: a 9-character ADMIN_API_KEY was accepted): `npm start` refuses to start,
 * saying why in English and 中文, without printing the key; on Lambda the key authenticates nobody (fail closed) and
 * the container logs why once, without the key. 24 characters are enough.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredKey } from '../../functions/domain/records.js';
import type { Store } from '../../functions/store/store.js';
import { runToExit } from './npm-start.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-short-admin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm start` to its end: a short admin key makes it exit at once. */
const npmStart = (env: Record<string, string>) => runToExit('functions/local/main.ts', [], { PORT: '0', DATA_DIR: dataDir, ...env });

describe('npm start', () => {
  it('refuses an ADMIN_API_KEY under 24 characters: a clear message in both languages, a non-zero exit, the key not printed', async () => {
    const short = 'nine-char';
    const { code, output } = await npmStart({ ADMIN_API_KEY: short });
    expect(code, output).toBe(2);
    expect(output).toContain('ADMIN_API_KEY is 9 characters long; the admin key must be at least 24');
    expect(output).toContain('ADMIN_API_KEY 只有 9 个字符；管理员密钥至少须 24 个字符');
    expect(output).not.toContain(short);
    expect(output).not.toContain('listening');
  });

  it('refuses a short key kept in DATA_DIR/admin-key too (23 characters)', async () => {
    const short = 'k'.repeat(23);
    writeFileSync(join(dataDir, 'admin-key'), `${short}\n`, { mode: 0o600 });
    const { code, output } = await npmStart({});
    expect(code, output).toBe(2);
    expect(output).toContain(`the admin key kept in ${join(dataDir, 'admin-key')} is 23 characters long`);
    expect(output).not.toContain(short);
  });
});

describe('on Lambda (functions/http/admin-key.ts)', () => {
  const saved = process.env.ADMIN_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.ADMIN_API_KEY;
    else process.env.ADMIN_API_KEY = saved;
    vi.restoreAllMocks();
    vi.resetModules();
  });
  const noKeys: Store = { getKey: async (): Promise<StoredKey | undefined> => undefined } as unknown as Store;

  it('a short admin key authenticates nobody, and the container says why once, without the key', async () => {
    const short = 'nine-char';
    process.env.ADMIN_API_KEY = short;
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    const { adminKeyHash } = await import('../../functions/http/admin-key.js');
    const { authenticate } = await import('../../functions/services/keys.js');
    expect(await adminKeyHash()).toBeUndefined();
    expect(await authenticate(noKeys, short, await adminKeyHash())).toEqual({ refused: 'unknown' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ADMIN_API_KEY is 9 characters long');
    expect(logged[0]).toContain('管理员密钥');
    expect(logged[0]).not.toContain(short);
  });

  it('24 characters are enough', async () => {
    const key = 'k'.repeat(24);
    process.env.ADMIN_API_KEY = key;
    const { adminKeyHash } = await import('../../functions/http/admin-key.js');
    const { authenticate } = await import('../../functions/services/keys.js');
    expect(await authenticate(noKeys, key, await adminKeyHash())).toMatchObject({ principal: { keyId: 'admin', role: 'admin' } });
  });

  it('the key is read again after 60 s (a rotation counts within a minute); a failed read authenticates nobody, then is tried again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { adminKeyCache, ADMIN_KEY_RETRY_MS, ADMIN_KEY_TTL_MS } = await import('../../functions/http/admin-key.js');
    const { hashKey } = await import('../../functions/services/keys.js');
    const old = 'o'.repeat(32);
    const rotated = 'r'.repeat(32);
    let now = 1_000_000;
    let stored: string | Error = old;
    let reads = 0;
    const hash = adminKeyCache(async () => {
      reads++;
      if (stored instanceof Error) throw stored;
      return stored;
    }, () => now);
    expect(await hash()).toBe(hashKey(old));
    stored = rotated;
    now += ADMIN_KEY_TTL_MS - 1;
    expect(await hash()).toBe(hashKey(old));
    expect(reads).toBe(1);
    now += 1;
    expect(await hash()).toBe(hashKey(rotated));
    expect(reads).toBe(2);
    // A failed read: nobody is admin (not the last key kept), until the retry reads again.
    stored = new Error('SSM unreachable');
    now += ADMIN_KEY_TTL_MS;
    expect(await hash()).toBeUndefined();
    stored = rotated;
    now += ADMIN_KEY_RETRY_MS - 1;
    expect(await hash()).toBeUndefined();
    now += 1;
    expect(await hash()).toBe(hashKey(rotated));
    expect(reads).toBe(4);
  });
});
