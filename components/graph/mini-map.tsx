'use client';
import type { Core } from 'cytoscape';
import { useEffect, useRef } from 'react';

const WIDTH = 180;
const HEIGHT = 120;

/** A small overview of the whole graph with the visible area as a rectangle; click or drag on it to move there. */
export function MiniMap({ cy }: { cy: Core }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const transform = useRef({ scale: 1, x1: 0, y1: 0, dx: 0, dy: 0 });

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let frame = 0;
    const draw = () => {
      frame = 0;
      const nodes = cy.nodes().not('.box');
      ctx.clearRect(0, 0, WIDTH, HEIGHT);
      if (nodes.empty()) return;
      const bb = nodes.boundingBox({ includeLabels: false });
      const scale = Math.min((WIDTH - 8) / Math.max(bb.w, 1), (HEIGHT - 8) / Math.max(bb.h, 1));
      const dx = (WIDTH - bb.w * scale) / 2;
      const dy = (HEIGHT - bb.h * scale) / 2;
      transform.current = { scale, x1: bb.x1, y1: bb.y1, dx, dy };
      ctx.fillStyle = '#64748b';
      nodes.forEach((n) => {
        const p = n.position();
        ctx.fillRect(dx + (p.x - bb.x1) * scale - 1, dy + (p.y - bb.y1) * scale - 1, 2, 2);
      });
      const view = cy.extent();
      ctx.strokeStyle = '#0284c7';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(dx + (view.x1 - bb.x1) * scale, dy + (view.y1 - bb.y1) * scale, view.w * scale, view.h * scale);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    schedule();
    cy.on('viewport position add remove', schedule);
    return () => {
      cy.off('viewport position add remove', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [cy]);

  const moveTo = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.type === 'pointermove' && e.buttons !== 1) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const t = transform.current;
    const modelX = (e.clientX - rect.left - t.dx) / t.scale + t.x1;
    const modelY = (e.clientY - rect.top - t.dy) / t.scale + t.y1;
    const zoom = cy.zoom();
    cy.pan({ x: cy.width() / 2 - modelX * zoom, y: cy.height() / 2 - modelY * zoom });
  };

  return (
    <canvas
      ref={canvasRef}
      width={WIDTH}
      height={HEIGHT}
      aria-label="Mini-map of the graph: click to move the view"
      role="img"
      onPointerDown={moveTo}
      onPointerMove={moveTo}
      className="cursor-pointer rounded border border-slate-300 bg-white/90 shadow-sm"
    />
  );
}
