/**
 * `LockService`: the script lock and the document lock are two locks, each held by at most one `Lock` at a time.
 * `getScriptLock()` hands out a new `Lock` on every call, as Apps Script does, so another execution is simply another
 * `Lock` of the same kind: while it holds the lock, `tryLock` answers false and `waitLock` throws Apps Script's timeout
 * (nothing else runs here to release it while one waits).
 */
import type { Fake } from './google.js';

export type LockKind = 'script' | 'document';
export interface LockEvent {
  readonly kind: LockKind;
  readonly event: 'tryLock' | 'waitLock' | 'release';
  readonly ok?: boolean;
}

export class FakeLock implements Fake<GoogleAppsScript.Lock.Lock, 'tryLock' | 'waitLock' | 'hasLock' | 'releaseLock'> {
  constructor(
    private readonly service: FakeLockService,
    readonly kind: LockKind,
  ) {}
  tryLock(_timeoutInMillis: number): boolean {
    const ok = this.acquire();
    this.service.log.push({ kind: this.kind, event: 'tryLock', ok });
    return ok;
  }
  waitLock(_timeoutInMillis: number): void {
    const ok = this.acquire();
    this.service.log.push({ kind: this.kind, event: 'waitLock', ok });
    if (!ok) throw new Error('Lock timeout: another process was holding the lock for too long.');
  }
  hasLock(): boolean {
    return this.service.holders[this.kind] === this;
  }
  releaseLock(): void {
    if (this.hasLock()) this.service.holders[this.kind] = undefined;
    this.service.log.push({ kind: this.kind, event: 'release' });
  }
  private acquire(): boolean {
    const holder = this.service.holders[this.kind];
    if (holder !== undefined && holder !== this) return false;
    this.service.holders[this.kind] = this;
    return true;
  }
}

export class FakeLockService implements Fake<GoogleAppsScript.Lock.LockService, 'getScriptLock' | 'getDocumentLock'> {
  readonly log: LockEvent[] = [];
  readonly holders: Record<LockKind, FakeLock | undefined> = { script: undefined, document: undefined };
  getScriptLock(): FakeLock {
    return new FakeLock(this, 'script');
  }
  getDocumentLock(): FakeLock {
    return new FakeLock(this, 'document');
  }
}
