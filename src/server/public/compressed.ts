import { Negotiator } from '@fastify/accept-negotiator';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

/**
 * The help page, compressed once and sent many times. Everyone asking for the same page in the
 * same second gets the same bytes (and the same form token, which names a second), so a page
 * shared widely, or a flood, costs one render and one compression a second rather than one a
 * request. Other public pages go through @fastify/compress as usual.
 */
export type Encoding = 'br' | 'gzip' | 'identity';

/** Brotli quality 5: about 0.3 ms for this page; 11 saves 15% more but takes about 20 ms. */
export const BROTLI_OPTIONS = { params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: 5 } };
export const GZIP_OPTIONS = { level: 6 };

const negotiator = new Negotiator<'br' | 'gzip'>({ supportedValues: ['br', 'gzip'] });

/** The best encoding the client accepts (brotli first), by @fastify/accept-negotiator. */
export const encodingFor = (acceptEncoding: string | string[] | undefined): Encoding => {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  return (header && negotiator.negotiate(header)) || 'identity';
};

export interface CompressedPage {
  body(encoding: Encoding): Buffer;
}

/** Each encoding is made the first time it is asked for. */
export function compressedPage(html: string): CompressedPage {
  const bodies: Partial<Record<Encoding, Buffer>> = {};
  return {
    body(encoding) {
      let body = bodies[encoding];
      if (!body) {
        const raw = Buffer.from(html, 'utf8');
        body = encoding === 'br' ? brotliCompressSync(raw, BROTLI_OPTIONS) : encoding === 'gzip' ? gzipSync(raw, GZIP_OPTIONS) : raw;
        bodies[encoding] = body;
      }
      return body;
    },
  };
}
