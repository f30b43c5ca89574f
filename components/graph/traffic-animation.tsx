'use client';
import type { Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { GraphEdge } from '@/lib/api/graph';
import { COLORS } from './graph-style';

const DOTS_PER_EDGE = 5;
// Beyond this many edges the dots cost more frames than they tell; the busiest edges keep theirs.
const MAX_ANIMATED_EDGES = 800;

/**
 * Dots travelling along the edges over the canvas: faster on busier edges (speed grows with the log of the rate),
 * red in the proportion of the edge's errors.
 */
export function TrafficAnimation({ cy, edges }: { cy: Core; edges: GraphEdge[] }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const busiest = edges
      .filter((e) => e.rps > 0 || (e.bps ?? 0) > 0)
      .sort((a, b) => b.rps - a.rps)
      .slice(0, MAX_ANIMATED_EDGES)
      .map((e) => ({
        ele: cy.getElementById(e.id),
        // Edge lengths per second: 0.1 for a trickle, about 0.6 at 1,000 rps.
        speed: 0.1 + 0.15 * Math.log10(1 + (e.protocol === 'tcp' ? (e.bps ?? 0) / 1000 : e.rps)),
        errorRatio: e.errorRatio,
        tcp: e.protocol === 'tcp',
      }))
      .filter((e) => e.ele.nonempty());
    let frame = 0;
    const draw = (now: number) => {
      frame = requestAnimationFrame(draw);
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      ctx.clearRect(0, 0, width, height);
      const t = now / 1000;
      for (const e of busiest) {
        if (e.ele.removed() || !e.ele.visible()) continue;
        const s = e.ele.renderedSourceEndpoint();
        const d = e.ele.renderedTargetEndpoint();
        for (let k = 0; k < DOTS_PER_EDGE; k++) {
          const phase = (t * e.speed + k / DOTS_PER_EDGE) % 1;
          // The golden ratio spreads the red dots evenly whatever the number of dots.
          const red = (k * 0.618034) % 1 < e.errorRatio;
          ctx.fillStyle = red ? COLORS.failure : e.tcp ? COLORS.tcp : '#0f766e';
          ctx.beginPath();
          ctx.arc(s.x + (d.x - s.x) * phase, s.y + (d.y - s.y) * phase, 2.5, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [cy, edges]);
  return <canvas ref={canvasRef} aria-hidden="true" className="pointer-events-none absolute inset-0 h-full w-full" />;
}
