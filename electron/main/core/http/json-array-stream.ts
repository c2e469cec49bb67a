import { JSONParser } from '@streamparser/json';

/** The answer was not a JSON array, or not valid JSON. */
export class JsonArrayError extends Error {
  constructor(
    readonly reason: 'not-a-list' | 'malformed',
    message: string,
  ) {
    super(message);
    this.name = 'JsonArrayError';
  }
}

/** An error thrown by the caller's `onItem`, carried through the parser untouched. */
export class ItemConsumerError extends Error {
  constructor(readonly error: unknown) {
    super('the consumer of a streamed list failed');
    this.name = 'ItemConsumerError';
  }
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Feeds a JSON array, chunk by chunk, to `onItem` one element at a time; no element is kept once it
 * was handed on, so memory stays at one element plus one chunk whatever the list's length.
 * Throws JsonArrayError when the document is not an array or is cut short, ItemConsumerError when
 * `onItem` threw, and whatever the chunk source throws (a dropped connection) as is.
 * Returns the number of elements.
 */
export async function readJsonArray(chunks: AsyncIterable<Uint8Array>, onItem: (item: unknown) => void): Promise<number> {
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  let count = 0;
  parser.onValue = ({ value }) => {
    try {
      onItem(value);
    } catch (e) {
      throw new ItemConsumerError(e);
    }
    count++;
  };
  // Errors from the chunk source (a dropped connection) pass as they are; everything the parser
  // throws is a broken document, except what onItem threw.
  const parse = (step: () => void) => {
    try {
      step();
    } catch (e) {
      if (e instanceof ItemConsumerError) throw e;
      throw new JsonArrayError('malformed', e instanceof Error ? e.message : String(e));
    }
  };
  let sawStart = false;
  let bom = 0;
  for await (const chunk of chunks) {
    if (!sawStart) {
      let i = 0;
      for (; i < chunk.length; i++) {
        if (bom < BOM.length && chunk[i] === BOM[bom]) bom++;
        else if (!WHITESPACE.has(chunk[i])) break;
      }
      if (i === chunk.length) continue;
      if (chunk[i] !== 0x5b) throw new JsonArrayError('not-a-list', 'the answer is not a JSON list');
      sawStart = true;
    }
    parse(() => parser.write(chunk));
  }
  if (!sawStart) throw new JsonArrayError('not-a-list', 'the answer is empty');
  // The parser ends by itself after a complete document; ending it here reports one cut short.
  if (!parser.isEnded) parse(() => parser.end());
  return count;
}
