import { fileTypeFromBuffer } from 'file-type';

/**
 * What may be attached: PDF, raster images, office documents (OOXML, OpenDocument, the legacy
 * binary formats) and plain text or CSV. The type is decided from the bytes (file-type reads the
 * signatures and, for OOXML and OpenDocument, the zip's entries), never from what the client says:
 * a file served back always carries a type that matches what it is.
 */
export const ATTACHABLE = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'text/plain',
  'text/csv',
]);

/** Images a browser may show inline (never SVG: it is a document that runs scripts). */
export const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The legacy binary office formats share one container (CFB); the name tells which one it is. */
const CFB_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Text is UTF-8 without NUL or other control characters than tab, line feed, carriage return. */
function isText(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
  } catch {
    return false;
  }
}

/** The MIME type of an attachable file, or null with what it seems to be. */
export async function detectType(
  bytes: Uint8Array,
  name: string,
): Promise<{ mime: string } | { refused: string }> {
  const found = await fileTypeFromBuffer(bytes);
  const ext = extensionOf(name);
  if (found?.mime === 'application/x-cfb') {
    const mime = CFB_BY_EXTENSION[ext];
    return mime ? { mime } : { refused: 'a compound document that is not .doc, .xls or .ppt' };
  }
  if (found) return ATTACHABLE.has(found.mime) ? { mime: found.mime } : { refused: found.mime };
  if (isText(bytes)) {
    // Markup is a document that runs (HTML, SVG): never stored as "text".
    const head = new TextDecoder()
      .decode(bytes.subarray(0, 512))
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (head.startsWith('<')) return { refused: 'markup (HTML, SVG or XML)' };
    return { mime: ext === 'csv' ? 'text/csv' : 'text/plain' };
  }
  return { refused: 'an unknown binary format' };
}
