/**
 * Where JSON text first goes wrong, for editors that point at the problem: browsers'
 * JSON.parse messages do not all give a position.
 */

class Stop {
  constructor(readonly at: number) {}
}

/** A small JSON scanner: the offset of the first character that cannot be valid JSON there. */
function scan(text: string): void {
  let i = 0;
  const stop = (): never => {
    throw new Stop(i);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (c: string): void => {
    ws();
    if (text[i] !== c) stop();
    i++;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) stop();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) stop();
    i++;
  };
  const word = (): void => {
    const m = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!m) stop();
    i += m![0].length;
  };
  const items = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === close) return void i++;
      expect(',');
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      items('}', () => {
        ws();
        if (text[i] !== '"') stop();
        string();
        expect(':');
        value();
      });
    } else if (c === '[') items(']', value);
    else if (c === '"') string();
    else word();
  };
  value();
  ws();
  if (i < text.length) stop();
}

/** Line and column (from 1) of the first error in JSON text, or null when it is valid. */
export function jsonErrorAt(text: string): { line: number; column: number } | null {
  try {
    scan(text);
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const before = text.slice(0, e.at).split('\n');
    return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  }
}
