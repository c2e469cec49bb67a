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

/**
 * Splits a config into words, quoted strings and the three punctuation marks, the way nginx's
 * own reader does: `#` starts a comment only at the start of a word, quotes may hold escapes,
 * and `${var}` keeps its braces inside a word.
 */
export function tokenizeNginx(text: string): TokenizeResult {
  const tokens: NginxToken[] = [];
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
  const push = (token: NginxToken) => {
    tokens.push(token);
    lineHasToken = true;
  };

  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      advance();
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') advance();
      continue;
    }
    const startsLine = !lineHasToken;
    if (c === ';' || c === '{' || c === '}') {
      push({ kind: c, line, column, startsLine });
      advance();
      continue;
    }
    const startLine = line;
    const startColumn = column;
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
      push({ kind: 'word', value, quoted: true, line: startLine, column: startColumn, startsLine });
      continue;
    }
    let value = '';
    while (i < n) {
      const d = text[i];
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === ';') break;
      if (d === '{') {
        // `${name}` is a variable, not a block opener.
        if (value.endsWith('$')) {
          const close = text.indexOf('}', i);
          if (close > i) {
            while (i <= close) {
              value += text[i];
              advance();
            }
            continue;
          }
        }
        break;
      }
      if (d === '}') break;
      if (d === '\\' && i + 1 < n) {
        value += d + text[i + 1];
        advance();
        advance();
        continue;
      }
      value += d;
      advance();
    }
    push({ kind: 'word', value, quoted: false, line: startLine, column: startColumn, startsLine });
  }
  return { tokens, errors, lastLine: line };
}
