import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MemoryStore } from '../../src/proxy/protection/stores/memory.js';
import type { HitReceipt, HitResult, LimitRule } from '../../src/proxy/protection/stores/store.js';

/** A hit's outcome, as the reference and the store both give it. */
type Verdict = { ok: true } | Extract<HitResult, { ok: false }>;

/** The store's answer without its receipt, which names the hit in the store's own way. */
const verdict = (result: HitResult): Verdict => (result.ok ? { ok: true } : result);

/** The sliding-window rule written as plainly as possible: every hit's time and member, per key. */
class ReferenceWindows {
  readonly #hits = new Map<string, { time: number; member: string }[]>();

  #live(rule: LimitRule, now: number) {
    return (this.#hits.get(rule.key) ?? []).filter((hit) => hit.time > now - rule.windowMs);
  }

  hit(rules: readonly LimitRule[], member: string, now: number): Verdict {
    for (const [index, rule] of rules.entries()) {
      const live = this.#live(rule, now);
      if (live.length >= rule.limit) return { ok: false, rule: index, retryAfterMs: Math.max(1, live[0]!.time + rule.windowMs - now) };
    }
    for (const rule of rules) this.#hits.set(rule.key, [...this.#live(rule, now), { time: now, member }]);
    return { ok: true };
  }

  unhit(keys: readonly string[], member: string): void {
    for (const key of keys) {
      const hits = this.#hits.get(key) ?? [];
      const index = hits.map((hit) => hit.member).lastIndexOf(member);
      if (index >= 0) hits.splice(index, 1);
    }
  }
}

/** Three rules over two shared keys, as a call's per-number and per-client limits share them. */
const ruleSets: LimitRule[][] = [
  [
    { key: 'a', limit: 3, windowMs: 1000 },
    { key: 'b', limit: 80, windowMs: 5000 },
  ],
  [
    { key: 'b', limit: 80, windowMs: 5000 },
    { key: 'c', limit: 1, windowMs: 300 },
  ],
  [{ key: 'a', limit: 3, windowMs: 1000 }],
];

const step = fc.oneof(
  fc.record({ kind: fc.constant('hit' as const), rules: fc.nat(ruleSets.length - 1), advance: fc.nat(200) }),
  fc.record({ kind: fc.constant('unhit' as const), rules: fc.nat(ruleSets.length - 1), back: fc.nat(20) }),
);

describe('memory store', () => {
  it('counts, refuses, expires and gives hits back exactly as the plain sliding-window rule', () => {
    fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 400 }), async (steps) => {
        let now = 1_700_000_000_000;
        const store = new MemoryStore({ now: () => now });
        const reference = new ReferenceWindows();
        const members: string[] = [];
        const receipts = new Map<string, HitReceipt>();
        for (const [index, action] of steps.entries()) {
          const rules = ruleSets[action.rules]!;
          if (action.kind === 'hit') {
            now += action.advance;
            const member = `m${index}`;
            members.push(member);
            const result = await store.hit(rules);
            if (result.ok) receipts.set(member, result.receipt);
            assert.deepEqual(verdict(result), reference.hit(rules, member, now), `step ${index} at ${now}`);
          } else {
            const member = members[members.length - 1 - action.back];
            if (member === undefined) continue;
            const keys = rules.map((rule) => rule.key);
            const receipt = receipts.get(member);
            if (receipt !== undefined) await store.unhit(keys, receipt);
            reference.unhit(keys, member);
          }
        }
        await store.close();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps counting right across the compaction of a busy key', async () => {
    let now = 0;
    const store = new MemoryStore({ now: () => now });
    const rule = { key: 'global', limit: 100, windowMs: 1000 };
    // One hit every 10 ms: from the 100th on, the window is full after each hit (its oldest hit
    // 990 ms old), and its array is compacted again and again; a hit lost or kept too long shows.
    for (let i = 0; i < 2000; i++) {
      now = i * 10;
      assert.equal((await store.hit([rule])).ok, true, `hit ${i}`);
      if (i >= 99) assert.deepEqual(await store.hit([rule]), { ok: false, rule: 0, retryAfterMs: 10 }, `probe after hit ${i}`);
    }
    await store.close();
  });

  it('takes back only the hit its receipt names, beside another hit of the same millisecond', async () => {
    const store = new MemoryStore({ now: () => 1000 });
    const [a, b, c] = [
      { key: 'a', limit: 3, windowMs: 1000 },
      { key: 'b', limit: 80, windowMs: 5000 },
      { key: 'c', limit: 1, windowMs: 300 },
    ];
    const first = await store.hit([a, b]);
    assert.equal((await store.hit([b, c])).ok, true);
    assert.ok(first.ok);
    // c never held the first hit: giving its receipt back there must not free c's own.
    await store.unhit(['b', 'c'], first.receipt);
    assert.deepEqual(await store.hit([c]), { ok: false, rule: 0, retryAfterMs: 300 });
    await store.close();
  });

  it('forgets every hit and record on clear(), as the demo’s reset asks', async () => {
    const store = new MemoryStore();
    const rule: LimitRule = { key: 'client:203.0.113.9', limit: 1, windowMs: 60_000 };
    assert.equal((await store.hit([rule])).ok, true);
    assert.equal((await store.hit([rule])).ok, false);
    await store.put('idem:key', 'answer', 60_000);
    store.clear();
    assert.equal((await store.hit([rule])).ok, true);
    assert.equal(await store.get('idem:key'), undefined);
    await store.close();
  });

  it('answers a claim with the first value and its time left, until it expires', async () => {
    let now = 5_000;
    const store = new MemoryStore({ now: () => now });
    assert.deepEqual(await store.claim('k', 'first', 1000), { claimed: true });
    now += 400;
    assert.deepEqual(await store.claim('k', 'second', 1000), { claimed: false, value: 'first', ttlMs: 600 });
    now += 600;
    assert.deepEqual(await store.claim('k', 'third', 1000), { claimed: true });
    await store.close();
  });
});
