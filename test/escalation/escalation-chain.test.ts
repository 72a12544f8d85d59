import t from 'tap';
import fc from 'fast-check';
import {
  defaultPolicy,
  dueAt,
  isStepTarget,
  linePosition,
  nextPosition,
  onArrival,
  pageChannels,
  policyProblems,
  targetAgent,
  type EscalationPolicy,
  type StepTarget,
} from '../../server/modules/escalation/escalation-chain.js';
import type { AgreementTier, TicketPriority } from '../../server/db/schema.js';

const tierArb = fc.constantFrom<AgreementTier | null>('8x5', '24x7', 'premium', 'custom', null);
const priorityArb = fc.constantFrom<TicketPriority>('P1', 'P2', 'P3', 'P4');
const targetArb = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((n) => `line:${n}` as StepTarget),
  fc.constant<StepTarget>('duty_manager'),
  fc.integer({ min: 1, max: 99 }).map((n) => `agent:${n}` as StepTarget),
);
const policyArb: fc.Arbitrary<EscalationPolicy> = fc.record({
  tier: fc.constantFrom<AgreementTier>('24x7', 'premium'),
  steps: fc.array(fc.record({ target: targetArb, delayMinutes: fc.integer({ min: 0, max: 1440 }) }), {
    minLength: 1,
    maxLength: 6,
  }),
  repeatCount: fc.integer({ min: 1, max: 10 }),
});

t.test('arrival: only 24x7 and premium tickets are routed or paged', async (t) => {
  fc.assert(
    fc.property(tierArb, priorityArb, fc.boolean(), fc.boolean(), (tier, priority, outOfHours, assigned) => {
      const d = onArrival({ tier, priority, outOfHours, assigned });
      const paid = tier === '24x7' || tier === 'premium';
      if (!paid) return !d.assignToDuty && !d.startChain;
      return d.assignToDuty === (outOfHours && !assigned) && d.startChain === (outOfHours || priority === 'P1');
    }),
  );
  t.same(onArrival({ tier: '24x7', priority: 'P1', outOfHours: false, assigned: false }), {
    assignToDuty: false,
    startChain: true,
  });
  t.same(onArrival({ tier: 'premium', priority: 'P3', outOfHours: true, assigned: false }), {
    assignToDuty: true,
    startChain: true,
  });
  t.same(onArrival({ tier: '24x7', priority: 'P3', outOfHours: true, assigned: true }), {
    assignToDuty: false,
    startChain: true,
  });
  t.same(onArrival({ tier: '8x5', priority: 'P1', outOfHours: true, assigned: false }), {
    assignToDuty: false,
    startChain: false,
  });
});

t.test('a chain visits every step of every round once, in order, then ends', async (t) => {
  t.same(
    [
      nextPosition(defaultPolicy('24x7'), { step: 2, round: 0 }),
      nextPosition(defaultPolicy('24x7'), { step: 2, round: 1 }),
    ],
    [{ step: 0, round: 1 }, null],
    'after the last step: the next round, then the end',
  );
  fc.assert(
    fc.property(policyArb, (policy) => {
      const visited: string[] = [];
      let at: { step: number; round: number } | null = { step: 0, round: 0 };
      while (at) {
        visited.push(`${at.round}:${at.step}`);
        at = nextPosition(policy, at);
      }
      const expected: string[] = [];
      for (let r = 0; r < policy.repeatCount; r++)
        for (let s = 0; s < policy.steps.length; s++) expected.push(`${r}:${s}`);
      return JSON.stringify(visited) === JSON.stringify(expected);
    }),
  );
});

t.test('each page is due its delay after the previous one; the whole chain lasts the sum of delays', async (t) => {
  t.equal(dueAt(defaultPolicy('premium'), { step: 1, round: 0 }, 1_000), 1_000 + 15 * 60_000);
  fc.assert(
    fc.property(policyArb, fc.integer({ min: 0, max: 2e12 }), (policy, start) => {
      let at: { step: number; round: number } | null = { step: 0, round: 0 };
      let previous = start;
      while (at) {
        const due = dueAt(policy, at, previous);
        if (due - previous !== policy.steps[at.step]!.delayMinutes * 60_000) return false;
        previous = due;
        at = nextPosition(policy, at);
      }
      const total = policy.steps.reduce((sum, s) => sum + s.delayMinutes, 0) * policy.repeatCount;
      return previous - start === total * 60_000;
    }),
  );
});

t.test('pages: a P1 texts from the first step, others from the second; no phone, e-mail only', async (t) => {
  t.same(pageChannels('P1', { step: 0, round: 0 }, true), ['sms', 'email']);
  t.same(pageChannels('P3', { step: 0, round: 0 }, true), ['email']);
  t.same(pageChannels('P3', { step: 1, round: 0 }, true), ['sms', 'email']);
  t.same(pageChannels('P4', { step: 0, round: 1 }, true), ['sms', 'email']);
  t.same(pageChannels('P1', { step: 0, round: 0 }, false), ['email']);
  fc.assert(
    fc.property(priorityArb, fc.nat(5), fc.nat(5), fc.boolean(), (p, step, round, phone) =>
      pageChannels(p, { step, round }, phone).includes('email'),
    ),
  );
});

t.test('targets: lines, the duty manager and agents; anything else is refused with its path', async (t) => {
  t.equal(linePosition('line:2'), 2);
  t.equal(linePosition('duty_manager'), null);
  t.equal(targetAgent('agent:17'), 17);
  t.equal(targetAgent('line:1'), null);
  for (const bad of ['line:0', 'line:', 'agent:x', 'manager', 'line:1 ', 'agent:-3']) t.notOk(isStepTarget(bad), bad);
  t.same(policyProblems([{ target: 'boss', delayMinutes: 5 }], 1), [
    { path: 'body.steps.0.target', message: '"boss" is not line:<position>, duty_manager or agent:<id>' },
  ]);
  t.same(policyProblems([], 0), [
    { path: 'body.steps', message: 'needs at least one step' },
    { path: 'body.repeatCount', message: 'must be 1 to 10 rounds' },
  ]);
  fc.assert(fc.property(policyArb, (p) => policyProblems(p.steps, p.repeatCount).length === 0));
});

t.test(
  'default chains: the first line at once, then line 2 after the reaction time, then the duty manager',
  async (t) => {
    const premium = defaultPolicy('premium');
    t.same(
      premium.steps.map((s) => s.target),
      ['line:1', 'line:2', 'duty_manager'],
    );
    t.equal(premium.steps[0]!.delayMinutes, 0, 'the first page goes at once');
    t.equal(premium.steps[1]!.delayMinutes, 15, 'premium reacts in 15 minutes');
    t.equal(defaultPolicy('24x7').steps[1]!.delayMinutes, 30);
    t.equal(premium.repeatCount, 2);
  },
);
