/**
 * A JSON parser for token headers and payloads that refuses what JSON.parse silently accepts: duplicate keys
 * (JSON.parse keeps the last one, so two verifiers may disagree on which `seats` a token grants) and
 * `__proto__` keys (prototype pollution once the claims are spread into other objects).
 */
export class StrictJsonError extends Error {}

const MAX_DEPTH = 16;

export function parseStrictJson(text: string): unknown {
  let pos = 0;

  const fail = (what: string): never => {
    throw new StrictJsonError(`${what} at character ${pos}`);
  };
  const skipSpace = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const expect = (ch: string) => {
    if (text[pos] !== ch) fail(`expected "${ch}"`);
    pos++;
  };

  const parseString = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const ch = text[pos++]!;
      if (ch === '"') return out;
      if (ch < ' ') fail('control character in string');
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = text[pos++];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (esc !== undefined && esc in simple) out += simple[esc];
      else if (esc === 'u') {
        const hex = text.slice(pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 4;
      } else fail('bad escape');
    }
  };

  const parseNumber = (): number => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos));
    if (!match) return fail('bad number');
    pos += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) fail('number out of range');
    return value;
  };

  const parseValue = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    skipSpace();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const obj: Record<string, unknown> = Object.create(null);
      const seen = new Set<string>();
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return { ...obj };
      }
      for (;;) {
        skipSpace();
        const key = parseString();
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') fail(`forbidden key "${key}"`);
        if (seen.has(key)) fail(`duplicate key "${key}"`);
        seen.add(key);
        skipSpace();
        expect(':');
        obj[key] = parseValue(depth + 1);
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect('}');
        return { ...obj };
      }
    }
    if (ch === '[') {
      pos++;
      const arr: unknown[] = [];
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect(']');
        return arr;
      }
    }
    if (ch === '"') return parseString();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return parseNumber();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    return fail('unexpected input');
  };

  const value = parseValue(0);
  skipSpace();
  if (pos !== text.length) fail('trailing data');
  return value;
}
