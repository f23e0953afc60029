import { useMemo, type KeyboardEvent } from 'react';
import { geoAzimuthalEqualArea, geoPath } from 'd3-geo';
import type { MapFigures, MapPoint } from '../../pictureApi';
import { formatNumber } from '../../format';
import { useI18n } from '../../i18n';
import { shadeOf, shadeSteps, SHADES, useCountryName } from './labels';
import { useShapes } from './shapes';

export type Measure = 'incidents' | 'fatalities';

interface Props {
  figures: MapFigures | null;
  measure: Measure;
  selectedCountry?: string;
  selectedPoint?: { latitude: number; longitude: number };
  onCountry?: (code: string) => void;
  onPoint?: (point: MapPoint) => void;
  testId?: string;
}

const WIDTH = 600;
const HEIGHT = 640;

function activate(handler: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      handler();
    }
  };
}

/**
 * Africa from the shipped shapes, each country shaded by incidents or fatalities, with a circle
 * for every place with coordinates (its area grows with the count). Countries are buttons.
 */
export function AfricaMap({
  figures,
  measure,
  selectedCountry,
  selectedPoint,
  onCountry,
  onPoint,
  testId,
}: Props) {
  const { t, locale } = useI18n();
  const countryName = useCountryName();
  const { shapes, error } = useShapes();
  const projection = useMemo(() => {
    if (!shapes) return null;
    return geoAzimuthalEqualArea()
      .rotate([-18, -2])
      .fitExtent(
        [
          [6, 6],
          [WIDTH - 6, HEIGHT - 6],
        ],
        { type: 'FeatureCollection', features: shapes.africa.map((s) => s.feature) },
      );
  }, [shapes]);
  const path = useMemo(() => (projection ? geoPath(projection) : null), [projection]);
  const byCountry = useMemo(
    () => new Map((figures?.countries ?? []).map((c) => [c.country, c])),
    [figures],
  );
  const steps = useMemo(
    () => shadeSteps(Math.max(0, ...(figures?.countries ?? []).map((c) => c[measure]))),
    [figures, measure],
  );
  const maxPoint = Math.max(1, ...(figures?.points ?? []).map((p) => p.incidents));

  if (error) return <p className="muted">{t('picture.map.unavailable')}</p>;
  if (!shapes || !path || !projection)
    return (
      <div className="africa-map africa-map-loading" aria-busy="true">
        {t('common.loading')}
      </div>
    );

  const figureText = (code: string) => {
    const f = byCountry.get(code);
    return t('picture.map.countryFigures', {
      country: countryName(code),
      incidents: formatNumber(locale, f?.incidents ?? 0),
      fatalities: formatNumber(locale, f?.fatalities ?? 0),
    });
  };

  return (
    <figure className="africa-map" data-testid={testId}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="group"
        aria-label={t('picture.map.label', { measure: t(`picture.measure.${measure}`) })}
      >
        <g className="map-countries">
          {shapes.africa.map(({ code, feature }, i) => {
            const value = byCountry.get(code)?.[measure] ?? 0;
            const fill = shadeOf(value, steps);
            const selected = code === selectedCountry;
            return (
              <path
                key={`${code}-${i}`}
                d={path(feature) ?? undefined}
                className={`map-country${selected ? ' selected' : ''}${code === 'EH' ? ' disputed' : ''}`}
                style={fill ? { fill } : undefined}
                data-testid="map-country"
                data-country={code}
                data-value={value}
                role={onCountry ? 'button' : undefined}
                tabIndex={onCountry ? 0 : undefined}
                aria-label={figureText(code)}
                aria-pressed={onCountry ? selected : undefined}
                onClick={onCountry ? () => onCountry(code) : undefined}
                onKeyDown={onCountry ? activate(() => onCountry(code)) : undefined}
              >
                <title>{figureText(code)}</title>
              </path>
            );
          })}
        </g>
        <g className="map-points">
          {(figures?.points ?? []).map((p) => {
            const xy = projection([p.longitude, p.latitude]);
            if (!xy) return null;
            const selected =
              selectedPoint?.latitude === p.latitude && selectedPoint?.longitude === p.longitude;
            const label = t('picture.map.pointFigures', {
              place: p.location ?? `${p.latitude}, ${p.longitude}`,
              incidents: formatNumber(locale, p.incidents),
              fatalities: formatNumber(locale, p.fatalities),
            });
            return (
              <circle
                key={`${p.latitude},${p.longitude}`}
                cx={xy[0]}
                cy={xy[1]}
                r={2 + 9 * Math.sqrt(p.incidents / maxPoint)}
                className={`map-point${selected ? ' selected' : ''}`}
                data-testid="map-point"
                data-latitude={p.latitude}
                data-longitude={p.longitude}
                role={onPoint ? 'button' : undefined}
                aria-label={label}
                onClick={onPoint ? () => onPoint(p) : undefined}
              >
                <title>{label}</title>
              </circle>
            );
          })}
        </g>
      </svg>
      <figcaption className="map-legend" data-testid="map-legend">
        <span className="map-legend-title">{t(`picture.measure.${measure}`)}</span>
        {steps.length === 0 ? (
          <span className="muted">{t('picture.map.none')}</span>
        ) : (
          steps.map((limit, i) => (
            <span key={limit} className="map-legend-step">
              <span
                className="swatch"
                style={{ background: shadeOf(limit, steps) ?? SHADES[0] }}
                aria-hidden="true"
              />
              {i === 0
                ? `≤ ${formatNumber(locale, limit)}`
                : `${formatNumber(locale, steps[i - 1]! + 1)}–${formatNumber(locale, limit)}`}
            </span>
          ))
        )}
        {figures?.points_truncated && (
          <span className="muted">
            {t('picture.map.truncated', { count: formatNumber(locale, figures.points.length) })}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
