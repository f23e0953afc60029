import { useEffect, useMemo, useRef } from 'react';
import * as Plot from '@observablehq/plot';
import type { Trend } from '../../pictureApi';
import { formatDateWith, formatNumber, intlLocale } from '../../format';
import { useI18n } from '../../i18n';
import type { Measure } from './AfricaMap';
import {
  localName,
  OTHER_COLOUR,
  SERIES_COLOURS,
  useCountryName,
  useEventTypeLabel,
} from './labels';

/** The name of a series in the user's language: a group, a country, an event type, all, other. */
export function useSeriesLabel(trend: Trend | null): (key: string) => string {
  const { t, locale } = useI18n();
  const countryName = useCountryName();
  const eventType = useEventTypeLabel();
  return (key) => {
    if (key === 'other') return t('picture.trend.other');
    if (key === 'all') return t('picture.trend.all');
    if (trend?.by === 'country') return countryName(key);
    if (trend?.by === 'event_type') return eventType(key);
    if (trend?.by === 'group') return localName(trend.names[key], locale, key);
    return key;
  };
}

export const seriesColour = (key: string, index: number) =>
  key === 'other' ? OTHER_COLOUR : SERIES_COLOURS[index % SERIES_COLOURS.length]!;

function periodDate(period: string): Date {
  return new Date(period.length === 7 ? `${period}-01T00:00:00Z` : `${period}T00:00:00Z`);
}

/**
 * Stacked bars per week or month (Observable Plot, SVG). In Arabic time runs right to left and
 * the value axis sits on the right; ticks use the user's digits.
 */
export function TrendChart({
  trend,
  measure,
  testId,
}: {
  trend: Trend;
  measure: Measure;
  testId?: string;
}) {
  const { t, locale, dir, formats } = useI18n();
  const label = useSeriesLabel(trend);
  const ref = useRef<HTMLDivElement>(null);
  const data = useMemo(
    () =>
      trend.buckets.flatMap((b) =>
        trend.series.map((s, i) => ({
          date: periodDate(b.period),
          series: s.key,
          value: b.values[i]![measure],
        })),
      ),
    [trend, measure],
  );
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const width = Math.max(300, node.clientWidth);
    const tag = intlLocale(locale);
    const monthFormat = new Intl.DateTimeFormat(
      tag,
      trend.interval === 'week'
        ? { day: 'numeric', month: 'short', timeZone: 'UTC' }
        : { month: 'short', year: '2-digit', timeZone: 'UTC' },
    );
    const numberFormat = new Intl.NumberFormat(tag);
    const chart = Plot.plot({
      className: 'trend-svg',
      width,
      height: 260,
      marginLeft: dir === 'rtl' ? 10 : 44,
      marginRight: dir === 'rtl' ? 44 : 10,
      x: {
        type: 'utc',
        reverse: dir === 'rtl',
        tickFormat: (d: Date) => monthFormat.format(d),
        label: null,
        ticks: Math.max(2, Math.floor(width / 90)),
      },
      y: {
        grid: true,
        axis: dir === 'rtl' ? 'right' : 'left',
        tickFormat: (v: number) => (Number.isInteger(v) ? numberFormat.format(v) : ''),
        label: null,
      },
      color: {
        domain: trend.series.map((s) => s.key),
        range: trend.series.map((s, i) => seriesColour(s.key, i)),
      },
      marks: [
        Plot.rectY(data, {
          x: 'date',
          y: 'value',
          fill: 'series',
          interval: trend.interval === 'week' ? 'monday' : 'month',
          inset: 0.5,
          title: (d: { series: string; date: Date; value: number }) =>
            `${label(d.series)} — ${monthFormat.format(d.date)}: ${numberFormat.format(d.value)}`,
        }),
        Plot.ruleY([0]),
      ],
    });
    chart.setAttribute('aria-hidden', 'true');
    // Plot puts a <style> element in its SVG, which the Content-Security-Policy (no inline style)
    // refuses; its rules are in styles.css (`.trend-svg`), so it goes before the chart is shown.
    for (const style of chart.querySelectorAll('style')) style.remove();
    node.replaceChildren(chart);
    return () => chart.remove();
  }, [data, trend, dir, locale, formats]);

  return (
    <figure className="trend-chart" data-testid={testId}>
      <div ref={ref} className="trend-plot" />
      <figcaption className="trend-legend">
        {trend.series.map((s, i) => (
          <span key={s.key} className="trend-legend-item">
            <span
              className="swatch"
              style={{ background: seriesColour(s.key, i) }}
              aria-hidden="true"
            />
            {label(s.key)}
            <span className="muted">({formatNumber(locale, s[measure])})</span>
          </span>
        ))}
        <span className="visually-hidden">{t('picture.trend.tableBelow')}</span>
      </figcaption>
    </figure>
  );
}

/** The same figures as a table (what a screen reader reads, and what one copies). */
export function TrendTable({ trend, measure }: { trend: Trend; measure: Measure }) {
  const { t, locale } = useI18n();
  const label = useSeriesLabel(trend);
  const period = (p: string) =>
    p.length === 7
      ? formatDateWith(locale, periodDate(p), { month: 'long', year: 'numeric', timeZone: 'UTC' })
      : t('picture.trend.weekOf', {
          day: formatDateWith(locale, periodDate(p), {
            day: 'numeric',
            month: 'short',
            year: 'numeric',
            timeZone: 'UTC',
          }),
        });
  const rows = [...trend.buckets].reverse();
  return (
    <div className="table-wrap trend-table">
      <table className="table" data-testid="trend-table">
        <caption className="visually-hidden">{t(`picture.measure.${measure}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('picture.trend.period')}</th>
            {trend.series.map((s) => (
              <th key={s.key} scope="col" className="num">
                {label(s.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.period}>
              <th scope="row">{period(b.period)}</th>
              {b.values.map((v, i) => (
                <td key={trend.series[i]!.key} className="num">
                  {formatNumber(locale, v[measure])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
