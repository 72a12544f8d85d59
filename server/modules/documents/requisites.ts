/**
 * Checks of Russian requisites, each with the message a person needs to fix it. Check digits follow the Federal
 * Tax Service's algorithms (INN, OGRN) and the Bank of Russia's key of an account (Regulation 579-P, annex:
 * the 3 digits of the BIK before the 20 digits of the account, weighted 7-1-3, sum divisible by 10).
 */
export interface RequisiteError {
  path: string;
  message: string;
}

const digits = (s: string) => [...s].map(Number);

function innChecks(inn: string): boolean {
  const d = digits(inn);
  const check = (weights: number[]) => (weights.reduce((sum, w, i) => sum + w * d[i]!, 0) % 11) % 10;
  if (inn.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
}

/** INN: 10 digits (a company) or 12 (a sole trader), with their check digits. */
export function innProblem(inn: string): string | null {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return 'an INN is 10 digits for a company or 12 for a sole trader';
  if (!innChecks(inn)) return `INN ${inn} has a wrong check digit; check it against the registration certificate`;
  return null;
}

/** KPP: 9 characters — 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits. */
export function kppProblem(kpp: string): string | null {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp) ? null : 'a KPP is 9 characters, e.g. 773601001';
}

/** OGRN: 13 digits, check = (first 12 mod 11) mod 10; OGRNIP: 15 digits, check = (first 14 mod 13) mod 10. */
export function ogrnProblem(ogrn: string): string | null {
  if (!/^\d{13}$|^\d{15}$/.test(ogrn)) return 'an OGRN is 13 digits (OGRNIP of a sole trader: 15)';
  const body = BigInt(ogrn.slice(0, -1));
  const modulus = ogrn.length === 13 ? 11n : 13n;
  if (Number((body % modulus) % 10n) !== Number(ogrn.at(-1)))
    return `OGRN ${ogrn} has a wrong check digit; check it against the registration record`;
  return null;
}

export function bikProblem(bik: string): string | null {
  return /^\d{9}$/.test(bik) ? null : 'a BIK is 9 digits, e.g. 044525225';
}

const WEIGHTS = [7, 1, 3];
const keyOk = (prefix3: string, account: string) =>
  digits(prefix3 + account).reduce((sum, d, i) => sum + d * WEIGHTS[i % 3]!, 0) % 10 === 0;

/** A settlement account against its bank's BIK: the last 3 digits of the BIK key it. */
export function settlementAccountProblem(account: string, bik: string): string | null {
  if (!/^\d{20}$/.test(account)) return 'an account number is 20 digits';
  if (/^\d{9}$/.test(bik) && !keyOk(bik.slice(-3), account))
    return `account ${account} does not match BIK ${bik} (the control key fails); check both against the bank's details`;
  return null;
}

/** A correspondent account is keyed by "0" and the 5th–6th digits of the BIK (the Bank of Russia's division). */
export function corrAccountProblem(account: string, bik: string): string | null {
  if (!/^\d{20}$/.test(account)) return 'a correspondent account is 20 digits';
  if (/^\d{9}$/.test(bik) && !keyOk(`0${bik.slice(4, 6)}`, account))
    return `correspondent account ${account} does not match BIK ${bik}; check both against the bank's details`;
  return null;
}

/** «Иванов Иван Иванович» → «Иванов И. И.»: the surname and initials a signature line prints. */
export function shortName(fullName: string): string {
  const [surname, ...rest] = fullName.trim().split(/\s+/);
  if (!surname) return '';
  const initials = rest.map((p) => `${p.charAt(0).toUpperCase()}.`).join(' ');
  return initials ? `${surname} ${initials}` : surname;
}
