import { createHash } from 'node:crypto';

/** Tansiq's namespace for name-based collection ids (RFC 9562 §5.5, UUIDv5). */
const NAMESPACE = 'b6c4b7a4-5d0e-4e55-9a55-2f0d3a6c1e07';

export function uuidV5(name: string, namespace = NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A collection id depends only on its audience key, so clients and peers can keep it. */
export function collectionId(audienceKey: string): string {
  return uuidV5(`collection:${audienceKey}`);
}
