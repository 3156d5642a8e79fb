// Tokenizer for label selector strings, following k8s.io/apimachinery/pkg/labels' lexer: the same
// token set, the same greedy scan of operator symbols, and keywords (`in`, `notin`) recognised only
// as whole words. The parser's error messages quote token literals, so literals are kept exactly.

export const Tok = {
  Error: 0,
  End: 1,
  ClosedPar: 2,
  Comma: 3,
  DoesNotExist: 4,
  DoubleEquals: 5,
  Equals: 6,
  GreaterThan: 7,
  Identifier: 8,
  In: 9,
  LessThan: 10,
  NotEquals: 11,
  NotIn: 12,
  OpenPar: 13,
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

export interface Scanned {
  tok: Tok;
  lit: string;
}

const literalTokens: Record<string, Tok> = {
  ')': Tok.ClosedPar,
  ',': Tok.Comma,
  '!': Tok.DoesNotExist,
  '==': Tok.DoubleEquals,
  '=': Tok.Equals,
  '>': Tok.GreaterThan,
  in: Tok.In,
  '<': Tok.LessThan,
  '!=': Tok.NotEquals,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
};

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  private peek(): string {
    return this.pos < this.s.length ? this.s[this.pos] : '';
  }

  next(): Scanned {
    while (this.peek() !== '' && isWhitespace(this.peek())) this.pos++;
    const ch = this.peek();
    if (ch === '') return { tok: Tok.End, lit: '' };
    return isSpecial(ch) ? this.scanSpecial() : this.scanWord();
  }

  private scanWord(): Scanned {
    const start = this.pos;
    while (this.peek() !== '' && !isSpecial(this.peek()) && !isWhitespace(this.peek())) this.pos++;
    const word = this.s.slice(start, this.pos);
    const tok = Object.hasOwn(literalTokens, word) ? literalTokens[word] : Tok.Identifier;
    return { tok, lit: word };
  }

  /** Longest run of symbols that is still a known operator ("!=" rather than "!"). */
  private scanSpecial(): Scanned {
    let buffer = '';
    let last: Scanned | undefined;
    while (this.peek() !== '' && isSpecial(this.peek())) {
      buffer += this.peek();
      if (Object.hasOwn(literalTokens, buffer)) {
        last = { tok: literalTokens[buffer], lit: buffer };
        this.pos++;
      } else if (last) {
        break;
      } else {
        this.pos++;
      }
    }
    return last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` };
  }
}

/** All tokens of `s`, ending with Tok.End. */
export function scan(s: string): Scanned[] {
  const lexer = new Lexer(s);
  const out: Scanned[] = [];
  for (;;) {
    const item = lexer.next();
    out.push(item);
    if (item.tok === Tok.End) return out;
  }
}
