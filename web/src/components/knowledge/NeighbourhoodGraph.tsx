import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
  forceX,
  forceY,
} from 'd3-force';
import type { Graph } from '../../api';
import { knowledgeApi } from '../../knowledgeApi';
import { isMessageKey, useI18n } from '../../i18n';
import { navigate } from '../../router';
import { LoadError } from '../Alert';
import { labelText, objectHref, textDir, useRelationshipText } from './ObjectRef';

const WIDTH = 720;
const HEIGHT = 420;

/** One colour per kind of object (groups, events, places, writings, the rest). */
const COLOURS: Record<string, string> = {
  'intrusion-set': '#9b2c2c',
  'threat-actor': '#9b2c2c',
  campaign: '#b7791f',
  incident: '#c05621',
  location: '#2f855a',
  report: '#2b6cb0',
  grouping: '#2b6cb0',
  note: '#6b46c1',
  opinion: '#6b46c1',
  identity: '#4a5568',
  file: '#718096',
  sighting: '#b83280',
  indicator: '#285e61',
};

interface Node extends SimulationNodeDatum {
  id: string;
}

function shorten(text: string, max = 26): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface Layout {
  positions: Map<string, { x: number; y: number }>;
  viewBox: string;
  /** The drawing's own width: shown at most a little larger, so names keep a reading size. */
  width: number;
}

/**
 * Positions from a force layout run to rest at once (a few dozen nodes: milliseconds), the object
 * itself held in the middle; the drawing is then framed to what it covers.
 */
function layout(graph: Graph): Layout {
  const nodes: Node[] = graph.nodes.map((n) => ({
    id: n.id,
    ...(n.id === graph.center ? { fx: WIDTH / 2, fy: HEIGHT / 2 } : {}),
  }));
  const links: SimulationLinkDatum<Node>[] = graph.edges.map((e) => ({
    source: e.source,
    target: e.target,
  }));
  const simulation = forceSimulation(nodes)
    .force(
      'link',
      forceLink<Node, SimulationLinkDatum<Node>>(links)
        .id((n) => n.id)
        .distance(130),
    )
    .force('charge', forceManyBody().strength(-500))
    .force('collide', forceCollide(50))
    .force('x', forceX(WIDTH / 2).strength(0.04))
    .force('y', forceY(HEIGHT / 2).strength(0.08))
    .stop();
  simulation.tick(300);
  const positions = new Map(nodes.map((n) => [n.id, { x: n.x ?? 0, y: n.y ?? 0 }]));
  const xs = [...positions.values()].map((p) => p.x);
  const ys = [...positions.values()].map((p) => p.y);
  // Room for the names under the nodes, and never narrower than a phone's drawing.
  const left = Math.min(...xs) - 100;
  const right = Math.max(...xs) + 100;
  const top = Math.min(...ys) - 30;
  const bottom = Math.max(...ys) + 45;
  const width = Math.max(right - left, 360);
  const height = Math.max(bottom - top, 180);
  const x0 = (left + right) / 2 - width / 2;
  const y0 = (top + bottom) / 2 - height / 2;
  return { positions, viewBox: `${x0} ${y0} ${width} ${height}`, width };
}

/**
 * An object's neighbourhood, one or two steps away, drawn with a force layout (d3-force) in SVG:
 * visible objects only (the server leaves out the rest), each a link to its page; revoked ones
 * dashed; relationships labelled in the reader's language. Text keeps each name's own direction.
 */
export function NeighbourhoodGraph({ id, reload }: { id: string; reload: number }) {
  const { t, locale } = useI18n();
  const relationshipText = useRelationshipText();
  const [depth, setDepth] = useState<1 | 2>(1);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    knowledgeApi.graph(id, depth).then(
      (found) => live && setGraph(found),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [id, depth, reload, attempt]);

  const drawing = useMemo(() => (graph ? layout(graph) : null), [graph]);
  const positions = drawing?.positions ?? new Map<string, { x: number; y: number }>();
  const types = useMemo(() => [...new Set(graph?.nodes.map((n) => n.type) ?? [])], [graph]);

  const open = (event: MouseEvent, target: string) => {
    event.preventDefault();
    navigate(objectHref(target));
  };

  return (
    <section className="panel kn-graph-panel" data-testid="kn-graph">
      <div className="panel-title-row">
        <h2 className="panel-title">{t('knowledge.graph')}</h2>
        <div className="kn-segmented" role="group" aria-label={t('knowledge.graph.depth')}>
          {([1, 2] as const).map((d) => (
            <button
              key={d}
              type="button"
              className={depth === d ? 'button button-small active' : 'button button-small'}
              aria-pressed={depth === d}
              onClick={() => setDepth(d)}
              data-testid={`kn-graph-depth-${d}`}
            >
              {t(d === 1 ? 'knowledge.graph.one' : 'knowledge.graph.two')}
            </button>
          ))}
        </div>
      </div>
      {error !== null && <LoadError error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {graph && graph.nodes.length <= 1 && <p className="muted">{t('knowledge.graph.alone')}</p>}
      {graph && graph.nodes.length > 1 && (
        <>
          <svg
            className="kn-graph"
            viewBox={drawing?.viewBox}
            style={{ maxInlineSize: `${Math.round((drawing?.width ?? WIDTH) * 1.15)}px` }}
            role="img"
            aria-label={t('knowledge.graph.label', { count: graph.nodes.length })}
            data-testid="kn-graph-svg"
          >
            <defs>
              <marker
                id="kn-arrow"
                viewBox="0 0 10 10"
                refX="26"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" fill="#8795a6" />
              </marker>
            </defs>
            {graph.edges.map((e) => {
              const a = positions.get(e.source);
              const b = positions.get(e.target);
              if (!a || !b) return null;
              const label = e.kind === 'relationship' ? relationshipText(e.label) : '';
              return (
                <g
                  key={`${e.source}|${e.target}|${e.label}|${e.via ?? ''}`}
                  className={e.revoked ? 'kn-edge kn-edge-revoked' : 'kn-edge'}
                >
                  <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} markerEnd="url(#kn-arrow)" />
                  {label && (
                    <text
                      x={(a.x + b.x) / 2}
                      y={(a.y + b.y) / 2 - 4}
                      textAnchor="middle"
                      className="kn-edge-label"
                    >
                      {label}
                    </text>
                  )}
                </g>
              );
            })}
            {graph.nodes.map((n) => {
              const p = positions.get(n.id);
              if (!p) return null;
              const name = labelText(n, locale);
              const typeKey = `stix.${n.type}`;
              const typeText = isMessageKey(typeKey) ? t(typeKey) : n.type;
              const text = name ? shorten(name.text) : typeText;
              const centre = n.id === graph.center;
              return (
                <a
                  key={n.id}
                  href={objectHref(n.id)}
                  onClick={(event) => open(event, n.id)}
                  className={`kn-node${centre ? ' kn-node-centre' : ''}${n.revoked ? ' kn-node-revoked' : ''}`}
                  data-testid="kn-graph-node"
                  data-object-id={n.id}
                  data-revoked={n.revoked ? 'true' : undefined}
                >
                  <title>
                    {typeText}: {name?.text ?? n.id}
                    {n.revoked ? ` (${t('objects.revoked')})` : ''}
                  </title>
                  <circle
                    cx={p.x}
                    cy={p.y}
                    r={centre ? 16 : 11}
                    fill={COLOURS[n.type] ?? '#4a5568'}
                  />
                  <text
                    x={p.x}
                    y={p.y + (centre ? 32 : 26)}
                    textAnchor="middle"
                    direction={textDir(name?.lang) === 'rtl' ? 'rtl' : 'ltr'}
                    lang={name?.lang}
                    className="kn-node-label"
                  >
                    {text}
                  </text>
                </a>
              );
            })}
          </svg>
          <ul className="kn-legend" aria-label={t('knowledge.graph.legend')}>
            {types.map((type) => {
              const key = `stix.${type}`;
              return (
                <li key={type}>
                  <span className="kn-swatch" style={{ background: COLOURS[type] ?? '#4a5568' }} />
                  {isMessageKey(key) ? t(key) : type}
                </li>
              );
            })}
          </ul>
          {graph.truncated && <p className="hint">{t('knowledge.graph.truncated')}</p>}
        </>
      )}
    </section>
  );
}
