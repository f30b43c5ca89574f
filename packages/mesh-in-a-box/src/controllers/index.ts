// The controllers of the mesh in a box; see start-controllers.ts.
export { startControllers, type ControllerOptions, type Controllers } from './start-controllers.js';
export { injectSidecar, isInjected, shouldInject, PROXY_CONTAINER, PROXY_IMAGE } from './inject-sidecar.js';
export { podTemplateHash } from './pod-template-hash.js';
export { NODE_IP, NODE_NAME } from './run-pod.js';
