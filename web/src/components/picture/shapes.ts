import { useEffect, useState } from 'react';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';
import atlasUrl from 'world-atlas/countries-50m.json?url';
import { AFRICA } from '../../../../contract/picture';

// Country shapes ship with the app (world-atlas, Natural Earth 1:50m): no tile server, no CDN.
export interface CountryShape {
  code: string;
  feature: Feature<Geometry>;
}

export interface Shapes {
  /** Africa's countries, by ISO 3166-1 alpha-2 code. */
  africa: CountryShape[];
  /** Every country with a code we know (for the incident form's small map). */
  byCode: Map<string, Feature<Geometry>>;
}

const CODE_BY_NUMERIC = new Map(Object.entries(AFRICA).map(([code, numeric]) => [numeric, code]));
// Shapes without an ISO code in Natural Earth that belong to a country we draw.
const BY_NAME: Record<string, string> = { Somaliland: 'SO' };

let loading: Promise<Shapes> | null = null;

async function load(): Promise<Shapes> {
  const response = await fetch(atlasUrl);
  if (!response.ok) throw new Error(`map shapes: ${response.status}`);
  const topology = (await response.json()) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const collection = feature(topology, topology.objects.countries);
  const africa: CountryShape[] = [];
  const byCode = new Map<string, Feature<Geometry>>();
  for (const f of collection.features) {
    const code =
      CODE_BY_NUMERIC.get(String(f.id ?? '')) ?? BY_NAME[f.properties?.name ?? ''] ?? null;
    if (!code) continue;
    africa.push({ code, feature: f as Feature<Geometry> });
    if (!byCode.has(code)) byCode.set(code, f as Feature<Geometry>);
  }
  return { africa, byCode };
}

export function useShapes(): { shapes: Shapes | null; error: unknown } {
  const [shapes, setShapes] = useState<Shapes | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    loading ??= load();
    loading.then(
      (s) => live && setShapes(s),
      (e: unknown) => {
        loading = null;
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return { shapes, error };
}
