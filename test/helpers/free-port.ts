export { freePort } from '../../server/demo/free-port.js';
