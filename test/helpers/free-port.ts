export { freePort } from '@sextant/mesh-in-a-box';
