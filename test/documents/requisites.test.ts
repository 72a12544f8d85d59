import t from 'tap';
import {
  bikProblem,
  corrAccountProblem,
  innProblem,
  kppProblem,
  ogrnProblem,
  settlementAccountProblem,
  shortName,
} from '../../server/modules/documents/requisites.js';
import { isGapFree, numberText, yearOf } from '../../server/modules/documents/numbering.js';

t.test('INN, KPP, OGRN, BIK and accounts with their check digits', async (t) => {
  t.equal(innProblem('7707083893'), null, 'a company INN');
  t.equal(innProblem('500100732259'), null, 'a sole trader INN');
  t.match(innProblem('7707083894'), /wrong check digit/);
  t.match(innProblem('500100732258'), /wrong check digit/);
  t.match(innProblem('77070838'), /10 digits/);
  t.equal(kppProblem('773601001'), null);
  t.equal(kppProblem('7736AB001'), null);
  t.match(kppProblem('77360100'), /9 characters/);
  t.equal(ogrnProblem('1027700132195'), null, 'OGRN');
  t.match(ogrnProblem('1027700132194'), /wrong check digit/);
  t.equal(ogrnProblem('304500116000157'), null, 'OGRNIP');
  t.match(ogrnProblem('123'), /13 digits/);
  t.equal(bikProblem('044525225'), null);
  t.match(bikProblem('04452522'), /9 digits/);
  t.equal(settlementAccountProblem('40702810938000012345', '044525225'), null);
  t.match(settlementAccountProblem('40702810938000012346', '044525225'), /does not match BIK 044525225/);
  t.match(settlementAccountProblem('4070281093800001234', '044525225'), /20 digits/);
  t.equal(corrAccountProblem('30101810400000000225', '044525225'), null);
  t.match(corrAccountProblem('30101810400000000226', '044525225'), /does not match BIK/);
});

t.test('signers’ short names and document numbers', async (t) => {
  t.equal(shortName('Иванов Иван Иванович'), 'Иванов И. И.');
  t.equal(shortName('  Smith  John '), 'Smith J.');
  t.equal(shortName('Петрова'), 'Петрова');
  t.equal(numberText(15), '15');
  t.equal(yearOf('2026-12-04'), 2026);
  t.ok(isGapFree([3, 1, 2]));
  t.notOk(isGapFree([1, 3]));
  t.notOk(isGapFree([1, 2, 2]));
});
