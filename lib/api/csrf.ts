/**
 * The custom header every state-changing request carries (server/csrf-header.ts checks it): a page of another site
 * cannot send it without a CORS preflight the console never grants.
 */
export const CSRF_HEADER = 'x-sextant-csrf';
