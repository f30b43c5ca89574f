import { defineConfig } from 'vitest/config';
import { meshTestProjects } from './vitest.projects.js';

export default defineConfig({ test: { projects: meshTestProjects } });
