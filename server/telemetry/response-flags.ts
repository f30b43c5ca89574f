// The response-flag table lives in lib/response-flags.ts, where the browser's code (the Logs tab) reads it too; the
// server's code keeps importing it from here.
export { RESPONSE_FLAGS, responseFlags, type ResponseFlag } from '../../lib/response-flags.js';
