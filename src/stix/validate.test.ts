import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers.ts';
import { isStixTimestamp, versionKey } from './timestamp.ts';
import { TLP2_MARKING_IDS } from './tlp.ts';
import { validateObject } from './validate.ts';

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, 'stix', name), 'utf8')) as Record<string, unknown>;
const objectsOf = (name: string) => {
  const data = fixture(name) as unknown;
  return Array.isArray(data) ? data : ((data as { objects?: unknown[] }).objects ?? [data]);
};

describe('STIX 2.1 validation', () => {
  it('accepts every object of the OASIS examples, SCOs and TLP 2.0 marking definitions', () => {
    for (const name of [
      'cti-stix2-json-schemas/examples/apt1.json',
      'cti-stix2-json-schemas/examples/poisonivy.json',
      'cti-stix2-json-schemas/examples/infrastructure.json',
      'cti-python-stix2/sco-examples-bundle.json',
      'cti-stix-common-objects/tlp-2.0-examples/tlp-amber+strict.json',
      'cti-stix-validator-test-examples/identity_unicode.json',
      'cti-stix-validator-test-examples/identity_custom.json',
      'cti-stix-validator-test-examples/tool.json',
    ]) {
      for (const object of objectsOf(name)) {
        const v = validateObject(object);
        expect(v.ok, `${name}: ${JSON.stringify(v.ok ? '' : v.problems)}`).toBe(true);
      }
    }
  });

  it('rejects the invalid examples with the property and the reason', () => {
    const missing = validateObject(
      fixture('cti-stix-validator-test-examples/invalid_identity.json'),
    );
    expect(missing).toMatchObject({
      ok: false,
      problems: [{ path: 'modified', reason: 'required' }],
    });
    const backwards = validateObject(
      fixture('cti-stix-validator-test-examples/invalid_timestamp.json'),
    );
    expect(backwards).toMatchObject({
      ok: false,
      problems: [{ path: 'modified', reason: 'must not be earlier than created' }],
    });
    const green = objectsOf('cti-stix-common-objects/tlp-2.0-examples/using-tlp2.0-green.json').map(
      validateObject,
    );
    expect(green.find((v) => !v.ok)).toMatchObject({ problems: [{ path: 'created' }] });
  });

  it('reads the TLP level of an object, TLP 1.0 ids included, and refuses two different ones', () => {
    const base = {
      type: 'incident',
      spec_version: '2.1',
      id: 'incident--7e8d3a4f-3b1c-4a8e-9b2c-1d2e3f4a5b6c',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
      name: 'x',
    };
    expect(
      validateObject({ ...base, object_marking_refs: [TLP2_MARKING_IDS['amber+strict']] }),
    ).toMatchObject({ ok: true, tlp: 'amber+strict' });
    expect(
      validateObject({
        ...base,
        object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
      }),
    ).toMatchObject({ ok: true, tlp: 'amber' });
    expect(
      validateObject({
        ...base,
        object_marking_refs: [TLP2_MARKING_IDS.green, TLP2_MARKING_IDS.red],
      }),
    ).toMatchObject({ ok: false, problems: [{ path: 'object_marking_refs' }] });
    const interop = validateObject(
      fixture('cti-stix2-json-schemas/examples/interop-objectmarking-test.json'),
    );
    expect(interop).toMatchObject({
      ok: true,
      tlp: 'red',
      otherMarkings: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec'],
    });
  });

  it('checks timestamps as RFC 3339 UTC, and orders versions whatever their precision', () => {
    expect(isStixTimestamp('2024-02-29T23:59:60.123456Z')).toBe(true);
    expect(isStixTimestamp('2023-02-29T00:00:00Z')).toBe(false);
    expect(isStixTimestamp('2023-01-01T00:00:00+01:00')).toBe(false);
    expect(isStixTimestamp('2023-01-01')).toBe(false);
    expect(versionKey('2020-01-01T00:00:00Z') < versionKey('2020-01-01T00:00:00.5Z')).toBe(true);
    expect(versionKey('2020-01-01T00:00:00.5Z')).toBe(versionKey('2020-01-01T00:00:00.500Z'));
  });
});
