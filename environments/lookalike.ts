/**
 * Keys that only look like known keys: `regіons` with a Cyrillic `і`, `vpc\u200BCidr` with a zero-width
 * space, fullwidth `ｐｈａｓｅ`. The messages show the first suspicious code point and, when folding the key
 * to plain ASCII gives a known key, suggest it.
 */

/** Invisible or control characters (refused in configuration files): C0/C1 controls except tab, LF and CR; format characters (zero-width, bidi, BOM, soft hyphen); line/paragraph separators; private use, surrogates and unassigned code points. */
export const INVISIBLE = /[^\P{Cc}\t\n\r]|[\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Cn}]/u;

const NAMES: Record<number, string> = {
  0x00: 'NUL', 0x07: 'BEL', 0x08: 'BACKSPACE', 0x1b: 'ESCAPE', 0x7f: 'DELETE', 0xad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x2028: 'LINE SEPARATOR', 0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
};

/** True for a character that is invisible or a control character (see INVISIBLE). */
export function isInvisible(ch: string): boolean {
  return INVISIBLE.test(ch);
}

/** `U+0456`, plus the character's name for the invisible ones this module knows. */
export function codePointLabel(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[cp] ? `${hex} ${NAMES[cp]}` : hex;
}

/** `key` with invisible characters written as `\u{200B}`, cut to 80 characters, for quoting in a message. */
export function printable(key: string): string {
  const shown = [...key].map((ch) => (isInvisible(ch) ? `\\u{${ch.codePointAt(0)?.toString(16).toUpperCase()}}` : ch)).join('');
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}

/** The first character of `key` outside printable ASCII, with its 1-based position (in characters). */
export function firstUnusual(key: string): { readonly cp: number; readonly position: number } | undefined {
  const chars = [...key];
  const i = chars.findIndex((ch) => !/^[\x20-\x7e]$/.test(ch));
  return i < 0 ? undefined : { cp: chars[i].codePointAt(0) as number, position: i + 1 };
}

/** Cyrillic and Greek letters drawn like Latin ones (Unicode confusables, the letters that occur in keys). */
const CONFUSABLE: Record<string, string> = {
  'а': 'a', 'в': 'b', 'с': 'c', 'ԁ': 'd', 'е': 'e', 'һ': 'h', 'і': 'i', 'ј': 'j', 'к': 'k', 'ӏ': 'l', 'м': 'm',
  'н': 'h', 'о': 'o', 'р': 'p', 'ԛ': 'q', 'г': 'r', 'ѕ': 's', 'т': 't', 'у': 'y', 'х': 'x', 'ԝ': 'w', 'ү': 'y',
  'А': 'A', 'В': 'B', 'С': 'C', 'Е': 'E', 'Н': 'H', 'І': 'I', 'Ј': 'J', 'К': 'K', 'М': 'M', 'О': 'O', 'Р': 'P',
  'Ѕ': 'S', 'Т': 'T', 'Х': 'X', 'У': 'Y',
  'α': 'a', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x',
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P',
  'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'ı': 'i', 'ȷ': 'j',
};

/** `key` folded towards ASCII: compatibility forms (fullwidth), lookalike letters, invisible characters dropped. */
export function foldLookalikes(key: string): string {
  return [...key.normalize('NFKC')].filter((ch) => !isInvisible(ch)).map((ch) => CONFUSABLE[ch] ?? ch).join('');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The known key `key` was probably meant to be: equal after folding (any case), else at most 2 edits away. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const folded = foldLookalikes(key);
  const exact = known.find((k) => k === folded) ?? known.find((k) => k.toLowerCase() === folded.toLowerCase());
  if (exact) return exact;
  const scored = known.map((k) => ({ k, d: editDistance(folded.toLowerCase(), k.toLowerCase()) }))
    .filter((s) => s.d <= Math.min(2, Math.floor(s.k.length / 3)))
    .sort((a, b) => a.d - b.d);
  return scored[0]?.k;
}

/**
 * The message for a key the schema does not know, given the keys it knows there (`known`). A plain ASCII
 * key keeps the short form `unknown key; allowed keys here: ...; did you mean 'x'?` (its key path names it); any other key is
 * quoted with its first unusual code point: `unknown key 'regіons' (U+0456 at position 4); did you mean
 * 'regions'?`, so the reader sees why a key that looks right is refused.
 */
export function unknownKeyMessage(key: string, known: readonly string[] | undefined): { readonly inPath: boolean; readonly message: string } {
  const unusual = firstUnusual(key);
  const suggestion = known ? suggestKey(key, known) : undefined;
  const hint = suggestion ? `; did you mean '${suggestion}'?` : '';
  const allowed = known ? `; allowed keys here: ${known.join(', ')}` : '';
  if (!unusual) return { inPath: true, message: `unknown key${allowed}${hint}` };
  return { inPath: false, message: `unknown key '${printable(key)}' (${codePointLabel(unusual.cp)} at position ${unusual.position})${hint}${suggestion ? '' : allowed}` };
}
