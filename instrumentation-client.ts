// Runs in the browser before any of the app's modules (Next's instrumentation-client convention).
import { z } from 'zod';

// Zod 4 probes with `new Function("")` whether it may compile object parsers, when the first z.object is built: at
// the import of the first contract. The CSP (server/security-headers.ts) allows no eval, so the probe would report a
// CSP violation on every page; jitless skips it. Only the browser: the server may eval, and parses faster with it.
z.config({ jitless: true });
