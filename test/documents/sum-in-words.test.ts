import t from 'tap';
import { sumInWordsEn, sumInWordsRu } from '../../server/modules/documents/sum-in-words.js';

// Golden strings: exactly what an invoice prints (kopecks in digits, the thousand with its numeral).
const golden: Array<[number, string, string]> = [
  [0, 'Ноль рублей 00 копеек', 'Zero roubles 00 kopecks'],
  [100, 'Один рубль 00 копеек', 'One rouble 00 kopecks'],
  [200, 'Два рубля 00 копеек', 'Two roubles 00 kopecks'],
  [500, 'Пять рублей 00 копеек', 'Five roubles 00 kopecks'],
  [1_100, 'Одиннадцать рублей 00 копеек', 'Eleven roubles 00 kopecks'],
  [2_100, 'Двадцать один рубль 00 копеек', 'Twenty-one roubles 00 kopecks'],
  [10_100, 'Сто один рубль 00 копеек', 'One hundred one roubles 00 kopecks'],
  [100_000_000, 'Один миллион рублей 00 копеек', 'One million roubles 00 kopecks'],
  [100_100_101, 'Один миллион одна тысяча один рубль 01 копейка', 'One million one thousand one roubles 01 kopeck'],
  [
    2_222_222,
    'Двадцать две тысячи двести двадцать два рубля 22 копейки',
    'Twenty-two thousand two hundred twenty-two roubles 22 kopecks',
  ],
  [4_200_050, 'Сорок две тысячи рублей 50 копеек', 'Forty-two thousand roubles 50 kopecks'],
  [100_000, 'Одна тысяча рублей 00 копеек', 'One thousand roubles 00 kopecks'],
  [
    1_214_511,
    'Двенадцать тысяч сто сорок пять рублей 11 копеек',
    'Twelve thousand one hundred forty-five roubles 11 kopecks',
  ],
  [500_000_000_000, 'Пять миллиардов рублей 00 копеек', 'Five billion roubles 00 kopecks'],
  [-1_050, 'Минус десять рублей 50 копеек', 'Minus ten roubles 50 kopecks'],
];

t.test('amounts in words, Russian and English, golden', async (t) => {
  for (const [kopecks, ru, en] of golden) {
    t.equal(sumInWordsRu(kopecks), ru, `${kopecks} kopecks in Russian`);
    t.equal(sumInWordsEn(kopecks), en, `${kopecks} kopecks in English`);
  }
});

t.test('genders and plurals of thousands and millions', async (t) => {
  t.equal(sumInWordsRu(200_000), 'Две тысячи рублей 00 копеек');
  t.equal(sumInWordsRu(500_000), 'Пять тысяч рублей 00 копеек');
  t.equal(sumInWordsRu(1_100_000), 'Одиннадцать тысяч рублей 00 копеек');
  t.equal(sumInWordsRu(2_100_000), 'Двадцать одна тысяча рублей 00 копеек');
  t.equal(sumInWordsRu(200_000_000), 'Два миллиона рублей 00 копеек');
  t.equal(sumInWordsRu(302), 'Три рубля 02 копейки');
  t.equal(sumInWordsRu(1_411), 'Четырнадцать рублей 11 копеек');
});
