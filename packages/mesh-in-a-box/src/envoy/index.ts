// The simulated Envoy admin of the mesh in a box; the Kubernetes API serves it through pods/proxy on port 15000.
export { envoyAdmin, type EnvoyAdminInput, type EnvoyAdminResponse } from './envoy-admin.js';
