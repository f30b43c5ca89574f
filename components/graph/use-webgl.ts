'use client';
import { useState } from 'react';
import type { GraphOptions } from './model/graph-options';
import { WEBGL_ABOVE_ELEMENTS } from './graph-options';

/** Whether to draw with cytoscape's WebGL renderer: as the option says, or on its own for large graphs on a real GPU. */
export function useWebgl(option: GraphOptions['renderer'], elements: number): boolean {
  const [gpu] = useState(webglRenderer);
  if (gpu === null || option === 'canvas') return false;
  // A software WebGL (SwiftShader on a GPU-less machine) draws 5 to 10 times slower than the 2D canvas: never by default.
  return option === 'webgl' || (elements > WEBGL_ABOVE_ELEMENTS && !/swiftshader|llvmpipe|software/i.test(gpu));
}

/** The WebGL 2 renderer's name ('' when the browser hides it), null without WebGL 2. */
function webglRenderer(): string | null {
  if (typeof document === 'undefined') return null;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  } catch {
    return null;
  }
}
