import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tokenLoginBody } from '../../../../lib/api/auth.js';

const refusal = (token: string) => {
  const parsed = tokenLoginBody.safeParse({ token });
  return parsed.success ? null : z.prettifyError(parsed.error);
};

describe('tokenLoginBody', () => {
  it('takes a ServiceAccount JWT, a bootstrap token and a static token, trimmed of the blanks a paste brings', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVtbzphIn0.c2lnbmF0dXJl-_';
    for (const token of [jwt, 'abcdef.0123456789abcdef', 'mesh-in-a-box', 'a+b/c=='])
      expect(refusal(token), token).toBeNull();
    expect(tokenLoginBody.parse({ token: `  ${jwt}\n` }).token).toBe(jwt);
  });

  it('refuses a token an Authorization header cannot carry (a line break, a space, non-ASCII) in words, naming token', () => {
    for (const token of ['abc\ndef', 'abc def', 'tøken', '💩', 'a\u0000b'])
      expect(refusal(token), JSON.stringify(token)).toBe(
        '✖ a bearer token holds only visible ASCII characters: paste the token alone\n  → at token',
      );
  });
});
