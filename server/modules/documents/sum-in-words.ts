/**
 * An amount of roubles in words, as printed on invoices and acts: the roubles in words, the kopecks in two
 * digits («Сорок две тысячи рублей 50 копеек»). The accounting convention names the thousand with its
 * numeral — «Одна тысяча рублей 00 копеек», never a bare «Тысяча» — so every amount reads the same way and
 * none can be extended by writing a word in front of it. Thousands are feminine (одна, две тысячи), roubles
 * and millions masculine (один, два рубля). Negative amounts (a storno) read «Минус …».
 */
const ONES_M = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const ONES_F = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const TENS = [
  '',
  '',
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
const HUNDREDS = [
  '',
  'сто',
  'двести',
  'триста',
  'четыреста',
  'пятьсот',
  'шестьсот',
  'семьсот',
  'восемьсот',
  'девятьсот',
];

/** The Russian plural of a count: [one, few, many] — 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль. */
export function pluralRu(n: number, forms: readonly [string, string, string]): string {
  const n100 = Math.abs(n) % 100;
  const n10 = n100 % 10;
  if (n100 >= 11 && n100 <= 14) return forms[2];
  if (n10 === 1) return forms[0];
  if (n10 >= 2 && n10 <= 4) return forms[1];
  return forms[2];
}

function triadRu(n: number, feminine: boolean): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) words.push(HUNDREDS[h]!);
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]!);
  else {
    if (rest >= 20) words.push(TENS[Math.floor(rest / 10)]!);
    if (rest % 10) words.push((feminine ? ONES_F : ONES_M)[rest % 10]!);
  }
  return words;
}

const SCALES_RU: Array<{ forms: [string, string, string]; feminine: boolean }> = [
  { forms: ['', '', ''], feminine: false },
  { forms: ['тысяча', 'тысячи', 'тысяч'], feminine: true },
  { forms: ['миллион', 'миллиона', 'миллионов'], feminine: false },
  { forms: ['миллиард', 'миллиарда', 'миллиардов'], feminine: false },
];

/** Whole roubles in words, lower case («сорок две тысячи»); «ноль» for 0. */
export function integerInWordsRu(n: number): string {
  if (n === 0) return 'ноль';
  const words: string[] = [];
  for (let scale = SCALES_RU.length - 1; scale >= 0; scale--) {
    const unit = 1000 ** scale;
    const triad = Math.floor(n / unit) % 1000;
    if (!triad) continue;
    words.push(...triadRu(triad, SCALES_RU[scale]!.feminine));
    if (scale > 0) words.push(pluralRu(triad, SCALES_RU[scale]!.forms));
  }
  return words.join(' ');
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const twoDigits = (n: number) => String(n).padStart(2, '0');

export function sumInWordsRu(kopecks: number): string {
  const abs = Math.abs(kopecks);
  const roubles = Math.floor(abs / 100);
  const kop = abs % 100;
  const text = `${integerInWordsRu(roubles)} ${pluralRu(roubles, ['рубль', 'рубля', 'рублей'])} ${twoDigits(kop)} ${pluralRu(kop, ['копейка', 'копейки', 'копеек'])}`;
  return capitalize(kopecks < 0 ? `минус ${text}` : text);
}

const EN_ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion'];

function triadEn(n: number): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) words.push(EN_ONES[h]!, 'hundred');
  if (rest >= 20)
    words.push(rest % 10 ? `${EN_TENS[Math.floor(rest / 10)]}-${EN_ONES[rest % 10]}` : EN_TENS[rest / 10]!);
  else if (rest) words.push(EN_ONES[rest]!);
  return words;
}

/** Whole numbers in English words, without "and" (the American style of cheques): "one hundred one". */
export function integerInWordsEn(n: number): string {
  if (n === 0) return 'zero';
  const words: string[] = [];
  for (let scale = EN_SCALES.length - 1; scale >= 0; scale--) {
    const triad = Math.floor(n / 1000 ** scale) % 1000;
    if (!triad) continue;
    words.push(...triadEn(triad));
    if (scale > 0) words.push(EN_SCALES[scale]!);
  }
  return words.join(' ');
}

export function sumInWordsEn(kopecks: number): string {
  const abs = Math.abs(kopecks);
  const roubles = Math.floor(abs / 100);
  const kop = abs % 100;
  const text = `${integerInWordsEn(roubles)} ${roubles === 1 ? 'rouble' : 'roubles'} ${twoDigits(kop)} ${kop === 1 ? 'kopeck' : 'kopecks'}`;
  return capitalize(kopecks < 0 ? `minus ${text}` : text);
}

export const sumInWords = (kopecks: number, language: 'ru' | 'en') =>
  language === 'ru' ? sumInWordsRu(kopecks) : sumInWordsEn(kopecks);
