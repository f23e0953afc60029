import { useMemo, type MouseEvent } from 'react';
import { geoContains, geoMercator, geoPath } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { useI18n } from '../../i18n';
import { useCountryName } from './labels';
import { useShapes, type Shapes } from './shapes';

const SIZE = 320;

/** Whether a point lies in (or within ~25 km of) a country's shipped shape; undefined if none. */
export function insideCountry(
  shapes: Shapes | null,
  country: string,
  latitude: number,
  longitude: number,
): boolean | undefined {
  const shape = shapes?.byCode.get(country);
  if (!shape) return undefined;
  const near = 0.25;
  return [
    [0, 0],
    [near, 0],
    [-near, 0],
    [0, near],
    [0, -near],
  ].some(([dy, dx]) => geoContains(shape, [longitude + dx!, latitude + dy!]));
}

/**
 * A small map of one country (or of Africa when the country has no shipped shape) showing a
 * point; with `onPick`, a click places the point.
 */
export function MiniMap({
  country,
  latitude,
  longitude,
  onPick,
}: {
  country: string;
  latitude?: number;
  longitude?: number;
  onPick?: (latitude: number, longitude: number) => void;
}) {
  const { t } = useI18n();
  const countryName = useCountryName();
  const { shapes } = useShapes();
  const shape = shapes?.byCode.get(country);
  const neighbours = useMemo(() => shapes?.africa.map((s) => s.feature) ?? [], [shapes]);
  const projection = useMemo(() => {
    if (!shapes) return null;
    const focus: Feature<Geometry> | { type: 'FeatureCollection'; features: Feature<Geometry>[] } =
      shape ?? { type: 'FeatureCollection', features: neighbours };
    return geoMercator().fitExtent(
      [
        [10, 10],
        [SIZE - 10, SIZE - 10],
      ],
      focus,
    );
  }, [shapes, shape, neighbours]);
  if (!shapes || !projection) return <div className="mini-map mini-map-loading" aria-busy="true" />;
  const path = geoPath(projection);
  const xy =
    latitude !== undefined && longitude !== undefined ? projection([longitude, latitude]) : null;
  const pick = (event: MouseEvent<SVGSVGElement>) => {
    if (!onPick) return;
    const svg = event.currentTarget;
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * SIZE;
    const y = ((event.clientY - box.top) / box.height) * SIZE;
    const lonLat = projection.invert?.([x, y]);
    if (lonLat) onPick(Math.round(lonLat[1] * 1e4) / 1e4, Math.round(lonLat[0] * 1e4) / 1e4);
  };
  return (
    <figure className={`mini-map${onPick ? ' mini-map-pick' : ''}`}>
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        onClick={pick}
        role={onPick ? 'application' : 'img'}
        aria-label={
          onPick
            ? t('incident.map.pick', { country: countryName(country) })
            : t('incident.map.shows', { country: countryName(country) })
        }
        data-testid={onPick ? 'incident-mini-map' : 'incident-map'}
      >
        {neighbours.map((f, i) => (
          <path key={i} d={path(f) ?? undefined} className="mini-country" />
        ))}
        {shape && <path d={path(shape) ?? undefined} className="mini-country focus" />}
        {xy && (
          <circle cx={xy[0]} cy={xy[1]} r={6} className="mini-point" data-testid="mini-point" />
        )}
      </svg>
      {onPick && <figcaption className="hint">{t('incident.map.pickHint')}</figcaption>}
    </figure>
  );
}
