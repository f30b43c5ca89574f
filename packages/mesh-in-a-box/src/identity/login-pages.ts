// The pages of Keycloak 15's login theme that a browser login meets, plain: the username and password form (login.ftl:
// fields `username` and `password`, posted to the realm's login-actions URL) and the error page (error.ftl, "We are
// sorry..." and the message). Texts are the theme's English messages (messages_en.properties).
import type { Reply } from './token-endpoint.js';

// LoginActionsService and the theme's pages must not be cached nor framed (BrowserSecurityHeaders' defaults).
const PAGE_HEADERS = {
  'content-type': 'text/html;charset=utf-8',
  'cache-control': 'no-store, must-revalidate, max-age=0',
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy': "frame-src 'self'; frame-ancestors 'self'; object-src 'none';",
};

export function loginForm(page: {
  realm: string;
  actionUrl: string;
  username?: string;
  error?: string;
  headers?: Record<string, string>;
}): Reply {
  const error = page.error
    ? `<div class="alert-error" role="alert"><span class="kc-feedback-text">${escapeHtml(page.error)}</span></div>`
    : '';
  const body = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in to ${escapeHtml(page.realm)}</title></head>
<body>
<div id="kc-header">${escapeHtml(page.realm.toUpperCase())}</div>
<h1 id="kc-page-title">Sign in to your account</h1>
${error}
<form id="kc-form-login" action="${escapeHtml(page.actionUrl)}" method="post">
  <div><label for="username">Username or email</label>
  <input id="username" name="username" type="text" value="${escapeHtml(page.username ?? '')}" autofocus autocomplete="off"></div>
  <div><label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="off"></div>
  <div><input name="login" id="kc-login" type="submit" value="Sign In"></div>
</form>
</body>
</html>
`;
  return { status: 200, headers: { ...PAGE_HEADERS, ...page.headers }, body };
}

/** ErrorPageException's answer: the theme's error page with the message, status 400 unless said otherwise. */
export function errorPage(message: string, status = 400): Reply {
  const body = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<h1 id="kc-page-title">We are sorry...</h1>
<p id="instruction1" class="instruction">${escapeHtml(message)}</p>
</body>
</html>
`;
  return { status, headers: PAGE_HEADERS, body };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
