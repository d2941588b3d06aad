"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { buttonGhost } from "@/components/ui/button-styles";
import { smoothStroke, strokesToSeries, type StrokePoint } from "@/lib/chart/sketch";
import { segmentQuery } from "@/lib/search/segment-score";
import { DEFAULT_TUNING } from "@/lib/search/tuning";

const POINTS = 64;

/**
 * The drawing's inner turning points as the search reads them (the section re-rank's zigzag, lib/search/segment-score.ts):
 * indices into the 64 drawn values. Shown on the pad, so a wobble read as a turn (or a turn lost) is visible before searching.
 */
function turningPointsOf(points: number[]): number[] {
  const { segTurn, segReach, segHeight, segStretch } = DEFAULT_TUNING.dtw;
  const { knots } = segmentQuery(points, { points: POINTS, turn: segTurn, reach: segReach, heightWeight: segHeight, stretchWeight: segStretch });
  return knots.slice(1, -1);
}

/** The drawn shape as the search takes it; `tooShort` when strokes exist but cover too little width to be a shape. */
export type SketchChange = { points: number[] | null; tooShort: boolean };

/** A drawing surface for a price shape: mouse, touch and pen through pointer events; strokes are smoothed. */
export function SketchPad({ onChange, initial }: { onChange: (change: SketchChange) => void; initial?: number[] | null }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [strokes, setStrokes] = useState<StrokePoint[][]>([]);
  const current = useRef<StrokePoint[] | null>(null);
  const [preview, setPreview] = useState<number[] | null>(initial ?? null);
  const [points, setPoints] = useState<number[] | null>(null);
  const turns = useMemo(() => (points ? turningPointsOf(points) : []), [points]);

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = canvas.getBoundingClientRect();
    if (canvas.width !== Math.round(width * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const styles = getComputedStyle(document.documentElement);
    const grid = styles.getPropertyValue("--border").trim() || "#e5e7eb";
    const accent = styles.getPropertyValue("--accent").trim() || "#4f46e5";
    const muted = styles.getPropertyValue("--muted").trim() || "#64748b";
    ctx.strokeStyle = grid;
    ctx.lineWidth = 1;
    for (let i = 1; i < 8; i++) {
      const x = (width * i) / 8;
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, height);
      ctx.stroke();
    }
    for (let i = 1; i < 4; i++) {
      const y = (height * i) / 4;
      ctx.beginPath();
      ctx.moveTo(0, y);
      ctx.lineTo(width, y);
      ctx.stroke();
    }
    const all = [...strokes, ...(current.current ? [current.current] : [])];
    if (all.length === 0 && preview) {
      // A shape from the URL (no strokes yet): show it dashed so it is clear it can be redrawn.
      ctx.setLineDash([6, 5]);
      ctx.strokeStyle = muted;
      ctx.lineWidth = 2;
      ctx.beginPath();
      preview.forEach((v, i) => {
        const x = 12 + ((width - 24) * i) / (preview.length - 1);
        const y = 12 + (height - 24) * (1 - v);
        if (i) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
      });
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.strokeStyle = accent;
    ctx.lineWidth = 3;
    ctx.lineJoin = "round";
    ctx.lineCap = "round";
    for (const s of all) {
      ctx.beginPath();
      s.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
      ctx.stroke();
    }
    if (points && !current.current && strokes.length) {
      // back from the drawn values (0..1 over the strokes' extent, up = 1) to where they lie on the pad
      const flat = strokes.flat();
      const minX = Math.min(...flat.map((p) => p.x)), maxX = Math.max(...flat.map((p) => p.x));
      const minY = Math.min(...flat.map((p) => p.y)), maxY = Math.max(...flat.map((p) => p.y));
      ctx.fillStyle = styles.getPropertyValue("--bg").trim() || "#ffffff";
      ctx.lineWidth = 2;
      for (const k of turns) {
        ctx.beginPath();
        ctx.arc(minX + ((maxX - minX) * k) / (POINTS - 1), maxY - points[k] * (maxY - minY), 5, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
  }, [strokes, preview, points, turns]);

  useEffect(() => {
    draw();
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => draw());
    observer.observe(canvas);
    const themeObserver = new MutationObserver(() => draw());
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => {
      observer.disconnect();
      themeObserver.disconnect();
    };
  }, [draw]);

  const commit = (next: StrokePoint[][]) => {
    setStrokes(next);
    const width = canvasRef.current?.getBoundingClientRect().width;
    const points = next.length ? strokesToSeries(next, POINTS, 0.2, width) : null;
    setPreview(null);
    setPoints(points);
    onChange({ points, tooShort: next.length > 0 && points === null });
  };

  const pos = (e: PointerEvent | React.PointerEvent): StrokePoint => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 && e.pointerType === "mouse") return;
    e.currentTarget.setPointerCapture(e.pointerId);
    current.current = [pos(e)];
    draw();
  };
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!current.current) return;
    // Coalesced events keep fast pen and touch strokes detailed.
    const events = typeof e.nativeEvent.getCoalescedEvents === "function" ? e.nativeEvent.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e.nativeEvent]) current.current.push(pos(ev));
    draw();
  };
  const onPointerUp = () => {
    const stroke = current.current;
    current.current = null;
    if (!stroke || stroke.length < 2) {
      draw();
      return;
    }
    commit([...strokes, smoothStroke(stroke, 3)]);
  };

  const undo = () => commit(strokes.slice(0, -1));
  const clear = () => commit([]);

  return (
    <div className="space-y-2">
      <div className="relative">
        <canvas
          ref={canvasRef}
          data-testid="sketch-canvas"
          aria-label="Drawing area: draw a price shape from left to right. Press Control+Z to undo."
          role="img"
          tabIndex={0}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z") {
              e.preventDefault();
              undo();
            }
          }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          className="h-56 w-full cursor-crosshair touch-none rounded-lg border border-border bg-bg sm:h-64 lg:h-[25rem]"
        />
        {strokes.length === 0 && !preview ? (
          <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-muted">Draw a shape from left to right</p>
        ) : null}
      </div>
      <div className="flex items-center gap-1">
        <button type="button" className={buttonGhost} onClick={undo} disabled={strokes.length === 0}>
          Undo
        </button>
        <button type="button" className={buttonGhost} onClick={clear} disabled={strokes.length === 0 && !preview}>
          Clear
        </button>
        <span className="ml-auto text-xs text-muted">Later strokes replace the part they redraw</span>
      </div>
      {points ? (
        <p className="text-xs text-muted" data-testid="sketch-reading" data-turns={turns.length}>
          {turns.length ? `Read as ${turns.length + 1} rises and falls (dots: the turns); each is matched on its own, so uneven timing and heights cost little` : "Read as one move, without turns"}
        </p>
      ) : null}
    </div>
  );
}
