/** One lexical unit of an NGINX config file. */
export type NginxToken =
  | { kind: 'word'; value: string; quoted: boolean; line: number; column: number; startsLine: boolean }
  | { kind: ';' | '{' | '}'; line: number; column: number; startsLine: boolean };

export interface TokenizeError {
  message: string;
  line: number;
}

export interface TokenizeResult {
  tokens: NginxToken[];
  errors: TokenizeError[];
  /** Line of the last character, for "unexpected end of file" messages. */
  lastLine: number;
}

/** Receives tokens as they are read (the parser uses this: no token objects to allocate and collect). */
export interface TokenSink {
  /** `start`/`end`: the word's span in the text (quotes included), for edits that keep everything else as it is. */
  word(value: string, quoted: boolean, line: number, column: number, startsLine: boolean, start: number, end: number): void;
  punct(kind: ';' | '{' | '}', line: number, column: number, startsLine: boolean): void;
}

/** The tokens as a list. */
export function tokenizeNginx(text: string): TokenizeResult {
  const tokens: NginxToken[] = [];
  const { errors, lastLine } = scanNginx(text, {
    word: (value, quoted, line, column, startsLine) => tokens.push({ kind: 'word', value, quoted, line, column, startsLine }),
    punct: (kind, line, column, startsLine) => tokens.push({ kind, line, column, startsLine }),
  });
  return { tokens, errors, lastLine };
}

/**
 * Splits a config into words, quoted strings and the three punctuation marks, the way nginx's
 * own reader does: `#` starts a comment only at the start of a word, quotes may hold escapes,
 * and `${var}` keeps its braces inside a word.
 */
export function scanNginx(text: string, sink: TokenSink): { errors: TokenizeError[]; lastLine: number } {
  const errors: TokenizeError[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  let lineHasToken = false;
  const n = text.length;

  const advance = () => {
    if (text[i] === '\n') {
      line++;
      column = 1;
      lineHasToken = false;
    } else column++;
    i++;
  };

  while (i < n) {
    const c = text[i];
    // Blanks and comments, without a call per character (20,000-line configs are linted as you type).
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      column++;
      continue;
    }
    if (c === '\n') {
      i++;
      line++;
      column = 1;
      lineHasToken = false;
      continue;
    }
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      column += stop - i;
      i = stop;
      continue;
    }
    const startsLine = !lineHasToken;
    if (c === ';' || c === '{' || c === '}') {
      sink.punct(c, line, column, startsLine);
      lineHasToken = true;
      i++;
      column++;
      continue;
    }
    const startLine = line;
    const startColumn = column;
    const startIndex = i;
    if (c === '"' || c === "'") {
      const quote = c;
      advance();
      let value = '';
      let closed = false;
      while (i < n) {
        const d = text[i];
        if (d === '\\' && i + 1 < n) {
          const next = text[i + 1];
          // nginx unescapes only the quote itself and a backslash-escaped backslash; others stay literal.
          value += next === quote || next === '\\' ? next : d + next;
          advance();
          advance();
          continue;
        }
        if (d === quote) {
          advance();
          closed = true;
          break;
        }
        value += d;
        advance();
      }
      if (!closed) {
        errors.push({ message: `unexpected end of file, expecting closing ${quote === '"' ? 'double' : 'single'} quote`, line: startLine });
        break;
      }
      sink.word(value, true, startLine, startColumn, startsLine, startIndex, i);
      lineHasToken = true;
      continue;
    }
    // A bare word runs to a blank, ";", "{" or "}"; escapes keep both characters, so the word is a slice of the text.
    let from = i;
    let value = '';
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 32 || d === 9 || d === 13 || d === 10 || d === 59 || d === 125) break;
      if (d === 123) {
        // `${name}` is a variable, not a block opener.
        if (i > from && text.charCodeAt(i - 1) === 36) {
          const close = text.indexOf('}', i);
          if (close > i) {
            value += text.slice(from, i);
            from = i;
            while (i <= close) advance();
            value += text.slice(from, i);
            from = i;
            continue;
          }
        }
        break;
      }
      if (d === 92 && i + 1 < n) {
        i += 2;
        column += 2;
        continue;
      }
      i++;
      column++;
    }
    value += text.slice(from, i);
    sink.word(value, false, startLine, startColumn, startsLine, startIndex, i);
    lineHasToken = true;
  }
  return { errors, lastLine: line };
}
