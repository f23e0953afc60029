import { AppError } from '../errors.ts';

/** TAXII 2.1 §1.6.8: the one media type of TAXII resources, and the STIX content they carry. */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseMediaRanges(header: string): MediaRange[] {
  return header.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0)
        params.set(
          p.slice(0, eq).trim().toLowerCase(),
          p
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, ''),
        );
    }
    return { type: type.toLowerCase(), params };
  });
}

/** A TAXII media type with `version=2.1`, or without a version (then the latest, §1.6.8.1). */
function isTaxii21(range: MediaRange): boolean {
  const version = range.params.get('version');
  return range.type === 'application/taxii+json' && (version === undefined || version === '2.1');
}

/** §1.6.8: a request must accept the TAXII 2.1 media type; 406 otherwise. */
export function checkAccept(header: string | undefined): void {
  if (!header || !parseMediaRanges(header).some(isTaxii21)) {
    throw new AppError(406, 'not_acceptable', `accept: send "Accept: ${TAXII_MEDIA}"`, 'accept');
  }
}

/** §5.4: POST bodies are TAXII envelopes; 415 for any other Content-Type. */
export function checkContentType(header: string | undefined): void {
  const [range] = header ? parseMediaRanges(header) : [];
  if (!range || !isTaxii21(range)) {
    throw new AppError(
      415,
      'unsupported_media_type',
      `content-type: send "Content-Type: ${TAXII_MEDIA}"`,
      'content-type',
    );
  }
}

/**
 * A Tansiq peer pulling for federation says so with this header; it then receives only what may
 * leave the instance (flagged for federation, never TLP:RED).
 */
export const FEDERATION_HEADER = 'x-tansiq-federation';
