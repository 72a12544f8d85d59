/**
 * A reader for TNEF (winmail.dat, application/ms-tnef): the files Outlook wraps into one part when it sends
 * "rich text" mail. Pure and bounded: it reads only inside the buffer, never throws on bad input, and gives up
 * on a corrupt stream with the files it could read so far (the original part is then kept as it is).
 *
 * Written here rather than taken from npm: the one maintained package drags a logger and a CLI parser into
 * the server, and the format needed for attachments is small (MS-OXTNEF 2.1 and 2.1.3.5).
 */

export interface TnefFile {
  name: string;
  /** From PR_ATTACH_MIME_TAG when the sender set it. */
  contentType: string | null;
  contentId: string | null;
  data: Buffer;
}

export interface TnefResult {
  files: TnefFile[];
  /** The plain-text body (attBody or PR_BODY), when the stream carries one. */
  body: string | null;
  /** The HTML body (PR_HTML), when the stream carries one; untrusted like any mail HTML. */
  html: string | null;
  /** Why reading stopped early, if it did; the files before that point are still good. */
  problem: string | null;
}

const SIGNATURE = 0x223e9f78;
const LVL_MESSAGE = 1;
const LVL_ATTACHMENT = 2;

const ATT_BODY = 0x0002800c;
const ATT_OEM_CODEPAGE = 0x00069007;
const ATT_ATTACH_REND_DATA = 0x00069002;
const ATT_ATTACH_TITLE = 0x00018010;
const ATT_ATTACH_DATA = 0x0006800f;
const ATT_ATTACHMENT = 0x00069005;
const ATT_MAPI_PROPS = 0x00069003;

const PR_BODY = 0x1000;
const PR_HTML = 0x1013;

const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const PR_ATTACH_CONTENT_ID = 0x3712;
const PR_DISPLAY_NAME = 0x3001;

const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;

/** Bytes a value of a fixed-size property type takes in the stream (short and boolean are padded to 4). */
const FIXED_SIZE: Record<number, number> = {
  0x0000: 4,
  0x0001: 4,
  0x0002: 4,
  0x0003: 4,
  0x0004: 4,
  0x0005: 8,
  0x0006: 8,
  0x0007: 8,
  0x000a: 4,
  0x000b: 4,
  0x0014: 8,
  0x0040: 8,
  0x0048: 16,
};

const MAX_FILES = 500;
const MAX_DEPTH = 3;

/** IID_IMessage: an attached e-mail, whose data is itself a TNEF stream. */
const IID_IMESSAGE = Buffer.from('0703020000000000c000000000000046', 'hex');

export const isTnef = (data: Buffer) => data.length >= 6 && data.readUInt32LE(0) === SIGNATURE;

class Truncated extends Error {}

/** A cursor that refuses to read past the end of its buffer. */
class Reader {
  constructor(
    private readonly buf: Buffer,
    public pos = 0,
    private readonly end = buf.length,
  ) {}
  get left() {
    return this.end - this.pos;
  }
  need(n: number) {
    if (n < 0 || n > this.left) throw new Truncated(`needs ${n} bytes at offset ${this.pos}, ${this.left} left`);
  }
  u16() {
    this.need(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32() {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number) {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  skip(n: number) {
    this.need(n);
    this.pos += n;
  }
  pad4(n: number) {
    const rest = (4 - (n % 4)) % 4;
    this.skip(Math.min(rest, this.left));
  }
}

function decoderFor(codepage: number | null): TextDecoder {
  const label =
    codepage === null
      ? 'windows-1252'
      : codepage === 65001
        ? 'utf-8'
        : codepage === 20866
          ? 'koi8-r'
          : codepage === 866
            ? 'ibm866'
            : `windows-${codepage}`;
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('windows-1252');
  }
}

const cString = (bytes: Buffer, decoder: TextDecoder) => decoder.decode(bytes).replace(/\0[\s\S]*$/, '');
const utf16 = (bytes: Buffer) => bytes.toString('utf16le').replace(/\0[\s\S]*$/, '');

interface Draft {
  title: string | null;
  longName: string | null;
  shortName: string | null;
  displayName: string | null;
  contentType: string | null;
  contentId: string | null;
  data: Buffer | null;
  /** An attached e-mail: its own files are read and added. */
  embedded: Buffer | null;
}

const newDraft = (): Draft => ({
  title: null,
  longName: null,
  shortName: null,
  displayName: null,
  contentType: null,
  contentId: null,
  data: null,
  embedded: null,
});

type PropertyValue = (id: number, type: number, bytes: Buffer) => void;

/** Walks a block of MAPI properties (MS-OXTNEF 2.1.3.5), handing the first value of each variable-size one over. */
function readProperties(block: Buffer, onValue: PropertyValue) {
  const r = new Reader(block);
  const count = r.u32();
  for (let i = 0; i < count && r.left > 0; i++) {
    const type = r.u16();
    const id = r.u16();
    if (id >= 0x8000) {
      r.skip(16);
      const kind = r.u32();
      if (kind === 0) r.skip(4);
      else {
        const size = r.u32();
        r.skip(size);
        r.pad4(size);
      }
    }
    const base = type & ~MV_FLAG;
    const variable = base === PT_STRING8 || base === PT_UNICODE || base === PT_BINARY || base === PT_OBJECT;
    if (!variable && FIXED_SIZE[base] === undefined)
      throw new Truncated(`unknown property type 0x${type.toString(16)}`);
    const values = variable || type & MV_FLAG ? r.u32() : 1;
    if (values > r.left) throw new Truncated(`${values} values cannot fit`);
    for (let v = 0; v < values; v++) {
      if (!variable) {
        r.skip(FIXED_SIZE[base]!);
        continue;
      }
      const size = r.u32();
      const bytes = r.bytes(size);
      r.pad4(size);
      if (v === 0) onValue(id, base, bytes);
    }
  }
}

const textOf = (type: number, bytes: Buffer, decoder: TextDecoder) =>
  type === PT_UNICODE ? utf16(bytes) : cString(bytes, decoder);

/** The text properties of an attachment and the draft field each fills. */
const TEXT_PROPERTIES = new Map<number, 'longName' | 'shortName' | 'displayName' | 'contentType' | 'contentId'>([
  [PR_ATTACH_LONG_FILENAME, 'longName'],
  [PR_ATTACH_FILENAME, 'shortName'],
  [PR_DISPLAY_NAME, 'displayName'],
  [PR_ATTACH_MIME_TAG, 'contentType'],
  [PR_ATTACH_CONTENT_ID, 'contentId'],
]);

/** The attachment properties that matter: names, MIME type, content id and the data. */
const attachmentProperty =
  (draft: Draft, decoder: TextDecoder): PropertyValue =>
  (id, type, bytes) => {
    const field = TEXT_PROPERTIES.get(id);
    if (field) {
      draft[field] = textOf(type, bytes, decoder);
      return;
    }
    if (id !== PR_ATTACH_DATA) return;
    if (type !== PT_OBJECT) {
      draft.data = bytes;
      return;
    }
    // An object starts with the interface it is: an attached e-mail is a TNEF stream of its own.
    const content = bytes.subarray(16);
    if (bytes.subarray(0, 16).equals(IID_IMESSAGE) && isTnef(content)) draft.embedded = content;
    else draft.data = content;
  };

/** The message properties that matter: the plain and the HTML body. */
const messageProperty =
  (result: TnefResult, decoder: TextDecoder): PropertyValue =>
  (id, type, bytes) => {
    if (id === PR_BODY && (type === PT_STRING8 || type === PT_UNICODE)) result.body ??= textOf(type, bytes, decoder);
    if (id === PR_HTML && (type === PT_BINARY || type === PT_STRING8))
      result.html ??= cString(bytes, new TextDecoder('utf-8'));
  };

function finish(draft: Draft, index: number): TnefFile | null {
  if (!draft.data) return null;
  const name =
    [draft.longName, draft.title, draft.shortName, draft.displayName].map((n) => n?.trim()).find((n) => n) ??
    `attachment-${index}.bin`;
  const contentType =
    draft.contentType && /^[\w.+-]+\/[\w.+-]+$/.test(draft.contentType) ? draft.contentType.toLowerCase() : null;
  return { name, contentType, contentId: draft.contentId?.replace(/^<|>$/g, '') || null, data: draft.data };
}

/** Reads the files (and the plain body) of a TNEF stream. */
export function readTnef(data: Buffer, depth = 0): TnefResult {
  const result: TnefResult = { files: [], body: null, html: null, problem: null };
  if (!isTnef(data)) return { ...result, problem: 'not a TNEF stream (no signature)' };
  const r = new Reader(data, 6);
  let decoder = decoderFor(null);
  let draft: Draft | null = null;
  const close = () => {
    if (!draft) return;
    const file = finish(draft, result.files.length + 1);
    if (file) result.files.push(file);
    if (draft.embedded && depth < MAX_DEPTH) {
      const inner = readTnef(draft.embedded, depth + 1);
      result.files.push(...inner.files);
      if (inner.problem && !result.problem) result.problem = `attached message: ${inner.problem}`;
    }
    draft = null;
  };
  try {
    while (r.left > 0) {
      if (result.files.length >= MAX_FILES) {
        result.problem = `more than ${MAX_FILES} files`;
        break;
      }
      const level = r.bytes(1)[0]!;
      const id = r.u32();
      const length = r.u32();
      const value = r.bytes(length);
      r.u16(); // checksum: a wrong one says nothing the lengths have not already checked
      if (level !== LVL_MESSAGE && level !== LVL_ATTACHMENT) throw new Truncated(`unknown attribute level ${level}`);
      switch (id) {
        case ATT_OEM_CODEPAGE:
          if (value.length >= 4) decoder = decoderFor(value.readUInt32LE(0));
          break;
        case ATT_BODY:
          result.body ??= cString(value, decoder);
          break;
        case ATT_ATTACH_REND_DATA:
          close();
          draft = newDraft();
          break;
        case ATT_ATTACH_TITLE:
          (draft ??= newDraft()).title = cString(value, decoder);
          break;
        case ATT_ATTACH_DATA:
          (draft ??= newDraft()).data = value;
          break;
        case ATT_ATTACHMENT:
        case ATT_MAPI_PROPS:
          // The attribute's own length bounds the block: a bad property inside loses only what follows it.
          try {
            readProperties(
              value,
              id === ATT_MAPI_PROPS
                ? messageProperty(result, decoder)
                : attachmentProperty((draft ??= newDraft()), decoder),
            );
          } catch (err) {
            if (!(err instanceof Truncated)) throw err;
            result.problem ??= `properties: ${err.message}`;
          }
          break;
      }
    }
  } catch (err) {
    result.problem =
      err instanceof Truncated
        ? `corrupt after offset ${r.pos}: ${err.message}`
        : `unreadable: ${(err as Error).message}`;
  }
  close();
  return result;
}
