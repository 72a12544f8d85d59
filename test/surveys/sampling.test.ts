import t from 'tap';
import {
  cleanComment,
  COMMENT_MAX,
  inSample,
  linkAlive,
  summarize,
} from '../../server/modules/surveys/survey-rules.js';

t.test('the sampler takes about the percent asked, the same way every time', async (t) => {
  const ids = Array.from({ length: 2000 }, (_, i) => i + 1);
  const taken = ids.filter((id) => inSample(id, 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', 30));
  // 2,000 draws at p = 0.3: σ ≈ 20.5; four σ either side of 600 is a margin a fair sampler leaves once in 15,000 runs.
  t.ok(taken.length > 518 && taken.length < 682, `30 % of 2,000 tickets sampled: ${taken.length}`);
  t.same(
    ids.filter((id) => inSample(id, 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', 30)),
    taken,
    'a second draw of the same tickets gives the same answers (retries never re-roll)',
  );
  const other = ids.filter((id) => inSample(id, 'another-installation-secret', 30));
  t.not(other.join(','), taken.join(','), 'another secret samples other tickets');
  t.equal(ids.filter((id) => inSample(id, 's', 100)).length, 2000, '100 % takes every ticket');
  t.equal(ids.filter((id) => inSample(id, 's', 0)).length, 0, '0 % takes none');
  const ten = ids.filter((id) => inSample(id, 's', 10)).length;
  t.ok(ten > 146 && ten < 254, `10 % of 2,000: ${ten}`);
  t.ok(
    taken.every((id) => inSample(id, 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', 60)),
    'a ticket sampled at 30 % is sampled at 60 % too (raising the rate keeps the earlier ones)',
  );
});

t.test('links live 30 days; comments are trimmed and capped; summaries', async (t) => {
  const sent = '2026-12-01T10:00:00.000Z';
  t.equal(linkAlive(sent, new Date('2026-12-31T10:00:00.000Z')), true, 'day 30 still works');
  t.equal(linkAlive(sent, new Date('2026-12-31T10:00:01.000Z')), false, 'after 30 days it does not');
  t.equal(cleanComment('  \r\n  '), null);
  t.equal(cleanComment(' Спасибо!\r\nБыстро. '), 'Спасибо!\nБыстро.');
  t.equal(cleanComment('x'.repeat(COMMENT_MAX + 50))!.length, COMMENT_MAX);
  t.same(summarize([5, 4, 5, 1]), { average: 3.75, count: 4, distribution: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 2 } });
  t.same(summarize([]), { average: null, count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
});
