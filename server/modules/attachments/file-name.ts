/**
 * A stored file name a person can recognise and no file system, header or reader can be tricked by: the last
 * path segment only (no `../`, no drive letters), no control characters, no quotes or backslashes, no invisible
 * format characters, at most 200 characters, never empty or dots only.
 *
 * Format characters (Unicode category Cf) are removed, not replaced: bidi controls (U+202E turns
 * "invoice\u202Efdp.exe" into what reads as "invoiceexe.pdf"), zero-width spaces and joiners, the BOM and tag
 * characters draw nothing, so a name that holds them shows a person something other than what it is. Removing
 * them leaves exactly the characters a reader sees. (Persian names lose their zero-width non-joiner, which only
 * changes how two letters join.)
 */
export function safeFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const cleaned = last
    // A lone surrogate is no character at all, and would make encodeURIComponent (contentDisposition) throw.
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
    // C0 and C1 controls and the line/paragraph separators break headers and log lines.
    .replace(/[\p{Cc}\u2028\u2029"<>:|?*]/gu, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  // Cut by code points, so a character outside the BMP is never split into a lone surrogate; then trim again,
  // since the cut may end on a space or a dot.
  const cut = Array.from(cleaned)
    .slice(0, 200)
    .join('')
    .replace(/[\s.]+$/, '');
  return cut || 'file';
}

/** RFC 6266 Content-Disposition for a download: an ASCII fallback plus the exact UTF-8 name (RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
