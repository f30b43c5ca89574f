'use client';
import { useEffect, useRef } from 'react';
import type { GraphType, LatencyStat } from '@/lib/api/graph';
import { EDGE_LABEL_MODES, EDGE_LABEL_NAMES, type EdgeLabelMode } from './model/graph-labels';
import { COMPARE_OFFSETS, type CompareOffset, type GraphOptions } from './model/graph-options';
import { GRAPH_TYPES } from './graph-options';

const SELECT = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm';
const LABEL = 'flex items-center gap-1.5 text-sm';

function Check({
  label,
  checked,
  onChange,
  title,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  title?: string;
}) {
  return (
    <label className="flex items-center gap-2 rounded px-1 py-0.5 hover:bg-slate-100" title={title}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

export function GraphToolbar({
  graphType,
  onGraphType,
  options,
  compareOffsets,
  onOptions,
  onFit,
  onExportPng,
  onExportJson,
}: {
  graphType: GraphType;
  onGraphType: (type: GraphType) => void;
  options: GraphOptions;
  /** The comparisons the Prometheus behind the console keeps data for; the others are not offered. */
  compareOffsets: readonly CompareOffset[];
  onOptions: (change: Partial<GraphOptions>) => void;
  /** Brings the whole graph into view: the only thing besides a new layout that moves the view. */
  onFit: () => void;
  onExportPng: () => void;
  onExportJson: () => void;
}) {
  const displayRef = useRef<HTMLDetailsElement>(null);
  // A <details> stays open until its summary is clicked again; a menu should close on a click elsewhere or Escape.
  useEffect(() => {
    const close = (e: Event) => {
      const details = displayRef.current;
      if (!details?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !details.contains(e.target as Node)) details.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2" role="toolbar" aria-label="Graph options">
      <label className={LABEL}>
        <span className="text-slate-600">Graph type</span>
        <select value={graphType} onChange={(e) => onGraphType(e.target.value as GraphType)} className={SELECT}>
          {GRAPH_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        <span className="text-slate-600">Edge labels</span>
        <select
          value={options.edgeLabels}
          onChange={(e) => onOptions({ edgeLabels: e.target.value as EdgeLabelMode })}
          className={SELECT}
        >
          {EDGE_LABEL_MODES.map((m) => (
            <option key={m} value={m}>
              {EDGE_LABEL_NAMES[m]}
            </option>
          ))}
        </select>
      </label>
      {options.edgeLabels === 'responseTime' && (
        <label className={LABEL}>
          <span className="text-slate-600">Statistic</span>
          <select
            value={options.latency}
            onChange={(e) => onOptions({ latency: e.target.value as LatencyStat })}
            className={SELECT}
          >
            <option value="p50">p50</option>
            <option value="p95">p95</option>
            <option value="p99">p99</option>
            <option value="mean">mean</option>
          </select>
        </label>
      )}
      <label className={LABEL}>
        <span className="text-slate-600">Layout</span>
        <select
          value={options.layout}
          onChange={(e) => onOptions({ layout: e.target.value as GraphOptions['layout'] })}
          className={SELECT}
        >
          <option value="dagre">Directed (dagre)</option>
          <option value="cose">Force-directed (cose)</option>
        </select>
      </label>
      <label className={LABEL}>
        <span
          className="text-slate-600"
          title="The same window, this much earlier: new and removed edges, rate and error changes"
        >
          Compare with
        </span>
        <select
          value={options.compareOffset}
          onChange={(e) => onOptions({ compareOffset: e.target.value as GraphOptions['compareOffset'] })}
          className={SELECT}
        >
          <option value="">Nothing</option>
          {COMPARE_OFFSETS.filter((o) => compareOffsets.includes(o.value)).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <details ref={displayRef} className="relative">
        <summary className="cursor-pointer list-none rounded border border-slate-300 bg-white px-2 py-1 text-sm">
          Display <span aria-hidden="true">▾</span>
        </summary>
        <fieldset className="absolute right-0 z-20 mt-1 w-64 rounded border border-slate-200 bg-white p-2 text-sm shadow-lg">
          <legend className="sr-only">Display</legend>
          <Check
            label="Idle edges and nodes"
            checked={options.includeIdle}
            onChange={(v) => onOptions({ includeIdle: v })}
          />
          <Check
            label="Service nodes"
            checked={options.injectServiceNodes}
            onChange={(v) => onOptions({ injectServiceNodes: v })}
          />
          <Check
            label="Operation nodes"
            title="One node per request_operation of a service, between its callers and the service; the label comes from an Istio Telemetry tagOverride"
            checked={options.operationNodes}
            onChange={(v) => onOptions({ operationNodes: v })}
          />
          <Check
            label="Versions in app boxes"
            checked={options.appBoxes}
            onChange={(v) => onOptions({ appBoxes: v })}
          />
          <Check
            label="Security badges"
            checked={options.securityBadges}
            onChange={(v) => onOptions({ securityBadges: v })}
          />
          <Check label="Traffic animation" checked={options.animation} onChange={(v) => onOptions({ animation: v })} />
          <Check
            label="Path of the selection"
            title="Highlights everything upstream and downstream of the selected node or edge"
            checked={options.path}
            onChange={(v) => onOptions({ path: v })}
          />
          <Check label="Mini-map" checked={options.miniMap} onChange={(v) => onOptions({ miniMap: v })} />
          <label className="mt-1 flex items-center gap-2 px-1">
            Group
            <select
              value={options.grouping}
              onChange={(e) => onOptions({ grouping: e.target.value as GraphOptions['grouping'] })}
              className={SELECT}
            >
              <option value="auto">by namespace when large</option>
              <option value="on">by namespace</option>
              <option value="off">never</option>
            </select>
          </label>
          <label className="mt-1 flex items-center gap-2 px-1">
            Renderer
            <select
              value={options.renderer}
              onChange={(e) => onOptions({ renderer: e.target.value as GraphOptions['renderer'] })}
              className={SELECT}
            >
              <option value="auto">WebGL when large</option>
              <option value="canvas">Canvas</option>
              <option value="webgl">WebGL</option>
            </select>
          </label>
        </fieldset>
      </details>
      <div className="ml-auto flex gap-2">
        <button
          type="button"
          onClick={onFit}
          title="Show the whole graph"
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100"
        >
          Fit
        </button>
        <button
          type="button"
          onClick={onExportPng}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100"
        >
          Export PNG
        </button>
        <button
          type="button"
          onClick={onExportJson}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100"
        >
          Export JSON
        </button>
      </div>
    </div>
  );
}
