/**
 * The history of a stream's tags on one time axis, drawn by Chart.js: a row per tag, a point per
 * history item (the current image larger), a line through each tag's moves. The canvas is an
 * image to assistive technology; the history tables below it carry the same data as text.
 */
import {
  CategoryScale,
  Chart,
  LinearScale,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type TooltipItem,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { shortDigest, type TagView } from '../model/streams.js';
import { timelineHeight } from './timeline-size.js';

Chart.register(ScatterController, PointElement, LineElement, LinearScale, CategoryScale, Tooltip);

interface Point {
  x: number;
  y: string;
  digest: string;
  generation: number;
}

const PALETTE = ['#2563eb', '#c2410c', '#15803d', '#9333ea', '#be123c', '#0e7490', '#a16207', '#4d7c0f'];

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function datasets(tags: readonly TagView[]) {
  return tags.map((t, i) => {
    const color = PALETTE[i % PALETTE.length] ?? '#2563eb';
    const data: Point[] = t.history.map((h) => ({
      x: Date.parse(h.created),
      y: t.name,
      digest: h.image,
      generation: h.generation,
    }));
    return {
      label: t.name,
      data,
      showLine: true,
      borderColor: color,
      backgroundColor: color,
      pointRadius: data.map((_, j) => (j === 0 ? 7 : 4)),
      pointHoverRadius: 8,
    };
  });
}

function label(item: TooltipItem<'scatter'>): string {
  const p = item.raw as Point;
  return `${p.y}: ${shortDigest(p.digest)} (generation ${p.generation}) ${new Date(p.x).toLocaleString()}`;
}

const DAY_MS = 86_400_000;

/** The time axis: the history's span with a margin (a single point gets a minute either side). */
function timeAxis(tags: readonly TagView[]): { min: number; max: number; format: (ms: number) => string } {
  const times = tags
    .flatMap((t) => t.history.map((h) => Date.parse(h.created)))
    .filter((n) => !Number.isNaN(n));
  const first = times.length ? Math.min(...times) : Date.now();
  const last = times.length ? Math.max(...times) : Date.now();
  const pad = Math.max((last - first) * 0.05, last === first ? 60_000 : 1_000);
  const short = last - first < DAY_MS;
  const format = (ms: number): string =>
    short
      ? new Date(ms).toLocaleTimeString()
      : new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  return { min: first - pad, max: last + pad, format };
}

function config(tags: readonly TagView[]): ChartConfiguration<'scatter', Point[], string> {
  const fg = cssColor('--fg', '#1f2328');
  const grid = cssColor('--border', '#d0d7de');
  const axis = timeAxis(tags);
  return {
    type: 'scatter',
    data: { labels: tags.map((t) => t.name), datasets: datasets(tags) },
    options: {
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      scales: {
        x: {
          type: 'linear',
          min: axis.min,
          max: axis.max,
          ticks: { color: fg, maxTicksLimit: 6, callback: (v) => axis.format(Number(v)) },
          grid: { color: grid },
        },
        y: {
          type: 'category',
          labels: tags.map((t) => t.name),
          offset: true,
          ticks: { color: fg },
          grid: { color: grid },
        },
      },
      plugins: { tooltip: { callbacks: { label } }, legend: { display: false } },
    },
  };
}

export function HistoryTimeline({ tags, stream }: { tags: readonly TagView[]; stream: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'scatter', Point[], string> | undefined>(undefined);
  const withHistory = tags.filter((t) => t.history.length > 0);
  useEffect(() => {
    if (!canvas.current) return undefined;
    chart.current = new Chart(canvas.current, config(withHistory));
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const redraw = () =>
      chart.current && Object.assign(chart.current, { options: config(withHistory).options }).update();
    scheme.addEventListener('change', redraw);
    return () => {
      scheme.removeEventListener('change', redraw);
      chart.current?.destroy();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const next = config(withHistory);
    c.data = next.data;
    c.options = next.options ?? {};
    c.update();
  });
  const items = withHistory.reduce((n, t) => n + t.history.length, 0);
  const height = timelineHeight(withHistory.length);
  return (
    <figure class="timeline">
      <div class="timeline-canvas" style={{ height: `${height}px` }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Timeline of ${stream}: ${items} history items across ${withHistory.length} tags`}
        />
      </div>
      <figcaption>History of each tag over time; the larger point is the tag's current image.</figcaption>
    </figure>
  );
}
